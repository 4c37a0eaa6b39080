import { listOf, settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/**
 * No authorization plugin (CIS 2.12). Docker authorization plugins (OPA,
 * Casbin, Twistlock, …) are host software with their own policy language:
 * they are out of scope of this library, SecureDaemon never configures one,
 * and this rule is only an informational reminder.
 */
export const D15AuthorizationPlugins: HardeningRule = {
  id: 'HD-D15',
  title: 'No authorization plugin',
  cis: ['CIS 2.12'],
  sources: ['docker-bench 2.12'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'info',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Without an authorization plugin every client that reaches the Docker API (the socket\'s group, a TLS client ' +
    'certificate) may do everything, including starting privileged containers. Authorization plugins are host software outside ' +
    'this library: SecureDaemon does not install or configure one.',
  fix: 'Out of scope of the library: install an authorization plugin on the host and add it to daemon.json authorization-plugins ' +
    'yourself, or accept the risk with HardeningSuppressions (HD-D15, with a reason).',
  check: (r) => (listOf(settingsOf(r)['authorization-plugins']).length === 0 ? [{ message: 'authorization-plugins is empty' }] : []),
};
