import { flagOf, settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** no-new-privileges not set daemon-wide (CIS 2.14). */
export const D06NoNewPrivileges: HardeningRule = {
  id: 'HD-D06',
  title: 'no-new-privileges not set daemon-wide',
  cis: ['CIS 2.14'],
  sources: ['docker-bench 2.14'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Without the daemon default, any container created without security_opt no-new-privileges (by hand, by another tool) ' +
    'lets its processes gain privileges through setuid/setgid binaries and file capabilities.',
  fix: 'Remove optOuts.noNewPrivileges from the SecureDaemon (no-new-privileges true is its default).',
  check: (r) => {
    const v = settingsOf(r)['no-new-privileges'];
    if (flagOf(v) === true) return [];
    return [{ message: v === undefined ? 'no-new-privileges is not set (dockerd defaults to false)' : `no-new-privileges = ${JSON.stringify(v)}` }];
  },
};
