import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';
import { unverifiedVolumeDrivers } from '../container/C02-engine-socket';

/**
 * What the checks do not know: an attribute outside provider 3.6.2's schema
 * (an override with a typo, an attribute of a newer provider) or a docker_*
 * type the schema does not have. Never silence: a warning that names it.
 */
export const U01NotVerified: HardeningRule = {
  id: 'HD-U01',
  title: 'Attribute or resource type not verified',
  cis: [],
  sources: ['catalogue extension: schema-complete classification (test/checks/schema-classification.ts)'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['*'],
  suppressible: true,
  explanation: 'The checks know every resource type, data source and attribute of kreuzwerker/docker 3.6.2 and classify each one ' +
    'as read by named rules or harmless. Anything else (an escape-hatch override with a misspelt or invented attribute, an ' +
    'attribute or resource type of a newer provider) is applied by whatever provider runs, without any rule having judged it. ' +
    'So is what a plugin volume driver does with its options.',
  fix: 'Remove the attribute (provider 3.6.2 rejects it as an unsupported argument), or, with a newer provider, review it and ' +
    'suppress HD-U01 for it with the reason.',
  check: (r, stack) => {
    if (r.unknownType) return [{ findingId: r.type, message: `${r.type} is not a resource type of provider 3.6.2: nothing about it is verified` }];
    const out = (r.unverifiedAttributes ?? []).map((a) => ({ findingId: a, message: `${a} is not an attribute of ${r.type} in provider 3.6.2: it is not verified` }));
    // a plugin volume driver given options: it does with them whatever it does, host paths included
    if (r.type === 'docker_container' || r.type === 'docker_service') {
      for (const u of unverifiedVolumeDrivers(r, stack)) {
        out.push({ findingId: `driver:${u.driver}`, message: `${u.via} uses the volume driver ${u.driver} with options the checks cannot read: what it mounts is not verified` });
      }
    }
    return out;
  },
};
