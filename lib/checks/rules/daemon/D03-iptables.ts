import { flagOf, settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Docker kept from managing iptables (CIS 2.4). */
export const D03Iptables: HardeningRule = {
  id: 'HD-D03',
  title: 'Docker may not change iptables',
  cis: ['CIS 2.4'],
  sources: ['docker-bench 2.4'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'With iptables false Docker no longer writes the rules that isolate networks, enforce icc=false and internal networks, ' +
    'and restrict published ports: the isolation every network and port control of this library relies on silently disappears.',
  fix: 'Remove iptables = false from daemon.json (SecureDaemon always renders iptables true).',
  check: (r) => {
    const v = settingsOf(r).iptables;
    return flagOf(v) === false ? [{ message: `iptables = ${JSON.stringify(v)}` }] : [];
  },
};
