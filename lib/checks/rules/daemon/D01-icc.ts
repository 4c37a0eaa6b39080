import { flagOf, settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Inter-container communication left on for the default bridge (CIS 2.2). */
export const D01Icc: HardeningRule = {
  id: 'HD-D01',
  title: 'Inter-container communication on the default bridge',
  cis: ['CIS 2.2'],
  sources: ['docker-bench 2.2'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'With icc on (dockerd\'s default), every container on docker0 reaches every port of every other one: one compromised ' +
    'container can probe and attack its neighbours and sniff what they expose.',
  fix: 'Remove optOuts.interContainerCommunication from the SecureDaemon (icc false is its default); let containers that must talk ' +
    'share an IsolatedNetwork and grant them with allow().',
  check: (r) => {
    const icc = settingsOf(r).icc;
    if (flagOf(icc) === false) return [];
    return [{ message: icc === undefined ? 'icc is not set (dockerd defaults to true)' : `icc = ${JSON.stringify(icc)}` }];
  },
};
