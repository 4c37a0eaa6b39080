import { flagOf, settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Userland proxy on (CIS 2.16). */
export const D08UserlandProxy: HardeningRule = {
  id: 'HD-D08',
  title: 'Userland proxy enabled',
  cis: ['CIS 2.16'],
  sources: ['docker-bench 2.16'],
  threats: [Threat.DENIAL_OF_SERVICE, Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'docker-proxy runs one root process per published port, widening the attack surface and hiding client addresses from ' +
    'containers; with it off, published ports are plain NAT rules (hairpin NAT needs a kernel that supports it).',
  fix: 'Remove optOuts.userlandProxy from the SecureDaemon (userland-proxy false is its default).',
  check: (r) => {
    const v = settingsOf(r)['userland-proxy'];
    if (flagOf(v) === false) return [];
    return [{ message: v === undefined ? 'userland-proxy is not set (dockerd defaults to true)' : `userland-proxy = ${JSON.stringify(v)}` }];
  },
};
