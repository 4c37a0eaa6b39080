import { settingsOf, textOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** The daemon-wide seccomp profile turned off (CIS 2.17). */
export const D13SeccompUnconfined: HardeningRule = {
  id: 'HD-D13',
  title: 'Daemon-wide seccomp profile is unconfined',
  cis: ['CIS 2.17'],
  sources: ['docker-bench 2.17'],
  threats: [Threat.KERNEL_EXPLOIT, Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'seccomp-profile "unconfined" runs every container that does not name its own profile with no syscall filter: the ' +
    'whole kernel syscall surface (keyctl, bpf, userfaultfd, unshare, …) is open to a kernel exploit.',
  fix: 'Remove seccomp-profile from daemon.json (SecureDaemon keeps Docker\'s builtin default profile); if it is too strict, point ' +
    'seccomp-profile at a custom profile file instead of turning filtering off.',
  check: (r) => (textOf(settingsOf(r)['seccomp-profile']) === 'unconfined' ? [{ message: 'seccomp-profile = "unconfined"' }] : []),
};
