import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** A container whose logs are discarded (log_driver = "none"). */
export const C23LogDriverNone: HardeningRule = {
  id: 'HD-C23',
  title: 'Container logs discarded',
  cis: ['CIS 2.13'],
  sources: ['catalogue extension: log_driver = "none"'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.DENIAL_OF_SERVICE],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'With the "none" log driver Docker keeps nothing the container writes to stdout/stderr: an intrusion, an escape ' +
    'attempt or a crash loop leaves no trace to investigate. CIS 2.13 asks for central and remote logging; discarding logs is ' +
    'the opposite.',
  fix: 'Use HardenedContainer\'s logging (local driver with rotation by default, or a remote driver such as syslog/fluentd), or set ' +
    'docker_container.log_driver to a driver that keeps logs.',
  check: (r) => {
    const driver = r.attributes.log_driver;
    return typeof driver === 'string' && driver.trim().toLowerCase() === 'none' ? [{ message: 'log_driver = "none": logs are discarded' }] : [];
  },
};
