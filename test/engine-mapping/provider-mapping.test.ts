import { Testing } from 'cdktf';
import { OptOutsStack } from '../../examples/opt-outs';
import { WebappStack } from '../../examples/webapp';
import { Capability, ContainerNetwork, HardenedContainer, HealthCheck, Duration, Size } from '../../lib';
import { containerCreatePlan, imageName, networkCreatePlan, normalizeCapabilities, parseGoDuration } from '../../lib/engine/provider-mapping';
import { fromJson, resolveReferences } from '../../lib/engine/stack';
import { IMAGE, newStack } from '../util';

/** The create plan of the only container in a stack, with references resolved to fixed values. */
function planOf(build: (stack: any) => void) {
  const stack = newStack('map');
  build(stack);
  const json = JSON.parse(Testing.synth(stack));
  const [[address, body]] = Object.entries<any>(json.resource.docker_container);
  const resolved = resolveReferences(body, (type, _name, attr) => `${type}.${attr}`, address) as any;
  return containerCreatePlan(address, resolved);
}

describe('provider 3.6.2 create mapping', () => {
  test('the default HardenedContainer maps to this Engine API request (snapshot)', () => {
    const plan = planOf((s) => new HardenedContainer(s, 'web', { image: IMAGE }));
    expect(plan.body).toMatchSnapshot();
  });

  test('units, always-sent fields and defaults follow the provider', () => {
    const plan = planOf((s) => new HardenedContainer(s, 'web', {
      image: IMAGE,
      memoryLimit: Size.mebibytes(128),
      cpuLimit: 0.75,
      networks: [{ network: ContainerNetwork.fromName('front'), aliases: ['web'] }],
      ports: [{ containerPort: 8080 }],
      healthCheck: HealthCheck.exec(['/hc'], { interval: Duration.seconds(90), timeout: Duration.millis(1500) }),
    }));
    const h = plan.body.HostConfig;
    expect(h.Memory).toBe(128 * 1024 * 1024); // MB x 1024 x 1024
    expect(h.MemorySwap).toBe(128 * 1024 * 1024);
    expect([h.CpuPeriod, h.CpuQuota, h.CpuShares]).toEqual([100000, 75000, 1024]);
    expect(h.NetworkMode).toBe('bridge'); // schema default, always sent; bridge is disconnected before start
    expect(plan.networks).toEqual([{ name: 'front', aliases: ['web'], ipv4Address: '', ipv6Address: '' }]);
    expect(h.Init).toBe(true);
    expect(h.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }] }); // unset external -> "0"
    expect(plan.body.ExposedPorts).toEqual({ '8080/tcp': {} });
    expect(plan.body.Hostname).toBe(''); // always sent
    expect(plan.body.Healthcheck).toMatchObject({ Test: ['CMD', '/hc'], Interval: 90e9, Timeout: 1.5e9, StartPeriod: 0, Retries: 3 });
    expect(h.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 5 });
    expect(h.LogConfig).toEqual({ Type: 'local', Config: { 'max-file': '3', 'max-size': '10m' } });
  });

  test('capabilities are normalized like the Go client does', () => {
    expect(normalizeCapabilities(['net_bind_service', 'CAP_CHOWN', 'chown', 'all'])).toEqual(['ALL', 'CAP_CHOWN', 'CAP_NET_BIND_SERVICE']);
    const plan = planOf((s) => new HardenedContainer(s, 'web', {
      image: IMAGE,
      user: '0:0',
      capabilities: [Capability.KILL],
      optOuts: { rootUser: { justification: 'mapping test needs root' }, addedCapabilities: { justification: 'mapping test needs one' } },
    }));
    expect([plan.body.HostConfig.CapAdd, plan.body.HostConfig.CapDrop]).toEqual([['CAP_KILL'], ['ALL']]);
  });

  test('unset init is sent as an explicit false; unset network_mode as bridge', () => {
    const plan = containerCreatePlan('raw', { name: 'raw', image: 'img' });
    expect(plan.body.HostConfig.Init).toBe(false);
    expect(plan.body.HostConfig.NetworkMode).toBe('bridge');
    expect(plan.body.HostConfig.RestartPolicy).toEqual({ Name: 'no', MaximumRetryCount: 0 });
    expect(plan.body.HostConfig.ReadonlyRootfs).toBe(false);
  });

  test('volumes become binds, mounts keep their options', () => {
    const plan = containerCreatePlan('raw', {
      name: 'raw',
      image: 'img',
      volumes: [{ host_path: '/srv/a', container_path: '/a', read_only: true }, { volume_name: 'v', container_path: '/v' }],
      mounts: [{ type: 'tmpfs', target: '/t', tmpfs_options: { size_bytes: 1024, mode: 1023 } }],
    });
    expect(plan.body.HostConfig.Binds).toEqual(['/srv/a:/a:ro', 'v:/v:rw']);
    expect(plan.body.HostConfig.Mounts).toEqual([{ Type: 'tmpfs', Target: '/t', Source: '', ReadOnly: false, TmpfsOptions: { SizeBytes: 1024, Mode: 1023 } }]);
  });

  test('fails loudly on what it cannot map', () => {
    expect(() => containerCreatePlan('raw', { name: 'raw', image: 'img', oom_kill_disable: true })).toThrow(/oom_kill_disable: attribute not supported/);
    expect(() => containerCreatePlan('raw', { name: 'raw', image: 'img', cpus: '0.5' })).toThrow(/panics/);
    expect(() => containerCreatePlan('raw', { name: 'raw', image: 'img', count: 2 })).toThrow(/count\/for_each/);
    expect(() => containerCreatePlan('raw', { name: 'raw', image: 'img', ports: [{ internal: 80, bogus: 1 }] })).toThrow(/ports.bogus/);
    expect(() => containerCreatePlan('raw', { name: 'raw', image: 'img', upload: [{ file: '/x', content: 'y' }] })).toThrow(/upload/);
    expect(() => networkCreatePlan('n', { name: 'n', enable_icc: false })).toThrow(/enable_icc: attribute not supported/);
    expect(() => imageName('i', { name: 'i', build: [{ context: '.' }] })).toThrow(/build/);
    expect(() => resolveReferences('${var.x}', () => 1, 'where')).toThrow(/cannot evaluate/);
    expect(() => resolveReferences('prefix-${docker_image.a.name}', () => 1, 'where')).toThrow(/cannot evaluate/);
  });

  test('networks: IPAM always sent with the default driver, options passed through', () => {
    const plan = networkCreatePlan('n', { name: 'n', driver: 'bridge', internal: true, options: { 'com.docker.network.bridge.enable_icc': 'false' } });
    expect(plan.body).toEqual({ Name: 'n', Driver: 'bridge', Internal: true, Options: { 'com.docker.network.bridge.enable_icc': 'false' }, IPAM: { Driver: 'default' } });
  });

  test('Go durations', () => {
    expect(parseGoDuration('1m30s')).toBe(90e9);
    expect(parseGoDuration('1.5s')).toBe(1.5e9);
    expect(parseGoDuration('500ms')).toBe(500e6);
    expect(parseGoDuration('1h0m0s')).toBe(3600e9);
    expect(() => parseGoDuration('5x')).toThrow(/invalid Go duration/);
  });

  test('every attribute of every example container maps', () => {
    const app = Testing.app();
    for (const stack of [new WebappStack(app, 'w'), new OptOutsStack(app, 'o')]) {
      const s = fromJson(stack.node.id, '-', JSON.parse(Testing.synth(stack)));
      for (const [address, body] of Object.entries(s.resources.docker_container ?? {})) {
        const resolved = resolveReferences(body, () => 'resolved', address) as any;
        expect(() => containerCreatePlan(address, resolved)).not.toThrow();
      }
      for (const [address, body] of Object.entries(s.resources.docker_network ?? {})) {
        expect(() => networkCreatePlan(address, body)).not.toThrow();
      }
    }
  });
});
