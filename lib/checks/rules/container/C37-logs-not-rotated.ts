import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';
import { goParseBool } from '../other/N01-network-icc';

/** The local log drivers that keep logs on the host's disk. */
const LOCAL_DRIVERS = ['json-file', 'local'];

/**
 * A container whose logs the engine keeps on the host without a size bound
 * (json-file without max-size, or max-size -1; `local` rotates by default, but
 * not with max-size -1): one chatty or attacked container fills the host's disk.
 */
export const C37LogsNotRotated: HardeningRule = {
  id: 'HD-C37',
  title: 'Container logs not rotated, or sent in clear',
  cis: ['CIS 2.13'],
  sources: ['docker-bench 2.13 applied per container (log_opts max-size)'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'warning',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'The json-file driver keeps every line the container writes until it is removed, unless max-size is set; max-size ' +
    '= -1 means unlimited for json-file and local alike. The logs live under /var/lib/docker on the host, so the container can ' +
    'fill the engine\'s disk. Remote drivers that ship logs in clear text (syslog over udp:// or tcp://, gelf, fluentd over TCP, ' +
    'splunk over http:// or without certificate verification) let anyone on the path read or forge them.',
  fix: 'HardenedContainer rotates its logs (json-file, max-size and max-file). On a raw Container set log_opts max-size (e.g. ' +
    '"10m") and max-file, or use the local driver.',
  check: (r) => {
    const driver = typeof r.attributes.log_driver === 'string' ? r.attributes.log_driver.trim() : '';
    const opts = r.attributes.log_opts;
    const opt = (k: string) => (opts && typeof opts === 'object' && !Array.isArray(opts) && typeof opts[k] === 'string' ? String(opts[k]).trim() : undefined);
    const clear = driver === 'syslog' && /^(udp|tcp):\/\//i.test(opt('syslog-address') ?? '') ? `syslog-address ${opt('syslog-address')}`
      : driver === 'gelf' ? `gelf-address ${opt('gelf-address') ?? '(unset)'} (GELF has no TLS)`
        : driver === 'fluentd' && !/^unix:\/\//i.test(opt('fluentd-address') ?? 'localhost:24224') ? `fluentd-address ${opt('fluentd-address') ?? 'localhost:24224'}`
          : driver === 'splunk' && (/^http:\/\//i.test(opt('splunk-url') ?? '') || goParseBool(opt('splunk-insecureskipverify')) === true)
            ? `splunk-url ${opt('splunk-url')}${goParseBool(opt('splunk-insecureskipverify')) ? ', certificate not verified' : ''}`
            : undefined;
    if (clear) return [{ findingId: 'clear-text', message: `log_driver ${driver} ships the logs in clear text (${clear})` }];
    if (!LOCAL_DRIVERS.includes(driver)) return [];
    const size = opts && typeof opts === 'object' && !Array.isArray(opts) ? opts['max-size'] : undefined;
    const text = typeof size === 'string' ? size.trim() : undefined;
    if (text === '-1') return [{ findingId: 'max-size', message: `log_opts max-size = "-1": the ${driver} logs grow without limit` }];
    if (driver === 'json-file' && (text === undefined || text === '')) {
      return [{ findingId: 'max-size', message: 'log_driver json-file without log_opts max-size: the logs grow without limit' }];
    }
    return [];
  },
};
