import { HardenedContainer, SeccompProfile } from '../../../lib';
import { findingsOf, PINNED, rawContainer, stack } from '../util';

const why = { justification: 'the literature example, kept to show the finding' };

describe('HD-C31 custom seccomp profile allows by default', () => {
  test('non-compliant: the literature\'s "allow all, deny socket" profile on a raw container', () => {
    const s = stack();
    rawContainer(s, 'raw', { securityOpts: ['no-new-privileges', SeccompProfile.allowByDefault(['socket'], why).toSecurityOpt()] });
    const f = findingsOf(s, 'HD-C31');
    expect(f.map((x) => x.findingId)).toEqual([expect.stringMatching(/^allow-by-default:[0-9a-f]{12}$/)]);
    expect(f[0].message).toMatch(/denies only socket; it re-allows .*(bpf|keyctl|mount)/);
    expect(f[0].suppressed).toBeUndefined();
  });

  test('through a HardenedContainer the profile\'s justified opt-out makes it an accepted risk', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED, seccompProfile: SeccompProfile.allowByDefault(['socket'], why) });
    expect(findingsOf(s, 'HD-C31')[0].suppressed?.reason).toBe(`accepted risk, opt-out seccompProfile: ${why.justification}`);
  });

  test('compliant: default profile, default minus, allow lists', () => {
    const s = stack();
    new HardenedContainer(s, 'a', { image: PINNED });
    new HardenedContainer(s, 'b', { image: PINNED, seccompProfile: SeccompProfile.dockerDefaultMinus(['socket']) });
    new HardenedContainer(s, 'c', { image: PINNED, seccompProfile: SeccompProfile.allowList(['read', 'write', 'exit_group']) });
    expect(findingsOf(s, 'HD-C31')).toEqual([]);
  });
});

describe('HD-C32 custom seccomp profile allows what Docker\'s default denies', () => {
  test('non-compliant: an allow list that includes mount and unshare', () => {
    const s = stack();
    rawContainer(s, 'raw', { securityOpts: ['no-new-privileges', SeccompProfile.allowList(['read', 'write', 'mount', 'unshare']).toSecurityOpt()] });
    expect(findingsOf(s, 'HD-C32').map((x) => x.findingId)).toEqual(['mount', 'unshare']);
  });

  test('compliant: Docker\'s default minus socket, and an allow list inside the default', () => {
    const s = stack();
    rawContainer(s, 'a', { securityOpts: [SeccompProfile.dockerDefaultMinus(['socket']).toSecurityOpt()] });
    rawContainer(s, 'b', { securityOpts: [SeccompProfile.allowList(['read', 'write', 'exit_group', 'execve']).toSecurityOpt()] });
    rawContainer(s, 'c', { securityOpts: [SeccompProfile.dockerDefault().toSecurityOpt()] });
    expect(findingsOf(s, 'HD-C32')).toEqual([]);
  });
});

describe('HD-C32 reads conditions the cautious way', () => {
  const allowRule = (extra: object) => ({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write', 'mount'], action: 'SCMP_ACT_ALLOW', ...extra }] });
  const opt = (p: object) => `seccomp=${JSON.stringify(p)}`;
  test('non-compliant: an allow narrowed only by excludes, a kernel version, an architecture, or written in Docker\'s format with empty blocks', () => {
    const s = stack();
    rawContainer(s, 'excl', { securityOpts: ['no-new-privileges', opt(allowRule({ excludes: { caps: ['CAP_SYS_ADMIN'] } }))] });
    rawContainer(s, 'kernel', { securityOpts: ['no-new-privileges', opt(allowRule({ includes: { minKernel: '4.8' } }))] });
    rawContainer(s, 'arch', { securityOpts: ['no-new-privileges', opt(allowRule({ includes: { arches: ['amd64'] } }))] });
    rawContainer(s, 'dockerfmt', { securityOpts: ['no-new-privileges', opt(allowRule({ args: [], comment: '', includes: {}, excludes: {} }))] });
    expect(findingsOf(s, 'HD-C32').map((x) => `${x.path} ${x.findingId}`).sort()).toEqual(['checks/arch mount', 'checks/dockerfmt mount', 'checks/excl mount', 'checks/kernel mount']);
  });
  test('compliant: an allow that needs a capability or an argument, and what Docker allows on some architecture or kernel', () => {
    const s = stack();
    rawContainer(s, 'cap', { securityOpts: ['no-new-privileges', opt(allowRule({ includes: { caps: ['CAP_SYS_ADMIN'] } }))] });
    rawContainer(s, 'args', { securityOpts: ['no-new-privileges', opt(allowRule({ args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] }))] });
    rawContainer(s, 'x86', { securityOpts: ['no-new-privileges', SeccompProfile.allowList(['read', 'write', 'arch_prctl', 'ptrace']).toSecurityOpt()] });
    expect(findingsOf(s, 'HD-C32')).toEqual([]);
  });
});

describe('HD-C31 opt-out scope', () => {
  test('a HardenedContainer\'s allow-by-default opt-out answers its own profile, never one an escape hatch swaps in', () => {
    const agent = { justification: 'profiling agent needs perf_event_open and more' };
    const s = stack();
    const own = new HardenedContainer(s, 'own', { image: PINNED, seccompProfile: SeccompProfile.allowByDefault(['socket'], agent) });
    const swapped = new HardenedContainer(s, 'swapped', { image: PINNED, seccompProfile: SeccompProfile.allowByDefault(['socket'], agent) });
    (swapped.node.defaultChild as any).addOverride('security_opts', ['no-new-privileges', SeccompProfile.allowByDefault(['kexec_load'], agent).toSecurityOpt()]);
    const f = findingsOf(s, 'HD-C31');
    // (addOverride merges lists: the swapped container carries both profiles, and only its own one is answered)
    expect(f.map((x) => [x.path, x.suppressed !== undefined])).toEqual([['checks/own', true], ['checks/swapped', true], ['checks/swapped', false]]);
    expect(own).toBeDefined();
  });
});
