import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/**
 * What provider 3.6.2's docker_service cannot ask for, reported for every
 * service the way HD-C17 reports the missing pids limit for containers: the
 * container rules judge the rest of the task (service-projection.ts).
 */
export const S01ServiceNotExpressible: HardeningRule = {
  id: 'HD-S01',
  title: 'Service spec cannot set no-new-privileges, seccomp/AppArmor profiles, pids or ulimits',
  cis: ['CIS 5.26', 'CIS 5.29'],
  sources: ['catalogue extension: kreuzwerker/docker 3.6.2 docker_service container_spec'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.DENIAL_OF_SERVICE],
  level: 'info',
  resourceTypes: ['docker_service'],
  suppressible: true,
  explanation: 'The swarm task spec of provider 3.6.2 has no no-new-privileges, no seccomp or AppArmor profile (the engine\'s ' +
    'defaults apply), no pids limit, no ulimits and no swap limit: a setuid binary in the image can raise privileges, and a fork ' +
    'bomb is bounded only by the host. The daemon-wide no-new-privileges (SecureDaemon, CIS 2.14) and default ulimits cover ' +
    'tasks; check that the nodes have them.',
  fix: 'Run the nodes with SecureDaemon (no-new-privileges and default ulimits daemon-wide), use images without setuid binaries, ' +
    'and keep the container rules green for the rest of the task spec.',
  check: (r) => [{
    findingId: 'not-expressible',
    message: `docker_service ${r.name} cannot set no-new-privileges, a seccomp or AppArmor profile, a pids limit, ulimits or swap; ` +
      'the daemon defaults of the nodes apply',
  }],
};
