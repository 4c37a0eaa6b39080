import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** A container on Docker's default bridge, docker0 (CIS 5.30). */
export const C27DefaultBridge: HardeningRule = {
  id: 'HD-C27',
  title: 'Container on the default bridge',
  cis: ['CIS 5.30'],
  sources: ['KICS ce14a68b'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'network_mode defaults to "bridge": the container joins docker0, which every container started without a network shares, ' +
    'with inter-container communication on and no DNS isolation, so any other container on the host can reach it. When ' +
    'networks_advanced is set, provider 3.6.2 disconnects the container from bridge before starting it, which is compliant, unless ' +
    'networks_advanced itself names bridge.',
  fix: 'Give HardenedContainer networks (IsolatedNetwork) or none at all (network_mode "none"); on a raw docker_container set ' +
    'networks_advanced to user-defined networks, or network_mode = "none"; give a docker_service an overlay network ' +
    '(HardenedService has a private one by default).',
  check: (r, stack) => {
    const a = r.attributes;
    // a network given by reference is followed: a docker_network of the stack is user-defined; a network data
    // source is whatever network of that name the engine has, so its name decides
    const networkName = (v: unknown): string | undefined => {
      if (typeof v === 'string') return v.trim();
      const resource = stack.referenced(v, 'docker_network');
      if (resource) return typeof resource.attributes.name === 'string' ? resource.attributes.name.trim() : `docker_network.${resource.name}`;
      const data = stack.referenced(v, 'data.docker_network');
      return data && typeof data.attributes.name === 'string' ? data.attributes.name.trim() : undefined;
    };
    const mode = networkName(a.network_mode) ?? '';
    const advanced = normalize.blocks(a.networks_advanced);
    const names = advanced.map((n) => networkName(n.name) ?? '');
    if (names.includes('bridge') || names.includes('default')) {
      return [{ message: 'networks_advanced joins the default bridge network' }];
    }
    // a service task without networks joins its node's default bridge: moby daemon/cluster/executor/container/
    // container.go hostConfig sets NetworkMode only for the swarm's predefined networks (host, bridge), so with none
    // it stays empty, the default bridge; the swarm has no "none" network (the ingress network carries published ports
    // only)
    if (r.type === 'docker_service') {
      if (mode === 'host') return [];
      return advanced.length > 0 ? [] : [{ message: 'the service has no task_spec.networks_advanced: each task joins its node\'s default bridge (docker0)' }];
    }
    if (mode !== '' && mode !== 'bridge' && mode !== 'default') return [];
    if (advanced.length > 0) return [];
    return [{
      message: mode === '' ? 'network_mode is not set, so it defaults to "bridge" (docker0), and no networks_advanced is given'
        : `network_mode = "${mode}" (docker0) and no networks_advanced is given`,
    }];
  },
};
