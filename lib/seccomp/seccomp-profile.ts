import {
  DOCKER_DEFAULT_ACTION, DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS, DOCKER_DEFAULT_ARCH_MAP, DOCKER_DEFAULT_ERRNO_RET, DOCKER_DEFAULT_RULES,
  allKnownSyscalls, isKnownSyscall,
} from './docker-default';
import {
  SeccompAction, SeccompArch, SeccompArchMapping, SeccompArg, SeccompOp, SeccompRule, SeccompRuleFilter,
} from './seccomp-types';
import { describeValue } from '../core/errors';
import { MIN_JUSTIFICATION_LENGTH, OptOut } from '../core/opt-out';

export * from './seccomp-types';

/** The errno values a rule or the default action may return. */
const MIN_ERRNO = 1;
const MAX_ERRNO = 4095;
/** The highest syscall argument index. */
const MAX_ARG_INDEX = 5;
/** EPERM. */
const EPERM = 1;

/** The Go/Docker names of the architectures, as `includes.arches`/`excludes.arches` spell them. */
const NATIVE_ARCH: Record<SeccompArch, string> = {
  [SeccompArch.SCMP_ARCH_X86_64]: 'amd64',
  [SeccompArch.SCMP_ARCH_X86]: 'x86',
  [SeccompArch.SCMP_ARCH_X32]: 'x32',
  [SeccompArch.SCMP_ARCH_AARCH64]: 'arm64',
  [SeccompArch.SCMP_ARCH_ARM]: 'arm',
  [SeccompArch.SCMP_ARCH_MIPS]: 'mips',
  [SeccompArch.SCMP_ARCH_MIPS64]: 'mips64',
  [SeccompArch.SCMP_ARCH_MIPS64N32]: 'mips64n32',
  [SeccompArch.SCMP_ARCH_MIPSEL]: 'mipsel',
  [SeccompArch.SCMP_ARCH_MIPSEL64]: 'mipsel64',
  [SeccompArch.SCMP_ARCH_MIPSEL64N32]: 'mipsel64n32',
  [SeccompArch.SCMP_ARCH_PPC]: 'ppc',
  [SeccompArch.SCMP_ARCH_PPC64]: 'ppc64',
  [SeccompArch.SCMP_ARCH_PPC64LE]: 'ppc64le',
  [SeccompArch.SCMP_ARCH_S390]: 's390',
  [SeccompArch.SCMP_ARCH_S390X]: 's390x',
  [SeccompArch.SCMP_ARCH_RISCV64]: 'riscv64',
};

const ACTIONS = new Set<string>(Object.values(SeccompAction));
const ARCHES = new Set<string>(Object.values(SeccompArch));
const OPS = new Set<string>(Object.values(SeccompOp));
/** Default actions that refuse what is not allowed (the others let it run). */
const REFUSING_DEFAULT_ACTIONS = [
  SeccompAction.SCMP_ACT_ERRNO, SeccompAction.SCMP_ACT_KILL_PROCESS, SeccompAction.SCMP_ACT_KILL_THREAD, SeccompAction.SCMP_ACT_TRAP,
];
/** Actions that let the syscall run. */
const ALLOWING_ACTIONS = new Set<SeccompAction>([SeccompAction.SCMP_ACT_ALLOW, SeccompAction.SCMP_ACT_LOG]);

/**
 * Options of `SeccompProfile.allowList`.
 */
export interface SeccompAllowListOptions {
  /**
   * The main architectures. Each brings its Docker sub-architectures (x86-64: x86 and x32,
   * aarch64: arm, …) through the profile's `archMap`, as Docker's default profile does.
   * @default [SeccompArch.SCMP_ARCH_X86_64, SeccompArch.SCMP_ARCH_AARCH64]
   */
  readonly architectures?: SeccompArch[];
  /**
   * What happens to every syscall that is not allowed: `SCMP_ACT_ERRNO`, `SCMP_ACT_KILL_PROCESS`,
   * `SCMP_ACT_KILL_THREAD` or `SCMP_ACT_TRAP`. Actions that let the syscall run need
   * `SeccompProfile.allowByDefault`.
   * @default SeccompAction.SCMP_ACT_ERRNO
   */
  readonly defaultAction?: SeccompAction;
  /**
   * The errno of an `SCMP_ACT_ERRNO` default action, 1–4095.
   * @default 1 (EPERM)
   */
  readonly defaultErrnoRet?: number;
}

interface ProfileState {
  readonly defaultAction: SeccompAction;
  readonly defaultErrnoRet?: number;
  readonly archMap: SeccompArchMapping[];
  readonly rules: SeccompRule[];
  /** Rules before this index come from Docker's profile and skip the architecture check. */
  readonly dockerRuleCount: number;
  readonly removedSyscalls?: string[];
  readonly justification?: string;
}

function invalid(what: string, value: unknown, allowed: string): Error {
  return new Error(`SeccompProfile: invalid ${what} ${describeValue(value)}: ${allowed}`);
}

/**
 * A seccomp profile for a container (`security_opts = ["seccomp=<json>"]`).
 *
 * Build one with a static factory:
 * - `allowList(names)`: deny everything, allow exactly `names` (the tightest profile);
 * - `dockerDefault()`: Docker's default profile (what the engine applies when nothing is set);
 * - `dockerDefaultMinus(names)`: Docker's default with `names` taken out of every allow rule;
 * - `allowByDefault(deny, optOut)`: allow everything except `deny` — weaker than Docker's
 *   default, so only with a justified opt-out.
 *
 * Every profile is validated when it is built and when a rule is added; bad input throws
 * `SeccompProfile: invalid <what> <value>: <what is allowed>`. `toJson()` is deterministic.
 */
export class SeccompProfile {
  /**
   * A profile that refuses every syscall (EPERM) except `syscalls`.
   *
   * @param syscalls the syscalls to allow, unconditionally; names are sorted in the output
   */
  public static allowList(syscalls: string[], options: SeccompAllowListOptions = {}): SeccompProfile {
    // a JavaScript caller (or jsii binding) may pass null for "no options"
    const opts: SeccompAllowListOptions = options ?? {};
    if (typeof opts !== 'object') {
      throw invalid('options', opts, 'a SeccompAllowListOptions object (architectures, defaultAction, defaultErrnoRet)');
    }
    const defaultAction = opts.defaultAction ?? SeccompAction.SCMP_ACT_ERRNO;
    if (!REFUSING_DEFAULT_ACTIONS.includes(defaultAction)) {
      throw invalid('defaultAction', defaultAction,
        `an allow list refuses what it does not list: use one of ${REFUSING_DEFAULT_ACTIONS.join(', ')}, or SeccompProfile.allowByDefault with an opt-out`);
    }
    if (opts.defaultErrnoRet !== undefined && defaultAction !== SeccompAction.SCMP_ACT_ERRNO) {
      throw invalid('defaultErrnoRet', opts.defaultErrnoRet, 'only an SCMP_ACT_ERRNO default action returns an errno');
    }
    checkNameList('allow list', syscalls);
    if (syscalls.length === 0) {
      throw invalid('allow list', syscalls, 'at least one syscall must be allowed; a profile that allows nothing cannot start a process');
    }
    return new SeccompProfile({
      defaultAction,
      defaultErrnoRet: defaultAction === SeccompAction.SCMP_ACT_ERRNO ? opts.defaultErrnoRet ?? EPERM : undefined,
      archMap: archMapFor(opts.architectures),
      rules: [{ names: [...syscalls].sort(), action: SeccompAction.SCMP_ACT_ALLOW }],
      dockerRuleCount: 0,
    });
  }

  /**
   * Docker's default seccomp profile (see `DOCKER_DEFAULT_SOURCE` for the version).
   *
   * Setting it explicitly pins the profile: a later engine's default no longer applies.
   */
  public static dockerDefault(): SeccompProfile {
    return SeccompProfile.fromDocker(DOCKER_DEFAULT_RULES.map(cloneRule), []);
  }

  /**
   * Docker's default profile with `syscalls` removed from every allow rule, so that they get the
   * default action (EPERM). Rules left without names are dropped. The removed names are kept in
   * `removedSyscalls`.
   *
   * @param syscalls syscalls Docker's default allows (unconditionally or under a condition)
   */
  public static dockerDefaultMinus(syscalls: string[]): SeccompProfile {
    checkNameList('syscalls to remove', syscalls);
    const allowedSomewhere = new Set(DOCKER_DEFAULT_RULES.filter((r) => ALLOWING_ACTIONS.has(r.action)).flatMap((r) => r.names));
    for (const name of syscalls) {
      if (!allowedSomewhere.has(name)) {
        throw invalid('syscall to remove', name, 'Docker\'s default profile does not allow it, so there is nothing to remove');
      }
    }
    const removed = new Set(syscalls);
    const rules: SeccompRule[] = [];
    for (const rule of DOCKER_DEFAULT_RULES) {
      if (!ALLOWING_ACTIONS.has(rule.action)) {
        rules.push(cloneRule(rule));
        continue;
      }
      const names = rule.names.filter((n) => !removed.has(n));
      if (names.length > 0) rules.push({ ...cloneRule(rule), names });
    }
    return SeccompProfile.fromDocker(rules, [...removed].sort());
  }

  /**
   * A profile that allows every syscall except `deny` (which fail with EPERM).
   *
   * This is weaker than Docker's default: everything Docker denies or allows only with a
   * capability (`mount`, `unshare`, `setns`, `bpf`, `ptrace`, `keyctl`, …) becomes callable.
   * It therefore needs an opt-out with a written justification; `deniedByDockerDefaultButAllowed()`
   * lists what is given away.
   */
  public static allowByDefault(deny: string[], optOut: OptOut): SeccompProfile {
    const justification = typeof optOut?.justification === 'string' ? optOut.justification.trim() : '';
    if (justification.length < MIN_JUSTIFICATION_LENGTH) {
      throw invalid('optOut.justification', optOut?.justification,
        `an allow-by-default seccomp profile is weaker than Docker's default and needs a written justification of at least ${MIN_JUSTIFICATION_LENGTH} characters`);
    }
    checkNameList('deny list', deny);
    if (deny.length === 0) {
      throw invalid('deny list', deny, 'an allow-by-default profile must deny at least one syscall (allowing everything is seccomp=unconfined)');
    }
    return new SeccompProfile({
      defaultAction: SeccompAction.SCMP_ACT_ALLOW,
      archMap: archMapFor(undefined),
      rules: [{ names: [...deny].sort(), action: SeccompAction.SCMP_ACT_ERRNO, errnoRet: EPERM }],
      dockerRuleCount: 0,
      justification,
    });
  }

  private static fromDocker(rules: SeccompRule[], removedSyscalls: string[]): SeccompProfile {
    return new SeccompProfile({
      defaultAction: DOCKER_DEFAULT_ACTION,
      defaultErrnoRet: DOCKER_DEFAULT_ERRNO_RET,
      archMap: DOCKER_DEFAULT_ARCH_MAP.map(cloneMapping),
      rules,
      dockerRuleCount: rules.length,
      removedSyscalls,
    });
  }

  /** What happens to a syscall no rule matches. */
  public readonly defaultAction: SeccompAction;
  /**
   * The errno of an `SCMP_ACT_ERRNO` default action.
   * @default - none (the default action is not SCMP_ACT_ERRNO)
   */
  public readonly defaultErrnoRet?: number;
  /**
   * The justification of an allow-by-default profile.
   * @default - none (the profile is not weaker than Docker's default by construction)
   */
  public readonly justification?: string;

  private readonly _archMap: SeccompArchMapping[];
  private readonly _rules: SeccompRule[];
  private readonly _removedSyscalls: string[];
  private readonly _dockerRuleCount: number;

  private constructor(state: ProfileState) {
    validate(state);
    this.defaultAction = state.defaultAction;
    this.defaultErrnoRet = state.defaultErrnoRet;
    this.justification = state.justification;
    this._archMap = state.archMap.map(cloneMapping);
    this._rules = state.rules.map(cloneRule);
    this._removedSyscalls = [...(state.removedSyscalls ?? [])];
    this._dockerRuleCount = state.dockerRuleCount;
  }

  /** Whether a syscall that no rule matches runs (`SCMP_ACT_ALLOW` or `SCMP_ACT_LOG` default). */
  public get allowsByDefault(): boolean {
    return ALLOWING_ACTIONS.has(this.defaultAction);
  }

  /** The architectures and their sub-architectures. */
  public get archMap(): SeccompArchMapping[] {
    return this._archMap.map(cloneMapping);
  }

  /** Every architecture the profile covers (main and sub-architectures), sorted. */
  public get architectures(): SeccompArch[] {
    return [...archSet(this._archMap)].sort();
  }

  /** The rules, in order. */
  public get rules(): SeccompRule[] {
    return this._rules.map(cloneRule);
  }

  /** The syscalls `dockerDefaultMinus` removed, sorted (empty for the other builders). */
  public get removedSyscalls(): string[] {
    return [...this._removedSyscalls];
  }

  /**
   * Appends a rule, after validating it against the whole profile (known names, no duplicate
   * or contradictory unconditional rules, errno range, argument indexes, architectures of the
   * profile). Names are sorted. The profile is unchanged when the rule is refused.
   *
   * @returns this profile
   */
  public addRule(rule: SeccompRule): SeccompProfile {
    const candidate = normalizeRule(rule, `rules[${this._rules.length}]`);
    const rules = [...this._rules, candidate];
    validate({
      defaultAction: this.defaultAction,
      defaultErrnoRet: this.defaultErrnoRet,
      archMap: this._archMap,
      rules,
      dockerRuleCount: this._dockerRuleCount,
    });
    this._rules.push(cloneRule(candidate));
    return this;
  }

  /**
   * The syscalls this profile allows unconditionally, sorted: the names of allow rules without
   * arguments, includes or excludes; for an allow-by-default profile every known syscall
   * (`KNOWN_SYSCALLS` and `DOCKER_DEFAULT_OMITTED_SYSCALLS`) that no refusing rule names.
   */
  public allowedSyscalls(): string[] {
    if (this.allowsByDefault) {
      const refused = new Set(this._rules.filter((r) => !ALLOWING_ACTIONS.has(r.action)).flatMap((r) => r.names));
      return allKnownSyscalls().filter((n) => !refused.has(n));
    }
    const allowed = new Set(this._rules.filter((r) => ALLOWING_ACTIONS.has(r.action) && isUnconditional(r)).flatMap((r) => r.names));
    return [...allowed].sort();
  }

  /**
   * The syscalls this profile allows unconditionally that Docker's default profile denies or
   * allows only with a capability or an argument condition, sorted. (What Docker's default allows
   * on the architectures that have the syscall, or from a kernel version on, counts as allowed.) Empty for `dockerDefault()`,
   * `dockerDefaultMinus()` and an allow list within Docker's default.
   */
  public deniedByDockerDefaultButAllowed(): string[] {
    return this.allowedSyscalls().filter((n) => !DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS.has(n));
  }

  /**
   * The profile as a plain object in Docker's JSON format, with a fixed key order:
   * `defaultAction`, `defaultErrnoRet`, `archMap`, `syscalls` (`names`, `action`, `errnoRet`,
   * `args`, `comment`, `includes`, `excludes`). Unset fields are left out.
   */
  public toObject(): any {
    const profile: Record<string, unknown> = { defaultAction: this.defaultAction };
    if (this.defaultErrnoRet !== undefined) profile.defaultErrnoRet = this.defaultErrnoRet;
    profile.archMap = this._archMap.map((m) => ({ architecture: m.architecture, subArchitectures: [...m.subArchitectures] }));
    profile.syscalls = this._rules.map(ruleToObject);
    return profile;
  }

  /** The profile as compact JSON, deterministic for equal profiles (what `seccomp=<json>` takes). */
  public toJson(): string {
    // `${` and `%{` (only possible inside a rule's `comment`) are written `$\u007b` and `%\u007b`: the same JSON value
    // for Docker, but never a Terraform template sequence when the JSON is embedded in a Terraform string.
    return JSON.stringify(this.toObject()).replace(/([$%])\{/g, '$1\\u007b');
  }

  /** The container security option: `seccomp=<compact JSON>`. */
  public toSecurityOpt(): string {
    return `seccomp=${this.toJson()}`;
  }
}

function archMapFor(architectures: SeccompArch[] | undefined): SeccompArchMapping[] {
  const mains = architectures ?? [SeccompArch.SCMP_ARCH_X86_64, SeccompArch.SCMP_ARCH_AARCH64];
  if (!Array.isArray(mains) || mains.length === 0) {
    throw invalid('architectures', mains, 'name at least one SeccompArch');
  }
  const seen = new Set<string>();
  return mains.map((arch) => {
    if (!ARCHES.has(arch)) throw invalid('architecture', arch, `one of ${[...ARCHES].join(', ')}`);
    if (seen.has(arch)) throw invalid('architecture', arch, 'each architecture may be listed once');
    seen.add(arch);
    const docker = DOCKER_DEFAULT_ARCH_MAP.find((m) => m.architecture === arch);
    return { architecture: arch, subArchitectures: docker ? [...docker.subArchitectures] : [] };
  });
}

function archSet(archMap: readonly SeccompArchMapping[]): Set<SeccompArch> {
  return new Set(archMap.flatMap((m) => [m.architecture, ...m.subArchitectures]));
}

function checkNameList(what: string, names: unknown): void {
  if (!Array.isArray(names)) throw invalid(what, names, 'a list of syscall names');
  const seen = new Set<string>();
  for (const name of names) {
    checkName(name);
    if (seen.has(name)) throw invalid(`${what} entry`, name, 'each syscall may be listed once');
    seen.add(name);
  }
}

function checkName(name: unknown): void {
  if (typeof name !== 'string' || !isKnownSyscall(name)) {
    throw invalid('syscall', name, 'not a syscall known from Docker\'s default profile (KNOWN_SYSCALLS or DOCKER_DEFAULT_OMITTED_SYSCALLS)');
  }
}

function isUnconditional(rule: SeccompRule): boolean {
  return (rule.args ?? []).length === 0 && isEmptyFilter(rule.includes) && isEmptyFilter(rule.excludes);
}

function isEmptyFilter(filter: SeccompRuleFilter | undefined): boolean {
  return filter === undefined || ((filter.caps ?? []).length === 0 && (filter.arches ?? []).length === 0 && filter.minKernel === undefined);
}

/** Checks the shape of a rule supplied by a caller and returns a copy with sorted names. */
function normalizeRule(rule: SeccompRule, where: string): SeccompRule {
  if (rule === null || typeof rule !== 'object') throw invalid(where, rule, 'a SeccompRule object');
  if (!Array.isArray(rule.names)) throw invalid(`${where}.names`, rule.names, 'a list of syscall names');
  const copy = cloneRule(rule);
  return { ...copy, names: [...copy.names].sort() };
}

function validate(state: ProfileState): void {
  if (!ACTIONS.has(state.defaultAction)) {
    throw invalid('defaultAction', state.defaultAction, `one of ${[...ACTIONS].join(', ')}`);
  }
  if (state.defaultErrnoRet !== undefined) {
    checkErrno('defaultErrnoRet', state.defaultErrnoRet);
    if (state.defaultAction !== SeccompAction.SCMP_ACT_ERRNO) {
      throw invalid('defaultErrnoRet', state.defaultErrnoRet, 'only an SCMP_ACT_ERRNO default action returns an errno');
    }
  }
  const arches = archSet(state.archMap);
  for (const arch of arches) {
    if (!ARCHES.has(arch)) throw invalid('architecture', arch, `one of ${[...ARCHES].join(', ')}`);
  }
  state.rules.forEach((rule, i) => checkRule(rule, `rules[${i}]`, i < state.dockerRuleCount ? undefined : arches));

  // Unconditional rules: one action per name.
  const unconditional = new Map<string, { action: SeccompAction; where: string }>();
  state.rules.forEach((rule, i) => {
    if (!isUnconditional(rule)) return;
    for (const name of rule.names) {
      const earlier = unconditional.get(name);
      if (earlier && earlier.action === rule.action) {
        throw invalid(`rules[${i}].names entry`, name, `already ${earlier.action} in ${earlier.where}; each syscall may be listed once`);
      }
      if (earlier) {
        throw invalid(`rules[${i}].names entry`, name,
          `contradicts ${earlier.where}, which applies ${earlier.action} unconditionally; a syscall cannot be both allowed and refused`);
      }
      unconditional.set(name, { action: rule.action, where: `rules[${i}]` });
    }
  });
  // A conditional allow of a name that is already allowed unconditionally is a duplicate.
  state.rules.forEach((rule, i) => {
    if (isUnconditional(rule) || !ALLOWING_ACTIONS.has(rule.action)) return;
    for (const name of rule.names) {
      const earlier = unconditional.get(name);
      if (earlier && ALLOWING_ACTIONS.has(earlier.action)) {
        throw invalid(`rules[${i}].names entry`, name, `already allowed unconditionally in ${earlier.where}; each syscall may be allowed once`);
      }
    }
  });

  if (!ALLOWING_ACTIONS.has(state.defaultAction) && !state.rules.some((r) => ALLOWING_ACTIONS.has(r.action))) {
    throw invalid('allow list', [], 'at least one syscall must be allowed; a profile that allows nothing cannot start a process');
  }
}

function checkRule(rule: SeccompRule, where: string, profileArches: Set<SeccompArch> | undefined): void {
  if (rule === null || typeof rule !== 'object') throw invalid(where, rule, 'a SeccompRule object');
  if (!Array.isArray(rule.names) || rule.names.length === 0) {
    throw invalid(`${where}.names`, rule.names, 'a rule names at least one syscall');
  }
  const seen = new Set<string>();
  for (const name of rule.names) {
    checkName(name);
    if (seen.has(name)) throw invalid(`${where}.names entry`, name, 'each syscall may be listed once in a rule');
    seen.add(name);
  }
  if (!ACTIONS.has(rule.action)) throw invalid(`${where}.action`, rule.action, `one of ${[...ACTIONS].join(', ')}`);
  if (rule.errnoRet !== undefined) {
    checkErrno(`${where}.errnoRet`, rule.errnoRet);
    if (rule.action !== SeccompAction.SCMP_ACT_ERRNO && rule.action !== SeccompAction.SCMP_ACT_TRACE) {
      throw invalid(`${where}.errnoRet`, rule.errnoRet, 'only SCMP_ACT_ERRNO (and SCMP_ACT_TRACE) rules take an errnoRet');
    }
  }
  if (rule.args !== undefined) {
    if (!Array.isArray(rule.args) || rule.args.length > MAX_ARG_INDEX + 1) {
      throw invalid(`${where}.args`, rule.args, `a list of at most ${MAX_ARG_INDEX + 1} argument conditions`);
    }
    rule.args.forEach((arg, j) => checkArg(arg, `${where}.args[${j}]`));
  }
  if (rule.comment !== undefined && typeof rule.comment !== 'string') {
    throw invalid(`${where}.comment`, rule.comment, 'a string');
  }
  checkFilter(rule.includes, `${where}.includes`, profileArches);
  checkFilter(rule.excludes, `${where}.excludes`, profileArches);
}

function checkErrno(what: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_ERRNO || value > MAX_ERRNO) {
    throw invalid(what, value, `an errno from ${MIN_ERRNO} to ${MAX_ERRNO} (1 = EPERM, 38 = ENOSYS)`);
  }
}

function checkArg(arg: SeccompArg, where: string): void {
  if (arg === null || typeof arg !== 'object') throw invalid(where, arg, 'a SeccompArg object');
  if (typeof arg.index !== 'number' || !Number.isInteger(arg.index) || arg.index < 0 || arg.index > MAX_ARG_INDEX) {
    throw invalid(`${where}.index`, arg.index, `a syscall argument index from 0 to ${MAX_ARG_INDEX}`);
  }
  checkArgValue(`${where}.value`, arg.value);
  if (arg.valueTwo !== undefined) checkArgValue(`${where}.valueTwo`, arg.valueTwo);
  if (!OPS.has(arg.op)) throw invalid(`${where}.op`, arg.op, `one of ${[...OPS].join(', ')}`);
}

function checkArgValue(what: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(what, value, `a non-negative integer up to ${Number.MAX_SAFE_INTEGER}`);
  }
}

function checkFilter(filter: SeccompRuleFilter | undefined, where: string, profileArches: Set<SeccompArch> | undefined): void {
  if (filter === undefined) return;
  if (filter === null || typeof filter !== 'object') throw invalid(where, filter, 'a SeccompRuleFilter object');
  if (filter.caps !== undefined) {
    if (!Array.isArray(filter.caps)) throw invalid(`${where}.caps`, filter.caps, 'a list of capability names');
    for (const cap of filter.caps) {
      if (typeof cap !== 'string' || !/^CAP_[A-Z_]+$/.test(cap)) {
        throw invalid(`${where}.caps entry`, cap, 'a capability name such as CAP_SYS_ADMIN');
      }
    }
  }
  if (filter.arches !== undefined) {
    if (!Array.isArray(filter.arches)) throw invalid(`${where}.arches`, filter.arches, 'a list of SeccompArch');
    for (const arch of filter.arches) {
      if (!ARCHES.has(arch)) throw invalid(`${where}.arches entry`, arch, `one of ${[...ARCHES].join(', ')}`);
      if (profileArches && !profileArches.has(arch)) {
        throw invalid(`${where}.arches entry`, arch, `not an architecture of this profile (${[...profileArches].sort().join(', ')})`);
      }
    }
  }
  if (filter.minKernel !== undefined && (typeof filter.minKernel !== 'string' || !/^\d{1,3}\.\d{1,3}$/.test(filter.minKernel))) {
    throw invalid(`${where}.minKernel`, filter.minKernel, 'a kernel version "major.minor", e.g. "4.8"');
  }
}

function cloneFilter(filter: SeccompRuleFilter): SeccompRuleFilter {
  return {
    ...(filter.caps !== undefined ? { caps: Array.isArray(filter.caps) ? [...filter.caps] : filter.caps } : {}),
    ...(filter.arches !== undefined ? { arches: Array.isArray(filter.arches) ? [...filter.arches] : filter.arches } : {}),
    ...(filter.minKernel !== undefined ? { minKernel: filter.minKernel } : {}),
  };
}

function cloneRule(rule: SeccompRule): SeccompRule {
  return {
    names: Array.isArray(rule.names) ? [...rule.names] : rule.names,
    action: rule.action,
    ...(rule.errnoRet !== undefined ? { errnoRet: rule.errnoRet } : {}),
    ...(rule.args !== undefined ? { args: Array.isArray(rule.args) ? rule.args.map((a) => (a && typeof a === 'object' ? { ...a } : a)) : rule.args } : {}),
    ...(rule.comment !== undefined ? { comment: rule.comment } : {}),
    ...(rule.includes !== undefined ? { includes: rule.includes && typeof rule.includes === 'object' ? cloneFilter(rule.includes) : rule.includes } : {}),
    ...(rule.excludes !== undefined ? { excludes: rule.excludes && typeof rule.excludes === 'object' ? cloneFilter(rule.excludes) : rule.excludes } : {}),
  };
}

function cloneMapping(mapping: SeccompArchMapping): SeccompArchMapping {
  return { architecture: mapping.architecture, subArchitectures: [...mapping.subArchitectures] };
}

function filterToObject(filter: SeccompRuleFilter): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (filter.caps && filter.caps.length > 0) out.caps = [...filter.caps];
  if (filter.arches && filter.arches.length > 0) out.arches = filter.arches.map((a) => NATIVE_ARCH[a]);
  if (filter.minKernel !== undefined) out.minKernel = filter.minKernel;
  return Object.keys(out).length > 0 ? out : undefined;
}

function ruleToObject(rule: SeccompRule): Record<string, unknown> {
  const out: Record<string, unknown> = { names: [...rule.names], action: rule.action };
  if (rule.errnoRet !== undefined) out.errnoRet = rule.errnoRet;
  if (rule.args && rule.args.length > 0) {
    out.args = rule.args.map((a) => (a.valueTwo !== undefined
      ? { index: a.index, value: a.value, valueTwo: a.valueTwo, op: a.op }
      : { index: a.index, value: a.value, op: a.op }));
  }
  if (rule.comment !== undefined) out.comment = rule.comment;
  const includes = rule.includes && filterToObject(rule.includes);
  if (includes) out.includes = includes;
  const excludes = rule.excludes && filterToObject(rule.excludes);
  if (excludes) out.excludes = excludes;
  return out;
}
