import { settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Levels CIS 2.3 accepts (logrus also reads "warning" as warn). */
const ACCEPTED = ['info', 'warn', 'warning', 'error'];

/** A daemon log level that logs too little (fatal, panic) or too much (debug, trace) (CIS 2.3). */
export const D02LogLevel: HardeningRule = {
  id: 'HD-D02',
  title: 'Daemon log level is not info, warn or error',
  cis: ['CIS 2.3'],
  sources: ['docker-bench 2.3'],
  threats: [Threat.COMPROMISED_SECRET, Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'debug and trace fill the logs with request bodies (which may hold credentials) and noise; fatal and panic drop the ' +
    'events an incident investigation needs. info records what is needed.',
  fix: 'SecureDaemon logLevel: DaemonLogLevel.INFO (the default), WARN or ERROR.',
  check: (r) => {
    const s = settingsOf(r);
    const level = s['log-level'];
    // "debug": true switches dockerd to debug logging whatever log-level says
    if (s.debug === true || s.debug === 'true') return [{ findingId: 'debug', message: 'debug = true: dockerd logs at debug level' }];
    if (level === undefined) return []; // dockerd defaults to info
    return ACCEPTED.includes(String(level).trim().toLowerCase()) ? [] : [{ message: `log-level = ${JSON.stringify(level)}` }];
  },
};
