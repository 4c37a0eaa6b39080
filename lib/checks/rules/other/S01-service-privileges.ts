import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/**
 * A swarm service whose container spec keeps a writable root filesystem or adds
 * capabilities. Kept small on purpose: it checks task_spec.container_spec.read_only
 * and cap_add only; services are otherwise outside this library's scope.
 */
export const S01ServicePrivileges: HardeningRule = {
  id: 'HD-S01',
  title: 'Swarm service container is writable or adds capabilities',
  cis: ['CIS 5.13', 'CIS 5.4'],
  sources: ['KICS ce76b7d0 (cap_add, compose)'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.KERNEL_EXPLOIT],
  level: 'warning',
  resourceTypes: ['docker_service'],
  suppressible: true,
  explanation: 'docker_service tasks are containers too. This rule checks only two settings of task_spec.container_spec: read_only ' +
    'must be true (CIS 5.13), and cap_add must be empty (CIS 5.4). Other container settings of services are not checked.',
  fix: 'Set task_spec.container_spec.read_only = true and remove cap_add from the docker_service, or run the workload as a ' +
    'HardenedContainer.',
  check: (r) => {
    const spec = normalize.block(normalize.block(r.attributes.task_spec)?.container_spec) ?? {};
    const findings = [];
    if (!normalize.bool(spec.read_only)) {
      findings.push({ findingId: 'read_only', message: 'task_spec.container_spec.read_only is not true: the root filesystem is writable' });
    }
    const caps = normalize.capabilities((Array.isArray(spec.cap_add) ? spec.cap_add : []).filter((c: unknown) => String(c ?? '').trim() !== ''));
    if (caps.length > 0) findings.push({ findingId: 'cap_add', message: `task_spec.container_spec.cap_add adds ${caps.join(', ')}` });
    return findings;
  },
};
