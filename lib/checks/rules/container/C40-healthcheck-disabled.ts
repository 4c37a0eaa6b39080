import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** test = ["NONE"] switches every health check off, the image's HEALTHCHECK included (CIS 5.27; docker-bench WARNs). */
export const C40HealthcheckDisabled: HardeningRule = {
  id: 'HD-C40',
  title: 'Health check disabled',
  cis: ['CIS 5.27'],
  sources: ['docker-bench 5.27 (healthcheck)'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'warning',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'healthcheck.test = ["NONE"] disables every health check, the image\'s HEALTHCHECK included: a hung or degraded ' +
    'container is never noticed. A missing health check (HD-C18, info) may still be covered by the image; a disabled one is not.',
  fix: 'Remove test = ["NONE"] and give a real check (HardenedContainer healthCheck).',
  check: (r) => {
    const hc = normalize.block(r.attributes.healthcheck);
    const test = Array.isArray(hc?.test) ? hc!.test.map((t: unknown) => String(t)) : [];
    return test.length > 0 && test[0].trim() === 'NONE'
      ? [{ message: 'healthcheck.test = ["NONE"] disables every health check, the image\'s HEALTHCHECK included' }] : [];
  },
};
