import { AppArmorProfile, HardenedContainer, SecureDaemon, SeccompProfile } from '../../lib';
import { IMAGE, newStack, onlyContainer } from '../util';

describe('HardenedContainer with custom seccomp and AppArmor profiles', () => {
  test('seccomp is emitted inline (the Engine API takes content, not a path), deterministic; AppArmor by name', () => {
    const stack = newStack();
    const seccomp = SeccompProfile.dockerDefaultMinus(['socket']);
    const apparmor = new AppArmorProfile({ name: 'web', writablePaths: ['/tmp'] });
    const c = new HardenedContainer(stack, 'web', { image: IMAGE, seccompProfile: seccomp, apparmorProfile: apparmor });
    const opts: string[] = onlyContainer(stack).security_opts;
    expect(opts).toContain('no-new-privileges');
    expect(opts).toContain('apparmor=docker-web');
    const inline = opts.find((o) => o.startsWith('seccomp='))!;
    expect(inline).toBe(`seccomp=${seccomp.toJson()}`);
    expect(JSON.parse(inline.slice('seccomp='.length)).defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(c.controls.find((k) => k.id === 'seccomp-default')!.detail).toBe("Docker's default profile minus socket");
    expect(c.optOutRecords).toEqual([]);
    // byte-identical on a second synth
    const again = newStack();
    new HardenedContainer(again, 'web', { image: IMAGE, seccompProfile: SeccompProfile.dockerDefaultMinus(['socket']), apparmorProfile: apparmor });
    expect(JSON.stringify(onlyContainer(again).security_opts)).toBe(JSON.stringify(opts));
  });

  test('an allow-by-default profile is a recorded opt-out with the profile\'s justification', () => {
    const stack = newStack();
    const c = new HardenedContainer(stack, 'web', {
      image: IMAGE, seccompProfile: SeccompProfile.allowByDefault(['socket'], { justification: 'legacy tool needs every call' }),
    });
    expect(c.optOutRecords).toEqual([expect.objectContaining({ prop: 'seccompProfile', control: 'seccomp-default', justification: 'legacy tool needs every call' })]);
    expect(c.controls.find((k) => k.id === 'seccomp-default')!.status).toBe('opted-out');
  });

  test('SecureDaemon ships a daemon-wide seccomp profile and AppArmor profiles, and loads them in install.sh', () => {
    const d = new SecureDaemon(newStack('h'), 'daemon', {
      hostName: 'docker-1',
      seccompProfile: SeccompProfile.dockerDefaultMinus(['socket']),
      apparmorProfiles: [new AppArmorProfile({ name: 'web' })],
    });
    expect(d.settings['seccomp-profile']).toBe('/etc/docker/seccomp/cdktf-hardened-docker.json');
    expect(d.files.map((f) => `${f.mode} ${f.path}`)).toEqual([
      '0644 /etc/docker/daemon.json',
      '0644 /etc/docker/seccomp/cdktf-hardened-docker.json',
      '0644 /etc/apparmor.d/containers/docker-web',
    ]);
    expect(JSON.parse(d.files[1].content!).defaultAction).toBe('SCMP_ACT_ERRNO');
  });
});
