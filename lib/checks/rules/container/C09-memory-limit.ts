import { Threat } from '../../../report/control';
import { HardeningRule, RuleFinding } from '../../rule';

/**
 * A numeric attribute as Terraform accepts it (number or numeric string):
 * `0` when unset, `undefined` when it is not a literal (a reference or
 * expression that only resolves at apply).
 */
export function numberOf(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[+-]?[0-9]+(\.[0-9]+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

/** An unbounded container can take the host's memory and swap and bring the OOM killer down on its neighbours. */
export const C09MemoryLimit: HardeningRule = {
  id: 'HD-C09',
  title: 'Memory or swap not limited',
  cis: ['CIS 5.11'],
  sources: ['KICS bb9ac4f7', 'catalogue extension: memory_swap = -1'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'error',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'memory unset or 0 means no limit: one leaking or attacked container exhausts the host. memory_swap is memory ' +
    'plus swap (MB): -1 is unlimited swap, a value above memory allows swap, and unset allows as much swap as memory, so a ' +
    'container under pressure thrashes the host\'s disk instead of being stopped at its limit.',
  fix: 'HardenedContainer sets memory = memory_swap = memoryLimit (default 256 MiB, no swap). On a raw Container set memory ' +
    '(MB) and memory_swap to the same value.',
  check: (r) => {
    const memory = numberOf(r.attributes.memory);
    const swap = numberOf(r.attributes.memory_swap);
    const out: RuleFinding[] = [];
    if (memory === 0) out.push({ findingId: 'memory', message: 'memory is not set: the container may use all host memory' });
    if (swap !== undefined && swap < 0) {
      out.push({ findingId: 'swap-unlimited', message: `memory_swap = ${swap}: swap is unlimited` });
    } else if (memory !== undefined && memory > 0 && swap !== undefined) {
      if (swap === 0) {
        out.push({ findingId: 'swap', message: `memory_swap is not set: Docker allows as much swap as memory (${memory} MB more)` });
      } else if (swap > memory) {
        out.push({ findingId: 'swap', message: `memory_swap = ${swap} exceeds memory = ${memory}: the container may swap ${swap - memory} MB` });
      }
    }
    return out;
  },
};
