import { HardenedContainer, SeccompProfile } from '../../../lib';
import { findingsOf, PINNED, rawContainer, stack } from '../util';

const why = { justification: 'the literature example, kept to show the finding' };

describe('HD-C31 custom seccomp profile allows by default', () => {
  test('non-compliant: the literature\'s "allow all, deny socket" profile on a raw container', () => {
    const s = stack();
    rawContainer(s, 'raw', { securityOpts: ['no-new-privileges', SeccompProfile.allowByDefault(['socket'], why).toSecurityOpt()] });
    const f = findingsOf(s, 'HD-C31');
    expect(f.map((x) => x.findingId)).toEqual(['allow-by-default']);
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
