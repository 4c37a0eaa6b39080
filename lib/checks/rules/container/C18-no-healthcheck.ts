import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** No runtime health check (CIS 5.27): unhealthy containers go unnoticed. */
export const C18NoHealthcheck: HardeningRule = {
  id: 'HD-C18',
  title: 'No health check',
  cis: ['CIS 5.27'],
  sources: ['KICS 698ed579'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'info',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'Without a health check the engine only knows whether the main process runs, not whether it serves: a hung or ' +
    'degraded container stays in place. A healthcheck block whose test is empty inherits the image\'s HEALTHCHECK (which static ' +
    'analysis cannot see); test = ["NONE"] disables it, including the image\'s.',
  fix: 'Set HardenedContainer\'s healthCheck (HealthCheck.exec / HealthCheck.shell), or docker_container.healthcheck { test = ["CMD", …] }.',
  check: (r) => {
    const hc = normalize.block(r.attributes.healthcheck);
    const test = Array.isArray(hc?.test) ? hc!.test.map((t: unknown) => String(t)) : [];
    if (test.length > 0 && test[0].trim() === 'NONE') return []; // HD-C40 (warning)
    if (test.length === 0) {
      return [{ message: 'no healthcheck is set; only an image HEALTHCHECK, if the image has one, would apply' }];
    }
    return [];
  },
};
