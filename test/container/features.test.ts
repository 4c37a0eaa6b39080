import { Aspects, TerraformStack, Testing } from 'cdktf';
import {
  Capability, ContainerNetwork, Duration, HardenedContainer, HardeningChecks, HealthCheck, LogDriver, OPT_OUT_METADATA_TYPE,
  Protocol, RestartPolicy, Size,
} from '../../lib';
import { IMAGE, newStack, onlyContainer, synth } from '../util';

const why = (s: string) => ({ justification: s });

describe('HardenedContainer props', () => {
  test('the seed webapp: 1500:1500, 128 MiB, 0.75 CPU, 64k /tmp', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'web', {
      image: IMAGE,
      user: '1500:1500',
      memoryLimit: Size.mebibytes(128),
      cpuLimit: 0.75,
      tmpfs: [{ containerPath: '/tmp', size: Size.kibibytes(64) }],
    });
    const c = onlyContainer(stack);
    expect(c.user).toBe('1500:1500');
    expect([c.memory, c.memory_swap]).toEqual([128, 128]);
    expect([c.cpu_period, c.cpu_quota]).toEqual([100000, 75000]);
    expect(c.tmpfs).toEqual({ '/tmp': 'rw,noexec,nosuid,nodev,size=64k,uid=1500,gid=1500,mode=1777' });
    expect(c.read_only).toBe(true);
    expect(c.security_opts).toEqual(['no-new-privileges']);
  });

  test('tmpfs is owned by a numeric user; named users get mode 1777 only', () => {
    const tmpOf = (user: string) => {
      const stack = newStack();
      new HardenedContainer(stack, 'web', { image: IMAGE, user });
      return onlyContainer(stack).tmpfs['/tmp'];
    };
    expect(tmpOf('1000:2000')).toBe('rw,noexec,nosuid,nodev,size=64m,uid=1000,gid=2000,mode=1777');
    expect(tmpOf('app:app')).toBe('rw,noexec,nosuid,nodev,size=64m,mode=1777');
    expect(tmpOf('1000:app')).toBe('rw,noexec,nosuid,nodev,size=64m,uid=1000,mode=1777');
  });

  test('a local image id counts as pinned', () => {
    const stack = newStack();
    const id = `sha256:${'b'.repeat(64)}`;
    const c = new HardenedContainer(stack, 'web', { image: id });
    expect(c.imageDigest).toBe(id);
    expect(Object.values(synth(stack).images)[0]).toMatchObject({ name: id });
  });

  test('named non-root users are accepted', () => {
    for (const user of ['app', 'app:app', '1000:2000', 'www-data:www-data']) {
      const stack = newStack();
      new HardenedContainer(stack, 'web', { image: IMAGE, user });
      expect(onlyContainer(stack).user).toBe(user);
    }
  });

  test('extra tmpfs paths keep /tmp and stay noexec', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'web', {
      image: IMAGE,
      tmpfs: [{ containerPath: '/var/cache/nginx', size: Size.mebibytes(8) }, { containerPath: '/run/app' }],
    });
    const uid = onlyContainer(stack).user.split(':')[0];
    expect(onlyContainer(stack).tmpfs).toEqual({
      '/run/app': `rw,noexec,nosuid,nodev,size=64m,uid=${uid},gid=${uid},mode=1777`,
      '/tmp': `rw,noexec,nosuid,nodev,size=64m,uid=${uid},gid=${uid},mode=1777`,
      '/var/cache/nginx': `rw,noexec,nosuid,nodev,size=8m,uid=${uid},gid=${uid},mode=1777`,
    });
  });

  test('capabilities are emitted as CAP_* upper case, sorted, after drop ALL', () => {
    const stack = newStack();
    const c = new HardenedContainer(stack, 'web', {
      image: IMAGE,
      user: '0:0',
      capabilities: [Capability.SETUID, Capability.NET_BIND_SERVICE, Capability.CHOWN],
      optOuts: { rootUser: why('master process binds :80 then drops to workers'), addedCapabilities: why('binds :80 then drops to its worker uid') },
    });
    expect(onlyContainer(stack).capabilities).toEqual({
      drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE', 'CAP_SETUID'],
    });
    expect(c.controls.find((k) => k.id === 'capabilities-dropped')?.status).toBe('opted-out');
  });

  test('volumes and binds are read-only with private propagation; secrets are read-only files', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'web', {
      image: IMAGE,
      volumes: [{ volumeName: 'static', containerPath: '/srv/static' }],
      bindMounts: [{ hostPath: '/srv/config/web', containerPath: '/etc/web' }],
      secrets: [{ name: 'db-password', hostPath: '/srv/secrets/db-password' }],
    });
    expect(onlyContainer(stack).mounts).toEqual([
      { type: 'bind', source: '/srv/config/web', target: '/etc/web', read_only: true, bind_options: { propagation: 'rprivate' } },
      { type: 'bind', source: '/srv/secrets/db-password', target: '/run/secrets/db-password', read_only: true, bind_options: { propagation: 'rprivate' } },
      { type: 'volume', source: 'static', target: '/srv/static', read_only: true },
    ]);
  });

  test('environment is sorted K=V; *_FILE pointers to secrets are fine', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'web', {
      image: IMAGE,
      environment: { LOG_LEVEL: 'info', DB_PASSWORD_FILE: '/run/secrets/db', AUTHOR: 'me', BYPASS_CACHE: '1' },
    });
    expect(onlyContainer(stack).env).toEqual(['AUTHOR=me', 'BYPASS_CACHE=1', 'DB_PASSWORD_FILE=/run/secrets/db', 'LOG_LEVEL=info']);
  });

  test('networks replace network_mode none; ports default to 127.0.0.1', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'web', {
      image: IMAGE,
      networks: [{ network: ContainerNetwork.fromName('frontend'), aliases: ['web', 'www'] }, { network: ContainerNetwork.fromName('backend') }],
      ports: [{ containerPort: 8080, hostPort: 8080 }, { containerPort: 9090, protocol: Protocol.UDP }, { containerPort: 8443, hostIp: '::1' }],
    });
    const c = onlyContainer(stack);
    expect(c.network_mode).not.toBe('bridge');
    expect(c.network_mode).not.toBe('none');
    expect(c.networks_advanced).toEqual([{ name: 'frontend', aliases: ['web', 'www'] }, { name: 'backend' }]);
    expect(c.ports).toEqual([
      { internal: 8080, external: 8080, ip: '127.0.0.1', protocol: 'tcp' },
      { internal: 9090, ip: '127.0.0.1', protocol: 'udp' },
      { internal: 8443, ip: '::1', protocol: 'tcp' },
    ]);
  });

  test('health check durations are Go canonical strings', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'web', {
      image: IMAGE,
      healthCheck: HealthCheck.exec(['/app', 'health'], { interval: Duration.seconds(90), timeout: Duration.millis(1500), startPeriod: Duration.minutes(2), retries: 5 }),
    });
    expect(onlyContainer(stack).healthcheck).toEqual({
      test: ['CMD', '/app', 'health'], interval: '1m30s', timeout: '1.5s', start_period: '2m0s', retries: 5,
    });
    const s2 = newStack();
    new HardenedContainer(s2, 'web', { image: IMAGE, healthCheck: HealthCheck.shell('wget -qO- http://127.0.0.1:8080/health') });
    expect(onlyContainer(s2).healthcheck).toEqual({
      test: ['CMD-SHELL', 'wget -qO- http://127.0.0.1:8080/health'], interval: '30s', timeout: '5s', start_period: '0s', retries: 3,
    });
  });

  test('changing a never-updated attribute changes the ForceNew config-hash label', () => {
    const hash = (props: any) => {
      const stack = newStack();
      new HardenedContainer(stack, 'web', { image: IMAGE, ...props });
      return onlyContainer(stack).labels.find((l: any) => l.label.endsWith('config-hash')).value;
    };
    const base = hash({});
    expect(hash({ tmpfs: [{ containerPath: '/tmp', size: Size.mebibytes(32) }] })).not.toBe(base);
    expect(hash({ cpuLimit: 0.5 })).not.toBe(base);
    expect(hash({ healthCheck: HealthCheck.exec(['/hc']) })).not.toBe(base);
    expect(hash({ memoryLimit: Size.mebibytes(512) })).toBe(base); // memory updates in place
  });

  test('logging drivers and options', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'a', { image: IMAGE, logging: { driver: LogDriver.JSON_FILE, maxSize: Size.mebibytes(50), maxFiles: 5, options: { compress: 'true' } } });
    new HardenedContainer(stack, 'b', { image: IMAGE, logging: { driver: LogDriver.SYSLOG, options: { 'syslog-address': 'udp://127.0.0.1:514' } } });
    const out = Object.values(synth(stack).containers) as any[];
    const byDriver = Object.fromEntries(out.map((c) => [c.log_driver, c.log_opts]));
    expect(byDriver['json-file']).toEqual({ 'compress': 'true', 'max-file': '5', 'max-size': '50m' });
    expect(byDriver.syslog).toEqual({ 'syslog-address': 'udp://127.0.0.1:514' });
  });

  test('restart policies', () => {
    const s1 = newStack();
    new HardenedContainer(s1, 'web', { image: IMAGE, restartPolicy: RestartPolicy.onFailure(2) });
    expect(onlyContainer(s1)).toMatchObject({ restart: 'on-failure', max_retry_count: 2 });
    const s2 = newStack();
    new HardenedContainer(s2, 'web', { image: IMAGE, restartPolicy: RestartPolicy.never() });
    expect(onlyContainer(s2).restart).toBe('no');
    expect(onlyContainer(s2).max_retry_count).toBeUndefined();
  });

  test('user labels are kept and sorted with the library labels', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'web', { image: IMAGE, labels: { 'com.example.team': 'payments', 'app': 'web' } });
    expect(onlyContainer(stack).labels.map((l: any) => l.label)).toEqual([
      'app', 'com.example.team', 'io.cdktf-hardened-docker.config-hash', 'io.cdktf-hardened-docker.hardened', 'io.cdktf-hardened-docker.trust-zone',
    ]);
  });
});

describe('opt-outs', () => {
  test('each opt-out weakens exactly its control and is recorded with its justification', () => {
    const stack = newStack('o');
    const c = new HardenedContainer(stack, 'legacy', {
      image: 'registry.example.com/legacy/app:2.4',
      user: '0:0',
      capabilities: [Capability.NET_BIND_SERVICE],
      restartPolicy: RestartPolicy.unlessStopped(),
      environment: { SESSION_TOKEN_LIFE: '300' },
      tmpfs: [{ containerPath: '/opt/jit', allowExec: why('JIT writes native code it then maps executable') }],
      volumes: [{ volumeName: 'data', containerPath: '/data', writable: why('the database writes its files here') }],
      bindMounts: [{ hostPath: '/srv/uploads', containerPath: '/uploads', writable: why('users upload files the host archives') }],
      networks: [{ network: ContainerNetwork.fromName('edge') }],
      ports: [{ containerPort: 80, hostPort: 80, hostIp: '0.0.0.0', nonLoopbackBinding: why('public HTTP entry point'), privilegedHostPort: why('clients expect port 80') }],
      optOuts: {
        mutableImageTag: why('vendor publishes tags only; digest tracked in CMDB'),
        rootUser: why('vendor image requires root to chown its data dir'),
        writableRootFilesystem: why('vendor app writes under /opt/app/var'),
        privilegeEscalation: why('vendor entrypoint uses su-exec to drop privileges'),
        addedCapabilities: why('binds port 80 inside the container'),
        unboundedRestart: why('must come back after host reboots'),
        secretLikeEnvironment: { names: ['SESSION_TOKEN_LIFE'], justification: 'a lifetime in seconds, not a token' },
      },
    });
    const out = onlyContainer(stack);
    expect(out.user).toBe('0:0');
    expect(out.read_only).toBe(false);
    expect(out.security_opts).toBeUndefined();
    expect(out.restart).toBe('unless-stopped');
    expect(out.tmpfs['/opt/jit']).toBe('rw,exec,nosuid,nodev,size=64m,uid=0,gid=0,mode=1777');
    expect(out.tmpfs['/tmp']).toBe('rw,noexec,nosuid,nodev,size=64m,uid=0,gid=0,mode=1777');
    expect(out.ports).toEqual([{ internal: 80, external: 80, ip: '0.0.0.0', protocol: 'tcp' }]);
    expect(out.mounts.every((m: any) => m.read_only === false)).toBe(true);
    // Things no opt-out can touch.
    expect(out.capabilities.drop).toEqual(['ALL']);
    expect(out.privileged).toBe(false);
    expect(JSON.stringify(out)).not.toMatch(/seccomp|apparmor/);

    const recorded = c.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE).map((m) => m.data);
    expect(recorded.map((r: any) => r.prop).sort()).toEqual([
      'bindMounts[0].writable', 'optOuts.addedCapabilities', 'optOuts.mutableImageTag', 'optOuts.privilegeEscalation',
      'optOuts.rootUser', 'optOuts.secretLikeEnvironment', 'optOuts.unboundedRestart', 'optOuts.writableRootFilesystem',
      'ports[0].nonLoopbackBinding', 'ports[0].privilegedHostPort', 'tmpfs[0].allowExec', 'volumes[0].writable',
    ]);
    expect(recorded.every((r: any) => r.path === 'o/legacy' && r.justification.length >= 10)).toBe(true);
    expect(c.optOutRecords).toEqual(recorded);
    const opted = c.controls.filter((k) => k.status === 'opted-out').map((k) => k.id).sort();
    expect(opted).toEqual([
      'bounded-restart', 'capabilities-dropped', 'image-digest-pinned', 'loopback-ports', 'no-new-privileges', 'non-root-user',
      'read-only-mounts', 'read-only-rootfs', 'secrets-as-files', 'unprivileged-host-ports', 'writable-paths-noexec',
    ]);
    expect(c.controls.find((k) => k.id === 'read-only-rootfs')?.justification).toBe('vendor app writes under /opt/app/var');
  });

  test('imageUser keeps the image USER by emitting no user', () => {
    const stack = newStack();
    const c = new HardenedContainer(stack, 'web', { image: IMAGE, optOuts: { imageUser: why('image runs as uid 101 and owns its files') } });
    expect(onlyContainer(stack).user).toBeUndefined();
    expect(c.controls.find((k) => k.id === 'non-root-user')?.status).toBe('opted-out');
  });
});

describe('secret-looking environment values that are public', () => {
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJlLXB1YmxpYw';
  test('are refused, unless optOuts.secretLikeEnvironment.values names the variable; the checks then report an accepted risk', () => {
    const s = new TerraformStack(Testing.app(), 'env');
    expect(() => new HardenedContainer(s, 'a', { image: IMAGE, environment: { SUPABASE_ANON_KEY: JWT } })).toThrow(/JSON Web Token.*secretLikeEnvironment\.values/s);
    new HardenedContainer(s, 'b', {
      image: IMAGE,
      environment: { SUPABASE_ANON_KEY: JWT, SMTP_URL: 'smtp://relay:25?tls=1' },
      optOuts: { secretLikeEnvironment: { names: ['SUPABASE_ANON_KEY'], values: ['SUPABASE_ANON_KEY'], justification: 'the anon key is public by design' } },
    });
    const checks = new HardeningChecks({ reports: false });
    Aspects.of(s).add(checks);
    Testing.synth(s);
    const f = checks._findingsOf('env')!.filter((x) => x.ruleId === 'HD-C19');
    expect(f.map((x) => [x.findingId, x.suppressed !== undefined])).toEqual([['SUPABASE_ANON_KEY', true]]);
  });
  test('an unused value opt-out is refused', () => {
    const s = new TerraformStack(Testing.app(), 'env');
    expect(() => new HardenedContainer(s, 'a', {
      image: IMAGE, environment: { MODE: 'fast' }, optOuts: { secretLikeEnvironment: { names: [], values: ['MODE'], justification: 'not a secret at all' } },
    })).toThrow(/optOuts\.secretLikeEnvironment.*does not apply/);
  });
});
