import { describe, expect, test } from 'vitest';
import { ADDRESS, context, declaredBody, declaredPlan, goodInspect, IMAGE_ID, IMAGE_REF, OTHER_IMAGE_ID } from './fixtures';
import { containerCreatePlan } from '../../lib/engine/provider-mapping';
import { compareContainer, CompareContext, missingContainer } from '../../lib/verify/compare';
import { FindingKind } from '../../lib/verify/finding';

const MIB = 1024 * 1024;
const plan = declaredPlan();

type Live = any;
type Mutation = (live: Live) => Partial<CompareContext> | void;

/** The findings of a mutated good inspect, as `kind field` strings. */
function findings(mutate: Mutation) {
  const live = goodInspect(plan);
  const ctx = mutate(live) ?? {};
  return compareContainer(plan, live, context(ctx));
}

function kinds(mutate: Mutation): string[] {
  return findings(mutate).map((f) => `${f.kind} ${f.field}`);
}

const w = (field: string) => `weaker ${field}`;
const d = (field: string) => `drift ${field}`;
const s = (field: string) => `stopped ${field}`;

describe('the good inspect', () => {
  test('matches the declaration: no findings', () => {
    expect(compareContainer(plan, goodInspect(plan), context())).toEqual([]);
  });

  test('values Docker fills in or merges from the image are not findings', () => {
    expect(kinds((l) => {
      l.Config.Env.push('LANG=C.UTF-8'); // image ENV
      l.Config.Labels.maintainer = 'someone'; // image LABEL
      l.HostConfig.CapDrop = ['all']; // normalized
      l.HostConfig.SecurityOpt = ['no-new-privileges:true']; // same option, other spelling
      l.HostConfig.Tmpfs['/tmp'] = 'size=16m,uid=1500,gid=1500,mode=1777'; // the daemon adds rw,noexec,nosuid,nodev
      l.HostConfig.NetworkMode = 'default';
      l.NetworkSettings.Networks.webapp.Aliases = ['webapp-web'];
    })).toEqual([]);
  });
});

const cases: Array<[string, Mutation, string[]]> = [
  // identity
  ['another uid', (l) => { l.Config.User = '1501:1501'; }, [w('user')]],
  ['rotated driver swapped for json-file without rotation', (l) => { l.HostConfig.LogConfig = { Type: 'json-file', Config: {} }; }, [w('log_driver')]],
  ['root or docker group added', (l) => { l.HostConfig.GroupAdd = ['0', 'docker']; }, [w('group_add')]],
  ['harmless group added', (l) => { l.HostConfig.GroupAdd = ['video']; }, [d('group_add')]],
  ['undeclared cgroup parent', (l) => { l.HostConfig.CgroupParent = '/escape'; }, [w('cgroup_parent')]],
  ['no masked /proc paths (systempaths=unconfined)', (l) => { l.HostConfig.MaskedPaths = []; }, [w('security_opts')]],
  ['undeclared GPU device request', (l) => { l.HostConfig.DeviceRequests = [{ Count: -1, Capabilities: [['gpu']] }]; }, [w('gpus')]],
  ['root by default (no user)', (l) => { l.Config.User = ''; }, [w('user')]],
  ['uid 0', (l) => { l.Config.User = '0'; }, [w('user')]],
  ['another image id (poisoned image)', (l) => { l.Image = OTHER_IMAGE_ID; }, [w('image')]],
  ['declared image not on the engine', () => ({ declaredImageId: null }), [w('image')]],
  ['config-hash label differs', (l) => { l.Config.Labels['io.cdktf-hardened-docker.config-hash'] = '0000000000000000'; },
    [d('labels.io.cdktf-hardened-docker.config-hash')]],
  ['hardened label removed', (l) => { delete l.Config.Labels['io.cdktf-hardened-docker.hardened']; }, [d('labels.io.cdktf-hardened-docker.hardened')]],
  ['health check interval differs', (l) => { l.Config.Healthcheck.Interval = 30e9; }, [d('healthcheck')]],
  ['health check disabled', (l) => { l.Config.Healthcheck = { Test: ['NONE'] }; }, [d('healthcheck')]],
  ['another command', (l) => { l.Config.Cmd = ['/bin/sh']; }, [d('command')]],
  ['declared env entry missing', (l) => { l.Config.Env = ['PATH=/bin']; }, [d('env.SESSION_KEY_FILE')]],
  ['config-hash label missing: one precise drift', (l) => { delete l.Config.Labels['io.cdktf-hardened-docker.config-hash']; },
    [d('labels.io.cdktf-hardened-docker.config-hash')]],
  ['stopped', (l) => { l.State = { Status: 'exited', Running: false, ExitCode: 137 }; }, [s('state')]],
  ['created, never started', (l) => { l.State = { Status: 'created', Running: false }; }, [s('state')]],
  ['paused', (l) => { l.State.Paused = true; l.State.Status = 'paused'; }, [s('state')]],
  ['restarting (crash loop)', (l) => { Object.assign(l.State, { Restarting: true, Status: 'restarting', ExitCode: 1 }); }, [s('state')]],
  ['dead', (l) => { l.State = { Status: 'dead', Running: false, Dead: true }; }, [s('state')]],
  // privileges
  ['read-only root off', (l) => { l.HostConfig.ReadonlyRootfs = false; }, [w('read_only')]],
  ['privileged', (l) => { l.HostConfig.Privileged = true; }, [w('privileged')]],
  ['capability added', (l) => { l.HostConfig.CapAdd = ['CAP_NET_RAW']; }, [w('capabilities')]],
  ['capability added, short lower-case name', (l) => { l.HostConfig.CapAdd = ['net_raw']; }, [w('capabilities')]],
  ['ALL added', (l) => { l.HostConfig.CapAdd = ['ALL']; }, [w('capabilities')]],
  ['drop ALL missing', (l) => { l.HostConfig.CapDrop = null; }, [w('capabilities')]],
  ['drop only some', (l) => { l.HostConfig.CapDrop = ['NET_RAW', 'MKNOD']; }, [w('capabilities')]],
  ['no-new-privileges missing', (l) => { l.HostConfig.SecurityOpt = null; }, [w('security_opts')]],
  ['no-new-privileges=false', (l) => { l.HostConfig.SecurityOpt = ['no-new-privileges=false']; }, [w('security_opts'), w('security_opts')]],
  ['seccomp=unconfined added', (l) => { l.HostConfig.SecurityOpt.push('seccomp=unconfined'); }, [w('security_opts')]],
  ['seccomp:unconfined (colon form) added', (l) => { l.HostConfig.SecurityOpt.push('seccomp:unconfined'); }, [w('security_opts')]],
  ['apparmor=unconfined added', (l) => { l.HostConfig.SecurityOpt.push('apparmor=unconfined'); }, [w('security_opts')]],
  ['label=disable added', (l) => { l.HostConfig.SecurityOpt.push('label=disable'); }, [w('security_opts')]],
  ['systempaths=unconfined added', (l) => { l.HostConfig.SecurityOpt.push('systempaths=unconfined'); }, [w('security_opts')]],
  ['undeclared seccomp profile', (l) => { l.HostConfig.SecurityOpt.push('seccomp={"defaultAction":"SCMP_ACT_ALLOW"}'); }, [w('security_opts')]],
  ['undeclared SELinux type', (l) => { l.HostConfig.SecurityOpt.push('label=type:svirt_apache_t'); }, [d('security_opts')]],
  ['ipc host', (l) => { l.HostConfig.IpcMode = 'host'; }, [w('ipc_mode')]],
  ['ipc shareable', (l) => { l.HostConfig.IpcMode = 'shareable'; }, [w('ipc_mode')]],
  ['ipc none (stronger)', (l) => { l.HostConfig.IpcMode = 'none'; }, [d('ipc_mode')]],
  ['pid host', (l) => { l.HostConfig.PidMode = 'host'; }, [w('pid_mode')]],
  ['pid of another container', (l) => { l.HostConfig.PidMode = 'container:db'; }, [w('pid_mode')]],
  ['userns host', (l) => { l.HostConfig.UsernsMode = 'host'; }, [w('userns_mode')]],
  ['uts host', (l) => { l.HostConfig.UTSMode = 'host'; }, [w('uts_mode')]],
  ['cgroupns host', (l) => { l.HostConfig.CgroupnsMode = 'host'; }, [w('cgroupns_mode')]],
  ['sysctl changed', (l) => { l.HostConfig.Sysctls['net.ipv4.ip_unprivileged_port_start'] = '0'; }, [w('sysctls.net.ipv4.ip_unprivileged_port_start')]],
  ['sysctl removed', (l) => { delete l.HostConfig.Sysctls['net.ipv4.ping_group_range']; }, [w('sysctls.net.ipv4.ping_group_range')]],
  ['sysctl added', (l) => { l.HostConfig.Sysctls['net.ipv4.ip_forward'] = '1'; }, [w('sysctls.net.ipv4.ip_forward')]],
  ['device added', (l) => { l.HostConfig.Devices = [{ PathOnHost: '/dev/mem', PathInContainer: '/dev/mem', CgroupPermissions: 'rwm' }]; },
    [w('devices./dev/mem')]],
  ['device cgroup rule added', (l) => { l.HostConfig.DeviceCgroupRules = ['c *:* rwm']; }, [w('device_cgroup_rules')]],
  // resources
  ['memory larger', (l) => { l.HostConfig.Memory = 512 * MIB; l.HostConfig.MemorySwap = 512 * MIB; }, [w('memory'), w('memory_swap')]],
  ['memory unlimited', (l) => { l.HostConfig.Memory = 0; l.HostConfig.MemorySwap = 0; }, [w('memory'), w('memory_swap')]],
  ['memory smaller (stronger)', (l) => { l.HostConfig.Memory = 64 * MIB; l.HostConfig.MemorySwap = 64 * MIB; }, [d('memory'), d('memory_swap')]],
  ['swap unlimited', (l) => { l.HostConfig.MemorySwap = -1; }, [w('memory_swap')]],
  ['swap enabled', (l) => { l.HostConfig.MemorySwap = 256 * MIB; }, [w('memory_swap')]],
  ['swap left to the daemon default (as much as memory)', (l) => { l.HostConfig.MemorySwap = 0; }, [w('memory_swap')]],
  ['CPU quota larger', (l) => { l.HostConfig.CpuQuota = 100000; }, [w('cpu')]],
  ['CPU quota removed', (l) => { l.HostConfig.CpuQuota = 0; }, [w('cpu')]],
  ['CPU quota -1', (l) => { l.HostConfig.CpuQuota = -1; }, [w('cpu')]],
  ['NanoCpus larger instead of a quota', (l) => { l.HostConfig.CpuQuota = 0; l.HostConfig.CpuPeriod = 0; l.HostConfig.NanoCpus = 2e9; }, [w('cpu')]],
  ['NanoCpus smaller instead of a quota', (l) => { l.HostConfig.CpuQuota = 0; l.HostConfig.CpuPeriod = 0; l.HostConfig.NanoCpus = 0.25e9; }, [d('cpu')]],
  ['CPU quota smaller (stronger)', (l) => { l.HostConfig.CpuQuota = 25000; }, [d('cpu')]],
  ['same CPU share over another period', (l) => { l.HostConfig.CpuPeriod = 200000; l.HostConfig.CpuQuota = 100000; }, [d('cpu_period')]],
  ['CPU shares larger', (l) => { l.HostConfig.CpuShares = 4096; }, [w('cpu_shares')]],
  ['CPU shares smaller', (l) => { l.HostConfig.CpuShares = 512; }, [d('cpu_shares')]],
  ['nproc higher', (l) => { l.HostConfig.Ulimits[1] = { Name: 'nproc', Soft: 1024, Hard: 65536 }; }, [w('ulimit.nproc')]],
  ['nproc unlimited', (l) => { l.HostConfig.Ulimits[1] = { Name: 'nproc', Soft: -1, Hard: -1 }; }, [w('ulimit.nproc')]],
  ['nproc missing', (l) => { l.HostConfig.Ulimits = [l.HostConfig.Ulimits[0]]; }, [w('ulimit.nproc')]],
  ['nofile lower (stronger)', (l) => { l.HostConfig.Ulimits[0] = { Name: 'nofile', Soft: 1024, Hard: 1024 }; }, [d('ulimit.nofile')]],
  ['ulimit added', (l) => { l.HostConfig.Ulimits.push({ Name: 'core', Soft: 0, Hard: 0 }); }, [d('ulimit.core')]],
  ['restart always', (l) => { l.HostConfig.RestartPolicy = { Name: 'always', MaximumRetryCount: 0 }; }, [w('restart')]],
  ['restart unless-stopped', (l) => { l.HostConfig.RestartPolicy = { Name: 'unless-stopped', MaximumRetryCount: 0 }; }, [w('restart')]],
  ['restart on-failure, more retries', (l) => { l.HostConfig.RestartPolicy.MaximumRetryCount = 10; }, [w('restart')]],
  ['restart on-failure, unlimited retries', (l) => { l.HostConfig.RestartPolicy.MaximumRetryCount = 0; }, [w('restart')]],
  ['restart on-failure, fewer retries', (l) => { l.HostConfig.RestartPolicy.MaximumRetryCount = 2; }, [d('restart')]],
  ['restart no', (l) => { l.HostConfig.RestartPolicy = { Name: 'no', MaximumRetryCount: 0 }; }, [d('restart')]],
  ['init off', (l) => { l.HostConfig.Init = null; }, [w('init')]],
  ['OOM killer disabled', (l) => { l.HostConfig.OomKillDisable = true; }, [w('oom_kill_disable')]],
  ['log driver none', (l) => { l.HostConfig.LogConfig = { Type: 'none', Config: {} }; }, [w('log_driver')]],
  ['another log driver', (l) => { l.HostConfig.LogConfig = { Type: 'journald', Config: {} }; }, [d('log_driver')]],
  ['log rotation removed', (l) => { l.HostConfig.LogConfig.Config = {}; }, [w('log_opts.max-file'), w('log_opts.max-size')]],
  ['log max-size larger', (l) => { l.HostConfig.LogConfig.Config['max-size'] = '1g'; }, [w('log_opts.max-size')]],
  ['log max-file larger', (l) => { l.HostConfig.LogConfig.Config['max-file'] = '30'; }, [w('log_opts.max-file')]],
  ['log max-size smaller', (l) => { l.HostConfig.LogConfig.Config['max-size'] = '5m'; }, [d('log_opts.max-size')]],
  ['log option added', (l) => { l.HostConfig.LogConfig.Config.compress = 'false'; }, [d('log_opts.compress')]],
  // filesystem
  ['tmpfs exec', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,exec,nosuid,nodev,size=16m,uid=1500,gid=1500,mode=1777'; }, [w('tmpfs./tmp')]],
  ['tmpfs suid and dev', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,suid,dev,size=16m,uid=1500,gid=1500,mode=1777'; }, [w('tmpfs./tmp')]],
  ['tmpfs larger', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,nosuid,nodev,size=64m,uid=1500,gid=1500,mode=1777'; }, [w('tmpfs./tmp')]],
  ['tmpfs larger, in k', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,nosuid,nodev,size=16385k,uid=1500,gid=1500,mode=1777'; }, [w('tmpfs./tmp')]],
  ['tmpfs without size', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,nosuid,nodev,uid=1500,gid=1500,mode=1777'; }, [w('tmpfs./tmp')]],
  ['tmpfs size in percent', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,nosuid,nodev,size=50%,uid=1500,gid=1500,mode=1777'; }, [w('tmpfs./tmp')]],
  ['tmpfs smaller', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,nosuid,nodev,size=8m,uid=1500,gid=1500,mode=1777'; }, [d('tmpfs./tmp')]],
  ['tmpfs same size, other spelling', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,nosuid,nodev,size=16384k,uid=1500,gid=1500,mode=1777'; }, []],
  ['tmpfs mode differs', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,nosuid,nodev,size=16m,uid=1500,gid=1500,mode=1755'; }, [d('tmpfs./tmp')]],
  ['tmpfs larger and owned by root', (l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,nosuid,nodev,size=32m,mode=1777'; }, [d('tmpfs./tmp'), w('tmpfs./tmp')]],
  ['declared tmpfs missing', (l) => { delete l.HostConfig.Tmpfs['/cache']; }, [d('tmpfs./cache')]],
  ['undeclared tmpfs', (l) => { l.HostConfig.Tmpfs['/var/run'] = 'rw,size=1m'; }, [w('tmpfs./var/run')]],
  ['volume writable', (l) => { l.Mounts[1].RW = true; }, [w('mounts./data')]],
  ['bind writable', (l) => { l.Mounts[0].RW = true; }, [w('mounts./config')]],
  ['bind propagation shared', (l) => { l.Mounts[0].Propagation = 'rshared'; }, [w('mounts./config')]],
  ['bind propagation slave', (l) => { l.Mounts[0].Propagation = 'rslave'; }, [w('mounts./config')]],
  ['bind of another host path', (l) => { l.Mounts[0].Source = '/etc'; }, [w('mounts./config')]],
  ['volume replaced by a bind', (l) => { l.Mounts[1] = { Type: 'bind', Source: '/', Destination: '/data', RW: false, Propagation: 'rprivate' }; }, [w('mounts./data')]],
  ['declared mount missing', (l) => { l.Mounts.splice(1, 1); }, [d('mounts./data')]],
  ['docker.sock mounted', (l) => {
    l.Mounts.push({ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock', Mode: '', RW: true, Propagation: 'rprivate' });
  }, [w('mounts./var/run/docker.sock')]],
  ['undeclared read-only bind', (l) => {
    l.Mounts.push({ Type: 'bind', Source: '/home', Destination: '/home', Mode: '', RW: false, Propagation: 'rprivate' });
  }, [w('mounts./home')]],
  ['anonymous volume of an undeclared path', (l) => {
    l.Mounts.push({ Type: 'volume', Name: 'd'.repeat(64), Source: '/var/lib/docker/volumes/x/_data', Destination: '/scratch', RW: true, Propagation: '' });
  }, [w('mounts./scratch')]],
  ['anonymous volume of the image\'s VOLUME', (l) => {
    l.Mounts.push({ Type: 'volume', Name: 'd'.repeat(64), Source: '/var/lib/docker/volumes/x/_data', Destination: '/scratch', RW: true, Propagation: '' });
    return { liveImageConfig: { User: '', Volumes: { '/scratch': {} } } };
  }, []],
  // network
  ['also on the default bridge', (l) => { l.NetworkSettings.Networks.bridge = { IPAMConfig: null }; }, [w('networks.bridge')]],
  ['also on another network', (l) => { l.NetworkSettings.Networks.backend = { IPAMConfig: null }; }, [w('networks.backend')]],
  ['declared network missing', (l) => { l.NetworkSettings.Networks = {}; }, [d('networks.webapp')]],
  ['on the bridge instead', (l) => { l.NetworkSettings.Networks = { bridge: { IPAMConfig: null } }; }, [w('networks.bridge'), d('networks.webapp')]],
  ['host network', (l) => { l.HostConfig.NetworkMode = 'host'; l.NetworkSettings.Networks = { host: {} }; }, [w('network_mode'), d('networks.webapp')]],
  ['network namespace of another container', (l) => {
    l.HostConfig.NetworkMode = 'container:db';
    l.NetworkSettings.Networks = {};
  }, [w('network_mode'), d('networks.webapp')]],
  ['port on all interfaces ("")', (l) => { l.HostConfig.PortBindings['8080/tcp'] = [{ HostIp: '', HostPort: '18080' }]; }, [w('ports.8080/tcp')]],
  ['port on all interfaces (0.0.0.0)', (l) => { l.HostConfig.PortBindings['8080/tcp'] = [{ HostIp: '0.0.0.0', HostPort: '18080' }]; }, [w('ports.8080/tcp')]],
  ['port on all interfaces (::)', (l) => { l.HostConfig.PortBindings['8080/tcp'] = [{ HostIp: '::', HostPort: '18080' }]; }, [w('ports.8080/tcp')]],
  ['port on another host address', (l) => { l.HostConfig.PortBindings['8080/tcp'] = [{ HostIp: '10.0.0.5', HostPort: '18080' }]; }, [w('ports.8080/tcp')]],
  ['port also on all interfaces', (l) => { l.HostConfig.PortBindings['8080/tcp'].push({ HostIp: '0.0.0.0', HostPort: '18080' }); }, [w('ports.8080/tcp')]],
  ['another host port on loopback', (l) => { l.HostConfig.PortBindings['8080/tcp'] = [{ HostIp: '127.0.0.1', HostPort: '18081' }]; }, [d('ports.8080/tcp')]],
  ['undeclared port', (l) => { l.HostConfig.PortBindings['22/tcp'] = [{ HostIp: '127.0.0.1', HostPort: '2222' }]; }, [w('ports.22/tcp')]],
  ['declared port not published', (l) => { l.HostConfig.PortBindings = {}; }, [d('ports.8080/tcp')]],
  ['publish all ports', (l) => { l.HostConfig.PublishAllPorts = true; }, [w('publish_all_ports')]],
];

describe('each mutation of the good inspect gives exactly the expected findings', () => {
  test.each(cases)('%s', (_name, mutate, expected) => {
    expect([...kinds(mutate)].sort()).toEqual([...expected].sort());
  });
});

describe('findings', () => {
  test('carry stack, container, address and JSON values', () => {
    const [f] = findings((l) => {
      l.HostConfig.Memory = 512 * MIB;
      l.HostConfig.MemorySwap = 128 * MIB;
    });
    expect(f).toEqual({
      stack: 'webapp',
      container: 'webapp-web',
      address: ADDRESS,
      field: 'memory',
      kind: 'weaker',
      expected: 128 * MIB,
      actual: 512 * MIB,
      message: 'declared 128 MiB, live 512 MiB',
    });
  });

  test('messages say what is weaker, in the units of the declaration', () => {
    const messages = (mutate: Mutation) => findings(mutate).map((f) => f.message);
    expect(messages((l) => { l.Config.User = ''; })).toEqual([
      'declared 1500:1500, live the image default (root): running as a different identity is always weaker',
    ]);
    expect(messages((l) => { l.HostConfig.MemorySwap = -1; })).toEqual([
      'declared 128 MiB (no swap), live 128 MiB + unlimited swap: swap is enabled',
    ]);
    expect(messages((l) => { l.HostConfig.CpuQuota = 0; })).toEqual([
      'declared 0.5 CPU (cpu_quota 50000 per cpu_period 100000), live unlimited',
    ]);
    expect(messages((l) => { l.HostConfig.CapAdd = ['net_raw']; })[0]).toContain('live grants CAP_NET_RAW beyond the declaration');
    expect(messages((l) => { l.HostConfig.CapDrop = []; })[0]).toContain('CAP_CHOWN');
    expect(messages((l) => { l.HostConfig.PortBindings['8080/tcp'] = [{ HostIp: '', HostPort: '18080' }]; })).toEqual([
      'declared 127.0.0.1:18080, live all interfaces:18080: published on all interfaces',
    ]);
    expect(messages((l) => {
      l.Mounts.push({ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock', RW: true, Propagation: 'rprivate' });
    })[0]).toContain('container engine\'s socket');
    expect(messages((l) => { l.HostConfig.Tmpfs['/tmp'] = 'rw,noexec,nosuid,nodev,size=64m,uid=1500,gid=1500,mode=1777'; })[0])
      .toMatch(/: size 16 MiB -> 64 MiB$/);
    expect(messages((l) => { l.Config.Labels['io.cdktf-hardened-docker.config-hash'] = 'x'; })[0]).toContain('provider 3.6.2 never updates');
    expect(messages((l) => { l.Image = OTHER_IMAGE_ID; })[0])
      .toBe(`declared ${IMAGE_REF} (sha256:aaaaaaaaaaaa), live sha256:bbbbbbbbbbbb: the container runs a different image (replaced or re-tagged since it was created)`);
  });

  test('a missing config-hash label says "label missing", not that tmpfs, healthcheck or cpu changed', () => {
    const all = findings((l) => { delete l.Config.Labels['io.cdktf-hardened-docker.config-hash']; });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ field: 'labels.io.cdktf-hardened-docker.config-hash', kind: 'drift', actual: null });
    expect(all[0].message).toMatch(/^label missing \(declared [0-9a-f]+\): the live container was not created from a HardenedContainer declaration/);
    expect(all[0].message).not.toMatch(/changed|never updates/);
    // a differing (present) hash still explains what provider 3.6.2 does not update
    expect(findings((l) => { l.Config.Labels['io.cdktf-hardened-docker.config-hash'] = 'x'; })[0].message).toMatch(/changed since the container was created/);
  });

  test('a container recreated without any label: one "label missing" per declared label, nothing else', () => {
    const all = findings((l) => { l.Config.Labels = null; });
    expect(all.map((f) => `${f.kind} ${f.field}`)).toEqual([
      'drift labels.io.cdktf-hardened-docker.config-hash',
      'drift labels.io.cdktf-hardened-docker.hardened',
      'drift labels.io.cdktf-hardened-docker.trust-zone',
    ]);
    for (const f of all) expect(f.message).toMatch(/^label missing \(declared /);
    expect(all.map((f) => f.message).join('\n')).not.toMatch(/changed|never updates/);
  });

  test('a stopped container: one "stopped" finding, and its configuration is still compared', () => {
    const stopped = (l: Live) => { l.State = { Status: 'exited', Running: false, ExitCode: 137 }; };
    expect(findings(stopped)).toEqual([{
      stack: 'webapp',
      container: 'webapp-web',
      address: ADDRESS,
      field: 'state',
      kind: 'stopped' satisfies FindingKind,
      expected: 'running',
      actual: 'exited',
      message: 'declared running, live exited (exit code 137): the declared workload is not running',
    }]);
    expect(kinds((l) => { stopped(l); l.HostConfig.Privileged = true; l.HostConfig.Memory = 0; }))
      .toEqual(['weaker memory', 'weaker memory_swap', 'weaker privileged', 'stopped state']);
    const messages = (mutate: Mutation) => findings(mutate).map((f) => f.message);
    expect(messages((l) => { l.State.Paused = true; })).toEqual(['declared running, live paused: its processes are frozen']);
    expect(messages((l) => { l.State = { Status: 'created', Running: false, ExitCode: 0 }; })).toEqual(['declared running, live created: it was never started']);
    expect(messages((l) => { Object.assign(l.State, { Restarting: true, ExitCode: 1 }); }))
      .toEqual(['declared running, live restarting (exit code 1): it keeps exiting and its restart policy starts it again']);
  });

  test('a container declared with start = false or must_run = false may be stopped', () => {
    const exited = { ...goodInspect(plan), State: { Status: 'exited', Running: false, ExitCode: 0 } };
    for (const flag of ['start', 'must_run']) {
      const body = { ...declaredBody(), [flag]: false };
      const p = declaredPlan(body);
      expect(compareContainer(p, { ...goodInspect(p), State: exited.State }, context()).map((f) => `${f.kind} ${f.field}`)).toEqual([]);
    }
  });

  test('environment values are never echoed', () => {
    const [f] = findings((l) => { l.Config.Env = ['SESSION_KEY_FILE=/elsewhere']; });
    expect(f).toMatchObject({ field: 'env.SESSION_KEY_FILE', kind: 'drift', expected: null, actual: null });
    expect(JSON.stringify(f)).not.toContain('/run/secrets/session-key');
  });

  test('are sorted by field, then kind', () => {
    const fields = findings((l) => {
      l.HostConfig.Privileged = true;
      l.Config.User = '0';
      l.HostConfig.Memory = 0;
      l.HostConfig.Tmpfs['/tmp'] = 'rw,exec,nosuid,nodev,size=16m,uid=0,gid=0,mode=1777';
    }).map((f) => `${f.field} ${f.kind}`);
    expect(fields).toEqual([...fields].sort());
    expect(fields).toEqual(['memory weaker', 'memory_swap weaker', 'privileged weaker', 'tmpfs./tmp drift', 'tmpfs./tmp weaker', 'user weaker']);
  });

  test('a missing container is one "missing" finding', () => {
    expect(missingContainer(plan, { stack: 'webapp', address: ADDRESS })).toEqual({
      stack: 'webapp',
      container: 'webapp-web',
      address: ADDRESS,
      field: 'container',
      kind: 'missing' satisfies FindingKind,
      expected: 'webapp-web',
      actual: null,
      message: 'no container named webapp-web on the engine',
    });
  });
});

describe('declarations that leave values to the daemon or the image', () => {
  /** A raw provider container with no hardening at all: nearly everything is the daemon default. */
  const raw = containerCreatePlan('raw', { name: 'raw', image: IMAGE_ID });
  const rawLive = () => ({
    Name: '/raw',
    Image: IMAGE_ID,
    State: { Running: true },
    Config: { User: 'app', Labels: { from: 'image' }, Cmd: ['/app'], Env: ['PATH=/bin'] },
    HostConfig: {
      NetworkMode: 'bridge',
      CgroupnsMode: 'host', // cgroup v1 daemon default
      IpcMode: 'shareable', // daemon default with default-ipc-mode shareable
      LogConfig: { Type: 'json-file', Config: { 'max-size': '100m' } }, // daemon.json defaults
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      MemorySwap: 0,
      Memory: 0,
    },
    Mounts: [],
    NetworkSettings: { Networks: { bridge: {} } },
  });
  const rawContext = (user = 'app') => context({ declaredImage: IMAGE_ID, liveImageConfig: { User: user, Volumes: null } });

  test('the daemon\'s and the image\'s defaults are not findings', () => {
    expect(compareContainer(raw, rawLive() as any, rawContext())).toEqual([]);
  });

  test('the image USER counts as declared when no user is set', () => {
    const live = { ...rawLive(), Config: { ...rawLive().Config, User: '' } };
    expect(compareContainer(raw, live as any, rawContext()).map((f) => `${f.kind} ${f.field}`)).toEqual(['weaker user']);
  });

  test('explicit host namespaces are still weaker', () => {
    const live = rawLive();
    Object.assign(live.HostConfig, { PidMode: 'host', IpcMode: 'host' });
    expect(compareContainer(raw, live as any, rawContext()).map((f) => `${f.kind} ${f.field}`)).toEqual(['weaker ipc_mode', 'weaker pid_mode']);
  });

  test('network mode none declared, container on the bridge', () => {
    const none = containerCreatePlan('n', { name: 'raw', image: IMAGE_ID, network_mode: 'none' });
    expect(compareContainer(none, rawLive() as any, rawContext()).map((f) => `${f.kind} ${f.field}`)).toEqual(['weaker network_mode']);
  });

  test('bridge declared, container without network', () => {
    const live = { ...rawLive(), HostConfig: { ...rawLive().HostConfig, NetworkMode: 'none' }, NetworkSettings: { Networks: { none: {} } } };
    expect(compareContainer(raw, live as any, rawContext()).map((f) => `${f.kind} ${f.field}`)).toEqual(['drift network_mode']);
  });
});
