import { allKnownSyscalls, DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS, DOCKER_DEFAULT_CONDITIONAL_RULES } from '../../../seccomp/docker-default';
import { goLast, goStruct, GoJsonObject, GoJsonValue, isGoObject, parseGoJson } from '../../go-json';

/** A custom profile found inline in security_opts, reduced to what the rules need. @internal */
export interface CustomSeccomp {
  /** The profile text as the engine receives it. */
  readonly json: string;
  /**
   * The profile installs no filter at all: no default action and no syscall rules (`{}`, `null`, misspelt keys).
   * moby/profiles seccomp_linux.go L77-96 and runc specconv/spec_linux.go L1148-1151: "assume seccomp disabled".
   */
  readonly noFilter: boolean;
  readonly allowsByDefault: boolean;
  /** Every rule allows (or there is none) and the default allows too: unconfined under another name. */
  readonly allowsEverything: boolean;
  /** Names denied by unconditional non-allow rules. */
  readonly denied: string[];
  /** Names allowed unconditionally that Docker's default profile does not allow unconditionally. */
  readonly reallowed: string[];
}

/**
 * Actions that let a system call through. runc's action names are case-sensitive (libcontainer/seccomp/config.go
 * L36-46; another spelling fails the container start); SCMP_ACT_NOTIFY hands the decision to an agent outside the
 * container, which the checks cannot see, so it counts as allowing.
 */
const ALLOW = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_NOTIFY']);

let conditionalNames: Set<string> | undefined;
/** The names Docker's default profile allows under conditions (arguments, capabilities, kernel versions). */
function conditionallyAllowed(): Set<string> {
  conditionalNames ??= new Set(DOCKER_DEFAULT_CONDITIONAL_RULES.flatMap((r) => r.names ?? []));
  return conditionalNames;
}

let everythingSorted: string[] | undefined;
/** Every syscall name, built on first use: most containers carry no inline profile. */
function everything(): string[] {
  everythingSorted ??= allKnownSyscalls();
  return everythingSorted;
}

const text = (v: GoJsonValue | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: GoJsonValue | undefined): GoJsonValue[] => (Array.isArray(v) ? v : []);

/** One syscall rule as Go decodes it (`name` or `names`, `action`, `args`, `includes`, `excludes`). */
interface SyscallRule {
  readonly names: string[];
  readonly action: string;
  readonly hasArgs: boolean;
  readonly includes: GoJsonObject[];
  readonly excludes: GoJsonObject[];
}

function decodeRule(r: GoJsonObject): SyscallRule {
  const name = text(goLast(r, 'name'));
  const names = list(goLast(r, 'names')).filter((n): n is string => typeof n === 'string');
  return {
    names: name !== '' ? [name, ...names] : names,
    action: text(goLast(r, 'action')),
    hasArgs: list(goLast(r, 'args')).length > 0,
    includes: goStruct(r, 'includes'),
    excludes: goStruct(r, 'excludes'),
  };
}

/** Whether merged `includes`/`excludes` blocks actually narrow a rule (empty blocks and lists do not). */
function hasCondition(blocks: GoJsonObject[]): boolean {
  return blocks.some((b) => b.members.some(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== '' && v !== 0 && !(isGoObject(v) && v.members.length === 0))));
}

function requiresCapabilities(includes: GoJsonObject[]): boolean {
  return list(goLast(includes, 'caps')).length > 0;
}

/**
 * Decodes one profile as the engine does (Go's encoding/json into moby's Seccomp struct: keys case-insensitive, the
 * last duplicate wins, null ignored). Undefined when Go would refuse it (the container then fails to start).
 *
 * @internal
 */
export function decodeSeccompProfile(json: string): CustomSeccomp | undefined {
  const doc = parseGoJson(json);
  if (doc === undefined || (doc !== null && !isGoObject(doc))) return undefined;
  const root = doc === null ? [] : [doc];
  const defaultAction = text(goLast(root, 'defaultAction'));
  const rules = list(goLast(root, 'syscalls')).filter(isGoObject).map(decodeRule);
  const noFilter = defaultAction === '' && rules.length === 0;
  // Each side reads conditions the cautious way. A deny counts only when nothing narrows it. An allow counts
  // unless it needs arguments or capabilities (HardenedContainer drops them all): a kernel-version, architecture
  // or excluded-capability condition still lets it apply somewhere, and Docker's own format writes `includes: {}`.
  const denies = rules.filter((r) => !ALLOW.has(r.action) && !r.hasArgs && !hasCondition(r.includes) && !hasCondition(r.excludes));
  const allows = rules.filter((r) => ALLOW.has(r.action) && !r.hasArgs && !requiresCapabilities(r.includes));
  // an allow that needs arguments or capabilities still lets the call through when they hold (an argument test can be
  // always true, e.g. MASKED_EQ 0/0): for names Docker's default never allows at all, it counts as re-allowed
  const conditional = rules.filter((r) => ALLOW.has(r.action) && (r.hasArgs || requiresCapabilities(r.includes)))
    .flatMap((r) => r.names).filter((n) => !DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS.has(n) && !conditionallyAllowed().has(n));
  const allowsByDefault = noFilter || ALLOW.has(defaultAction);
  const denied = [...new Set(denies.flatMap((r) => r.names))].sort();
  const allowed = allowsByDefault ? everything().filter((n) => !denied.includes(n))
    : [...new Set([...allows.flatMap((r) => r.names), ...conditional])];
  return {
    json: json.trim(),
    noFilter,
    allowsByDefault,
    allowsEverything: noFilter || (ALLOW.has(defaultAction) && rules.every((r) => ALLOW.has(r.action))),
    denied,
    reallowed: allowed.filter((n) => !DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS.has(n)).sort(),
  };
}

/**
 * The inline profile text of a `seccomp=` value, or undefined for the names the daemon knows (`unconfined`,
 * `builtin`, empty). Any other value is handed to LoadProfile as JSON (moby daemon/seccomp_linux.go L21-54; the
 * daemon never reads a path), so `null` is a profile too.
 *
 * @internal
 */
export function inlineProfileText(value: string): string | undefined {
  const v = value.trim();
  return v.startsWith('{') || v === 'null' ? v : undefined;
}

/** Parses every inline `seccomp=<json>` option (JSON the engine refuses is ignored here: the container cannot start). @internal */
export function customSeccompProfiles(opts: Array<{ key: string; value: string }>): CustomSeccomp[] {
  const out: CustomSeccomp[] = [];
  for (const o of opts) {
    if (o.key !== 'seccomp') continue;
    const json = inlineProfileText(o.value);
    const profile = json === undefined ? undefined : decodeSeccompProfile(json);
    if (profile) out.push(profile);
  }
  return out;
}
