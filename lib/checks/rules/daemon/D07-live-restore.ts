import { flagOf, settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Live restore off (CIS 2.15). */
export const D07LiveRestore: HardeningRule = {
  id: 'HD-D07',
  title: 'Live restore disabled',
  cis: ['CIS 2.15'],
  sources: ['docker-bench 2.15'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Without live-restore every container stops when dockerd stops or restarts (an upgrade, a crash), so patching the ' +
    'daemon means downtime and tends to be put off. Swarm mode does not support it.',
  fix: 'Remove optOuts.liveRestore from the SecureDaemon (live-restore true is its default); keep the opt-out, justified, on swarm hosts.',
  check: (r) => {
    const v = settingsOf(r)['live-restore'];
    if (flagOf(v) === true) return [];
    return [{ message: v === undefined ? 'live-restore is not set (dockerd defaults to false)' : `live-restore = ${JSON.stringify(v)}` }];
  },
};
