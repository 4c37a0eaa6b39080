/**
 * A parsed container `user` value (`user`, `uid`, `user:group`, `uid:gid`).
 *
 * @internal
 */
export interface ParsedUser {
  readonly user: string;
  readonly group?: string;
  /** True when the user is root (name `root` or uid 0). */
  readonly isRootUser: boolean;
  /** True when the group is root (name `root` or gid 0). */
  readonly isRootGroup: boolean;
  /** True when both parts are numeric ids (verifiable at synth). */
  readonly isNumeric: boolean;
}

const NAME = /^[a-z_][a-z0-9_.-]{0,31}\$?$/i;
const ID = /^[0-9]{1,10}$/;
/** Largest id runc accepts in a user namespace mapping (2^31 - 1). */
const MAX_ID = 2147483647;

/**
 * Parses a Docker `user` string.
 *
 * @returns the parsed user, or a string explaining what is wrong
 * @internal
 */
export function parseUser(value: string): ParsedUser | string {
  if (typeof value !== 'string' || value.length === 0) return 'a user is required';
  const parts = value.split(':');
  if (parts.length > 2) return 'must be "user", "uid", "user:group" or "uid:gid"';
  const [user, group] = parts;
  for (const [label, part] of [['user', user], ['group', group]] as const) {
    if (part === undefined) continue;
    if (ID.test(part)) {
      if (Number(part) > MAX_ID) return `${label} id ${part} is larger than ${MAX_ID}`;
    } else if (!NAME.test(part)) {
      return `${label} "${part}" is neither a numeric id nor a valid name (letters, digits, "_", ".", "-"; at most 32 characters)`;
    }
  }
  const isRoot = (p?: string) => p !== undefined && (p === 'root' || (ID.test(p) && Number(p) === 0));
  return {
    user,
    group,
    isRootUser: isRoot(user),
    isRootGroup: isRoot(group),
    isNumeric: ID.test(user) && (group === undefined || ID.test(group)),
  };
}
