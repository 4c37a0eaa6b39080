import { Container } from '@cdktf/provider-docker/lib/container';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { Aspects, IAspect, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import * as fc from 'fast-check';
import { runChecks, stack } from './util';
import { Capability, HardenedContainer, IsolatedNetwork, SecureDaemon, SeccompProfile, TlsDockerHost } from '../../lib';
import type { ReportFinding } from '../../lib/checks/report';
import { sharedImageId } from '../../lib/container/shared-image';
import { RUNS, SEED } from '../fuzz/config';

/**
 * Escape hatches on the library's L2s — addOverride, the L1's own setters,
 * mutating SecureDaemon.settings, overrides added late by another aspect — must
 * always be caught by the stack-wide checks: each hatch below leaves an
 * unsuppressed error or warning of the named rule, alone or combined with any
 * other hatches, and a justified L2 opt-out never answers what a hatch adds.
 */
const IMAGE = `registry.example.com/team/web@sha256:${'a'.repeat(64)}`;

interface Hatch<T> {
  readonly name: string;
  /** The rule that must report it (unsuppressed, error or warning). */
  readonly rule: string;
  readonly apply: (target: T) => void;
  /** Hatches that make this one moot (reported by their own rule instead), e.g. net sysctls under the host network. */
  readonly mootWith?: string[];
}

/** The provider resources behind the L2 (its documented escape hatch: node.defaultChild). */
const l1 = (c: HardenedContainer) => c.node.defaultChild as Container;
const o = (c: HardenedContainer, path: string, value: unknown) => l1(c).addOverride(path, value);

const CONTAINER_HATCHES: Array<Hatch<HardenedContainer>> = [
  { name: 'privileged (override)', rule: 'HD-C01', apply: (c) => o(c, 'privileged', true) },
  { name: 'privileged (L1 setter)', rule: 'HD-C01', apply: (c) => { l1(c).privileged = true; } },
  { name: 'privileged as the string "true"', rule: 'HD-C01', apply: (c) => o(c, 'privileged', 'true') },
  { name: 'docker.sock bind mount', rule: 'HD-C02', apply: (c) => o(c, 'mounts', [{ type: 'bind', source: '/var/run/docker.sock', target: '/run/docker.sock' }]) },
  { name: 'docker.sock through volumes.host_path', rule: 'HD-C02', apply: (c) => o(c, 'volumes', [{ host_path: '/run/docker.sock', container_path: '/s' }]) },
  { name: 'containerd socket directory', rule: 'HD-C02', apply: (c) => o(c, 'volumes', [{ host_path: '/run/containerd', container_path: '/c', read_only: true }]) },
  { name: 'engine socket through a path with dots', rule: 'HD-C02', apply: (c) => o(c, 'volumes', [{ host_path: '/var/./run/../run/docker.sock', container_path: '/s' }]) },
  { name: 'seccomp=unconfined', rule: 'HD-C03', apply: (c) => o(c, 'security_opts', ['no-new-privileges', 'seccomp=unconfined']) },
  { name: 'seccomp:unconfined (old spelling)', rule: 'HD-C03', apply: (c) => o(c, 'security_opts', ['no-new-privileges', 'seccomp:unconfined']) },
  { name: 'apparmor=unconfined', rule: 'HD-C04', apply: (c) => o(c, 'security_opts', ['no-new-privileges', 'apparmor=unconfined']) },
  { name: 'no-new-privileges removed', rule: 'HD-C05', apply: (c) => o(c, 'security_opts', undefined) },
  { name: 'no-new-privileges:false', rule: 'HD-C05', apply: (c) => o(c, 'security_opts', ['no-new-privileges:false']) },
  { name: 'user root', rule: 'HD-C06', apply: (c) => o(c, 'user', 'root') },
  { name: 'user 0:0', rule: 'HD-C06', apply: (c) => { l1(c).user = '0:0'; } },
  { name: 'root group', rule: 'HD-C06', apply: (c) => o(c, 'user', '1000:0') },
  { name: 'writable root filesystem', rule: 'HD-C07', apply: (c) => o(c, 'read_only', false) },
  { name: 'SYS_ADMIN added', rule: 'HD-C08', apply: (c) => o(c, 'capabilities.add', ['SYS_ADMIN']) },
  { name: 'cap_sys_ptrace added (lower case, prefixed)', rule: 'HD-C08', apply: (c) => o(c, 'capabilities.add', ['cap_sys_ptrace']) },
  { name: 'ALL added', rule: 'HD-C08', apply: (c) => o(c, 'capabilities.add', ['ALL']) },
  { name: 'drop ALL removed', rule: 'HD-C08', apply: (c) => o(c, 'capabilities.drop', undefined) },
  { name: 'memory limit removed', rule: 'HD-C09', apply: (c) => o(c, 'memory', 0) },
  { name: 'unlimited swap', rule: 'HD-C35', apply: (c) => o(c, 'memory_swap', -1) },
  { name: 'cpus (provider panic)', rule: 'HD-C10', apply: (c) => o(c, 'cpus', '2') },
  { name: 'CPU quota removed', rule: 'HD-C10', apply: (c) => { o(c, 'cpu_quota', 0); o(c, 'cpu_shares', 0); } },
  { name: 'host PID namespace', rule: 'HD-C11', apply: (c) => o(c, 'pid_mode', 'host') },
  { name: 'host IPC namespace', rule: 'HD-C11', apply: (c) => o(c, 'ipc_mode', 'host') },
  { name: 'host network', rule: 'HD-C11', apply: (c) => o(c, 'network_mode', 'host') },
  { name: 'host user namespace', rule: 'HD-C11', apply: (c) => o(c, 'userns_mode', 'host') },
  { name: 'host cgroup namespace', rule: 'HD-C11', apply: (c) => o(c, 'cgroupns_mode', 'host') },
  { name: 'another container\'s network namespace', rule: 'HD-C33', apply: (c) => o(c, 'network_mode', 'container:db') },
  { name: 'host /etc mounted', rule: 'HD-C12', apply: (c) => o(c, 'mounts', [{ type: 'bind', source: '/etc', target: '/host-etc', read_only: true }]) },
  { name: 'host root mounted', rule: 'HD-C12', apply: (c) => o(c, 'volumes', [{ host_path: '/', container_path: '/host', read_only: true }]) },
  { name: 'shared mount propagation', rule: 'HD-C13', apply: (c) => o(c, 'mounts', [{ type: 'bind', source: '/srv/data', target: '/d', read_only: true, bind_options: { propagation: 'rshared' } }]) },
  { name: 'port on all interfaces', rule: 'HD-C14', apply: (c) => o(c, 'ports', [{ internal: 8080, external: 8080, ip: '0.0.0.0' }]) },
  { name: 'port without an address', rule: 'HD-C14', apply: (c) => o(c, 'ports', [{ internal: 8080, external: 8080 }]) },
  { name: 'secret in the environment', rule: 'HD-C19', apply: (c) => o(c, 'env', ['DB_PASSWORD=hunter2hunter2']) },
  { name: 'custom cgroup parent', rule: 'HD-C20', apply: (c) => o(c, 'cgroup_parent', '/machine.slice') },
  { name: 'host device', rule: 'HD-C21', apply: (c) => o(c, 'devices', [{ host_path: '/dev/kvm' }]) },
  { name: 'image re-pointed to a tag', rule: 'HD-C22', apply: (c) => o(c, 'image', 'nginx:latest') },
  { name: 'image resource re-tagged', rule: 'HD-I01', apply: (c) => c.imageResource.addOverride('name', 'registry.example.com/team/web:latest') },
  { name: 'logs discarded', rule: 'HD-C23', apply: (c) => o(c, 'log_driver', 'none') },
  { name: 'SELinux labels disabled', rule: 'HD-C24', apply: (c) => o(c, 'security_opts', ['no-new-privileges', 'label=disable']) },
  { name: 'disk group added', rule: 'HD-C25', apply: (c) => o(c, 'group_add', ['disk']) },
  { name: 'low-port sysctl lowered', rule: 'HD-C26', apply: (c) => o(c, 'sysctls', { 'net.ipv4.ip_unprivileged_port_start': '0' }) },
  { name: 'tmpfs made executable', rule: 'HD-C36', apply: (c) => o(c, 'tmpfs', { '/tmp': 'rw,exec,nosuid,nodev,size=64k' }) },
  { name: 'logs not rotated', rule: 'HD-C37', apply: (c) => o(c, 'log_opts', { 'max-size': '-1' }), mootWith: ['logs discarded'] },
  { name: 'default bridge', rule: 'HD-C27', apply: (c) => { o(c, 'network_mode', 'bridge'); o(c, 'networks_advanced', undefined); } },
  { name: 'restart always', rule: 'HD-C28', apply: (c) => { o(c, 'restart', 'always'); } },
  { name: 'restart on-failure 50 times', rule: 'HD-C28', apply: (c) => o(c, 'max_retry_count', 50) },
  {
    name: 'seccomp profile that allows by default',
    rule: 'HD-C31',
    apply: (c) => o(c, 'security_opts', ['no-new-privileges',
      `seccomp=${JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['reboot'], action: 'SCMP_ACT_ERRNO' }] })}`]),
  },
  {
    name: 'seccomp profile that re-allows mount',
    rule: 'HD-C32',
    apply: (c) => o(c, 'security_opts', ['no-new-privileges',
      SeccompProfile.dockerDefault().toSecurityOpt().replace('"names":["accept"', '"names":["mount","accept"')]),
  },
];

const NETWORK_HATCHES: Array<Hatch<IsolatedNetwork>> = [
  { name: 'icc re-enabled', rule: 'HD-N01', apply: (n) => n.networkResource!.addOverride('options', { 'com.docker.network.bridge.enable_icc': 'true' }) },
  { name: 'icc option removed', rule: 'HD-N01', apply: (n) => n.networkResource!.addOverride('options', undefined) },
  { name: 'macvlan driver (no icc control, on the host LAN)', rule: 'HD-N01', apply: (n) => n.networkResource!.addOverride('driver', 'macvlan') },
];

const DAEMON_HATCHES: Array<Hatch<SecureDaemon>> = [
  { name: 'icc on', rule: 'HD-D01', apply: (d) => { d.settings.icc = true; } },
  { name: 'debug log level', rule: 'HD-D02', apply: (d) => { d.settings['log-level'] = 'debug'; } },
  { name: 'iptables off', rule: 'HD-D03', apply: (d) => { d.settings.iptables = false; } },
  { name: 'insecure registry', rule: 'HD-D04', apply: (d) => { d.settings['insecure-registries'] = ['registry.local:5000']; } },
  { name: 'userns-remap removed', rule: 'HD-D05', apply: (d) => { delete d.settings['userns-remap']; } },
  { name: 'no-new-privileges off', rule: 'HD-D06', apply: (d) => { d.settings['no-new-privileges'] = false; } },
  { name: 'plain TCP listener', rule: 'HD-D09', apply: (d) => { d.settings.hosts = ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2375']; } },
  { name: 'default cgroup parent', rule: 'HD-D11', apply: (d) => { d.settings['cgroup-parent'] = '/custom'; } },
  { name: 'experimental', rule: 'HD-D12', apply: (d) => { d.settings.experimental = true; } },
  { name: 'daemon-wide seccomp unconfined', rule: 'HD-D13', apply: (d) => { d.settings['seccomp-profile'] = 'unconfined'; } },
  { name: 'json-file logs without a size limit', rule: 'HD-D14', apply: (d) => { d.settings['log-driver'] = 'json-file'; delete d.settings['log-opts']; } },
];

type Site = { s: TerraformStack; c: HardenedContainer; n: IsolatedNetwork; d: SecureDaemon };

function site(): Site {
  const s = stack('hatch');
  const n = new IsolatedNetwork(s, 'net', {});
  const c = new HardenedContainer(s, 'web', { image: IMAGE, user: '1000:1000', networks: [{ network: n }] });
  const d = new SecureDaemon(s, 'daemon', { hostName: 'h1' });
  return { s, c, n, d };
}

/** Reported at the construct (or below it) — for the container, also at the stack's shared image it runs. */
const caught = (findings: ReportFinding[], rule: string, path: string) =>
  findings.some((f) => f.ruleId === rule && !f.suppressed && f.level !== 'info' &&
    (f.path === path || f.path.startsWith(`${path}/`) || (path === 'hatch/web' && f.path === `hatch/${sharedImageId(IMAGE)}`)));

describe('escape hatches on the L2s are always caught', () => {
  test('the untouched site is clean (no error or warning), so every finding below comes from its hatch', () => {
    const { s } = site();
    expect(runChecks(s).filter((f) => f.level !== 'info' && !f.suppressed)).toEqual([]);
  });

  test.each(CONTAINER_HATCHES.map((h) => [h.name, h] as const))('HardenedContainer: %s', (_name, h) => {
    const { s, c } = site();
    h.apply(c);
    expect(caught(runChecks(s), h.rule, 'hatch/web')).toBe(true);
  });

  test.each(NETWORK_HATCHES.map((h) => [h.name, h] as const))('IsolatedNetwork: %s', (_name, h) => {
    const { s, n } = site();
    h.apply(n);
    expect(caught(runChecks(s), h.rule, 'hatch/net')).toBe(true);
  });

  test.each(DAEMON_HATCHES.map((h) => [h.name, h] as const))('SecureDaemon (settings mutated): %s', (_name, h) => {
    const { s, d } = site();
    h.apply(d);
    expect(caught(runChecks(s), h.rule, 'hatch/daemon')).toBe(true);
  });

  test('TlsDockerHost: a provider re-pointed to plain TCP or stripped of its certificates is caught (HD-P01, not suppressible)', () => {
    for (const hatch of [
      (p: TerraformProvider) => { p.addOverride('host', 'tcp://10.0.0.5:2375'); p.addOverride('ca_material', undefined); },
      (p: TerraformProvider) => { p.addOverride('ca_material', undefined); p.addOverride('cert_material', undefined); p.addOverride('key_material', undefined); },
      (p: TerraformProvider) => p.addOverride('ca_material', ''),
    ]) {
      const app = stack('w').node.root;
      const pki = new TerraformStack(app, 'pki');
      new TlsProvider(pki, 'tls');
      const host = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com' });
      const workload = new TerraformStack(app, 'workload');
      const provider = host.configureProvider(workload);
      new HardenedContainer(workload, 'web', { image: IMAGE, user: '1000:1000' });
      // as app.synth() does: the cross-stack references become remote-state data sources the checks follow
      workload.prepareStack();
      expect(runChecks(workload).filter((f) => f.ruleId === 'HD-P01')).toEqual([]);
      hatch(provider);
      expect(runChecks(workload).filter((f) => f.ruleId === 'HD-P01' && f.level === 'error' && !f.suppressed)).toHaveLength(1);
    }
  });

  test(`any combination of hatches: each one is reported (property, ${RUNS} runs)`, () => {
    const all = [
      ...CONTAINER_HATCHES.map((h) => ({ h, target: 'c' as const })),
      ...NETWORK_HATCHES.map((h) => ({ h, target: 'n' as const })),
      ...DAEMON_HATCHES.map((h) => ({ h, target: 'd' as const })),
    ];
    fc.assert(fc.property(fc.subarray(all, { minLength: 1, maxLength: 6 }), fc.boolean(), (picked, late) => {
      const x = site();
      // applied directly, or late by another aspect (after HardeningChecks in aspect order)
      const apply = () => {
        for (const { h, target } of picked) (h.apply as (t: unknown) => void)(x[target]);
      };
      if (late) {
        let done = false;
        const aspect: IAspect = { visit: (node: IConstruct) => { if (!done && node instanceof TerraformResource) { done = true; apply(); } } };
        Aspects.of(x.s).add(aspect);
      } else {
        apply();
      }
      const findings = runChecks(x.s);
      for (const { h, target } of picked) {
        const path = target === 'c' ? 'hatch/web' : target === 'n' ? 'hatch/net' : 'hatch/daemon';
        // a later hatch on the same attribute replaces an earlier one; then only the later one must be reported
        const overridden = picked.slice(picked.findIndex((p) => p.h === h) + 1).some((p) => p.target === target && sameAttribute(p.h.name, h.name));
        const moot = (h.mootWith ?? []).some((m) => picked.some((p) => p.h.name === m));
        if (!overridden && !moot) expect({ hatch: h.name, caught: caught(findings, h.rule, path) }).toEqual({ hatch: h.name, caught: true });
      }
    }), { numRuns: RUNS, seed: SEED });
  });

  test('a justified L2 opt-out answers only its own weakening, never a hatch beyond it', () => {
    const s = stack('hatch');
    const c = new HardenedContainer(s, 'web', {
      image: IMAGE,
      user: '0:0',
      capabilities: [Capability.NET_BIND_SERVICE],
      optOuts: {
        rootUser: { justification: 'vendor image needs root to bind' },
        addedCapabilities: { justification: 'binds port 443 directly' },
        writableRootFilesystem: { justification: 'vendor image writes into /opt' },
      },
    });
    o(c, 'capabilities.add', ['NET_BIND_SERVICE', 'SYS_ADMIN']);
    o(c, 'privileged', true);
    const f = runChecks(s);
    expect(caught(f, 'HD-C08', 'hatch/web')).toBe(true);
    expect(caught(f, 'HD-C01', 'hatch/web')).toBe(true);
    // what the opt-outs justified stays an accepted risk
    expect(f.find((x) => x.ruleId === 'HD-C07')?.suppressed?.reason).toMatch(/opt-out optOuts\.writableRootFilesystem/);
  });
});

/** Hatches that set the same attribute (the later override wins). */
function sameAttribute(a: string, b: string): boolean {
  const group = (name: string) => ATTRIBUTE_GROUPS.find((g) => g.some((n) => n === name));
  const ga = group(a);
  return ga !== undefined && ga === group(b);
}
const ATTRIBUTE_GROUPS: string[][] = [
  ['seccomp=unconfined', 'seccomp:unconfined (old spelling)', 'apparmor=unconfined', 'no-new-privileges removed', 'no-new-privileges:false',
    'SELinux labels disabled', 'seccomp profile that allows by default', 'seccomp profile that re-allows mount'],
  ['user root', 'user 0:0', 'root group'],
  ['privileged (override)', 'privileged (L1 setter)', 'privileged as the string "true"'],
  ['docker.sock bind mount', 'host /etc mounted', 'shared mount propagation'],
  ['docker.sock through volumes.host_path', 'containerd socket directory', 'engine socket through a path with dots', 'host root mounted'],
  ['SYS_ADMIN added', 'cap_sys_ptrace added (lower case, prefixed)', 'ALL added'],
  ['host network', 'another container\'s network namespace', 'default bridge'],
  ['memory limit removed'], ['unlimited swap'],
  ['icc re-enabled', 'icc option removed', 'macvlan driver (no icc control, on the host LAN)'],
  ['plain TCP listener'],
];
