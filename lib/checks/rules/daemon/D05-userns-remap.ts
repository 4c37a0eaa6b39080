import { settingsOf, textOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** No user-namespace remapping (CIS 2.9). */
export const D05UsernsRemap: HardeningRule = {
  id: 'HD-D05',
  title: 'No user-namespace remapping',
  cis: ['CIS 2.9'],
  sources: ['docker-bench 2.9'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.KERNEL_EXPLOIT],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Without userns-remap, uid 0 in a container is uid 0 on the host: any breakout (a kernel bug, a writable host mount) ' +
    'lands as root. With it, container root maps to an unprivileged range of host uids.',
  fix: 'Remove optOuts.userNamespaceRemap from the SecureDaemon (userns-remap "default" is its default; userNamespaceRemapUser picks ' +
    'another user). A container that needs a host namespace sets userns_mode = "host".',
  check: (r) => {
    const remap = textOf(settingsOf(r)['userns-remap']);
    if (remap === undefined) return [{ message: 'userns-remap is not set' }];
    // moby setupRemappedRoot: a remap user that resolves to root (by name or uid 0) switches user namespaces off
    const user = remap.split(':')[0].trim();
    if (user === 'root' || user === '0') {
      return [{ message: `userns-remap = ${JSON.stringify(remap)} maps to root itself, so dockerd turns user namespaces off` }];
    }
    return [];
  },
};
