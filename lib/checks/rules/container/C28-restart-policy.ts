import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** The most on-failure retries CIS 5.15 accepts. */
const MAX_RETRIES = 5;

/** A restart policy without a bound, or with more than 5 retries (CIS 5.15). */
export const C28RestartPolicy: HardeningRule = {
  id: 'HD-C28',
  title: 'Restart policy unbounded or above 5 retries',
  cis: ['CIS 5.15'],
  sources: ['KICS 2fc99041'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'warning',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'always and unless-stopped restart a container forever, and on-failure with max_retry_count 0 (the provider\'s default) ' +
    'means unlimited retries too: a crashing or exploited container keeps coming back, loading the host and hiding the failure. ' +
    `CIS 5.15 asks for on-failure with at most ${MAX_RETRIES} retries; "no" is fine.`,
  fix: `Use HardenedContainer's restartPolicy (RestartPolicy.onFailure(1-${MAX_RETRIES}), the default), or set docker_container.restart = ` +
    `"on-failure" with max_retry_count 1-${MAX_RETRIES}.`,
  check: (r) => {
    const a = r.attributes;
    const restart = typeof a.restart === 'string' ? a.restart.trim().toLowerCase() : '';
    if (r.type === 'docker_service' && restart === 'always') {
      return [{
        message: `task_spec.restart_policy restarts without bound (${r.projectedFrom?.restart === 'task_spec.restart_policy.window'
          ? 'max_attempts counts only within window' : 'condition any, the swarm default, or no max_attempts'})`,
      }];
    }
    if (restart === 'always' || restart === 'unless-stopped') {
      return [{ message: `restart = "${restart}" restarts without bound` }];
    }
    if (restart === 'on-failure') {
      const retries = Number(a.max_retry_count ?? 0);
      if (!Number.isFinite(retries) || retries <= 0) return [{ message: 'restart = "on-failure" with max_retry_count 0 (or unset) retries without bound' }];
      if (retries > MAX_RETRIES) return [{ message: `restart = "on-failure" with max_retry_count ${retries} (more than ${MAX_RETRIES})` }];
    }
    return [];
  },
};
