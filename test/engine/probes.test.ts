/**
 * Attack probes on a real Docker engine.
 *
 * Every probe runs twice: inside a HardenedContainer synthesized by the
 * library and applied through the provider-faithful applier, where it must
 * FAIL, and inside a plain unhardened container, where it must SUCCEED, so
 * the probe itself is proven real. Checks read the kernel's view
 * (/proc/self/status, cgroup files, errno), not Docker's opinion of itself.
 */
import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cgroupFile, cleanup, deploy, docker, engineReady, exec, hostCommandSucceeds, readFile, RUN, runPlain } from './harness';
import { Capability, ContainerNetwork, HardenedContainer, HardenedContainerProps, RestartPolicy, Size } from '../../lib';
import { ProbeImage } from './image/build-image';

let image: ProbeImage;
let stackCount = 0;

beforeAll(async () => {
  image = await engineReady();
});
afterAll(cleanup);

/** The numeric uid of a synthesized container's `uid:gid` user. */
function uidOf(container: { user: string }): number {
  const m = /^([0-9]+):\1$/.exec(container.user);
  expect(m, `user ${container.user} is not uid:uid`).not.toBeNull();
  return Number(m![1]);
}

/** Deploys one HardenedContainer (image = probe image, main command = sleep-forever) and returns its id. */
async function hardened(props: Partial<HardenedContainerProps> = {}): Promise<{ id: string; json: any }> {
  const stack = new TerraformStack(Testing.app(), `probe-${RUN}-${stackCount++}`);
  new DockerProvider(stack, 'docker', {});
  new HardenedContainer(stack, 'c', { image: image.id, command: ['/bin/probe', 'sleep-forever'], ...props });
  const deployed = await deploy(stack);
  return { id: deployed.container('c').id, json: Object.values<any>(deployed.json.resource.docker_container)[0] };
}

describe('attack probes: fail hardened, succeed plain', () => {
  test('write to the root filesystem', async () => {
    const h = await hardened();
    const denied = await exec(h.id, ['/bin/probe', 'write-file', '/probe-written']);
    expect(denied.line).toMatch(/^FAIL EROFS/);
    const plain = await runPlain(image.id);
    expect((await exec(plain, ['/bin/probe', 'write-file', '/probe-written'])).line).toMatch(/^OK/);
  });

  test('execute a binary copied into /tmp', async () => {
    const h = await hardened();
    expect((await exec(h.id, ['/bin/probe', 'exec-copy', '/tmp'])).line).toMatch(/^FAIL EACCES/);
    const plain = await runPlain(image.id);
    expect((await exec(plain, ['/bin/probe', 'exec-copy', '/tmp'])).line).toMatch(/^OK/);
  });

  test('gain root through a setuid-root binary', async () => {
    const h = await hardened();
    const denied = await exec(h.id, ['/bin/suid-probe', 'become-root']);
    expect(denied.line).toMatch(/^FAIL EPERM/);
    expect(denied.line).toContain(`euid=${uidOf(h.json)}`);
    // plain: a non-root user without no-new-privileges becomes root
    const plain = await runPlain(image.id, {}, { User: '1500' });
    expect((await exec(plain, ['/bin/suid-probe', 'become-root'])).line).toMatch(/^OK uid=0 euid=0/);
  });

  test('change file ownership', async () => {
    const h = await hardened();
    expect((await exec(h.id, ['/bin/probe', 'write-file', '/tmp/owned'])).line).toMatch(/^OK/);
    expect((await exec(h.id, ['/bin/probe', 'chown', '/tmp/owned', '1234', '1234'])).line).toMatch(/^FAIL EPERM/);
    const plain = await runPlain(image.id);
    await exec(plain, ['/bin/probe', 'write-file', '/tmp/owned']);
    expect((await exec(plain, ['/bin/probe', 'chown', '/tmp/owned', '1234', '1234'])).line).toMatch(/^OK/);
  });

  test('mount a filesystem', async () => {
    const h = await hardened();
    expect((await exec(h.id, ['/bin/probe', 'mount-tmpfs', '/mnt'])).line).toMatch(/^FAIL EPERM/);
    // Docker's own defaults already refuse mount; the unhardened baseline that allows it adds CAP_SYS_ADMIN
    // (--privileged cannot start in every sandbox: runc fails to apply caps the host itself lacks).
    const plain = await runPlain(image.id, { CapAdd: ['SYS_ADMIN'] });
    expect((await exec(plain, ['/bin/probe', 'mount-tmpfs', '/mnt'])).line).toMatch(/^OK/);
  });

  test('open a raw socket (ping)', async () => {
    const h = await hardened();
    expect((await exec(h.id, ['/bin/probe', 'raw-socket'])).line).toMatch(/^FAIL EPERM/);
    const plain = await runPlain(image.id);
    expect((await exec(plain, ['/bin/probe', 'raw-socket'])).line).toMatch(/^OK/);
  });

  test('open an unprivileged ICMP socket (Docker opens ping_group_range by default)', async () => {
    const h = await hardened();
    expect((await exec(h.id, ['/bin/probe', 'icmp-socket'])).line).toMatch(/^FAIL EACCES/);
    const plain = await runPlain(image.id, { CapDrop: ['ALL'] }, { User: '1500' });
    expect((await exec(plain, ['/bin/probe', 'icmp-socket'])).line).toMatch(/^OK/);
  });

  test('bind a port below 1024 without the capability', async () => {
    const h = await hardened();
    expect((await exec(h.id, ['/bin/probe', 'bind', '80'])).line).toMatch(/^FAIL EACCES/);
    // plain, even non-root with every capability dropped: Docker sets ip_unprivileged_port_start=0
    const plain = await runPlain(image.id, { CapDrop: ['ALL'] }, { User: '1500' });
    expect((await exec(plain, ['/bin/probe', 'bind', '80'])).line).toMatch(/^OK/);
  });

  test('fork bomb: the process limit holds and the host stays responsive', async () => {
    // nproc counts per uid: a uid of its own for this container (see README "Process limit").
    const h = await hardened({ user: '4242:4242', processLimit: 64 });
    const bomb = exec(h.id, ['/bin/probe', 'fork-bomb', '500', '1500']);
    await new Promise((r) => setTimeout(r, 400));
    // while the container sits at its limit, the host still forks and the engine still answers
    expect(hostCommandSucceeds('/bin/true', [])).toBe(true);
    expect(String(await docker.ping())).toBe('OK');
    const held = await bomb;
    expect(held.line).toMatch(/^FAIL EAGAIN forked=\d+/);
    expect(Number(/forked=(\d+)/.exec(held.line)![1])).toBeLessThan(64);
    const plain = await runPlain(image.id, {}, { User: '4243' });
    expect((await exec(plain, ['/bin/probe', 'fork-bomb', '500', '100'])).line).toBe('OK forked=500');
  });

  test('memory hog: OOM-killed at the container limit', async () => {
    const h = await hardened({ memoryLimit: Size.mebibytes(32), restartPolicy: RestartPolicy.never() });
    const hog = await exec(h.id, ['/bin/probe', 'mem-hog', '96']);
    expect(hog.exitCode).toBe(137); // SIGKILL from the cgroup OOM killer
    expect(hog.line).not.toMatch(/^OK/);
    const oom = await exec(h.id, ['/bin/cat', '/sys/fs/cgroup/memory/memory.oom_control']);
    const oomKills = oom.exitCode === 0
      ? Number(/oom_kill (\d+)/.exec(oom.stdout)?.[1] ?? 0)
      : Number(/oom_kill (\d+)/.exec(await readFile(h.id, '/sys/fs/cgroup/memory.events'))?.[1] ?? 0);
    expect(oomKills).toBeGreaterThanOrEqual(1);
    const plain = await runPlain(image.id);
    expect((await exec(plain, ['/bin/probe', 'mem-hog', '96'])).line).toBe('OK allocated=96MiB');
  });

  test('read the Docker socket', async () => {
    const h = await hardened();
    expect((await exec(h.id, ['/bin/probe', 'docker-sock', '/var/run/docker.sock'])).line).toMatch(/^FAIL ENOENT/);
    const plain = await runPlain(image.id, { Binds: ['/var/run/docker.sock:/var/run/docker.sock'] });
    expect((await exec(plain, ['/bin/probe', 'docker-sock', '/var/run/docker.sock'])).line).toMatch(/^OK/);
  });

  test('reach a peer on the same network when inter-container communication is off', async () => {
    const reach = async (icc: boolean) => {
      const stack = new TerraformStack(Testing.app(), `icc-${icc}-${RUN}`);
      new DockerProvider(stack, 'docker', {});
      const net = new Network(stack, 'net', {
        name: `icc-${icc}-${RUN}`,
        driver: 'bridge',
        options: { 'com.docker.network.bridge.enable_icc': String(icc) },
      });
      const attach = [{ network: ContainerNetwork.fromName(net.name) }];
      new HardenedContainer(stack, 'server', {
        image: image.id, command: ['/bin/probe', 'listen', '8080'], networks: [{ ...attach[0], aliases: ['server'] }],
      });
      new HardenedContainer(stack, 'client', { image: image.id, command: ['/bin/probe', 'sleep-forever'], networks: attach });
      const d = await deploy(stack);
      return exec(d.container('client').id, ['/bin/probe', 'connect', 'server', '8080', '1500']);
    };
    // icc off: the name resolves (DNS is unaffected) but iptables drops the traffic
    expect((await reach(false)).line).toMatch(/^FAIL (ETIMEDOUT|EHOSTUNREACH|ECONNREFUSED)/);
    // baseline: the same two containers on a network with icc on talk to each other
    expect((await reach(true)).line).toMatch(/^OK.*hello/);
  });
});

describe('positive checks: the kernel view of a default HardenedContainer', () => {
  test('CapEff 0, NoNewPrivs 1, Seccomp 2, non-root uid', async () => {
    const h = await hardened();
    // the default uid:gid of this container (lib/container/default-user.ts), as the kernel sees it
    const uid = uidOf(h.json);
    expect(uid).toBeGreaterThanOrEqual(20000);
    expect(uid).toBeLessThanOrEqual(59999);
    expect((await exec(h.id, ['/bin/probe', 'status'])).line).toBe(`OK CapEff=0000000000000000 NoNewPrivs=1 Seccomp=2 uid=${uid} gid=${uid}`);
  });

  test('CapEff is exactly the added capabilities', async () => {
    // Docker grants added capabilities to uid 0 only (no ambient capabilities), so this needs the root opt-out too.
    const h = await hardened({
      user: '0:0',
      capabilities: [Capability.NET_BIND_SERVICE, Capability.CHOWN],
      optOuts: {
        rootUser: { justification: 'test: added capabilities are effective for uid 0 only' },
        addedCapabilities: { justification: 'test: exactly these two must be effective' },
      },
    });
    // CAP_CHOWN = bit 0, CAP_NET_BIND_SERVICE = bit 10 -> 0x401
    expect((await exec(h.id, ['/bin/probe', 'status'])).line).toBe('OK CapEff=0000000000000401 NoNewPrivs=1 Seccomp=2 uid=0 gid=0');
    // and the capability does what it says, while everything else stays closed even for root
    expect((await exec(h.id, ['/bin/probe', 'bind', '80'])).line).toMatch(/^OK/);
    expect((await exec(h.id, ['/bin/probe', 'raw-socket'])).line).toMatch(/^FAIL EPERM/);
    expect((await exec(h.id, ['/bin/probe', 'write-file', '/probe-written'])).line).toMatch(/^FAIL EROFS/);
    expect((await exec(h.id, ['/bin/probe', 'mount-tmpfs', '/mnt'])).line).toMatch(/^FAIL EPERM/);
  });

  test('a non-root user cannot get the added capabilities, which is why synth refuses that combination', async () => {
    // what HardenedContainer would emit for user 1500 + NET_BIND_SERVICE, run by hand: CapEff stays 0
    const plain = await runPlain(image.id, { CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE'], SecurityOpt: ['no-new-privileges'] }, { User: '1500' });
    expect((await exec(plain, ['/bin/probe', 'status'])).line).toMatch(/^OK CapEff=0000000000000000 NoNewPrivs=1/);
  });

  test('the app user can write to every tmpfs the construct created', async () => {
    const h = await hardened({
      user: '1500:1500',
      tmpfs: [{ containerPath: '/var/cache/app', size: Size.mebibytes(1) }, { containerPath: '/run/app' }],
    });
    const paths = Object.keys(h.json.tmpfs);
    expect(paths).toEqual(['/run/app', '/tmp', '/var/cache/app']);
    for (const p of paths) {
      expect((await exec(h.id, ['/bin/probe', 'write-file', `${p}/written-by-app`])).line, p).toMatch(/^OK/);
    }
    // size limit is the kernel's: 1 MiB tmpfs refuses 2 MiB
    const mounts = await readFile(h.id, '/proc/mounts');
    expect(mounts).toMatch(/ \/var\/cache\/app tmpfs rw,nosuid,nodev,noexec,[^ ]*size=1024k/);
  });

  test('cgroup limits equal the props: memory, swap off, CPU quota', async () => {
    const h = await hardened({ memoryLimit: Size.mebibytes(128), cpuLimit: 0.75 });
    expect(Number(await cgroupFile(h.id, 'memory/memory.limit_in_bytes', 'memory.max'))).toBe(128 * 1024 * 1024);
    const swap = await exec(h.id, ['/bin/cat', '/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes']);
    if (swap.exitCode === 0) {
      expect(Number(swap.stdout.trim())).toBe(128 * 1024 * 1024); // memory+swap == memory: no swap
    } else {
      const v2 = await exec(h.id, ['/bin/cat', '/sys/fs/cgroup/memory.swap.max']);
      // without swap accounting (neither file) the engine itself refuses memory_swap; on v2 swap.max is 0
      if (v2.exitCode === 0) expect(v2.stdout.trim()).toBe('0');
    }
    const quota = await exec(h.id, ['/bin/cat', '/sys/fs/cgroup/cpu/cpu.cfs_quota_us']);
    if (quota.exitCode === 0) {
      expect(quota.stdout.trim()).toBe('75000');
      expect((await readFile(h.id, '/sys/fs/cgroup/cpu/cpu.cfs_period_us')).trim()).toBe('100000');
    } else {
      expect((await readFile(h.id, '/sys/fs/cgroup/cpu.max')).trim()).toBe('75000 100000');
    }
  });

  test('process and file limits, no network, read-only mounts and secrets', async () => {
    const h = await hardened({ processLimit: 200, openFilesLimit: 512 });
    const limits = await readFile(h.id, '/proc/self/limits');
    expect(limits).toMatch(/Max processes\s+200\s+200/);
    expect(limits).toMatch(/Max open files\s+512\s+512/);
    const ifaces = (await readFile(h.id, '/proc/net/dev')).split('\n').slice(2).map((l) => l.split(':')[0].trim()).filter(Boolean);
    expect(ifaces).toEqual(['lo']);
    const sysctl = (await readFile(h.id, '/proc/sys/net/ipv4/ip_unprivileged_port_start')).trim();
    expect(sysctl).toBe('1024');
    const info = await docker.getContainer(h.id).inspect();
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual(['none']);
  });
});
