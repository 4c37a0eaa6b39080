import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as fc from 'fast-check';
import {
  AppArmorCapability, AppArmorNetworkProtocol, AppArmorProfile, AppArmorProfileProps, DOCKER_DEFAULT_ALLOWED, DOCKER_DEFAULT_OMITTED_SYSCALLS,
  DOCKER_DEFAULT_RULES, HardenedContainer, KNOWN_SYSCALLS, OPT_OUT_METADATA_TYPE, SeccompAction, SeccompArch, SeccompOp, SeccompProfile,
  SeccompRule,
} from '../../lib';
import { DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS } from '../../lib/seccomp/docker-default';
import { runChecks } from '../checks/util';
import { expectNamedRefusal, hostileString, mostly, rarely, RUNS, SEED } from '../fuzz/config';
import { newStack, onlyContainer } from '../util';

const IMAGE = `registry.example.com/app@sha256:${'c'.repeat(64)}`;
const USER = '1000:1000';

// ---------------------------------------------------------------------------------------------------------------
// apparmor_parser, compile only (see test/apparmor/apparmor-profile.test.ts). Sampled: a generated selector picks
// one AppArmor case in PARSE_EVERY for the real parser (it shrinks towards "parse", so a failure is re-checked).
// ---------------------------------------------------------------------------------------------------------------

const PARSE_EVERY = 4;
const PARSER = ['/sbin', '/usr/sbin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)]
  .map((dir) => join(dir, 'apparmor_parser')).find((candidate) => existsSync(candidate));
let workDir: string;
let fileCount = 0;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'profiles-property-'));
});
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function expectParses(text: string): void {
  const file = join(workDir, `profile-${++fileCount}`);
  writeFileSync(file, text);
  const result = spawnSync(PARSER!, ['--skip-kernel-load', '--skip-cache', '--abort-on-error', file], { encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`apparmor_parser rejected the profile (exit ${result.status}):\n${result.stdout}${result.stderr}\n${text}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Refusal formats: constructs name their path; the builders name themselves, the prop (or rule field), the value
// and what is allowed.
// ---------------------------------------------------------------------------------------------------------------

/** The value as describeValue renders it: JSON, `(unset)`, or its first 200 characters and `…`. */
const VALUE = '(?:\\(unset\\)|null|NaN|-?Infinity|-?[\\d.e+]+|true|false|"(?:[^"\\\\]|\\\\.)*"|\\[.*\\]|\\{.*\\}|[^]{200}…)';
const SECCOMP_REFUSAL = new RegExp('^SeccompProfile: invalid (?:options|defaultAction|defaultErrnoRet|allow list(?: entry)?|deny list(?: entry)?|' +
  'syscalls? to remove(?: entry)?|syscall|optOut\\.justification|architectures?|rules\\[\\d+\\](?:\\.[a-zA-Z]+(?:\\[\\d+\\])?)*(?: entry)?) ' +
  `${VALUE}: \\S.*$`, 's');
const APPARMOR_REFUSAL = new RegExp('^AppArmorProfile: invalid (?:props|name|readOnlyPaths|writablePaths|logOnWritePaths|allowExec|denyExec|' +
  `deniedPaths|capabilities|network(?:\\.raw|\\.packet|\\.protocols)?) ${VALUE}: \\S.*$`, 's');

// ---------------------------------------------------------------------------------------------------------------
// seccomp generators
// ---------------------------------------------------------------------------------------------------------------

/** Default actions that refuse what no rule allows. */
const REFUSING_DEFAULTS = ['SCMP_ACT_ERRNO', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP'];
const INTERESTING = ['mount', 'umount2', 'unshare', 'setns', 'bpf', 'keyctl', 'add_key', 'ptrace', 'socket', 'execve', 'execveat', 'clone',
  'clone3', 'personality', 'kexec_load', 'open_by_handle_at', 'io_uring_setup', 'userfaultfd', 'read', 'write', 'exit_group', 'futex',
  'mmap', 'brk', 'rt_sigreturn', 'chmod', 'arch_prctl', 'cacheflush', 'sethostname', 'reboot', 'perf_event_open', 'process_vm_readv'];
const syscall = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INTERESTING) },
  { weight: 2, arbitrary: fc.constantFrom(...KNOWN_SYSCALLS, ...DOCKER_DEFAULT_OMITTED_SYSCALLS) },
);
const badSyscall: fc.Arbitrary<any> = fc.oneof(fc.constantFrom('', 'READ', 'frobnicate', 'read ', '__proto__', 'toString', 42, null), hostileString);
const syscalls = fc.uniqueArray(mostly(syscall, badSyscall), { maxLength: 6 });
const action = mostly(fc.constantFrom(...Object.values(SeccompAction)), fc.constantFrom('SCMP_ACT_BOGUS', '', 'allow', 'SCMP_ACT_NOTIFY') as fc.Arbitrary<any>);
const arch = mostly(fc.constantFrom(...Object.values(SeccompArch)), fc.constantFrom('amd64', 'SCMP_ARCH_VAX', '') as fc.Arbitrary<any>);
const filter = fc.record({
  caps: rarely(fc.array(mostly(fc.constantFrom('CAP_SYS_ADMIN', 'CAP_SYS_PTRACE', 'CAP_BPF', 'CAP_NET_RAW'), fc.constantFrom('sys_admin', 'CAP_', 'CAP_X Y')), { maxLength: 2 }), 2),
  arches: rarely(fc.array(arch, { maxLength: 2 }), 2),
  minKernel: rarely(mostly(fc.constantFrom('4.8', '5.10', '6.1'), fc.constantFrom('4', 'four', '4.8.1', '')), 2),
}, { requiredKeys: [] });
/** Free text: hostile more often than the other props, since carrying it safely is the whole point. */
const comment = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('deny mounts for the payments worker', 's390 parameter ordering for clone is different', 'see ADR-7 "no raw sockets"') },
  { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom('${var.db_password}', '%{ for x in y }x%{ endfor }', 'a\u0000b', 'ok $${literal}', '\\u0024{x}')) },
);
const anyRule: fc.Arbitrary<SeccompRule> = fc.record({
  names: mostly(fc.uniqueArray(syscall, { minLength: 1, maxLength: 3 }), fc.uniqueArray(mostly(syscall, badSyscall), { maxLength: 3 })),
  action,
  errnoRet: rarely(mostly(fc.integer({ min: 1, max: 4095 }), fc.constantFrom(0, -1, 4096, 1.5, NaN))),
  args: rarely(fc.array(fc.record({
    index: mostly(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 6, 1.5)),
    value: mostly(fc.nat({ max: 2 ** 32 }), fc.constantFrom(-1, 0.5, 2 ** 64, NaN)),
    valueTwo: rarely(fc.nat({ max: 2 ** 32 })),
    op: mostly(fc.constantFrom(...Object.values(SeccompOp)), fc.constantFrom('SCMP_CMP_LIKE', '') as fc.Arbitrary<any>),
  }, { requiredKeys: ['index', 'value', 'op'] }), { maxLength: 2 })),
  comment: rarely(comment, 4),
  includes: rarely(filter),
  excludes: rarely(filter),
}, { requiredKeys: ['names', 'action'] }) as fc.Arbitrary<SeccompRule>;
/** Syscalls no base profile allows unconditionally, so a rule naming them is not a duplicate of the base. */
const NOT_DOCKER_ALLOWED = [...INTERESTING, ...DOCKER_DEFAULT_OMITTED_SYSCALLS].filter((n) => !DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS.has(n));
/** A rule that fits most profiles: its own names, an errno only where one is taken, arches of the default archMap. */
const fittingRule: fc.Arbitrary<SeccompRule> = fc.record({
  names: fc.uniqueArray(fc.constantFrom(...NOT_DOCKER_ALLOWED), { minLength: 1, maxLength: 3 }),
  action: fc.constantFrom(SeccompAction.SCMP_ACT_ERRNO, SeccompAction.SCMP_ACT_KILL_PROCESS, SeccompAction.SCMP_ACT_TRAP, SeccompAction.SCMP_ACT_LOG,
    SeccompAction.SCMP_ACT_ALLOW, SeccompAction.SCMP_ACT_TRACE),
  errno: rarely(fc.integer({ min: 1, max: 4095 }), 2),
  args: rarely(fc.array(fc.record({
    index: fc.integer({ min: 0, max: 5 }), value: fc.nat({ max: 2 ** 32 }), op: fc.constantFrom(...Object.values(SeccompOp)),
  }), { minLength: 1, maxLength: 2 })),
  comment: rarely(comment, 4),
  includes: rarely(fc.record({
    caps: rarely(fc.constantFrom<string[]>(['CAP_SYS_ADMIN'], ['CAP_BPF', 'CAP_PERFMON']), 2),
    arches: rarely(fc.constantFrom<SeccompArch[]>([SeccompArch.SCMP_ARCH_X86_64], [SeccompArch.SCMP_ARCH_AARCH64, SeccompArch.SCMP_ARCH_ARM]), 2),
    minKernel: rarely(fc.constantFrom('4.8', '5.10'), 2),
  }, { requiredKeys: [] })),
}).map(({ errno, includes, args, comment: text, ...r }) => ({
  ...r,
  ...(errno !== undefined && (r.action === SeccompAction.SCMP_ACT_ERRNO || r.action === SeccompAction.SCMP_ACT_TRACE) ? { errnoRet: errno } : {}),
  ...(args ? { args } : {}),
  ...(text !== undefined ? { comment: text } : {}),
  ...(includes ? { includes } : {}),
}));
const rule = mostly(fittingRule, anyRule);

const justification = mostly(
  fc.constantFrom('legacy agent needs namespaces; tracked in SEC-123', '  the vendor tool probes every call  '),
  fc.oneof(fc.constantFrom('short', '', '          '), hostileString),
);
type SeccompSpec =
  | { kind: 'allowList'; names: any[]; options: any }
  | { kind: 'dockerDefault' }
  | { kind: 'dockerDefaultMinus'; names: any[] }
  | { kind: 'allowByDefault'; names: any[]; justification: string };
const seccompSpec = fc.tuple(
  fc.oneof(
    fc.record({
      kind: fc.constant('allowList' as const),
      names: mostly(fc.uniqueArray(syscall, { minLength: 1, maxLength: 12 }), syscalls),
      options: fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        {
          weight: 6,
          arbitrary: fc.record({
            architectures: rarely(mostly(
              fc.uniqueArray(fc.constantFrom(...Object.values(SeccompArch)), { minLength: 1, maxLength: 3 }),
              fc.array(arch, { maxLength: 2 }),
            )),
            defaultAction: rarely(mostly(
              fc.constantFrom(...REFUSING_DEFAULTS as SeccompAction[]),
              action,
            )),
            defaultErrnoRet: rarely(mostly(fc.integer({ min: 1, max: 4095 }), fc.constantFrom(0, 4096, -1, 2.5))),
          }, { requiredKeys: [] }),
        },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
    }),
    fc.constant({ kind: 'dockerDefault' as const }),
    fc.constant({ kind: 'dockerDefault' as const }),
    fc.record({ kind: fc.constant('dockerDefaultMinus' as const), names: mostly(fc.uniqueArray(fc.constantFrom(...DOCKER_DEFAULT_ALLOWED, 'mount', 'ptrace', 'unshare', 'bpf', 'socket', 'clone'), { maxLength: 6 }), syscalls) }),
    fc.record({ kind: fc.constant('allowByDefault' as const), names: mostly(fc.uniqueArray(syscall, { minLength: 1, maxLength: 6 }), syscalls), justification }),
  ) as fc.Arbitrary<SeccompSpec>,
  rarely(fc.array(rule, { minLength: 1, maxLength: 3 }), 3),
);

// ---------------------------------------------------------------------------------------------------------------
// AppArmor generators
// ---------------------------------------------------------------------------------------------------------------

const TOPS = ['/app', '/data', '/usr', '/etc', '/tmp', '/srv'];
const SEGMENTS = ['x', 'xx', 'bin', 'lib', 'cache', 'run', 'a.b', 'v1~2', 'k=v', 'p%20q', 'a:b', 'c+d'];
const GLOB_SEGMENTS = ['*', '**', '?', 'x*', '*x', 'x?', 'lib*', '*.conf'];
const concretePath = fc.tuple(fc.constantFrom(...TOPS), fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 3 }))
  .map(([t, s]) => [t, ...s].join('/'));
const profilePath = fc.tuple(
  fc.constantFrom(...TOPS),
  fc.array(fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SEGMENTS) },
    { weight: 1, arbitrary: fc.constantFrom(...GLOB_SEGMENTS) },
  ), { maxLength: 3 }),
).map(([t, s]) => [t, ...s].join('/'));
const badPath: fc.Arbitrary<any> = fc.oneof(
  fc.constantFrom('/', 'rel/path', '/a/../b', '/a/./b', '/a//b', '/x/', '/a b', '/a,b', '/a{b,c}', '/a[bc]', '@{HOME}/x', '/home/@{USER}', '/a#b',
    '/a"b', "/a'b", '/a\nb', '/a\rb', '/a\u0000', '/***', '/a\\b', '/a^b', '/a}', '/a{', '/x, /** rwx', '/x rw,\n  /** ix', `/${'a'.repeat(1024)}`, 7, null),
  hostileString,
);
const cleanPaths = rarely(fc.array(profilePath, { minLength: 1, maxLength: 3 }), 3);
const hostilePaths = rarely(fc.oneof(
  { weight: 10, arbitrary: fc.array(mostly(profilePath, badPath), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant('/etc' as any) },
), 3);
const cleanName = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}$/).filter((n) => !['default', 'docker-default', 'docker-'].includes(n));
const cleanCapabilities = rarely(fc.uniqueArray(fc.constantFrom(...Object.values(AppArmorCapability)), { maxLength: 3 }), 2);
const cleanNetwork = rarely(fc.record({
  raw: rarely(fc.boolean(), 2),
  packet: rarely(fc.boolean(), 2),
  protocols: rarely(fc.subarray(Object.values(AppArmorNetworkProtocol), { minLength: 1 }), 2),
}, { requiredKeys: [] }), 2);
/** Each prop the way a caller writes it (clean), or with hostile values mixed in; paths share top directories, so lists overlap. */
const appArmorRecord = (hostile: boolean) => fc.record({
  name: hostile
    ? mostly(cleanName, fc.oneof(fc.constantFrom('default', 'docker-default', 'docker-', 'Nginx', 'a b', 'x{y}', 'x,y', 'a\nb', 'a'.repeat(65), '', 42 as any), hostileString))
    : cleanName,
  readOnlyPaths: hostile ? hostilePaths : cleanPaths,
  writablePaths: hostile ? hostilePaths : cleanPaths,
  logOnWritePaths: hostile ? hostilePaths : cleanPaths,
  allowExec: hostile ? hostilePaths : cleanPaths,
  denyExec: hostile ? hostilePaths : cleanPaths,
  deniedPaths: hostile ? hostilePaths : cleanPaths,
  capabilities: hostile
    ? rarely(fc.array(mostly(fc.constantFrom(...Object.values(AppArmorCapability)), fc.constantFrom('CAP_SYS_ADMIN', 'SYS_ADMIN', 'all', 'chown,') as fc.Arbitrary<any>), { maxLength: 3 }), 2)
    : cleanCapabilities,
  network: hostile
    ? rarely(fc.record({
      raw: rarely(mostly(fc.boolean(), fc.constantFrom('yes', 1, null) as fc.Arbitrary<any>), 2),
      packet: rarely(mostly(fc.boolean(), fc.constantFrom('no', 0) as fc.Arbitrary<any>), 2),
      protocols: rarely(mostly(
        fc.subarray(Object.values(AppArmorNetworkProtocol), { minLength: 1 }),
        fc.constantFrom([], ['sctp'], ['TCP'], ['tcp, raw'], 'tcp') as fc.Arbitrary<any>,
      ), 2),
    }, { requiredKeys: [] }), 2)
    : cleanNetwork,
  /** How logOnWritePaths relate to writablePaths: as generated, or derived from them (inside, or overlapping through a glob). */
  logged: fc.constantFrom('as-generated', 'as-generated', 'inside', 'glob-overlap'),
  overlapGlob: fc.constantFrom('?', '*'),
  /** How allowExec relates to writablePaths: as generated, or overlapping them through a glob. */
  exec: fc.constantFrom('as-generated', 'as-generated', 'as-generated', 'glob-overlap'),
}, { requiredKeys: ['name', 'logged', 'overlapGlob', 'exec'] }).map(({ logged, overlapGlob, exec, ...props }) => {
  const writable = Array.isArray(props.writablePaths) ? props.writablePaths.filter((w): w is string => typeof w === 'string') : [];
  // '/app/xx' -> '/app/x?' or '/app/xx*': the glob's sample ('/app/xx', '/app/xxx') may lie inside the writable path, other matches do not
  const overlap = (w: string) => (overlapGlob === '?' ? w.replace(/.$/, '?') : `${w}*`);
  if (writable.length > 0 && logged === 'inside') props.logOnWritePaths = writable.map((w) => (/[*?]/.test(w) ? w : `${w}/**`));
  if (writable.length > 0 && logged === 'glob-overlap') props.logOnWritePaths = writable.map(overlap);
  if (writable.length > 0 && exec === 'glob-overlap') props.allowExec = writable.map(overlap);
  return props as AppArmorProfileProps;
});
const appArmorProps: fc.Arbitrary<AppArmorProfileProps> = mostly(appArmorRecord(false), appArmorRecord(true));

// ---------------------------------------------------------------------------------------------------------------
// Oracles
// ---------------------------------------------------------------------------------------------------------------

const NATIVE: Record<string, string> = {
  SCMP_ARCH_X86_64: 'amd64',
  SCMP_ARCH_X86: 'x86',
  SCMP_ARCH_X32: 'x32',
  SCMP_ARCH_AARCH64: 'arm64',
  SCMP_ARCH_ARM: 'arm',
  SCMP_ARCH_MIPS: 'mips',
  SCMP_ARCH_MIPS64: 'mips64',
  SCMP_ARCH_MIPS64N32: 'mips64n32',
  SCMP_ARCH_MIPSEL: 'mipsel',
  SCMP_ARCH_MIPSEL64: 'mipsel64',
  SCMP_ARCH_MIPSEL64N32: 'mipsel64n32',
  SCMP_ARCH_PPC: 'ppc',
  SCMP_ARCH_PPC64: 'ppc64',
  SCMP_ARCH_PPC64LE: 'ppc64le',
  SCMP_ARCH_S390: 's390',
  SCMP_ARCH_S390X: 's390x',
  SCMP_ARCH_RISCV64: 'riscv64',
};
const ALLOWING = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG']);
const DOCKER_ALLOWED = DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS;

/** A rule as Docker's JSON spells it (what the profile must carry, independently of the builder's code). */
function expectedRule(r: SeccompRule, sortNames = true): any {
  const out: any = { names: sortNames ? [...r.names].sort() : [...r.names], action: r.action };
  if (r.errnoRet !== undefined) out.errnoRet = r.errnoRet;
  if (r.args && r.args.length > 0) {
    out.args = r.args.map((a) => ({ index: a.index, value: a.value, ...(a.valueTwo !== undefined ? { valueTwo: a.valueTwo } : {}), op: a.op }));
  }
  if (r.comment !== undefined) out.comment = r.comment;
  for (const key of ['includes', 'excludes'] as const) {
    const f = r[key];
    if (!f) continue;
    const o: any = {};
    if (f.caps?.length) o.caps = [...f.caps];
    if (f.arches?.length) o.arches = f.arches.map((a) => NATIVE[a]);
    if (f.minKernel !== undefined) o.minKernel = f.minKernel;
    if (Object.keys(o).length > 0) out[key] = o;
  }
  return out;
}
const unconditional = (r: any) => !r.args?.length && !r.includes && !r.excludes;

function buildSeccomp(spec: SeccompSpec, rules: SeccompRule[] | undefined): SeccompProfile {
  let profile: SeccompProfile;
  switch (spec.kind) {
    case 'allowList': profile = SeccompProfile.allowList(spec.names, spec.options); break;
    case 'dockerDefault': profile = SeccompProfile.dockerDefault(); break;
    case 'dockerDefaultMinus': profile = SeccompProfile.dockerDefaultMinus(spec.names); break;
    case 'allowByDefault': profile = SeccompProfile.allowByDefault(spec.names, { justification: spec.justification }); break;
  }
  for (const r of rules ?? []) profile.addRule(r);
  return profile;
}

/** (b) The inline profile is the profile asked for: it denies what it was told to and allows nothing Docker denies unless told to. */
function assertSeccomp(spec: SeccompSpec, rules: SeccompRule[], container: any, c: HardenedContainer, findings: ReturnType<typeof runChecks>): void {
  const opts: string[] = container.security_opts;
  expect(opts).toContain('no-new-privileges');
  const inline = opts.filter((o) => o.startsWith('seccomp='));
  expect(inline).toHaveLength(1);
  const profile = JSON.parse(inline[0].slice('seccomp='.length));
  expect(Object.keys(profile)).toEqual(['defaultAction', ...(profile.defaultErrnoRet !== undefined ? ['defaultErrnoRet'] : []), 'archMap', 'syscalls']);

  const added = rules.map((r) => expectedRule(r));
  let head: any[];
  if (spec.kind === 'allowList') {
    const o = spec.options ?? {};
    expect(profile.defaultAction).toBe(o.defaultAction ?? 'SCMP_ACT_ERRNO');
    expect(profile.defaultErrnoRet).toBe(profile.defaultAction === 'SCMP_ACT_ERRNO' ? o.defaultErrnoRet ?? 1 : undefined);
    expect(profile.archMap.map((m: any) => m.architecture)).toEqual(o.architectures ?? ['SCMP_ARCH_X86_64', 'SCMP_ARCH_AARCH64']);
    head = [{ names: [...spec.names].sort(), action: 'SCMP_ACT_ALLOW' }];
  } else if (spec.kind === 'allowByDefault') {
    expect(profile.defaultAction).toBe('SCMP_ACT_ALLOW');
    head = [{ names: [...spec.names].sort(), action: 'SCMP_ACT_ERRNO', errnoRet: 1 }];
  } else {
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(profile.defaultErrnoRet).toBe(1);
    const removed = new Set(spec.kind === 'dockerDefaultMinus' ? spec.names : []);
    // Docker's rules in Docker's order (names too), the removed names taken out of every allow rule
    head = DOCKER_DEFAULT_RULES.flatMap((r) => {
      const names = ALLOWING.has(r.action) ? r.names.filter((n) => !removed.has(n)) : r.names;
      return names.length > 0 ? [expectedRule({ ...r, names }, false)] : [];
    });
  }
  // exactly the rules asked for, in order, with every prop string carried exactly (comments included)
  expect(profile.syscalls).toEqual([...head, ...added]);
  expect(REFUSING_DEFAULTS.includes(profile.defaultAction)).toBe(spec.kind !== 'allowByDefault');

  const explicitlyAllowed = new Set([
    ...(spec.kind === 'allowList' ? spec.names : []),
    ...rules.filter((r) => ALLOWING.has(r.action)).flatMap((r) => r.names),
  ]);
  // denies what it was asked to deny
  if (spec.kind === 'dockerDefaultMinus') {
    for (const n of spec.names) {
      if (explicitlyAllowed.has(n)) continue;
      expect(profile.syscalls.filter((r: any) => ALLOWING.has(r.action) && r.names.includes(n))).toEqual([]);
    }
  }
  if (spec.kind === 'allowByDefault') {
    for (const n of spec.names) {
      expect(profile.syscalls.some((r: any) => unconditional(r) && !ALLOWING.has(r.action) && r.names.includes(n))).toBe(true);
      expect(profile.syscalls.some((r: any) => unconditional(r) && ALLOWING.has(r.action) && r.names.includes(n))).toBe(false);
    }
    // the weak form only with its justified opt-out, which answers HD-C31 and is on record
    const records = c.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE).map((m) => m.data as any);
    expect(records).toContainEqual(expect.objectContaining({ prop: 'seccompProfile', control: 'seccomp-default', justification: spec.justification.trim() }));
    expect(findings.filter((f) => f.ruleId === 'HD-C31').every((f) => f.suppressed)).toBe(true);
  } else {
    // never allows what Docker's default denies, unless the caller listed it, and then it is reported (HD-C32)
    for (const r of profile.syscalls) {
      if (!ALLOWING.has(r.action) || !unconditional(r)) continue;
      for (const n of r.names) {
        if (DOCKER_ALLOWED.has(n)) continue;
        expect([n, explicitlyAllowed.has(n)]).toEqual([n, true]);
        expect(findings.some((f) => f.ruleId === 'HD-C32' && f.findingId === n)).toBe(true);
      }
    }
    expect(findings.filter((f) => f.ruleId === 'HD-C31')).toEqual([]);
  }
}

/**
 * An AppArmor file glob as a regular expression (`**`, `*`, `?`, `{a,b}`, `[…]`, `@{PROC}`), as apparmor_parser's
 * parser_regex.c converts it: a `*`/`**` run that is a whole path component matches at least one character, not `/`.
 */
function globRegExp(glob: string): RegExp {
  const g = glob.replace(/@\{PROC\}/g, '/proc');
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*') {
      let end = i;
      while (g[end] === '*') end++;
      if (g[i - 1] === '/' && (end === g.length || g[end] === '/')) out += '[^/]';
      out += end - i >= 2 ? '.*' : '[^/]*';
      i = end - 1;
    } else if (ch === '?') {out += '[^/]';} else if (ch === '{') {out += '(?:';} else if (ch === '}') {out += ')';} else if (ch === ',') {out += '|';} else if (ch === '[') {
      const end = g.indexOf(']', i);
      out += `[${g.slice(i + 1, end)}]`;
      i = end;
    } else {out += ch.replace(/[.+^$()|\\]/g, '\\$&');}
  }
  return new RegExp(`^${out}$`);
}

interface FileRule { readonly deny: boolean; readonly path: RegExp; readonly perms: Set<string> }

/** The file rules of a rendered profile; `file,` is every permission on every path. */
function fileRules(text: string): FileRule[] {
  const rules: FileRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === 'file,') rules.push({ deny: false, path: /^\/.*$/, perms: new Set('rwlkmx') });
    const m = /^(deny |audit )?((?:\/|@\{PROC\})\S*) ([a-z]+),$/.exec(line);
    if (!m) continue;
    const perms = new Set(m[3].replace(/[ipuc]x/g, 'x').split(''));
    if (perms.has('w')) perms.add('a');
    rules.push({ deny: m[1] === 'deny ', path: globRegExp(m[2]), perms });
  }
  return rules;
}

/** What the profile's own rules let a path have (deny rules win over every grant). */
function permsOf(rules: FileRule[], path: string): Set<string> {
  const allowed = new Set<string>();
  const denied = new Set<string>();
  for (const r of rules) {
    if (!r.path.test(path)) continue;
    for (const p of r.perms) (r.deny ? denied : allowed).add(p);
  }
  return new Set([...allowed].filter((p) => !denied.has(p)));
}

/** The rule glob of a profile path: a plain path is itself and everything below it. */
const ruleGlob = (p: string) => (/[*?]/.test(p) ? p : `${p}{,/**}`);
/** Concrete paths a profile path covers. */
const samplesOf = (p: string) => [p.replace(/\*\*/g, 'x/x').replace(/[*?]/g, 'x'), p.replace(/\*\*/g, 'y').replace(/\*/g, '').replace(/\?/g, 'y'),
  ...(/[*?]/.test(p) ? [] : [`${p}/x`])];

/** (b) The rendered profile keeps every documented promise, checked on its text, and the container references it. */
function assertAppArmor(props: AppArmorProfileProps, profile: AppArmorProfile, container: any, probes: string[]): string {
  const text = profile.toProfileText();
  const name = profile.profileName;
  expect(name).toBe(props.name.startsWith('docker-') ? props.name : `docker-${props.name}`);
  expect(container.security_opts.filter((o: string) => o.startsWith('apparmor='))).toEqual([`apparmor=${name}`]);

  // (c) structure: one profile block, and every line one of the shapes the builder writes (nothing injected)
  const lines = text.split('\n');
  expect(lines.filter((l) => /^profile /.test(l))).toEqual([`profile ${name} flags=(attach_disconnected,mediate_deleted) {`]);
  expect(lines.filter((l) => l === '}')).toHaveLength(1);
  const listed = new Set(['readOnlyPaths', 'writablePaths', 'logOnWritePaths', 'allowExec', 'denyExec', 'deniedPaths']
    .flatMap((k) => ((props as any)[k] ?? []) as string[]).map(ruleGlob));
  for (const line of lines.slice(lines.indexOf(`profile ${name} flags=(attach_disconnected,mediate_deleted) {`) + 1, lines.lastIndexOf('}'))) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || /^(deny )?(network|capability|signal|ptrace|mount|umount|pivot_root)\b[^{}\n]*,$/.test(t)) continue;
    if (t === 'file,' || /^\/\*\* r[wmlkix]*,$/.test(t) || /^deny (@\{PROC\}|\/sys)\/\S+ [a-z]+,$/.test(t)) continue;
    const m = /^(?:deny |audit )?(\/\S*) ([a-z]+),$/.exec(t);
    expect(m, `unexpected profile line ${JSON.stringify(t)}`).not.toBeNull();
    expect(listed.has(m![1]), `rule path ${m![1]} not from the props`).toBe(true);
  }

  // capabilities and network exactly as asked
  const caps = [...new Set(props.capabilities ?? [])].sort();
  expect(lines.map((l) => l.trim()).filter((l) => l.startsWith('capability '))).toEqual(caps.map((c) => `capability ${c},`));
  const net = lines.map((l) => l.trim()).filter((l) => /^(deny )?network\b/.test(l));
  const n = props.network ?? {};
  if (!n.raw) expect(net).toEqual(expect.arrayContaining(['deny network inet raw,', 'deny network inet6 raw,']));
  if (!n.packet) expect(net).toContain('deny network packet,');
  if (n.protocols !== undefined) {
    expect(net).not.toContain('network,');
    for (const l of net.filter((x) => /^network inet6? /.test(x))) {
      expect([...n.protocols, ...(n.raw ? ['raw'] : [])]).toContain(/^network inet6? (\w+),$/.exec(l)![1]);
    }
  }

  // files: read-only, denied, denied executables, write xor execute, writes only where allowed
  const rules = fileRules(text);
  const all = (k: keyof AppArmorProfileProps) => ((props[k] ?? []) as string[]);
  const matches = (k: keyof AppArmorProfileProps, p: string) => all(k).some((x) => globRegExp(ruleGlob(x)).test(p));
  const every = [...new Set([...probes, ...(['readOnlyPaths', 'writablePaths', 'logOnWritePaths', 'allowExec', 'denyExec', 'deniedPaths'] as const)
    .flatMap((k) => all(k).flatMap(samplesOf))])];
  for (const p of every) {
    const perms = permsOf(rules, p);
    const has = (x: string) => perms.has(x);
    if (matches('readOnlyPaths', p)) expect([p, 'read-only', has('w') || has('a') || has('l')]).toEqual([p, 'read-only', false]);
    if (matches('deniedPaths', p)) expect([p, 'denied', [...perms].filter((x) => 'rwalmx'.includes(x))]).toEqual([p, 'denied', []]);
    if (matches('denyExec', p)) expect([p, 'denyExec', has('x')]).toEqual([p, 'denyExec', false]);
    if (all('allowExec').length > 0) {
      if (has('x')) expect([p, 'only allowExec runs', matches('allowExec', p)]).toEqual([p, 'only allowExec runs', true]);
      expect([p, 'write xor execute', has('x') && (has('w') || has('a'))]).toEqual([p, 'write xor execute', false]);
    }
    if (all('writablePaths').length > 0 && has('w')) {
      expect([p, 'writes only to writablePaths', matches('writablePaths', p)]).toEqual([p, 'writes only to writablePaths', true]);
    }
  }
  return text;
}

/** (c) No `${`/`%{` from a prop reaches a Terraform string unescaped (the image reference is the only one allowed). */
function expectNoTemplates(json: any): void {
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/(?<!\$)\$\{/g)) expect(v.slice(m.index)).toMatch(/^\$\{docker_image\.[A-Za-z0-9_-]+\.image_id\}/);
      expect(v).not.toMatch(/(?<!%)%\{/);
    } else if (Array.isArray(v)) {v.forEach(walk);} else if (v && typeof v === 'object') {Object.values(v).forEach(walk);}
  };
  walk(json);
}

// ---------------------------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------------------------

const profilesCase = fc.record({
  seccomp: fc.oneof(
    { weight: 4, arbitrary: seccompSpec.map((s) => ({ kind: 'builder' as const, spec: s[0], rules: s[1] })) },
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 1, arbitrary: fc.constantFrom<any>('seccomp=unconfined', {}, 'unconfined').map((value) => ({ kind: 'bogus' as const, value })) },
  ),
  apparmor: fc.oneof(
    { weight: 4, arbitrary: appArmorProps.map((props) => ({ kind: 'builder' as const, props })) },
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 1, arbitrary: fc.constantFrom<any>('unconfined', { securityOpt: () => 'apparmor=unconfined' }).map((value) => ({ kind: 'bogus' as const, value })) },
  ),
  probes: fc.array(concretePath, { maxLength: 4 }),
  parse: fc.nat(PARSE_EVERY - 1),
});

describe('seccomp and AppArmor profiles on a HardenedContainer, property-based', () => {
  test('apparmor_parser is installed (the AppArmor cases compile a sample with it)', () => {
    expect(PARSER, 'apparmor_parser not found: install Debian\'s `apparmor` package').toBeDefined();
  });

  test(`generated profiles: a named refusal, or a container whose profiles keep every promise (${RUNS} runs)`, () => {
    const count = { synthesized: 0, refused: 0, seccomp: 0, apparmor: 0, parsed: 0 };
    const refusedBy = new Map<string, number>();
    fc.assert(
      fc.property(profilesCase, (c) => {
        const stack = newStack('profiles');
        let seccomp: SeccompProfile | undefined;
        let apparmor: AppArmorProfile | undefined;
        let container: HardenedContainer;
        try {
          if (c.seccomp.kind === 'builder') seccomp = buildSeccomp(c.seccomp.spec, c.seccomp.rules);
          if (c.seccomp.kind === 'bogus') seccomp = c.seccomp.value;
          if (c.apparmor.kind === 'builder') apparmor = new AppArmorProfile(c.apparmor.props);
          if (c.apparmor.kind === 'bogus') apparmor = c.apparmor.value;
          container = new HardenedContainer(stack, 'c', { image: IMAGE, user: USER, seccompProfile: seccomp, apparmorProfile: apparmor });
        } catch (e) {
          count.refused++;
          const message = String((e as Error)?.message ?? e);
          if (message.startsWith('SeccompProfile: ')) expect(message).toMatch(SECCOMP_REFUSAL);
          else if (message.startsWith('AppArmorProfile: ')) expect(message).toMatch(APPARMOR_REFUSAL);
          else expectNamedRefusal(e, 'profiles/c');
          const key = /^(\S+?):? invalid (\S+)/.exec(message);
          const k = key ? `${key[1].replace(/^profiles\/c$/, 'container')}.${key[2].replace(/\[\d+\]/g, '[]')}` : message;
          refusedBy.set(k, (refusedBy.get(k) ?? 0) + 1);
          return;
        }
        count.synthesized++;
        const findings = runChecks(stack);
        // (a) nothing the stack-wide checks call an error, unless a justified opt-out answers it
        expect(findings.filter((f) => f.level === 'error' && !f.suppressed).map((f) => `${f.ruleId} ${f.findingId ?? ''} ${f.message}`)).toEqual([]);
        const out = onlyContainer(stack);
        expectNoTemplates(out);
        expect(out.security_opts.filter((o: string) => /^(seccomp|apparmor)[=:]/.test(o))).toHaveLength((seccomp ? 1 : 0) + (apparmor ? 1 : 0));
        if (seccomp && c.seccomp.kind === 'builder') {
          count.seccomp++;
          assertSeccomp(c.seccomp.spec, c.seccomp.rules ?? [], out, container, findings);
        }
        if (apparmor && c.apparmor.kind === 'builder') {
          count.apparmor++;
          const text = assertAppArmor(c.apparmor.props, apparmor, out, c.probes);
          if (c.parse === 0) {
            count.parsed++;
            expectParses(text);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.info(`profiles property: ${count.synthesized} synthesized (${count.seccomp} with a seccomp profile, ${count.apparmor} with an ` +
      `AppArmor profile, ${count.parsed} compiled by apparmor_parser), ${count.refused} refused with a named error (seed ${SEED}); refused by ` +
      [...refusedBy].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(' '));
    expect(count.synthesized).toBeGreaterThan(RUNS * 0.2);
    expect(count.refused).toBeGreaterThan(RUNS * 0.2);
    expect(count.seccomp).toBeGreaterThan(RUNS * 0.05);
    expect(count.apparmor).toBeGreaterThan(RUNS * 0.05);
    expect(count.parsed).toBeGreaterThan(0);
  });
});
