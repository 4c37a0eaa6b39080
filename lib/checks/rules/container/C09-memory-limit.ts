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

/** An unbounded container can take the host's memory and bring the OOM killer down on its neighbours (CIS 5.11). */
export const C09MemoryLimit: HardeningRule = {
  id: 'HD-C09',
  title: 'Memory not limited',
  cis: ['CIS 5.11'],
  sources: ['KICS bb9ac4f7'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'memory unset or 0 (a service without task_spec.resources.limits.memory_bytes) means no limit: one leaking or ' +
    'attacked container exhausts the host\'s memory. Swap beyond the limit is HD-C35.',
  fix: 'HardenedContainer sets memory = memory_swap = memoryLimit (default 256 MiB, no swap). On a raw Container set memory ' +
    '(MB); on a docker_service set task_spec.resources.limits.memory_bytes.',
  check: (r) => {
    const memory = numberOf(r.attributes.memory);
    return memory === 0 ? [{ findingId: 'memory', message: 'memory is not set: the container may use all host memory' }] : [];
  },
};

/**
 * Swap beyond the memory limit: the limit is set (CIS 5.11 holds), but a
 * container under pressure thrashes the host's disk instead of being stopped.
 */
export const C35SwapNotLimited: HardeningRule = {
  id: 'HD-C35',
  title: 'Swap not limited',
  cis: [],
  sources: ['catalogue extension: memory_swap = -1, above memory, or unset'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'memory_swap is memory plus swap (MB): -1 is unlimited swap, a value above memory allows swap, and unset allows as ' +
    'much swap as memory, so a container at its memory limit slows the host down swapping instead of being stopped.',
  fix: 'HardenedContainer sets memory_swap = memory (no swap). On a raw Container set memory_swap to the value of memory.',
  check: (r) => {
    const memory = numberOf(r.attributes.memory);
    const swap = numberOf(r.attributes.memory_swap);
    const out: RuleFinding[] = [];
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
