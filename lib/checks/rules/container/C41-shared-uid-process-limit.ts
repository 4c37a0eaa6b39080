import { DEFAULT_UID_MAX, DEFAULT_UID_MIN } from '../../../container/default-user';
import { parseUser } from '../../../container/user';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { CheckedResource, HardeningRule, StackView } from '../../rule';
import { isOpaque } from '../../values/opaque';

/** The numeric non-root uid a container runs as, when its `user` is a literal `uid` or `uid:gid`. */
function numericUid(r: CheckedResource, stack: StackView): number | undefined {
  const user = r.attributes.user;
  if (isOpaque(user)) {
    // another container's unknown user is that container's finding (HD-C06 reads it), not this rule's
    stack.acknowledge?.(user);
    return undefined;
  }
  if (typeof user !== 'string') return undefined;
  const parsed = parseUser(user.trim());
  if (typeof parsed === 'string' || !/^[0-9]+$/.test(parsed.user) || parsed.isRootUser) return undefined;
  return Number(parsed.user);
}

/** Whether a container limits its processes with an nproc ulimit (the limit that counts per uid, host-wide). */
function hasNproc(r: CheckedResource, stack: StackView): boolean {
  const ulimits = r.attributes.ulimit;
  if (isOpaque(ulimits)) {
    stack.acknowledge?.(ulimits);
    return false;
  }
  return normalize.blocks(ulimits).some((u) => !isOpaque(u.name) && String(u.name ?? '').trim().toLowerCase() === 'nproc');
}

/**
 * RLIMIT_NPROC counts the processes of a uid across the whole host: containers of a stack that run as one non-root uid
 * and rely on an nproc ulimit share one process budget, and a fork bomb in one leaves the others unable to fork.
 */
export const C41SharedUidProcessLimit: HardeningRule = {
  id: 'HD-C41',
  title: 'Containers share a uid and with it their process limit',
  cis: ['CIS 5.29'],
  sources: ['Linux setrlimit(2) RLIMIT_NPROC: per real uid'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'Provider 3.6.2 cannot set a pids cgroup limit, so the process limit of a container is an nproc ulimit, and the ' +
    'kernel counts RLIMIT_NPROC per uid on the whole host, across containers. Containers that run as the same non-root uid share ' +
    'one process budget: a fork bomb in one of them (contained at the limit) leaves every other unable to fork or exec until it ' +
    'ends. Measured on a real engine with a shared default uid: `docker exec` in a second container failed with "can\'t fork" ' +
    'while the first one held ~1,006 processes.',
  fix: `Give each container its own uid: HardenedContainer does so by default (a uid in ${DEFAULT_UID_MIN}–${DEFAULT_UID_MAX} from the ` +
    'construct path, distinct within the stack); an explicit `user` shared by several containers should be made distinct, or the ' +
    'finding suppressed with the reason the shared budget is acceptable.',
  check: (r, stack) => {
    const uid = numericUid(r, stack);
    if (uid === undefined || !hasNproc(r, stack)) return [];
    // uid -> the containers with it, as `address (path)`, sorted: built once per stack (linear in containers; a
    // thousand containers on one uid must not cost a thousand sorts)
    const byUid = stack.memo('HD-C41 uids', () => {
      const index = new Map<number, Array<{ address: string; text: string }>>();
      for (const c of stack.resources) {
        if (c.type !== 'docker_container') continue;
        const u = numericUid(c, stack);
        if (u === undefined || !hasNproc(c, stack)) continue;
        let list = index.get(u);
        if (!list) index.set(u, list = []);
        list.push({ address: c.address ?? `${c.type}.${c.name}`, text: `${c.address} (${c.path})` });
      }
      for (const list of index.values()) list.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
      return index;
    });
    const group = byUid.get(uid) ?? [];
    if (group.length < 2) return [];
    const others: string[] = [];
    for (const c of group) {
      if (others.length === 5) break;
      if (c.address !== r.address) others.push(c.text);
    }
    const more = group.length - 1 - others.length;
    const shown = more > 0 ? `${others.join(', ')} and ${more} more` : others.join(', ');
    return [{
      findingId: `uid:${uid}`,
      message: `uid ${uid} is also the uid of ${shown}: their nproc limits count all their processes together, so a fork bomb in one ` +
        'leaves the others unable to fork',
    }];
  },
};
