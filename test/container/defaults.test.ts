import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Testing } from 'cdktf';
import { HardenedContainer, OPT_OUT_METADATA_TYPE } from '../../lib';
import { IMAGE, DIGEST, newStack, onlyContainer, synth } from '../util';

describe('HardenedContainer defaults (image only)', () => {
  const stack = newStack();
  const container = new HardenedContainer(stack, 'web', { image: IMAGE });
  const c = onlyContainer(stack);

  test('synthesizes a complete hardened container (snapshot)', () => {
    expect(synth(stack).parsed.resource).toMatchSnapshot();
  });

  test('passes the cdktf Testing matchers', () => {
    const out = Testing.synth(stack);
    expect(out).toHaveResourceWithProperties(Container, {
      read_only: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      security_opts: ['no-new-privileges'],
    });
    expect(out).toHaveResourceWithProperties(Image, { name: IMAGE, keep_locally: true });
  });

  test('runs as a non-root uid:gid of its own by default (test/container/default-user.test.ts)', () => {
    expect(c.user).toMatch(/^([0-9]+):\1$/);
    const uid = Number(c.user.split(':')[0]);
    expect(uid).toBeGreaterThanOrEqual(20000);
    expect(uid).toBeLessThanOrEqual(59999);
    expect(container.user).toBe(c.user);
  });

  test('read-only root filesystem with a noexec, size-limited, /tmp writable by the container\'s user', () => {
    const uid = c.user.split(':')[0];
    expect(c.read_only).toBe(true);
    expect(c.tmpfs).toEqual({ '/tmp': `rw,noexec,nosuid,nodev,size=64m,uid=${uid},gid=${uid},mode=1777` });
  });

  test('drops ALL capabilities and adds none', () => {
    expect(c.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('no-new-privileges, no seccomp or apparmor override', () => {
    expect(c.security_opts).toEqual(['no-new-privileges']);
    expect(JSON.stringify(c)).not.toMatch(/seccomp|apparmor|unconfined/);
  });

  test('never privileged and no host namespaces', () => {
    expect(c.privileged).toBe(false);
    expect(c.ipc_mode).toBe('private');
    expect(c.cgroupns_mode).toBe('private');
    for (const key of ['pid_mode', 'userns_mode', 'cgroup_parent', 'devices', 'group_add', 'runtime', 'cpus', 'publish_all_ports', 'shm_size']) {
      expect(c[key], key).toBeUndefined();
    }
  });

  test('ports below 1024 and ICMP sockets need a capability again (Docker opens both by default)', () => {
    expect(c.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '1024', 'net.ipv4.ping_group_range': '1 0' });
  });

  test('memory limit 256 MiB with swap disabled (memory_swap == memory)', () => {
    expect(c.memory).toBe(256);
    expect(c.memory_swap).toBe(256);
  });

  test('1 CPU as a CFS quota, never the broken cpus attribute', () => {
    expect(c.cpu_period).toBe(100000);
    expect(c.cpu_quota).toBe(100000);
    expect(c.cpu_shares).toBe(1024);
    expect(c.cpus).toBeUndefined();
  });

  test('process and file limits as ulimits', () => {
    expect(c.ulimit).toEqual([
      { name: 'nofile', soft: 4096, hard: 4096 },
      { name: 'nproc', soft: 1024, hard: 1024 },
    ]);
  });

  test('restart on-failure at most 5 times, init on, rotated local logs', () => {
    expect(c.restart).toBe('on-failure');
    expect(c.max_retry_count).toBe(5);
    expect(c.init).toBe(true);
    expect(c.log_driver).toBe('local');
    expect(c.log_opts).toEqual({ 'max-file': '3', 'max-size': '10m' });
  });

  test('no network at all, and never the default bridge', () => {
    expect(c.network_mode).toBe('none');
    expect(c.networks_advanced).toBeUndefined();
    expect(c.ports).toBeUndefined();
  });

  test('image is pinned by digest through a docker_image', () => {
    const images = Object.values(synth(stack).images);
    expect(images).toHaveLength(1);
    expect(c.image).toMatch(/^\$\{docker_image\..+\.image_id\}$/);
    expect(container.imageDigest).toBe(DIGEST);
  });

  test('no environment, mounts or healthcheck unless asked', () => {
    expect(c.env).toBeUndefined();
    expect(c.mounts).toBeUndefined();
    expect(c.healthcheck).toBeUndefined();
  });

  test('deterministic name derived from the construct path', () => {
    expect(c.name).toMatch(/^test-web-[0-9a-f]{8}$/);
    const again = newStack();
    new HardenedContainer(again, 'web', { image: IMAGE });
    expect(onlyContainer(again).name).toBe(c.name);
  });

  test('labels mark the container and hash the attributes provider 3.6.2 never updates', () => {
    const labels = Object.fromEntries(c.labels.map((l: any) => [l.label, l.value]));
    expect(labels['io.cdktf-hardened-docker.hardened']).toBe('true');
    expect(labels['io.cdktf-hardened-docker.config-hash']).toMatch(/^[0-9a-f]{16}$/);
  });

  test('records no opt-out', () => {
    expect(container.optOutRecords).toEqual([]);
    expect(container.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE)).toEqual([]);
    expect(container.controls.filter((k) => k.status === 'opted-out')).toEqual([]);
  });

  test('the provider resource is the default child for escape hatches', () => {
    expect(container.node.defaultChild).toBeInstanceOf(Container);
  });
});
