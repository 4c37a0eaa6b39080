import { flagOf, settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Experimental features on (CIS 2.18). */
export const D12Experimental: HardeningRule = {
  id: 'HD-D12',
  title: 'Experimental features enabled',
  cis: ['CIS 2.18'],
  sources: ['docker-bench 2.18'],
  threats: [Threat.KERNEL_EXPLOIT, Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Experimental features are not covered by Docker\'s stability and security guarantees and may change or carry ' +
    'unreviewed code paths; a production daemon should not expose them.',
  fix: 'Remove experimental = true from daemon.json (SecureDaemon renders experimental false).',
  check: (r) => {
    const v = settingsOf(r).experimental;
    return flagOf(v) === true ? [{ message: `experimental = ${JSON.stringify(v)}` }] : [];
  },
};
