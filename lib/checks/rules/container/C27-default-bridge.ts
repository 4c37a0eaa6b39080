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
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'network_mode defaults to "bridge": the container joins docker0, which every container started without a network shares, ' +
    'with inter-container communication on and no DNS isolation, so any other container on the host can reach it. When ' +
    'networks_advanced is set, provider 3.6.2 disconnects the container from bridge before starting it, which is compliant, unless ' +
    'networks_advanced itself names bridge.',
  fix: 'Give HardenedContainer networks (IsolatedNetwork) or none at all (network_mode "none"); on a raw docker_container set ' +
    'networks_advanced to user-defined networks, or network_mode = "none".',
  check: (r) => {
    const a = r.attributes;
    const mode = typeof a.network_mode === 'string' ? a.network_mode.trim() : '';
    const advanced = normalize.blocks(a.networks_advanced);
    const names = advanced.map((n) => String(n.name ?? '').trim());
    if (names.includes('bridge') || names.includes('default')) {
      return [{ message: 'networks_advanced joins the default bridge network' }];
    }
    if (mode !== '' && mode !== 'bridge' && mode !== 'default') return [];
    if (advanced.length > 0) return [];
    return [{
      message: mode === '' ? 'network_mode is not set, so it defaults to "bridge" (docker0), and no networks_advanced is given'
        : `network_mode = "${mode}" (docker0) and no networks_advanced is given`,
    }];
  },
};
