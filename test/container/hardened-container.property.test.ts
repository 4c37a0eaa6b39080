import * as fc from 'fast-check';
import {
  Capability, ContainerNetwork, HardenedContainer, HardenedContainerProps, OPT_OUT_METADATA_TYPE, Protocol,
  RestartPolicy, Size,
} from '../../lib';
import { secretLikeName } from '../../lib/container/environment';
import { parseUser } from '../../lib/container/user';
import { sensitiveHostPathReason } from '../../lib/core/paths';
import { runChecks } from '../checks/util';
import { mostly, rarely, RUNS, SEED } from '../fuzz/config';
import { newStack, onlyContainer } from '../util';

const justification = mostly(
  fc.constantFrom('needed by the vendor image', 'documented in ADR-42 for payments', 'the app writes its cache here'),
  fc.oneof(fc.constantFrom('short', '', '          '), fc.string({ maxLength: 30 })),
);
const optOut = rarely(justification.map((j) => ({ justification: j })));
const hex64 = fc.stringMatching(/^[a-f0-9]{64}$/);
const image = mostly(
  fc.oneof(hex64.map((h) => `registry.example.com/team/app@sha256:${h}`), hex64.map((h) => `nginx:1.27@sha256:${h}`)),
  fc.oneof(fc.constantFrom('nginx', 'nginx:latest', 'localhost:5000/app:1', `UPPER@sha256:${'a'.repeat(64)}`, 'nginx@sha256:abc'),
    fc.string({ maxLength: 40 })),
);
const user = rarely(
  fc.oneof(
    fc.constantFrom('root', '0', '0:0', '1000:0', 'app:root', '1500:1500', 'app', 'app:app', '65534', 'a:b:c', '', ' '),
    fc.tuple(fc.integer({ min: 0, max: 70000 }), rarely(fc.integer({ min: 0, max: 70000 }))).map(([u, g]) => (g === undefined ? `${u}` : `${u}:${g}`)),
    fc.string({ maxLength: 12 }),
  ),
);
const pathLike = mostly(
  fc.oneof(
    fc.constantFrom('/tmp', '/var/cache/app', '/run/app', '/data', '/etc/app'),
    fc.array(fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,7}$/), { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
  ),
  fc.oneof(fc.constantFrom('/', '/proc/x', 'rel/path', '/a/../b', '/a//b', '/x/', '/a,b', '/a:b'), fc.string({ maxLength: 10 })),
);
const hostPath = fc.oneof(
  fc.constantFrom('/', '/etc', '/etc/ssl', '/proc', '/sys/fs/cgroup', '/dev', '/boot', '/usr/lib', '/lib', '/var/run', '/run',
    '/var/run/docker.sock', '/srv/docker.sock', '/var/lib/docker', '/root'),
  fc.constantFrom('/srv/data', '/srv/secrets/db', '/opt/app', '/home/u'),
  pathLike,
);
const size = rarely(mostly(
  fc.integer({ min: 6, max: 4096 }).map((n) => Size.mebibytes(n)),
  fc.oneof(fc.integer({ min: 0, max: 1048576 }).map((n) => Size.kibibytes(n)), fc.constant(Size.bytes(1))),
));
const capability = mostly(fc.constantFrom(...Object.values(Capability)), fc.constantFrom('CAP_SYS_ADMIN', 'net_raw', 'ALL') as fc.Arbitrary<any>);
const envName = mostly(fc.constantFrom('LOG_LEVEL', 'PORT', 'DB_PASSWORD_FILE', 'AUTHOR', 'FEATURE_X'), fc.oneof(
  fc.constantFrom('DB_PASSWORD', 'API_KEY', 'apiToken', 'SECRET', 'A-B', 'TOKEN_TTL'),
  fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/),
));
const envValue = mostly(fc.string({ maxLength: 20 }), fc.constantFrom('-----BEGIN PRIVATE KEY-----x', 'AKIAABCDEFGHIJKLMNOP', 'https://u:p@h/x', 'info'));
const hostIp = rarely(fc.constantFrom('127.0.0.1', '127.1.2.3', '::1', '0.0.0.0', '::', '192.0.2.1', 'localhost', '10.0.0.1'));

const props: fc.Arbitrary<HardenedContainerProps> = fc.record({
  image,
  user,
  memoryLimit: size,
  cpuLimit: rarely(mostly(fc.integer({ min: 1, max: 6400 }).map((n) => n / 100), fc.double({ min: -1, max: 2000, noNaN: false }))),
  processLimit: rarely(mostly(fc.integer({ min: 16, max: 5000 }), fc.integer({ min: -5, max: 20 }))),
  tmpfs: rarely(fc.array(fc.record({ containerPath: pathLike, size, allowExec: optOut }, { requiredKeys: ['containerPath'] }), { maxLength: 3 })),
  volumes: rarely(fc.array(fc.record({ volumeName: fc.constantFrom('data', 'cache', 'bad/name', ''), containerPath: pathLike, writable: optOut }, { requiredKeys: ['volumeName', 'containerPath'] }), { maxLength: 2 })),
  bindMounts: rarely(fc.array(fc.record({ hostPath, containerPath: pathLike, writable: optOut }, { requiredKeys: ['hostPath', 'containerPath'] }), { maxLength: 2 })),
  secrets: rarely(fc.array(fc.record({ name: fc.constantFrom('db', 'api', '../x', 'tls.key'), hostPath }), { maxLength: 2 })),
  environment: rarely(fc.dictionary(envName, envValue, { maxKeys: 4 })),
  capabilities: rarely(fc.array(capability, { maxLength: 3 })),
  networks: rarely(fc.array(fc.constantFrom('frontend', 'backend', 'bridge', 'host').map((n) => ({ network: ContainerNetwork.fromName(n) })), { maxLength: 2 })),
  ports: rarely(fc.array(fc.record({
    containerPort: mostly(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: -1, max: 70000 })),
    hostPort: rarely(mostly(fc.integer({ min: 1024, max: 65535 }), fc.integer({ min: 0, max: 70000 }))),
    protocol: rarely(fc.constantFrom(Protocol.TCP, Protocol.UDP)),
    hostIp,
    nonLoopbackBinding: optOut,
    privilegedHostPort: optOut,
  }, { requiredKeys: ['containerPort'] }), { maxLength: 2 })),
  restartPolicy: rarely(fc.oneof(
    fc.integer({ min: -1, max: 8 }).map((n) => RestartPolicy.onFailure(n)),
    fc.constantFrom(RestartPolicy.never(), RestartPolicy.always(), RestartPolicy.unlessStopped()),
  )),
  optOuts: rarely(fc.record({
    rootUser: optOut,
    imageUser: optOut,
    writableRootFilesystem: optOut,
    privilegeEscalation: optOut,
    mutableImageTag: optOut,
    addedCapabilities: optOut,
    unboundedRestart: optOut,
    secretLikeEnvironment: rarely(fc.record({ names: fc.array(envName, { maxLength: 2 }), justification })),
  }, { requiredKeys: [] })),
}, { requiredKeys: ['image'] });

const isLoopback = (ip: string) => ip.startsWith('127.') || ip === '::1';

/** Every default that was not explicitly opted out must hold in the synthesized resource. */
function assertDefaultsHold(p: HardenedContainerProps, c: any, container: HardenedContainer): void {
  const o = p.optOuts ?? {};
  const recorded = new Set(container.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE).map((m) => (m.data as any).prop));

  // never weakened, whatever the props
  expect(c.privileged).toBe(false);
  expect(c.capabilities.drop).toEqual(['ALL']);
  expect(c.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '1024', 'net.ipv4.ping_group_range': '1 0' });
  for (const key of ['pid_mode', 'userns_mode', 'cgroup_parent', 'devices', 'group_add', 'cpus', 'publish_all_ports', 'runtime']) {
    expect(c[key]).toBeUndefined();
  }
  expect(JSON.stringify(c.security_opts ?? [])).not.toMatch(/seccomp|apparmor|unconfined|label/);
  expect(c.ipc_mode).toBe('private');
  expect(c.memory).toBeGreaterThanOrEqual(6);
  expect(c.memory_swap).toBe(c.memory);
  expect(c.cpu_quota).toBeGreaterThanOrEqual(1000);
  expect(c.cpu_period).toBe(100000);
  expect(c.ulimit.find((u: any) => u.name === 'nproc')).toBeDefined();
  expect(c.init).toBe(true);
  expect(c.log_driver).not.toBe('none');
  expect(c.network_mode === 'none' || (c.networks_advanced ?? []).length > 0).toBe(true);
  for (const n of c.networks_advanced ?? []) expect(['bridge', 'host', 'none']).not.toContain(n.name);

  // defaults that each have one opt-out
  if (!o.rootUser && !o.imageUser) {
    const parsed = parseUser(c.user);
    expect(typeof parsed).toBe('object');
    expect((parsed as any).isRootUser || (parsed as any).isRootGroup).toBe(false);
  }
  if (c.user === undefined) expect(recorded.has('optOuts.imageUser')).toBe(true);
  if (!o.writableRootFilesystem) expect(c.read_only).toBe(true);
  if (!o.privilegeEscalation) expect(c.security_opts).toContain('no-new-privileges');
  if (!o.mutableImageTag) expect(container.imageReference).toMatch(/@sha256:[a-f0-9]{64}$/);
  if ((c.capabilities.add ?? []).length > 0) expect(recorded.has('optOuts.addedCapabilities')).toBe(true);
  for (const cap of c.capabilities.add ?? []) expect(Object.values(Capability)).toContain(cap);
  // added capabilities only ever reach uid 0 (no ambient caps): never emitted where they silently do nothing
  if ((c.capabilities.add ?? []).length > 0) expect(o.rootUser || o.imageUser || o.privilegeEscalation).toBeDefined();
  if (!o.unboundedRestart) {
    expect(['on-failure', 'no']).toContain(c.restart);
    if (c.restart === 'on-failure') expect(c.max_retry_count).toBeGreaterThanOrEqual(1);
    if (c.restart === 'on-failure') expect(c.max_retry_count).toBeLessThanOrEqual(5);
  }
  expect(c.tmpfs['/tmp']).toBeDefined();
  for (const [path, opts] of Object.entries<string>(c.tmpfs)) {
    expect(opts).toMatch(/(^|,)nosuid(,|$)/);
    expect(opts).toMatch(/(^|,)nodev(,|$)/);
    expect(opts).toMatch(/(^|,)size=\d+[kmg]?(,|$)/);
    const i = (p.tmpfs ?? []).findIndex((t) => t.containerPath === path);
    if (!/(^|,)noexec(,|$)/.test(opts)) expect(recorded.has(`tmpfs[${i}].allowExec`)).toBe(true);
  }
  for (const m of c.mounts ?? []) {
    if (m.type === 'bind') {
      expect(sensitiveHostPathReason(m.source)).toBeUndefined();
      expect(m.bind_options.propagation).toBe('rprivate');
    }
    if (m.read_only !== true) {
      const i = [...(p.volumes ?? []), ...(p.bindMounts ?? [])].some((v) => v.containerPath === m.target && v.writable);
      expect(i).toBe(true);
    }
  }
  (p.ports ?? []).forEach((port, i) => {
    const out = c.ports[i];
    if (!isLoopback(out.ip)) expect(recorded.has(`ports[${i}].nonLoopbackBinding`)).toBe(true);
    if (out.external !== undefined && out.external < 1024) expect(recorded.has(`ports[${i}].privilegedHostPort`)).toBe(true);
    expect(out.internal).toBe(port.containerPort);
  });
  const exempt = new Set(o.secretLikeEnvironment?.names ?? []);
  for (const kv of c.env ?? []) {
    const name = kv.slice(0, kv.indexOf('='));
    if (secretLikeName(name)) expect(exempt.has(name)).toBe(true);
    expect(kv).not.toMatch(/-----BEGIN|AKIA[0-9A-Z]{16}|:\/\/[^/\s:@]+:[^/\s@]+@/);
  }
  // every opt-out that was taken is recorded with a real justification
  for (const m of container.node.metadata.filter((x) => x.type === OPT_OUT_METADATA_TYPE)) {
    expect((m.data as any).justification.trim().length).toBeGreaterThanOrEqual(10);
  }
}

describe('HardenedContainer property-based', () => {
  test(`every generated prop set keeps all non-opted-out defaults or throws a clear error (${RUNS} runs)`, () => {
    let synthesized = 0;
    let refused = 0;
    fc.assert(
      fc.property(props, (p) => {
        const stack = newStack('fuzz');
        let container: HardenedContainer;
        try {
          container = new HardenedContainer(stack, 'c', p);
        } catch (e) {
          refused++;
          const message = String((e as Error).message);
          // names the construct path and a prop, gives the value and what is allowed
          expect(message).toMatch(/^fuzz\/c: invalid [A-Za-z][\w.[\]-]* .+: .+/s);
          return;
        }
        synthesized++;
        assertDefaultsHold(p, onlyContainer(stack), container);
        // never a config the stack-wide checks flag as an error: every weakening is an answered opt-out
        const errors = runChecks(stack).filter((f) => f.level === 'error' && !f.suppressed);
        expect(errors.map((f) => `${f.ruleId} ${f.findingId ?? ''} ${f.message}`)).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.info(`property: ${synthesized} synthesized, ${refused} refused with a clear error (seed ${SEED})`);
    // the generator must exercise both outcomes, or the property proves little
    expect(synthesized).toBeGreaterThan(RUNS * 0.02);
    expect(refused).toBeGreaterThan(RUNS * 0.2);
  });
});
