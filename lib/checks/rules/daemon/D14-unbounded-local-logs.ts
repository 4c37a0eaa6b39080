import { settingsOf, textOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** A max-size that bounds nothing (json-file's own default is -1, unlimited). */
const nonPositive = (size: string) => /^\s*(-|0+(\.0*)?\s*[a-z]*\s*$)/i.test(size);

/**
 * Container logs kept on the host without a size bound (CIS 2.13 context).
 * Remote drivers (journald, syslog, fluentd, gelf, …) keep nothing locally
 * and pass. `local` without max-size passes too: Docker bounds it at 20m x 5
 * files by default; json-file without max-size (dockerd's default driver)
 * grows without limit.
 */
export const D14UnboundedLocalLogs: HardeningRule = {
  id: 'HD-D14',
  title: 'Container logs kept locally without a size limit',
  cis: ['CIS 2.13'],
  sources: ['docker-bench 2.13', 'catalogue extension: json-file without max-size'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'json-file (dockerd\'s default driver) keeps every line a container writes unless max-size is set: one chatty or ' +
    'malicious container fills the disk under /var/lib/docker and takes the daemon and its other containers down. CIS 2.13 prefers ' +
    'central/remote logging; a local driver must at least rotate.',
  fix: 'SecureDaemon logDriver "local" (the default) with logMaxSize/logMaxFiles, or a remote driver (journald, syslog, fluentd, gelf).',
  check: (r) => {
    const s = settingsOf(r);
    const driver = textOf(s['log-driver']) ?? 'json-file';
    if (driver !== 'json-file' && driver !== 'local') return [];
    const opts = s['log-opts'] && typeof s['log-opts'] === 'object' ? (s['log-opts'] as { [k: string]: unknown }) : {};
    const maxSize = opts['max-size'] === undefined || opts['max-size'] === null ? undefined : String(opts['max-size']);
    const named = s['log-driver'] === undefined ? 'log-driver is not set (dockerd defaults to json-file)' : `log-driver = "${driver}"`;
    if (maxSize !== undefined && maxSize.trim() !== '' && nonPositive(maxSize)) {
      return [{ message: `${named} with log-opts max-size = "${maxSize}" (unbounded)` }];
    }
    if (driver === 'json-file' && (maxSize === undefined || maxSize.trim() === '')) {
      return [{ message: `${named} without log-opts max-size (json-file keeps logs without limit)` }];
    }
    return [];
  },
};
