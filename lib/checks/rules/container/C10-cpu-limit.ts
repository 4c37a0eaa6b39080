import { numberOf } from './C09-memory-limit';
import { Threat } from '../../../report/control';
import { HardeningRule, RuleFinding } from '../../rule';

/** More CPUs than a limit can sensibly grant: the quota/period ratio beyond which a limit is none. */
const MAX_CPUS = 64;

/** CPU limits: `cpus` panics provider 3.6.2; a quota, shares or a CPU set bound the container. */
export const C10CpuLimit: HardeningRule = {
  id: 'HD-C10',
  title: 'CPU not limited, or limited with `cpus` (provider 3.6.2 panics)',
  cis: ['CIS 5.12'],
  sources: ['KICS 6b610c50', 'kreuzwerker/terraform-provider-docker#759'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'A container without a CPU quota, CPU shares or a CPU set competes with everything on the host. `cpus` would be ' +
    'the obvious limit, but provider 3.6.2 declares it a string and asserts float32, so apply panics (issue #759, fixed in 3.7.0).',
  fix: 'HardenedContainer sets cpu_quota/cpu_period from cpuLimit (default 1 CPU) and cpu_shares. On a raw Container remove ' +
    '`cpus` and set cpuQuota with cpuPeriod (e.g. 100000/100000 for one CPU), cpuShares or cpuSet.',
  check: (r) => {
    const a = r.attributes;
    const out: RuleFinding[] = [];
    if (a.cpus !== undefined && a.cpus !== null && String(a.cpus).trim() !== '') {
      out.push({ findingId: 'cpus-panics', message: `cpus = ${JSON.stringify(a.cpus)}: provider 3.6.2 panics on this attribute (#759)` });
    }
    const positive = (v: unknown) => {
      const n = numberOf(v);
      return n === undefined || n > 0; // a reference counts as set
    };
    const cpuSet = a.cpu_set !== undefined && a.cpu_set !== null && String(a.cpu_set).trim() !== '';
    // the CFS limit is quota / period CPUs: a period far below the quota is no limit on any real host
    const quota = numberOf(a.cpu_quota);
    const period = numberOf(a.cpu_period);
    if (quota !== undefined && quota > 0 && period !== undefined && period > 0 && quota / period > MAX_CPUS) {
      out.push({ findingId: 'cpu-period', message: `cpu_quota ${quota} / cpu_period ${period} allows ${quota / period} CPUs: no limit on any real host` });
    }
    // cpu_shares 1024 is Docker's default weight: no control at all (docker-bench 5.12 treats 0 and 1024 alike)
    const shares = positive(a.cpu_shares) && numberOf(a.cpu_shares) !== 1024;
    if (!positive(a.cpu_quota) && !shares && !cpuSet) {
      out.push({ findingId: 'no-cpu-limit', message: 'none of cpu_quota, cpu_shares or cpu_set is set: CPU is not limited' });
    }
    return out;
  },
};
