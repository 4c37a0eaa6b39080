import * as fc from 'fast-check';
import {
  DOCKER_DEFAULT_ALLOWED, DOCKER_DEFAULT_CONDITIONAL_RULES, DOCKER_DEFAULT_OMITTED_SYSCALLS, DOCKER_DEFAULT_RULES, DOCKER_DEFAULT_SOURCE,
  KNOWN_SYSCALLS, SeccompAction, SeccompArch, SeccompOp, SeccompProfile, SeccompRule, isKnownSyscall,
} from '../../lib/seccomp';

/** Seeded, and sized by HARDENED_FC_RUNS (10,000 in `npm run test:fuzz`). */
const RUNS = Number(process.env.HARDENED_FC_RUNS ?? 400);
const SEED = Number(process.env.HARDENED_FC_SEED ?? 20261122);

const JUSTIFIED = { justification: 'legacy agent needs namespaces; tracked in SEC-123' };
const INVALID = /^SeccompProfile: invalid /;

function sortedUnique(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

describe('Docker default profile data', () => {
  test('names its source', () => {
    expect(DOCKER_DEFAULT_SOURCE).toMatchObject({
      repo: 'moby/profiles',
      path: 'seccomp/default.json',
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      version: expect.stringContaining('28.'),
    });
  });

  test('has 31 rules, the first allowing 361 syscalls unconditionally (Engine 28.x)', () => {
    expect(DOCKER_DEFAULT_RULES).toHaveLength(31);
    expect(DOCKER_DEFAULT_CONDITIONAL_RULES).toHaveLength(30);
    expect(DOCKER_DEFAULT_ALLOWED).toHaveLength(361);
    expect(new Set(DOCKER_DEFAULT_ALLOWED).size).toBe(361);
    expect(DOCKER_DEFAULT_RULES[0]).toEqual({ names: [...DOCKER_DEFAULT_ALLOWED], action: SeccompAction.SCMP_ACT_ALLOW });
  });

  test('keeps the well-known denials out of the unconditional allow list', () => {
    for (const name of ['mount', 'unshare', 'setns', 'bpf', 'ptrace', 'perf_event_open', 'keyctl', 'add_key', 'io_uring_setup', 'socket', 'clone']) {
      expect(DOCKER_DEFAULT_ALLOWED).not.toContain(name);
    }
    for (const name of ['read', 'write', 'execve', 'futex_wake', 'cachestat', 'mseal']) {
      expect(DOCKER_DEFAULT_ALLOWED).toContain(name);
    }
  });

  test('KNOWN_SYSCALLS is every name of the profile, sorted, and disjoint from the omitted ones', () => {
    expect(KNOWN_SYSCALLS).toEqual(sortedUnique(DOCKER_DEFAULT_RULES.flatMap((r) => r.names)));
    expect(KNOWN_SYSCALLS).toContain('mount');
    expect(KNOWN_SYSCALLS).toContain('swapcontext');
    for (const name of DOCKER_DEFAULT_OMITTED_SYSCALLS) {
      expect(KNOWN_SYSCALLS).not.toContain(name);
      expect(isKnownSyscall(name)).toBe(true);
    }
    expect(isKnownSyscall('frobnicate')).toBe(false);
  });

  test('dockerDefault() reproduces the profile in Docker\'s JSON form', () => {
    const profile = SeccompProfile.dockerDefault();
    const json = JSON.parse(profile.toJson());
    expect(json.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(json.defaultErrnoRet).toBe(1);
    expect(json.archMap[0]).toEqual({ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] });
    expect(json.syscalls).toHaveLength(31);
    expect(json.syscalls.find((r: any) => r.names[0] === 'arch_prctl')).toEqual({
      names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64', 'x32'] },
    });
    expect(json.syscalls.find((r: any) => r.comment)).toEqual({
      names: ['clone'],
      action: 'SCMP_ACT_ALLOW',
      args: [{ index: 1, value: 2114060288, op: 'SCMP_CMP_MASKED_EQ' }],
      comment: 's390 parameter ordering for clone is different',
      includes: { arches: ['s390', 's390x'] },
      excludes: { caps: ['CAP_SYS_ADMIN'] },
    });
    expect(json.syscalls.find((r: any) => r.errnoRet)).toEqual({
      names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38, excludes: { caps: ['CAP_SYS_ADMIN'] },
    });
    expect(profile.allowedSyscalls()).toEqual(sortedUnique(DOCKER_DEFAULT_ALLOWED));
    expect(profile.deniedByDockerDefaultButAllowed()).toEqual([]);
    expect(profile.allowsByDefault).toBe(false);
    expect(profile.removedSyscalls).toEqual([]);
    expect(profile.justification).toBeUndefined();
    expect(profile.toJson()).toMatchSnapshot();
  });
});

describe('SeccompProfile.allowList', () => {
  test('denies everything with EPERM and allows exactly the listed syscalls', () => {
    const profile = SeccompProfile.allowList(['write', 'read', 'exit_group', 'rt_sigreturn']);
    expect(profile.defaultAction).toBe(SeccompAction.SCMP_ACT_ERRNO);
    expect(profile.defaultErrnoRet).toBe(1);
    expect(profile.allowsByDefault).toBe(false);
    expect(profile.architectures).toEqual([
      SeccompArch.SCMP_ARCH_AARCH64, SeccompArch.SCMP_ARCH_ARM, SeccompArch.SCMP_ARCH_X32, SeccompArch.SCMP_ARCH_X86, SeccompArch.SCMP_ARCH_X86_64,
    ]);
    expect(profile.allowedSyscalls()).toEqual(['exit_group', 'read', 'rt_sigreturn', 'write']);
    expect(profile.deniedByDockerDefaultButAllowed()).toEqual([]);
    expect(profile.toJson()).toMatchSnapshot();
  });

  test('takes architectures and a refusing default action', () => {
    const profile = SeccompProfile.allowList(['read'], { architectures: [SeccompArch.SCMP_ARCH_X86_64], defaultAction: SeccompAction.SCMP_ACT_KILL_PROCESS });
    expect(profile.toObject()).toEqual({
      defaultAction: 'SCMP_ACT_KILL_PROCESS',
      archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] }],
      syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }],
    });
    expect(SeccompProfile.allowList(['read'], { defaultErrnoRet: 38 }).toObject().defaultErrnoRet).toBe(38);
    expect(SeccompProfile.allowList(['read'], { architectures: [SeccompArch.SCMP_ARCH_PPC64LE] }).archMap)
      .toEqual([{ architecture: 'SCMP_ARCH_PPC64LE', subArchitectures: [] }]);
  });

  test('reports syscalls Docker\'s default denies or allows only with a capability or argument condition', () => {
    const profile = SeccompProfile.allowList(['read', 'mount', 'keyctl', 'ptrace', 'arch_prctl', 'bpf']);
    // ptrace (allowed from kernel 4.8) and arch_prctl (allowed on x86) are what Docker's default allows anyway
    expect(profile.deniedByDockerDefaultButAllowed()).toEqual(['bpf', 'keyctl', 'mount']);
  });

  test('addRule appends a validated rule with sorted names', () => {
    const profile = SeccompProfile.allowList(['read', 'write'], { architectures: [SeccompArch.SCMP_ARCH_X86_64] });
    const returned = profile
      .addRule({ names: ['socket'], action: SeccompAction.SCMP_ACT_ALLOW, args: [{ index: 0, value: 1, op: SeccompOp.SCMP_CMP_EQ }] })
      .addRule({ names: ['ptrace', 'mount'], action: SeccompAction.SCMP_ACT_KILL_PROCESS })
      .addRule({
        names: ['arch_prctl'],
        action: SeccompAction.SCMP_ACT_ALLOW,
        includes: { arches: [SeccompArch.SCMP_ARCH_X86_64], caps: ['CAP_SYS_ADMIN'], minKernel: '5.4' },
      })
      .addRule({ names: ['personality'], action: SeccompAction.SCMP_ACT_ERRNO, errnoRet: 38, args: [{ index: 0, value: 255, valueTwo: 8, op: SeccompOp.SCMP_CMP_MASKED_EQ }] });
    expect(returned).toBe(profile);
    expect(profile.rules).toHaveLength(5);
    expect(profile.allowedSyscalls()).toEqual(['read', 'write']);
    expect(profile.toObject().syscalls.slice(1)).toEqual([
      { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] },
      { names: ['mount', 'ptrace'], action: 'SCMP_ACT_KILL_PROCESS' },
      { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'], arches: ['amd64'], minKernel: '5.4' } },
      { names: ['personality'], action: 'SCMP_ACT_ERRNO', errnoRet: 38, args: [{ index: 0, value: 255, valueTwo: 8, op: 'SCMP_CMP_MASKED_EQ' }] },
    ]);
  });

  test('getters return copies', () => {
    const profile = SeccompProfile.allowList(['read']);
    profile.rules[0].names.push('write');
    profile.archMap[0].subArchitectures.push(SeccompArch.SCMP_ARCH_ARM);
    expect(profile.allowedSyscalls()).toEqual(['read']);
    expect(profile.archMap[0].subArchitectures).toEqual(['SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  });
});

describe('SeccompProfile.dockerDefaultMinus', () => {
  test('removes the names from every allow rule and records them', () => {
    const base = SeccompProfile.dockerDefault().toObject();
    const profile = SeccompProfile.dockerDefaultMinus(['socket', 'ptrace', 'personality', 'read']);
    const json = JSON.parse(profile.toJson());
    expect(profile.removedSyscalls).toEqual(['personality', 'ptrace', 'read', 'socket']);
    expect(profile.defaultAction).toBe(SeccompAction.SCMP_ACT_ERRNO);
    // socket's rule and personality's 5 rules had no other names.
    expect(json.syscalls).toHaveLength(31 - 6);
    const names = (rules: any[]) => rules.flatMap((r) => r.names);
    for (const name of ['socket', 'ptrace', 'personality', 'read']) expect(names(json.syscalls)).not.toContain(name);
    expect(profile.allowedSyscalls()).toEqual(sortedUnique(DOCKER_DEFAULT_ALLOWED).filter((n) => n !== 'read'));
    expect(profile.deniedByDockerDefaultButAllowed()).toEqual([]);
    // A readable diff against Docker's default.
    const diff = {
      removed: profile.removedSyscalls,
      onlyInDockerDefault: base.syscalls.filter((r: any) => !json.syscalls.some((s: any) => JSON.stringify(s) === JSON.stringify(r)))
        .filter((r: any) => r.names.length < 30),
      onlyInProfile: json.syscalls.filter((s: any) => !base.syscalls.some((r: any) => JSON.stringify(s) === JSON.stringify(r)))
        .filter((r: any) => r.names.length < 30),
    };
    expect(diff).toMatchSnapshot();
  });

  test('an empty list is Docker\'s default', () => {
    expect(SeccompProfile.dockerDefaultMinus([]).toJson()).toBe(SeccompProfile.dockerDefault().toJson());
  });
});

describe('SeccompProfile.allowByDefault', () => {
  test('the literature\'s weak example: allow everything, deny socket', () => {
    const profile = SeccompProfile.allowByDefault(['socket'], JUSTIFIED);
    expect(profile.allowsByDefault).toBe(true);
    expect(profile.defaultAction).toBe(SeccompAction.SCMP_ACT_ALLOW);
    expect(profile.defaultErrnoRet).toBeUndefined();
    expect(profile.justification).toBe(JUSTIFIED.justification);
    const given = profile.deniedByDockerDefaultButAllowed();
    for (const name of ['mount', 'umount2', 'unshare', 'setns', 'bpf', 'keyctl', 'add_key', 'perf_event_open', 'kexec_load', 'personality', 'clone']) {
      expect(given).toContain(name);
    }
    expect(given).not.toContain('socket');
    expect(given).not.toContain('read');
    expect(profile.allowedSyscalls()).toContain('read');
    expect(profile.allowedSyscalls()).not.toContain('socket');
    expect(profile.toObject()).toEqual({
      defaultAction: 'SCMP_ACT_ALLOW',
      archMap: [
        { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
        { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
      ],
      syscalls: [{ names: ['socket'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
    });
    expect(profile.toJson()).toMatchSnapshot();
  });

  test('trims the justification', () => {
    expect(SeccompProfile.allowByDefault(['mount'], { justification: '   needed by the vendor agent  ' }).justification).toBe('needed by the vendor agent');
  });
});

describe('determinism', () => {
  test('same input, byte-identical JSON; input order does not matter', () => {
    const a = SeccompProfile.allowList(['write', 'read', 'close']).toJson();
    expect(SeccompProfile.allowList(['write', 'read', 'close']).toJson()).toBe(a);
    expect(SeccompProfile.allowList(['close', 'write', 'read']).toJson()).toBe(a);
    expect(SeccompProfile.dockerDefaultMinus(['ptrace', 'mount']).toJson()).toBe(SeccompProfile.dockerDefaultMinus(['mount', 'ptrace']).toJson());
    expect(SeccompProfile.allowByDefault(['mount', 'bpf'], JUSTIFIED).toJson()).toBe(SeccompProfile.allowByDefault(['bpf', 'mount'], JUSTIFIED).toJson());
  });

  test('fixed key order, compact JSON', () => {
    const profile = SeccompProfile.allowList(['read'])
      .addRule({
        excludes: { minKernel: '5.0', arches: [SeccompArch.SCMP_ARCH_ARM], caps: ['CAP_BPF'] },
        includes: { minKernel: '4.8' },
        comment: 'c',
        args: [{ op: SeccompOp.SCMP_CMP_MASKED_EQ, valueTwo: 2, value: 3, index: 1 }],
        errnoRet: 5,
        action: SeccompAction.SCMP_ACT_ERRNO,
        names: ['bpf'],
      });
    const json = profile.toJson();
    expect(json).not.toMatch(/\s/);
    const obj = JSON.parse(json);
    expect(Object.keys(obj)).toEqual(['defaultAction', 'defaultErrnoRet', 'archMap', 'syscalls']);
    expect(Object.keys(obj.syscalls[1])).toEqual(['names', 'action', 'errnoRet', 'args', 'comment', 'includes', 'excludes']);
    expect(Object.keys(obj.syscalls[1].args[0])).toEqual(['index', 'value', 'valueTwo', 'op']);
    expect(Object.keys(obj.syscalls[1].excludes)).toEqual(['caps', 'arches', 'minKernel']);
    expect(profile.toSecurityOpt()).toBe(`seccomp=${json}`);
  });
});

describe('validation', () => {
  const allow = SeccompAction.SCMP_ACT_ALLOW;
  const errno = SeccompAction.SCMP_ACT_ERRNO;
  const x86Only = () => SeccompProfile.allowList(['read'], { architectures: [SeccompArch.SCMP_ARCH_X86_64] });

  test.each<[string, () => unknown, string]>([
    ['unknown syscall', () => SeccompProfile.allowList(['read', 'frobnicate']), 'SeccompProfile: invalid syscall "frobnicate": not a syscall known'],
    ['non-string syscall', () => SeccompProfile.allowList([42 as any]), 'SeccompProfile: invalid syscall 42:'],
    ['unknown syscall in a rule', () => x86Only().addRule({ names: ['nope'], action: errno }), 'SeccompProfile: invalid syscall "nope"'],
    ['duplicate in the allow list', () => SeccompProfile.allowList(['read', 'read']), 'SeccompProfile: invalid allow list entry "read": each syscall may be listed once'],
    ['duplicate within a rule', () => x86Only().addRule({ names: ['mount', 'mount'], action: errno }),
      'SeccompProfile: invalid rules[1].names entry "mount": each syscall may be listed once in a rule'],
    ['duplicate across allow rules', () => x86Only().addRule({ names: ['read'], action: allow }),
      'SeccompProfile: invalid rules[1].names entry "read": already SCMP_ACT_ALLOW in rules[0]'],
    ['conditional allow of an allowed name', () => x86Only().addRule({ names: ['read'], action: allow, args: [{ index: 0, value: 1, op: SeccompOp.SCMP_CMP_EQ }] }),
      'SeccompProfile: invalid rules[1].names entry "read": already allowed unconditionally in rules[0]'],
    ['contradictory rules', () => x86Only().addRule({ names: ['read'], action: errno }),
      'SeccompProfile: invalid rules[1].names entry "read": contradicts rules[0], which applies SCMP_ACT_ALLOW unconditionally'],
    ['contradictory deny in an allow-by-default profile', () => SeccompProfile.allowByDefault(['mount'], JUSTIFIED).addRule({ names: ['mount'], action: allow }),
      'SeccompProfile: invalid rules[1].names entry "mount": contradicts rules[0]'],
    ['empty allow list', () => SeccompProfile.allowList([]), 'SeccompProfile: invalid allow list []: at least one syscall must be allowed'],
    ['empty rule', () => x86Only().addRule({ names: [], action: errno }), 'SeccompProfile: invalid rules[1].names []: a rule names at least one syscall'],
    ['errnoRet 0', () => x86Only().addRule({ names: ['mount'], action: errno, errnoRet: 0 }), 'SeccompProfile: invalid rules[1].errnoRet 0: an errno from 1 to 4095'],
    ['errnoRet 4096', () => x86Only().addRule({ names: ['mount'], action: errno, errnoRet: 4096 }), 'SeccompProfile: invalid rules[1].errnoRet 4096: an errno from 1 to 4095'],
    ['errnoRet 1.5', () => x86Only().addRule({ names: ['mount'], action: errno, errnoRet: 1.5 }), 'SeccompProfile: invalid rules[1].errnoRet 1.5'],
    ['errnoRet on an allow rule', () => x86Only().addRule({ names: ['mount'], action: allow, errnoRet: 1 }),
      'SeccompProfile: invalid rules[1].errnoRet 1: only SCMP_ACT_ERRNO (and SCMP_ACT_TRACE) rules take an errnoRet'],
    ['defaultErrnoRet 0', () => SeccompProfile.allowList(['read'], { defaultErrnoRet: 0 }), 'SeccompProfile: invalid defaultErrnoRet 0: an errno from 1 to 4095'],
    ['defaultErrnoRet with a kill default', () => SeccompProfile.allowList(['read'], { defaultErrnoRet: 1, defaultAction: SeccompAction.SCMP_ACT_KILL_PROCESS }),
      'SeccompProfile: invalid defaultErrnoRet 1: only an SCMP_ACT_ERRNO default action returns an errno'],
    ['allowing default action in an allow list', () => SeccompProfile.allowList(['read'], { defaultAction: SeccompAction.SCMP_ACT_LOG }),
      'SeccompProfile: invalid defaultAction "SCMP_ACT_LOG": an allow list refuses what it does not list'],
    ['arch mismatch', () => x86Only().addRule({ names: ['cacheflush'], action: allow, includes: { arches: [SeccompArch.SCMP_ARCH_AARCH64] } }),
      'SeccompProfile: invalid rules[1].includes.arches entry "SCMP_ARCH_AARCH64": not an architecture of this profile (SCMP_ARCH_X32, SCMP_ARCH_X86, SCMP_ARCH_X86_64)'],
    ['arch mismatch in excludes', () => x86Only().addRule({ names: ['mount'], action: errno, excludes: { arches: [SeccompArch.SCMP_ARCH_S390X] } }),
      'SeccompProfile: invalid rules[1].excludes.arches entry "SCMP_ARCH_S390X": not an architecture of this profile'],
    ['unknown arch', () => SeccompProfile.allowList(['read'], { architectures: ['SCMP_ARCH_VAX' as SeccompArch] }), 'SeccompProfile: invalid architecture "SCMP_ARCH_VAX"'],
    ['args index 6', () => x86Only().addRule({ names: ['mount'], action: errno, args: [{ index: 6, value: 0, op: SeccompOp.SCMP_CMP_EQ }] }),
      'SeccompProfile: invalid rules[1].args[0].index 6: a syscall argument index from 0 to 5'],
    ['args index -1', () => x86Only().addRule({ names: ['mount'], action: errno, args: [{ index: -1, value: 0, op: SeccompOp.SCMP_CMP_EQ }] }),
      'SeccompProfile: invalid rules[1].args[0].index -1'],
    ['negative arg value', () => x86Only().addRule({ names: ['mount'], action: errno, args: [{ index: 0, value: -1, op: SeccompOp.SCMP_CMP_EQ }] }),
      'SeccompProfile: invalid rules[1].args[0].value -1: a non-negative integer'],
    ['unknown op', () => x86Only().addRule({ names: ['mount'], action: errno, args: [{ index: 0, value: 1, op: 'SCMP_CMP_LIKE' as SeccompOp }] }),
      'SeccompProfile: invalid rules[1].args[0].op "SCMP_CMP_LIKE"'],
    ['unknown action', () => x86Only().addRule({ names: ['mount'], action: 'SCMP_ACT_NOPE' as SeccompAction }), 'SeccompProfile: invalid rules[1].action "SCMP_ACT_NOPE"'],
    ['bad capability', () => x86Only().addRule({ names: ['mount'], action: allow, includes: { caps: ['sys_admin'] } }),
      'SeccompProfile: invalid rules[1].includes.caps entry "sys_admin": a capability name'],
    ['bad minKernel', () => x86Only().addRule({ names: ['mount'], action: allow, includes: { minKernel: 'four' } }),
      'SeccompProfile: invalid rules[1].includes.minKernel "four"'],
    ['not a rule', () => x86Only().addRule(null as unknown as SeccompRule), 'SeccompProfile: invalid rules[1] null: a SeccompRule object'],
    ['short justification', () => SeccompProfile.allowByDefault(['mount'], { justification: 'because' }),
      'SeccompProfile: invalid optOut.justification "because": an allow-by-default seccomp profile is weaker than Docker\'s default'],
    ['missing opt-out', () => SeccompProfile.allowByDefault(['mount'], undefined as any), 'SeccompProfile: invalid optOut.justification (unset)'],
    ['empty deny list', () => SeccompProfile.allowByDefault([], JUSTIFIED), 'SeccompProfile: invalid deny list []'],
    ['removing what Docker does not allow', () => SeccompProfile.dockerDefaultMinus(['keyctl']),
      'SeccompProfile: invalid syscall to remove "keyctl": Docker\'s default profile does not allow it'],
    ['removing an unknown name', () => SeccompProfile.dockerDefaultMinus(['nope']), 'SeccompProfile: invalid syscall "nope"'],
    ['removing twice', () => SeccompProfile.dockerDefaultMinus(['mount', 'mount']), 'SeccompProfile: invalid syscalls to remove entry "mount"'],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(message);
    expect(build).toThrow(INVALID);
  });

  test('a refused rule leaves the profile unchanged', () => {
    const profile = x86Only();
    const before = profile.toJson();
    expect(() => profile.addRule({ names: ['read'], action: errno })).toThrow(INVALID);
    expect(profile.toJson()).toBe(before);
  });

  test('Docker\'s own rules keep their architecture conditions (ppc64le is not in Docker\'s archMap)', () => {
    const profile = SeccompProfile.dockerDefault();
    expect(profile.architectures).not.toContain(SeccompArch.SCMP_ARCH_PPC64LE);
    expect(profile.rules.some((r) => r.includes?.arches?.includes(SeccompArch.SCMP_ARCH_PPC64LE))).toBe(true);
    expect(() => profile.addRule({ names: ['mount'], action: errno, includes: { arches: [SeccompArch.SCMP_ARCH_PPC64LE] } }))
      .toThrow('not an architecture of this profile');
    // s390x is one of Docker's architectures.
    profile.addRule({ names: ['mount'], action: errno, includes: { arches: [SeccompArch.SCMP_ARCH_S390X] } });
    expect(profile.addRule({ names: ['kexec_load'], action: SeccompAction.SCMP_ACT_KILL_PROCESS }).rules).toHaveLength(33);
  });
});

describe('property: generated profiles build and round-trip, or fail with a SeccompProfile error', () => {
  const known = fc.constantFrom(...KNOWN_SYSCALLS, ...DOCKER_DEFAULT_OMITTED_SYSCALLS);
  const junk = fc.oneof(fc.constantFrom('', 'READ', 'frobnicate', 'read ', '__proto__', 'constructor'), fc.string({ maxLength: 12 }));
  const name = fc.oneof({ weight: 12, arbitrary: known }, { weight: 1, arbitrary: junk });
  const names = fc.array(name, { maxLength: 10 });
  const action = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...Object.values(SeccompAction)) },
    { weight: 1, arbitrary: fc.constantFrom('SCMP_ACT_BOGUS', '') as unknown as fc.Arbitrary<SeccompAction> },
  );
  const arch = fc.constantFrom(...Object.values(SeccompArch));
  const arg = fc.record({
    index: fc.integer({ min: -1, max: 7 }),
    value: fc.integer({ min: -2, max: 1_048_576 }),
    op: fc.constantFrom(...Object.values(SeccompOp)),
  });
  const rule: fc.Arbitrary<SeccompRule> = fc.record({
    names: fc.array(name, { maxLength: 4 }),
    action,
    errnoRet: fc.option(fc.integer({ min: -5, max: 5000 }), { nil: undefined }),
    args: fc.option(fc.array(arg, { maxLength: 2 }), { nil: undefined }),
    includes: fc.option(fc.record({ arches: fc.array(arch, { maxLength: 2 }) }), { nil: undefined }),
  }, { requiredKeys: ['names', 'action'] });
  const builder = fc.record({
    kind: fc.constantFrom('allowList', 'dockerDefaultMinus', 'allowByDefault'),
    names,
    architectures: fc.option(fc.uniqueArray(arch, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    justification: fc.constantFrom('documented in ADR-42 for payments', 'short'),
    rules: fc.array(rule, { maxLength: 3 }),
  });

  test('invariants', () => {
    let built = 0;
    let refused = 0;
    fc.assert(fc.property(builder, (input) => {
      let profile: SeccompProfile;
      try {
        profile = input.kind === 'allowList'
          ? SeccompProfile.allowList(input.names, { architectures: input.architectures })
          : input.kind === 'dockerDefaultMinus'
            ? SeccompProfile.dockerDefaultMinus(input.names)
            : SeccompProfile.allowByDefault(input.names, { justification: input.justification });
        for (const r of input.rules) profile.addRule(r);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(INVALID);
        refused++;
        return;
      }
      built++;
      const json = profile.toJson();
      expect(profile.toJson()).toBe(json);
      const parsed = JSON.parse(json);
      expect(parsed).toEqual(profile.toObject());
      expect(parsed.defaultAction).toBe(profile.defaultAction);
      expect(parsed.defaultAction).toBe(input.kind === 'allowByDefault' ? 'SCMP_ACT_ALLOW' : 'SCMP_ACT_ERRNO');
      const unconditional = new Set<string>();
      for (const r of parsed.syscalls) {
        expect(r.names.length).toBeGreaterThan(0);
        expect(new Set(r.names).size).toBe(r.names.length);
        for (const n of r.names) expect(isKnownSyscall(n)).toBe(true);
        if (!r.args && !r.includes && !r.excludes) {
          for (const n of r.names) {
            expect(unconditional.has(n)).toBe(false);
            unconditional.add(n);
          }
        }
      }
      const allowed = profile.allowedSyscalls();
      expect(new Set(allowed).size).toBe(allowed.length);
      for (const n of allowed) expect(isKnownSyscall(n)).toBe(true);
      expect(profile.deniedByDockerDefaultButAllowed().every((n) => allowed.includes(n) && !DOCKER_DEFAULT_ALLOWED.includes(n))).toBe(true);
      if (input.kind === 'dockerDefaultMinus') {
        expect(profile.removedSyscalls).toEqual([...input.names].sort());
        for (const n of input.names) expect(allowed).not.toContain(n);
      }
      if (input.kind === 'allowByDefault') expect(profile.allowsByDefault).toBe(true);
    }), { numRuns: RUNS, seed: SEED });
    // Both outcomes are exercised.
    expect(built).toBeGreaterThan(RUNS / 10);
    expect(refused).toBeGreaterThan(RUNS / 10);
  });
});

describe('regressions (test/seccomp/profiles.property.test.ts)', () => {
  test('regression: a rule comment with ${…} or %{…} cannot become a Terraform template sequence; Docker reads the comment unchanged', () => {
    const comment = 'rotate ${var.db_password} %{ if x } $${kept} \\${x}';
    const profile = SeccompProfile.dockerDefault().addRule({ names: ['mount'], action: SeccompAction.SCMP_ACT_ERRNO, comment });
    const json = profile.toJson();
    expect(json).not.toMatch(/[$%]\{/);
    expect(json).toContain('"comment":"rotate $\\u007bvar.db_password} %\\u007b if x } $$\\u007bkept} \\\\$\\u007bx}"');
    expect(JSON.parse(json).syscalls.at(-1).comment).toBe(comment);
    expect(JSON.parse(json)).toEqual(profile.toObject());
    expect(profile.toSecurityOpt()).toBe(`seccomp=${json}`);
  });

  test('regression: allowList with null options is the defaults, not a TypeError', () => {
    expect(SeccompProfile.allowList(['read'], null as any).toJson()).toBe(SeccompProfile.allowList(['read']).toJson());
    expect(() => SeccompProfile.allowList(['read'], 'SCMP_ACT_KILL' as any)).toThrow(/^SeccompProfile: invalid options "SCMP_ACT_KILL": a SeccompAllowListOptions object/);
  });
});
