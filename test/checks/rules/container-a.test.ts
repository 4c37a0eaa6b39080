import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack } from 'cdktf';
import { Capability, HardenedContainer, IsolatedNetwork } from '../../../lib';
import { CONTAINER_RULES } from '../../../lib/checks/rules/container';
import { findingsOf, PINNED, rawContainer, runChecks, stack } from '../util';

const MY_RULES = ['HD-C02', 'HD-C03', 'HD-C04', 'HD-C05', 'HD-C06', 'HD-C07', 'HD-C08', 'HD-C09', 'HD-C10', 'HD-C11', 'HD-C12',
  'HD-C13', 'HD-C14', 'HD-C15', 'HD-C16'];

/** A raw container that satisfies every rule of this file, to vary one attribute at a time. */
const COMPLIANT = {
  user: '10001:10001',
  readOnly: true,
  securityOpts: ['no-new-privileges'],
  capabilities: { drop: ['ALL'] },
  memory: 256,
  memorySwap: 256,
  cpuQuota: 100000,
  cpuPeriod: 100000,
};

/** The findings of one rule, as `{ <container id>: [findingId, …] }` (a finding without id counts as `-`). */
function idsOf(s: TerraformStack, ruleId: string): { [id: string]: string[] } {
  const out: { [id: string]: string[] } = {};
  for (const f of findingsOf(s, ruleId)) {
    const id = f.path.replace(/^checks\//, '');
    (out[id] ??= []).push(f.findingId ?? '-');
  }
  for (const v of Object.values(out)) v.sort();
  return out;
}

/** A HardenedContainer with an escape-hatch override. */
function hardened(s: TerraformStack, id: string, overrides: { [path: string]: unknown } = {}): HardenedContainer {
  const c = new HardenedContainer(s, id, { image: PINNED });
  for (const [path, value] of Object.entries(overrides)) (c.node.defaultChild as any).addOverride(path, value);
  return c;
}

describe('metadata of HD-C02 … HD-C16', () => {
  test('each rule is registered once with its level, CIS ids and suppressibility', () => {
    const rules = CONTAINER_RULES.filter((r) => MY_RULES.includes(r.id));
    expect(rules.map((r) => r.id).sort()).toEqual(MY_RULES);
    const meta = Object.fromEntries(rules.map((r) => [r.id, [r.level, r.suppressible, r.cis.join(' ')]]));
    expect(meta).toEqual({
      'HD-C02': ['error', false, 'CIS 5.32'],
      'HD-C03': ['error', false, 'CIS 5.22'],
      'HD-C04': ['error', false, 'CIS 5.2'],
      'HD-C05': ['error', true, 'CIS 5.26'],
      'HD-C06': ['error', true, 'CIS 4.1'],
      'HD-C07': ['error', true, 'CIS 5.13'],
      'HD-C08': ['error', true, 'CIS 5.4'],
      'HD-C09': ['error', true, 'CIS 5.11'],
      'HD-C10': ['error', true, 'CIS 5.12'],
      'HD-C11': ['error', true, 'CIS 5.10 CIS 5.16 CIS 5.17 CIS 5.31'],
      'HD-C12': ['error', true, 'CIS 5.6'],
      'HD-C13': ['error', true, 'CIS 5.20'],
      'HD-C14': ['error', true, 'CIS 5.14'],
      'HD-C15': ['warning', true, 'CIS 5.4'],
      'HD-C16': ['warning', true, 'CIS 4.1'],
    });
    for (const r of rules) {
      expect(r.resourceTypes[0]).toBe('docker_container');
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.explanation.length).toBeGreaterThan(50);
      expect(r.fix).toMatch(/HardenedContainer/);
      expect(r.threats.length).toBeGreaterThan(0);
    }
  });
});

describe('default HardenedContainer', () => {
  test('produces no finding of HD-C02 … HD-C16', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED });
    expect(runChecks(s).filter((f) => MY_RULES.includes(f.ruleId))).toEqual([]);
  });
  test('neither does one with loopback ports, read-only bind mounts, secrets, volumes and a network', () => {
    const s = stack();
    const net = new IsolatedNetwork(s, 'net', { egress: { justification: 'published ports need a route out' } });
    new HardenedContainer(s, 'web', {
      image: PINNED,
      networks: [{ network: net }],
      ports: [{ containerPort: 8080, hostPort: 8080 }, { containerPort: 8081, hostIp: '::1' }],
      bindMounts: [{ hostPath: '/srv/app/config', containerPath: '/config' }],
      secrets: [{ name: 'token', hostPath: '/srv/app/secrets/token' }],
      volumes: [{ volumeName: 'data', containerPath: '/data', writable: { justification: 'the application stores its state here' } }],
    });
    expect(runChecks(s).filter((f) => MY_RULES.includes(f.ruleId))).toEqual([]);
  });
  test('the compliant raw container of these tests is clean too', () => {
    const s = stack();
    rawContainer(s, 'raw', COMPLIANT);
    expect(runChecks(s).filter((f) => MY_RULES.includes(f.ruleId))).toEqual([]);
  });
});

describe('HD-C02 engine socket mounted', () => {
  test('non-compliant: every engine socket, any mount form, read-only or not', () => {
    const s = stack();
    rawContainer(s, 'dockersock', { ...COMPLIANT, volumes: [{ hostPath: '/var/run/docker.sock', containerPath: '/var/run/docker.sock', readOnly: true }] });
    rawContainer(s, 'dotdot', { ...COMPLIANT, volumes: [{ hostPath: '/var/run/../run/docker.sock', containerPath: '/sock' }] });
    rawContainer(s, 'slashes', { ...COMPLIANT, mounts: [{ type: 'bind', source: '//run//containerd/containerd.sock', target: '/c.sock', readOnly: true }] });
    rawContainer(s, 'podman', { ...COMPLIANT, mounts: [{ type: 'bind', source: '/run/user/1000/podman/podman.sock', target: '/p' }] });
    rawContainer(s, 'crio', { ...COMPLIANT, volumes: [{ hostPath: '/var/run/crio/crio.sock', containerPath: '/x' }] });
    rawContainer(s, 'desktop', { ...COMPLIANT, volumes: [{ hostPath: '/Users/me/.docker/run/docker.sock', containerPath: '/x' }] });
    rawContainer(s, 'raw-sock', { ...COMPLIANT, volumes: [{ hostPath: '/var/run/docker.sock.raw', containerPath: '/x' }] });
    rawContainer(s, 'target', { ...COMPLIANT, volumes: [{ volumeName: 'v', containerPath: '/var/run/docker.sock' }] });
    expect(idsOf(s, 'HD-C02')).toEqual({
      'dockersock': ['/var/run/docker.sock'],
      'dotdot': ['/var/run/docker.sock'],
      'slashes': ['/run/containerd/containerd.sock'],
      'podman': ['/run/user/1000/podman/podman.sock'],
      'crio': ['/var/run/crio/crio.sock'],
      'desktop': ['/Users/me/.docker/run/docker.sock'],
      'raw-sock': ['/var/run/docker.sock.raw'],
      'target': ['/var/run/docker.sock'],
    });
  });
  test('non-compliant: /run, /var/run, their parents and engine runtime directories', () => {
    const s = stack();
    rawContainer(s, 'run', { ...COMPLIANT, volumes: [{ hostPath: '/run', containerPath: '/host-run', readOnly: true }] });
    rawContainer(s, 'varrun', { ...COMPLIANT, mounts: [{ type: 'bind', source: '/var/run/', target: '/r' }] });
    rawContainer(s, 'var', { ...COMPLIANT, volumes: [{ hostPath: '/var', containerPath: '/v' }] });
    rawContainer(s, 'root', { ...COMPLIANT, volumes: [{ hostPath: '/', containerPath: '/host' }] });
    rawContainer(s, 'dir', { ...COMPLIANT, volumes: [{ hostPath: '/run/containerd', containerPath: '/c' }] });
    rawContainer(s, 'rootless', { ...COMPLIANT, volumes: [{ hostPath: '/run/user/1000', containerPath: '/u' }] });
    expect(idsOf(s, 'HD-C02')).toEqual({
      run: ['/run'], varrun: ['/var/run'], var: ['/var'], root: ['/'], dir: ['/run/containerd'], rootless: ['/run/user/1000'],
    });
  });
  test('non-compliant: through a local volume with o=bind and through volumes.from_container', () => {
    const s = stack();
    const v = new Volume(s, 'sockvol', { name: 'sockvol', driverOpts: { type: 'none', o: 'bind', device: '/var/run/docker.sock' } });
    rawContainer(s, 'named', { ...COMPLIANT, volumes: [{ volumeName: v.name, containerPath: '/engine' }] });
    rawContainer(s, 'inline', {
      ...COMPLIANT,
      mounts: [{ type: 'volume', source: 'x', target: '/engine', volumeOptions: { driverOptions: { type: 'none', o: 'ro,bind', device: '/run/docker.sock' } } }],
    });
    const holder = rawContainer(s, 'holder', { ...COMPLIANT, volumes: [{ hostPath: '/var/run/docker.sock', containerPath: '/s' }] });
    rawContainer(s, 'heir', { ...COMPLIANT, volumes: [{ fromContainer: holder.name }] });
    expect(idsOf(s, 'HD-C02')).toEqual({
      named: ['/var/run/docker.sock'], inline: ['/run/docker.sock'], holder: ['/var/run/docker.sock'], heir: ['/var/run/docker.sock'],
    });
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { volumes: [{ host_path: '/var/run/docker.sock', container_path: '/var/run/docker.sock', read_only: true }] });
    expect(idsOf(s, 'HD-C02')).toEqual({ web: ['/var/run/docker.sock'] });
    expect(findingsOf(s, 'HD-C02')[0].message).toMatch(/host path via volumes\.host_path.*; container path via volumes\.container_path/);
  });
  test('compliant: ordinary paths, lookalike names, secrets below /run/secrets inside the container', () => {
    const s = stack();
    rawContainer(s, 'ok', {
      ...COMPLIANT,
      volumes: [{ hostPath: '/srv/docker.socket-notes', containerPath: '/notes' }, { volumeName: 'data', containerPath: '/run/secrets' }],
      mounts: [{ type: 'bind', source: '/srv/runner', target: '/runner' }, { type: 'bind', source: '/home/me/my-docker.sock.d', target: '/d' },
        { type: 'volume', source: 'cache', target: '/cache' }],
    });
    rawContainer(s, 'varrunner', { ...COMPLIANT, volumes: [{ hostPath: '/var/runner', containerPath: '/r' }] });
    expect(idsOf(s, 'HD-C02')).toEqual({});
  });
});

describe('HD-C03 seccomp unconfined', () => {
  test('non-compliant: = and :, any case, blanks and quotes', () => {
    const s = stack();
    rawContainer(s, 'eq', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'seccomp=unconfined'] });
    rawContainer(s, 'colon', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'seccomp:UNCONFINED'] });
    rawContainer(s, 'case', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'Seccomp = Unconfined '] });
    rawContainer(s, 'quoted', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'seccomp="unconfined"'] });
    expect(idsOf(s, 'HD-C03')).toEqual({ eq: ['unconfined'], colon: ['unconfined'], case: ['unconfined'], quoted: ['unconfined'] });
  });
  test('non-compliant: a profile that allows every system call', () => {
    const s = stack();
    const allowAll = JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] });
    rawContainer(s, 'allow', { ...COMPLIANT, securityOpts: ['no-new-privileges', `seccomp=${allowAll}`] });
    expect(idsOf(s, 'HD-C03')).toEqual({ allow: ['allow-all-profile'] });
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { security_opts: ['no-new-privileges', 'seccomp:unconfined'] });
    expect(idsOf(s, 'HD-C03')).toEqual({ web: ['unconfined'] });
  });
  test('compliant: no seccomp option, or a denying custom profile', () => {
    const s = stack();
    const profile = JSON.stringify({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' }] });
    const denylist = JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['kexec_load'], action: 'SCMP_ACT_ERRNO' }] });
    rawContainer(s, 'none', COMPLIANT);
    rawContainer(s, 'custom', { ...COMPLIANT, securityOpts: ['no-new-privileges', `seccomp=${profile}`] });
    rawContainer(s, 'deny', { ...COMPLIANT, securityOpts: ['no-new-privileges', `seccomp=${denylist}`] });
    rawContainer(s, 'other', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'apparmor=docker-default', 'label=type:unconfined_t'] });
    expect(idsOf(s, 'HD-C03')).toEqual({});
  });
});

describe('HD-C04 AppArmor unconfined', () => {
  test('non-compliant: = and :, any case', () => {
    const s = stack();
    rawContainer(s, 'eq', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'apparmor=unconfined'] });
    rawContainer(s, 'colon', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'apparmor:Unconfined'] });
    rawContainer(s, 'upper', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'APPARMOR=UNCONFINED'] });
    expect(idsOf(s, 'HD-C04')).toEqual({ eq: ['-'], colon: ['-'], upper: ['-'] });
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { security_opts: ['no-new-privileges', 'apparmor:unconfined'] });
    expect(idsOf(s, 'HD-C04')).toEqual({ web: ['-'] });
  });
  test('compliant: default or custom profile; seccomp=unconfined is not AppArmor', () => {
    const s = stack();
    rawContainer(s, 'none', COMPLIANT);
    rawContainer(s, 'custom', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'apparmor=my-unconfined-ish-profile'] });
    rawContainer(s, 'seccomp', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'seccomp=unconfined'] });
    expect(idsOf(s, 'HD-C04')).toEqual({});
  });
});

describe('HD-C05 no-new-privileges', () => {
  test('non-compliant: missing, false in any spelling, contradicted, invalid', () => {
    const s = stack();
    rawContainer(s, 'unset', { ...COMPLIANT, securityOpts: undefined });
    rawContainer(s, 'other', { ...COMPLIANT, securityOpts: ['apparmor=docker-default'] });
    rawContainer(s, 'eqfalse', { ...COMPLIANT, securityOpts: ['no-new-privileges=false'] });
    rawContainer(s, 'colonfalse', { ...COMPLIANT, securityOpts: ['no-new-privileges:false'] });
    rawContainer(s, 'zero', { ...COMPLIANT, securityOpts: ['no-new-privileges=0'] });
    rawContainer(s, 'both', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'no-new-privileges:FALSE'] });
    rawContainer(s, 'invalid', { ...COMPLIANT, securityOpts: ['no-new-privileges=yes'] });
    expect(idsOf(s, 'HD-C05')).toEqual({ unset: ['-'], other: ['-'], eqfalse: ['-'], colonfalse: ['-'], zero: ['-'], both: ['-'], invalid: ['-'] });
    expect(findingsOf(s, 'HD-C05').find((f) => f.path === 'checks/both')!.message).toMatch(/contradicts/);
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { security_opts: ['no-new-privileges:false'] });
    hardened(s, 'gone', { security_opts: null }); // overrides merge lists; null removes
    expect(idsOf(s, 'HD-C05')).toEqual({ web: ['-'], gone: ['-'] });
  });
  test('compliant: bare, =true, :true, =1, :True', () => {
    const s = stack();
    for (const [i, opt] of ['no-new-privileges', 'no-new-privileges=true', 'no-new-privileges:true', 'no-new-privileges=1', 'no-new-privileges:True'].entries()) {
      rawContainer(s, `ok${i}`, { ...COMPLIANT, securityOpts: [opt] });
    }
    expect(idsOf(s, 'HD-C05')).toEqual({});
  });
});

describe('HD-C06 root user', () => {
  test('non-compliant: root user or group in every spelling', () => {
    const s = stack();
    const users = ['root', '0', '0:0', '0:1000', '1000:0', 'app:root', 'root:app', '00', '000:10', '10:00', '+0', ' root '];
    for (const [i, user] of users.entries()) rawContainer(s, `u${i}`, { ...COMPLIANT, user });
    expect(idsOf(s, 'HD-C06')).toEqual(Object.fromEntries(users.map((_, i) => [`u${i}`, ['root']])));
    expect(findingsOf(s, 'HD-C06').find((f) => f.path === 'checks/u2')!.message).toMatch(/root user and the root group/);
    expect(findingsOf(s, 'HD-C06').find((f) => f.path === 'checks/u4')!.message).toMatch(/is the root group/);
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { user: '0' });
    hardened(s, 'grp', { user: '65534:0' });
    expect(idsOf(s, 'HD-C06')).toEqual({ web: ['root'], grp: ['root'] });
  });
  test('compliant: non-root ids and names; unset is HD-C16, not HD-C06', () => {
    const s = stack();
    for (const [i, user] of ['10001:10001', '65534', 'app', 'app:app', 'rooted:10', '10:rootgroup', '100:1000'].entries()) {
      rawContainer(s, `ok${i}`, { ...COMPLIANT, user });
    }
    rawContainer(s, 'unset', { ...COMPLIANT, user: undefined });
    expect(idsOf(s, 'HD-C06')).toEqual({});
  });
});

describe('HD-C07 writable root filesystem', () => {
  test('non-compliant: read_only unset or false', () => {
    const s = stack();
    rawContainer(s, 'unset', { ...COMPLIANT, readOnly: undefined });
    rawContainer(s, 'false', { ...COMPLIANT, readOnly: false });
    expect(idsOf(s, 'HD-C07')).toEqual({ unset: ['-'], false: ['-'] });
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { read_only: false });
    expect(idsOf(s, 'HD-C07')).toEqual({ web: ['-'] });
  });
  test('compliant: read_only true (also as the string "true")', () => {
    const s = stack();
    rawContainer(s, 'ok', COMPLIANT);
    const c = rawContainer(s, 'str', COMPLIANT);
    c.addOverride('read_only', 'true');
    expect(idsOf(s, 'HD-C07')).toEqual({});
  });
});

describe('HD-C08 capabilities: drop ALL, no host-level capability', () => {
  test('non-compliant: drop without ALL, any spelling of host-level capabilities', () => {
    const s = stack();
    rawContainer(s, 'nodrop', { ...COMPLIANT, capabilities: undefined });
    rawContainer(s, 'partial', { ...COMPLIANT, capabilities: { drop: ['NET_RAW', 'cap_mknod'] } });
    rawContainer(s, 'netadmin', { ...COMPLIANT, capabilities: { drop: ['all'], add: ['net_admin', 'CAP_SYS_ADMIN', 'Sys_Ptrace', ' bpf '] } });
    rawContainer(s, 'all', { ...COMPLIANT, capabilities: { drop: ['ALL'], add: ['all'] } });
    rawContainer(s, 'other', { ...COMPLIANT, capabilities: { drop: ['ALL'], add: ['SYS_RESOURCE', 'cap_sys_nice'] } });
    expect(idsOf(s, 'HD-C08')).toEqual({
      nodrop: ['drop-all'],
      partial: ['drop-all'],
      netadmin: ['CAP_BPF', 'CAP_NET_ADMIN', 'CAP_SYS_ADMIN', 'CAP_SYS_PTRACE'],
      all: ['ALL'],
      other: ['CAP_SYS_NICE', 'CAP_SYS_RESOURCE'],
    });
    expect(findingsOf(s, 'HD-C08').find((f) => f.findingId === 'CAP_NET_ADMIN')!.message).toMatch(/host-level/);
    expect(findingsOf(s, 'HD-C08').find((f) => f.findingId === 'CAP_SYS_NICE')!.message).toMatch(/outside Docker's default set/);
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { 'capabilities.add': ['SYS_ADMIN'] });
    hardened(s, 'nodrop', { 'capabilities.drop': null });
    expect(idsOf(s, 'HD-C08')).toEqual({ web: ['CAP_SYS_ADMIN'], nodrop: ['drop-all'] });
  });
  test('compliant: drop ALL (any case) with nothing or a default capability added', () => {
    const s = stack();
    rawContainer(s, 'none', { ...COMPLIANT, capabilities: { drop: ['all'] } });
    rawContainer(s, 'default', { ...COMPLIANT, capabilities: { drop: ['ALL'], add: ['net_bind_service', 'CAP_IPC_LOCK'] } });
    expect(idsOf(s, 'HD-C08')).toEqual({});
  });
});

describe('HD-C09 memory limit and HD-C35 swap', () => {
  test('non-compliant: memory unset or 0 (HD-C09, error); unlimited swap, swap above memory or implicit (HD-C35, warning)', () => {
    const s = stack();
    rawContainer(s, 'unset', { ...COMPLIANT, memory: undefined, memorySwap: undefined });
    rawContainer(s, 'zero', { ...COMPLIANT, memory: 0, memorySwap: 0 });
    rawContainer(s, 'unlimited', { ...COMPLIANT, memorySwap: -1 });
    rawContainer(s, 'both', { ...COMPLIANT, memory: undefined, memorySwap: -1 });
    rawContainer(s, 'more', { ...COMPLIANT, memory: 256, memorySwap: 512 });
    rawContainer(s, 'implicit', { ...COMPLIANT, memory: 256, memorySwap: undefined });
    expect(idsOf(s, 'HD-C09')).toEqual({ unset: ['memory'], zero: ['memory'], both: ['memory'] });
    expect(idsOf(s, 'HD-C35')).toEqual({ unlimited: ['swap-unlimited'], both: ['swap-unlimited'], more: ['swap'], implicit: ['swap'] });
    expect(new Set(findingsOf(s, 'HD-C35').map((f) => f.level))).toEqual(new Set(['warning']));
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { memory_swap: -1 });
    hardened(s, 'nomem', { memory: 0 });
    expect(idsOf(s, 'HD-C09')).toEqual({ nomem: ['memory'] });
    expect(idsOf(s, 'HD-C35')).toEqual({ web: ['swap-unlimited'] });
  });
  test('compliant: swap equal to or below memory; numeric strings. An expression is not guessed: it cannot be verified', () => {
    const s = stack();
    rawContainer(s, 'equal', COMPLIANT);
    rawContainer(s, 'below', { ...COMPLIANT, memory: 512, memorySwap: 256 });
    rawContainer(s, 'strings', COMPLIANT).addOverride('memory_swap', '256');
    const ref = rawContainer(s, 'ref', COMPLIANT);
    ref.addOverride('memory', '${var.memory}');
    ref.addOverride('memory_swap', '${var.memory}');
    expect(idsOf(s, 'HD-C09')).toEqual({ ref: ['unverifiable:memory'] });
    expect(idsOf(s, 'HD-C35')).toEqual({ ref: ['unverifiable:memory_swap'] });
  });
});

describe('HD-C10 CPU limit', () => {
  test('non-compliant: no CPU limit, cpus (panics), zero or -1 quota', () => {
    const s = stack();
    rawContainer(s, 'none', { ...COMPLIANT, cpuQuota: undefined, cpuPeriod: undefined });
    rawContainer(s, 'cpus', { ...COMPLIANT, cpuQuota: undefined, cpuPeriod: undefined, cpus: '1.5' });
    rawContainer(s, 'cpusplus', { ...COMPLIANT, cpus: '0.5' });
    rawContainer(s, 'minus', { ...COMPLIANT, cpuQuota: -1 });
    rawContainer(s, 'emptyset', { ...COMPLIANT, cpuQuota: 0, cpuSet: '' });
    expect(idsOf(s, 'HD-C10')).toEqual({
      none: ['no-cpu-limit'], cpus: ['cpus-panics', 'no-cpu-limit'], cpusplus: ['cpus-panics'], minus: ['no-cpu-limit'], emptyset: ['no-cpu-limit'],
    });
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { cpus: '2' });
    hardened(s, 'nolimit', { cpu_quota: 0, cpu_shares: 0 });
    expect(idsOf(s, 'HD-C10')).toEqual({ web: ['cpus-panics'], nolimit: ['no-cpu-limit'] });
  });
  test('compliant: quota, shares or a CPU set', () => {
    const s = stack();
    rawContainer(s, 'quota', COMPLIANT);
    rawContainer(s, 'shares', { ...COMPLIANT, cpuQuota: undefined, cpuShares: 512 });
    rawContainer(s, 'set', { ...COMPLIANT, cpuQuota: undefined, cpuSet: '0-1' });
    expect(idsOf(s, 'HD-C10')).toEqual({});
  });
});

describe('HD-C11 host namespaces', () => {
  test('non-compliant: every host namespace, any case', () => {
    const s = stack();
    rawContainer(s, 'all', { ...COMPLIANT, networkMode: 'host', pidMode: 'HOST', ipcMode: 'Host', usernsMode: 'host', cgroupnsMode: 'host' });
    rawContainer(s, 'userns', { ...COMPLIANT, usernsMode: ' HOST ' });
    expect(idsOf(s, 'HD-C11')).toEqual({
      all: ['cgroupns_mode', 'ipc_mode', 'network_mode', 'pid_mode', 'userns_mode'],
      userns: ['userns_mode'],
    });
  });
  test('non-compliant: joining a container of the stack that is in the host namespace', () => {
    const s = stack();
    const host = rawContainer(s, 'hostnet', { ...COMPLIANT, networkMode: 'host', pidMode: 'host' });
    rawContainer(s, 'sidecar', { ...COMPLIANT, networkMode: `container:${host.id}`, pidMode: `container:${host.name}` });
    const priv = rawContainer(s, 'private', COMPLIANT);
    rawContainer(s, 'peer', { ...COMPLIANT, networkMode: `container:${priv.id}` });
    expect(idsOf(s, 'HD-C11')).toEqual({ hostnet: ['network_mode', 'pid_mode'], sidecar: ['network_mode', 'pid_mode'] });
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { network_mode: 'host', ipc_mode: 'host' });
    expect(idsOf(s, 'HD-C11')).toEqual({ web: ['ipc_mode', 'network_mode'] });
  });
  test('compliant: private, none, bridge, named networks, shareable ipc', () => {
    const s = stack();
    rawContainer(s, 'ok', { ...COMPLIANT, networkMode: 'none', ipcMode: 'shareable', cgroupnsMode: 'private', pidMode: '' });
    rawContainer(s, 'named', { ...COMPLIANT, networkMode: 'hostnet', ipcMode: 'private' });
    expect(idsOf(s, 'HD-C11')).toEqual({});
  });
});

describe('HD-C33 namespace shared with another container', () => {
  test('non-compliant: container:<name> in network, pid or ipc mode (any case), ipc shareable', () => {
    const s = stack();
    const db = rawContainer(s, 'db', COMPLIANT);
    rawContainer(s, 'sidecar', { ...COMPLIANT, networkMode: `container:${db.id}`, pidMode: 'Container:db', ipcMode: ' container:db ' });
    rawContainer(s, 'shares', { ...COMPLIANT, networkMode: 'none', ipcMode: 'Shareable' });
    expect(idsOf(s, 'HD-C33')).toEqual({ sidecar: ['ipc_mode', 'network_mode', 'pid_mode'], shares: ['ipc_mode'] });
    expect(findingsOf(s, 'HD-C33').every((f) => f.level === 'warning')).toBe(true);
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { network_mode: 'container:db' });
    expect(idsOf(s, 'HD-C33')).toEqual({ web: ['network_mode'] });
  });
  test('compliant: host (HD-C11\'s), private, none, named networks', () => {
    const s = stack();
    rawContainer(s, 'ok', { ...COMPLIANT, networkMode: 'none', ipcMode: 'private', pidMode: '' });
    rawContainer(s, 'host', { ...COMPLIANT, networkMode: 'host', ipcMode: 'host', pidMode: 'host' });
    rawContainer(s, 'named', { ...COMPLIANT, networkMode: 'containers' });
    expect(idsOf(s, 'HD-C33')).toEqual({});
  });
});

describe('HD-C12 sensitive host paths', () => {
  test('non-compliant: is, below or contains a sensitive path, read-only or not', () => {
    const s = stack();
    rawContainer(s, 'etc', { ...COMPLIANT, volumes: [{ hostPath: '/etc', containerPath: '/host-etc', readOnly: true }] });
    rawContainer(s, 'slashes', { ...COMPLIANT, volumes: [{ hostPath: '//etc/', containerPath: '/e' }] });
    rawContainer(s, 'below', { ...COMPLIANT, mounts: [{ type: 'bind', source: '/etc/ssl/../shadow', target: '/s', readOnly: true }] });
    rawContainer(s, 'root', { ...COMPLIANT, volumes: [{ hostPath: '/', containerPath: '/host' }] });
    rawContainer(s, 'var', { ...COMPLIANT, volumes: [{ hostPath: '/var/lib', containerPath: '/vl' }] });
    rawContainer(s, 'state', { ...COMPLIANT, volumes: [{ hostPath: '/var/lib/docker/volumes', containerPath: '/dv' }] });
    rawContainer(s, 'libs', {
      ...COMPLIANT,
      mounts: [{ type: 'bind', source: '/lib64', target: '/a' }, { type: 'bind', source: '/usr/lib', target: '/b' }, { type: 'bind', source: '/proc/1', target: '/c' },
        { type: 'bind', source: '/root/.ssh', target: '/d' }, { type: 'bind', source: '/dev/sda', target: '/e' }, { type: 'bind', source: '/sys/fs/cgroup', target: '/f' },
        { type: 'bind', source: '/boot', target: '/g' }, { type: 'bind', source: '/bin', target: '/h' }, { type: 'bind', source: '/sbin', target: '/i' }],
    });
    expect(idsOf(s, 'HD-C12')).toEqual({
      etc: ['/etc'],
      slashes: ['/etc'],
      below: ['/etc/shadow'],
      root: ['/'],
      var: ['/var/lib'],
      state: ['/var/lib/docker/volumes'],
      libs: ['/bin', '/boot', '/dev/sda', '/lib64', '/proc/1', '/root/.ssh', '/sbin', '/sys/fs/cgroup', '/usr/lib'],
    });
    expect(findingsOf(s, 'HD-C12').find((f) => f.path === 'checks/var')!.message).toMatch(/contains \/var\/lib\/containerd, \/var\/lib\/containers, \/var\/lib\/docker/);
  });
  test('non-compliant: through volumes.from_container and a docker_volume binding a host directory', () => {
    const s = stack();
    const holder = rawContainer(s, 'holder', { ...COMPLIANT, volumes: [{ hostPath: '/etc', containerPath: '/e', readOnly: true }] });
    rawContainer(s, 'heir', { ...COMPLIANT, volumes: [{ fromContainer: holder.name }] });
    const v = new Volume(s, 'etcvol', { name: 'etcvol', driverOpts: { type: 'none', o: 'bind', device: '/etc' } });
    rawContainer(s, 'viavolume', { ...COMPLIANT, mounts: [{ type: 'volume', source: v.name, target: '/e' }] });
    expect(idsOf(s, 'HD-C12')).toEqual({ holder: ['/etc'], heir: ['/etc'], viavolume: ['/etc'] });
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { mounts: [{ type: 'bind', source: '/etc', target: '/host-etc', read_only: true }] });
    expect(idsOf(s, 'HD-C12')).toEqual({ web: ['/etc'] });
  });
  test('compliant: path-boundary lookalikes and ordinary data directories', () => {
    const s = stack();
    rawContainer(s, 'ok', {
      ...COMPLIANT,
      volumes: [{ hostPath: '/etcetera', containerPath: '/a' }, { hostPath: '/srv/etc', containerPath: '/b' }, { hostPath: '/usrdata', containerPath: '/c' },
        { hostPath: '/var/lib/dockerish', containerPath: '/d' }, { hostPath: '/library', containerPath: '/e' }, { hostPath: '/home/app/data', containerPath: '/f' }],
      mounts: [{ type: 'volume', source: 'etc', target: '/etc' }, { type: 'tmpfs', target: '/tmp' }],
    });
    expect(idsOf(s, 'HD-C12')).toEqual({});
  });
});

describe('HD-C13 shared mount propagation', () => {
  test('non-compliant: shared and rshared, any case', () => {
    const s = stack();
    rawContainer(s, 'shared', { ...COMPLIANT, mounts: [{ type: 'bind', source: '/srv/a', target: '/a', bindOptions: { propagation: 'shared' } }] });
    rawContainer(s, 'rshared', {
      ...COMPLIANT,
      mounts: [{ type: 'bind', source: '/srv/b/../c', target: '/c', bindOptions: { propagation: 'rshared' } },
        { type: 'bind', source: '/srv/d', target: '/d', bindOptions: { propagation: 'RShared' } }],
    });
    expect(idsOf(s, 'HD-C13')).toEqual({ shared: ['/srv/a'], rshared: ['/srv/c', '/srv/d'] });
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { mounts: [{ type: 'bind', source: '/srv/data', target: '/data', read_only: true, bind_options: { propagation: 'rshared' } }] });
    expect(idsOf(s, 'HD-C13')).toEqual({ web: ['/srv/data'] });
  });
  test('compliant: private, rprivate, unset; slave/rslave are one-way and not flagged', () => {
    const s = stack();
    rawContainer(s, 'ok', {
      ...COMPLIANT,
      mounts: ['private', 'rprivate', 'slave', 'rslave'].map((propagation, i) => ({ type: 'bind', source: `/srv/${i}`, target: `/m${i}`, bindOptions: { propagation } }))
        .concat([{ type: 'bind', source: '/srv/x', target: '/x' } as any]),
    });
    expect(idsOf(s, 'HD-C13')).toEqual({});
  });
});

describe('HD-C14 ports on all interfaces', () => {
  test('non-compliant: ip unset, 0.0.0.0, ::, non-loopback; publish_all_ports', () => {
    const s = stack();
    rawContainer(s, 'unset', { ...COMPLIANT, ports: [{ internal: 80, external: 8080 }, { internal: 81 }] });
    rawContainer(s, 'any', { ...COMPLIANT, ports: [{ internal: 80, external: 8080, ip: '0.0.0.0' }, { internal: 443, external: 8443, ip: '::' }] });
    rawContainer(s, 'public', { ...COMPLIANT, ports: [{ internal: 80, external: 8080, ip: '192.0.2.10' }, { internal: 80, external: 8081, ip: '2001:db8::1' }] });
    rawContainer(s, 'emptyip', { ...COMPLIANT, ports: [{ internal: 53, external: 5353, ip: '', protocol: 'udp' }] });
    rawContainer(s, 'lookalike', { ...COMPLIANT, ports: [{ internal: 80, external: 8080, ip: '127.0.0.1.nip.io' }, { internal: 81, external: 8081, ip: '::2' }] });
    rawContainer(s, 'all', { ...COMPLIANT, publishAllPorts: true });
    expect(idsOf(s, 'HD-C14')).toEqual({
      unset: ['0.0.0.0:*->81', '0.0.0.0:8080'],
      any: ['0.0.0.0:8080', '[::]:8443'],
      public: ['192.0.2.10:8080', '[2001:db8::1]:8081'],
      emptyip: ['0.0.0.0:5353/udp'],
      lookalike: ['127.0.0.1.nip.io:8080', '[::2]:8081'],
      all: ['publish_all_ports'],
    });
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    hardened(s, 'web', { ports: [{ internal: 8080, external: 8080 }], publish_all_ports: true });
    expect(idsOf(s, 'HD-C14')).toEqual({ web: ['0.0.0.0:8080', 'publish_all_ports'] });
  });
  test('compliant: loopback in every form; no ports', () => {
    const s = stack();
    rawContainer(s, 'ok', {
      ...COMPLIANT,
      ports: ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'].map((ip, i) => ({ internal: 80, external: 8080 + i, ip })),
      publishAllPorts: false,
    });
    rawContainer(s, 'none', COMPLIANT);
    expect(idsOf(s, 'HD-C14')).toEqual({});
  });
});

describe('HD-C15 capability of Docker\'s default set added back (warning)', () => {
  test('non-compliant: default-set capabilities and IPC_LOCK, any spelling', () => {
    const s = stack();
    rawContainer(s, 'raw', { ...COMPLIANT, capabilities: { drop: ['ALL'], add: ['net_bind_service', 'CAP_CHOWN', 'Ipc_Lock', 'SYS_ADMIN'] } });
    expect(idsOf(s, 'HD-C15')).toEqual({ raw: ['CAP_CHOWN', 'CAP_IPC_LOCK', 'CAP_NET_BIND_SERVICE'] });
    expect(findingsOf(s, 'HD-C15').every((f) => f.level === 'warning')).toBe(true);
    expect(idsOf(s, 'HD-C08')).toEqual({ raw: ['CAP_SYS_ADMIN'] });
  });
  test('non-compliant: a HardenedContainer that adds a capability (opt-out), and one through an escape hatch', () => {
    const s = stack();
    new HardenedContainer(s, 'nginx', {
      image: PINNED,
      user: '0:0',
      capabilities: [Capability.NET_BIND_SERVICE],
      optOuts: {
        rootUser: { justification: 'the nginx master binds :80 and drops to a worker user' },
        addedCapabilities: { justification: 'the nginx master binds :80 and drops to a worker user' },
      },
    });
    hardened(s, 'web', { 'capabilities.add': ['kill'] });
    expect(idsOf(s, 'HD-C15')).toEqual({ nginx: ['CAP_NET_BIND_SERVICE'], web: ['CAP_KILL'] });
    expect(idsOf(s, 'HD-C08')).toEqual({});
  });
  test('compliant: nothing added', () => {
    const s = stack();
    rawContainer(s, 'ok', COMPLIANT);
    rawContainer(s, 'nodrop', { ...COMPLIANT, capabilities: { drop: ['NET_RAW'] } });
    expect(idsOf(s, 'HD-C15')).toEqual({});
  });
});

describe('HD-C16 user not set (warning)', () => {
  test('non-compliant: unset, empty or blank user', () => {
    const s = stack();
    rawContainer(s, 'unset', { ...COMPLIANT, user: undefined });
    rawContainer(s, 'empty', { ...COMPLIANT, user: '' });
    rawContainer(s, 'blank', { ...COMPLIANT, user: '  ' });
    expect(idsOf(s, 'HD-C16')).toEqual({ unset: ['-'], empty: ['-'], blank: ['-'] });
    expect(findingsOf(s, 'HD-C16').every((f) => f.level === 'warning')).toBe(true);
  });
  test('non-compliant: HardenedContainer keeping the image user (opt-out), and through an escape hatch', () => {
    const s = stack();
    new HardenedContainer(s, 'img', { image: PINNED, optOuts: { imageUser: { justification: 'the image runs as uid 101, verified in CI' } } });
    hardened(s, 'web', { user: '' });
    expect(idsOf(s, 'HD-C16')).toEqual({ img: ['-'], web: ['-'] });
  });
  test('compliant: any explicit user (root is HD-C06, not HD-C16)', () => {
    const s = stack();
    rawContainer(s, 'ok', COMPLIANT);
    rawContainer(s, 'name', { ...COMPLIANT, user: 'app' });
    rawContainer(s, 'root', { ...COMPLIANT, user: 'root' });
    expect(idsOf(s, 'HD-C16')).toEqual({});
  });
});
