import { createHash } from 'crypto';
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * The range default container uids (and gids) are taken from: above the ids of system accounts (0–999), of regular
 * login accounts on most distributions' defaults (1000–19999 in practice: Debian's and Fedora's UID_MIN is 1000) and
 * of the ids images commonly declare (101 nginx, 999, 1000, 1001 bitnami, 10001, 65532 distroless `nonroot`,
 * 65534 `nobody`); below 60000 (Debian's reserved global range) and 65536, so that under userns-remap (SecureDaemon's
 * default) every default uid lies inside the 65,536 subordinate ids of the remap user.
 */
export const DEFAULT_UID_MIN = 20000;
/** The last uid of the default range (40,000 ids). */
export const DEFAULT_UID_MAX = 59999;
const SPAN = DEFAULT_UID_MAX - DEFAULT_UID_MIN + 1;

/** The uids taken in each stack: by default users and by numeric users given explicitly. */
const TAKEN = new WeakMap<TerraformStack, Set<number>>();

function takenIn(scope: IConstruct): Set<number> {
  const stack = TerraformStack.of(scope);
  let taken = TAKEN.get(stack);
  if (!taken) TAKEN.set(stack, taken = new Set());
  return taken;
}

/**
 * The default `uid:gid` of a container: a uid derived from its construct path (sha256, the whole path, so that stacks
 * deployed to one engine get different uids too), moved to the next free uid of the range when another container of
 * the stack already has it. RLIMIT_NPROC counts the processes of a uid host-wide, so a distinct uid per container is
 * what makes the `nproc` process limit per container: with one shared default uid, a fork bomb in one container
 * exhausts the limit of every other.
 *
 * Deterministic: the same program allocates the same uids. A collision is resolved in construction order, so only a
 * container whose path hashes to a taken uid can move when containers are added before it.
 *
 * @internal
 */
export function allocateDefaultUser(container: IConstruct): string {
  const taken = takenIn(container);
  if (taken.size >= SPAN) {
    throw new Error(`${container.node.path}: no default uid left: the stack has ${taken.size} containers with uids in ${DEFAULT_UID_MIN}–${DEFAULT_UID_MAX}; `
      + 'give some containers an explicit user');
  }
  const digest = createHash('sha256').update(container.node.path).digest();
  let uid = DEFAULT_UID_MIN + (digest.readUInt32BE(0) % SPAN);
  while (taken.has(uid)) uid = DEFAULT_UID_MIN + ((uid - DEFAULT_UID_MIN + 1) % SPAN);
  taken.add(uid);
  return `${uid}:${uid}`;
}

/**
 * Records an explicit numeric uid of a container, so that default uids allocated after it in the stack avoid it.
 *
 * @internal
 */
export function reserveUid(container: IConstruct, uid: number): void {
  takenIn(container).add(uid);
}
