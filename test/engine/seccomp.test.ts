/**
 * Custom seccomp profiles on a real engine: the literature's two examples,
 * rewritten the safe way (Docker's default minus the syscalls to deny).
 */
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, deploy, engineReady, exec, RUN } from './harness';
import { ProbeImage } from './image/build-image';
import { HardenedContainer, HardenedContainerProps, SeccompProfile } from '../../lib';

let image: ProbeImage;
let n = 0;
beforeAll(async () => {
  image = await engineReady();
});
afterAll(cleanup);

async function hardened(props: Partial<HardenedContainerProps> = {}): Promise<string> {
  const stack = new TerraformStack(Testing.app(), `seccomp-${RUN}-${n++}`);
  new DockerProvider(stack, 'docker', {});
  new HardenedContainer(stack, 'c', { image: image.id, command: ['/bin/probe', 'sleep-forever'], ...props });
  return (await deploy(stack)).container('c').id;
}

describe('custom seccomp profiles, enforced by the kernel', () => {
  test('Docker\'s default minus socket: no socket can be opened (and can without the profile)', async () => {
    const denied = await hardened({ seccompProfile: SeccompProfile.dockerDefaultMinus(['socket']) });
    expect((await exec(denied, ['/bin/probe', 'bind', '8080'])).line).toMatch(/^FAIL EPERM/);
    expect((await exec(denied, ['/bin/probe', 'status'])).line).toMatch(/Seccomp=2/);
    const allowed = await hardened();
    expect((await exec(allowed, ['/bin/probe', 'bind', '8080'])).line).toMatch(/^OK/);
  });

  test('Docker\'s default minus execve: nothing can be executed in the container', async () => {
    let id: string | undefined;
    try {
      id = await hardened({ seccompProfile: SeccompProfile.dockerDefaultMinus(['execve', 'execveat']) });
    } catch (e) {
      // the engine may refuse to start it at all: its own process cannot be executed
      expect(String(e)).toMatch(/operation not permitted|exited immediately|failed/i);
    }
    if (id) {
      const denied = await exec(id, ['/bin/probe', 'noop']).catch((e: Error) => ({ exitCode: -1, line: '', stderr: e.message }));
      expect(denied.line).not.toBe('OK noop');
      expect(denied.exitCode).not.toBe(0);
    }
    // baseline: the same container with Docker's own default runs and executes programs
    const ok = await hardened({ seccompProfile: SeccompProfile.dockerDefault() });
    expect((await exec(ok, ['/bin/probe', 'noop'])).line).toBe('OK noop');
  });

  test('the weak literature profile (allow all, deny socket) really re-allows what the default denies', async () => {
    // unshare(CLONE_NEWUSER) is refused by Docker's default profile without CAP_SYS_ADMIN; under the weak profile it passes seccomp
    const weak = await hardened({
      user: '1500:1500',
      seccompProfile: SeccompProfile.allowByDefault(['socket'], { justification: 'engine test of the weak literature example' }),
    });
    const strong = await hardened({ user: '1500:1500' });
    expect((await exec(weak, ['/bin/probe', 'status'])).line).toMatch(/Seccomp=2/);
    expect((await exec(weak, ['/bin/probe', 'bind', '8080'])).line).toMatch(/^FAIL EPERM/); // its one denial works
    // creating a user namespace: Docker's default profile refuses unshare without CAP_SYS_ADMIN, the weak one lets it through
    const unshare = ['/bin/busybox', 'unshare', '-U', '/bin/probe', 'noop'];
    const underDefault = await exec(strong, unshare);
    expect(underDefault.exitCode).not.toBe(0);
    expect(underDefault.stderr).toMatch(/Operation not permitted/);
    expect((await exec(weak, unshare)).line).toBe('OK noop');
  });
});
