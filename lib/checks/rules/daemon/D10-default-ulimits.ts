import { settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** No daemon-wide default ulimits (CIS 2.8). */
export const D10DefaultUlimits: HardeningRule = {
  id: 'HD-D10',
  title: 'No default ulimits',
  cis: ['CIS 2.8'],
  sources: ['docker-bench 2.8'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'info',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Without default-ulimits, a container created without its own ulimits inherits dockerd\'s (often unlimited nofile and ' +
    'nproc) and can exhaust file descriptors or processes of the host.',
  fix: 'Keep SecureDaemon defaultUlimits (nofile 4096 and nproc 1024 by default; do not pass an empty list).',
  check: (r) => {
    const u = settingsOf(r)['default-ulimits'];
    const empty = !u || typeof u !== 'object' || (Array.isArray(u) ? u.length === 0 : Object.keys(u).length === 0);
    return empty ? [{ message: u === undefined ? 'default-ulimits is not set' : 'default-ulimits is empty' }] : [];
  },
};
