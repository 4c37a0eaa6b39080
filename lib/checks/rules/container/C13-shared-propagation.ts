import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';

/** Shared propagation lets mounts made in the container appear on the host. */
export const C13SharedPropagation: HardeningRule = {
  id: 'HD-C13',
  title: 'Mount propagation shared',
  cis: ['CIS 5.20'],
  sources: ['KICS baa452f0'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'With bind_options.propagation shared or rshared, a mount made inside the container below the bind target ' +
    'propagates back to the host (and to every other peer of the mount), so a container that can mount can change what the ' +
    'host and other containers see. slave/rslave is not flagged: it is one-way (host to container) and cannot alter the ' +
    'host, which is what CIS 5.20 is about (KICS flags it too).',
  fix: 'Leave propagation unset or private/rprivate (HardenedContainer bind mounts always use rprivate). On a raw Container ' +
    'remove bindOptions.propagation or set it to "rprivate".',
  check: (r) => {
    const out: RuleFinding[] = [];
    for (const m of normalize.blocks(r.attributes.mounts)) {
      const propagation = String(normalize.block(m.bind_options)?.propagation ?? '').trim().toLowerCase();
      if (propagation !== 'shared' && propagation !== 'rshared') continue;
      const source = normalize.path(m.source);
      out.push({ findingId: source, message: `mount ${source} -> ${normalize.path(m.target)} has propagation ${propagation}` });
    }
    return out;
  },
};
