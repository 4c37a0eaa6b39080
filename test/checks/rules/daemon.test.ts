import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack } from 'cdktf';
import { DaemonLogLevel, HardeningSuppressions, SecureDaemon, TlsDockerHost } from '../../../lib';
import type { CheckedResource, HardeningRule, StackView } from '../../../lib/checks/rule';
import { DAEMON_RULES } from '../../../lib/checks/rules/daemon';
import { annotations, findingsOf, runChecks, stack } from '../util';

const why = (justification: string) => ({ justification });
const NO_VIEW: StackView = { stackName: 'x', resources: [], referenced: () => undefined, memo: (_key, compute) => compute() };

/** A hand-made secure-daemon resource, for settings SecureDaemon refuses to render. */
function daemon(settings: { [k: string]: unknown }, files: Array<{ path: string; mode: unknown; owner: unknown }> = []): CheckedResource {
  return { type: 'secure-daemon', name: 'h1', path: 'checks/d', attributes: { settings, files } };
}

function rule(id: string): HardeningRule {
  return DAEMON_RULES.find((r) => r.id === id)!;
}

/** The findings of a rule on a hand-made resource, as `findingId? message`. */
function check(id: string, settings: { [k: string]: unknown }, files: Array<{ path: string; mode: unknown; owner: unknown }> = []): string[] {
  return rule(id).check(daemon(settings, files), NO_VIEW).map((f) => (f.findingId ? `${f.findingId}: ${f.message}` : f.message));
}

/** A workload stack with a SecureDaemon listening on TLS; the TlsDockerHost lives in a PKI stack of the same app. */
function tlsStack(): { s: TerraformStack; d: SecureDaemon } {
  const s = stack('workload');
  const pki = new TerraformStack(s.node.root, 'pki');
  new TlsProvider(pki, 'tls');
  const host = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com' });
  return { s, d: new SecureDaemon(s, 'd', { hostName: 'h1', tls: host }) };
}

const daemonFindings = (s: TerraformStack) => runChecks(s).filter((f) => f.ruleId.startsWith('HD-D'));

const TLS_FILES = (mode: { ca?: string; cert?: string; key?: string } = {}, owner = 'root:root') => [
  { path: '/etc/docker/daemon.json', mode: '0644', owner: 'root:root' },
  { path: '/etc/docker/tls/ca.pem', mode: mode.ca ?? '0444', owner },
  { path: '/etc/docker/tls/server-cert.pem', mode: mode.cert ?? '0444', owner },
  { path: '/etc/docker/tls/server-key.pem', mode: mode.key ?? '0400', owner },
];
const TLS_SETTINGS = {
  hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376'],
  tls: true,
  tlsverify: true,
  tlscacert: '/etc/docker/tls/ca.pem',
  tlscert: '/etc/docker/tls/server-cert.pem',
  tlskey: '/etc/docker/tls/server-key.pem',
};

describe('daemon rules: metadata', () => {
  test('HD-D01 … HD-D21, all on secure-daemon, suppressible, with CIS ids, fix and explanation', () => {
    expect(DAEMON_RULES.map((r) => r.id)).toEqual(Array.from({ length: 21 }, (_, i) => `HD-D${String(i + 1).padStart(2, '0')}`));
    for (const r of DAEMON_RULES) {
      expect(r.resourceTypes).toEqual(['secure-daemon']);
      expect(r.suppressible).toBe(true);
      expect(r.cis.length).toBeGreaterThan(0);
      for (const c of r.cis) expect(c).toMatch(/^CIS [237]\.\d+$/);
      expect(r.threats.length).toBeGreaterThan(0);
      expect(r.explanation.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(20);
    }
    expect(Object.fromEntries(DAEMON_RULES.map((r) => [r.id, `${r.cis[0]} ${r.level}`]))).toEqual({
      'HD-D01': 'CIS 2.2 warning',
      'HD-D02': 'CIS 2.3 warning',
      'HD-D03': 'CIS 2.4 error',
      'HD-D04': 'CIS 2.5 error',
      'HD-D05': 'CIS 2.9 warning',
      'HD-D06': 'CIS 2.14 warning',
      'HD-D07': 'CIS 2.15 warning',
      'HD-D08': 'CIS 2.16 warning',
      'HD-D09': 'CIS 2.7 error',
      'HD-D10': 'CIS 2.8 info',
      'HD-D11': 'CIS 2.10 warning',
      'HD-D12': 'CIS 2.18 warning',
      'HD-D13': 'CIS 2.17 error',
      'HD-D14': 'CIS 2.13 warning',
      'HD-D15': 'CIS 2.12 info',
      'HD-D16': 'CIS 3.10 error',
      'HD-D17': 'CIS 3.1 warning',
      'HD-D18': 'CIS 3.15 warning',
      'HD-D19': 'CIS 7.6 warning',
      'HD-D20': 'CIS 7.10 info',
      'HD-D21': 'CIS 7.8 info',
    });
    expect(rule('HD-D16').cis).toEqual(['CIS 3.10', 'CIS 3.12', 'CIS 3.14']);
    expect(rule('HD-D17').cis).toEqual(expect.arrayContaining(['CIS 3.17', 'CIS 3.18']));
  });
});

describe('daemon rules on SecureDaemon', () => {
  test('a default SecureDaemon has no error or warning; only the HD-D15 info (authorization plugins are out of scope)', () => {
    const s = stack();
    new SecureDaemon(s, 'd', { hostName: 'h1' });
    const f = daemonFindings(s);
    expect(f.map((x) => `${x.ruleId} ${x.level} ${x.path} ${x.resourceType} ${x.resourceName}`)).toEqual(['HD-D15 info checks/d secure-daemon h1']);
    // infos are reported, not annotated (errors and warnings are)
    expect(annotations(s).filter((a) => /\[HD-D/.test(a.message))).toEqual([]);
  });

  test('a SecureDaemon with TLS (TlsDockerHost in a PKI stack): tcp host verified, file modes and owners as CIS asks', () => {
    const { s, d } = tlsStack();
    expect(d.files.length).toBe(5);
    expect(daemonFindings(s).map((x) => `${x.ruleId} ${x.level}`)).toEqual(['HD-D15 info']);
  });

  test('every SecureDaemon opt-out is an accepted risk on its rule (suppressed, no annotation)', () => {
    const s = stack();
    new SecureDaemon(s, 'd', {
      hostName: 'h1',
      swarm: { advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10' },
      optOuts: {
        interContainerCommunication: why('legacy links between two containers'),
        userNamespaceRemap: why('a bind-mounted volume needs host uids'),
        noNewPrivileges: why('a vendor agent uses sudo'),
        liveRestore: why('the host is a swarm manager'),
        userlandProxy: why('hairpin NAT unavailable on this kernel'),
        swarmAutolock: why('managers restart unattended; disks are encrypted'),
      },
    });
    expect(findingsOf(s, 'HD-D01')[0].suppressed).toEqual({ reason: 'accepted risk, opt-out optOuts.interContainerCommunication: legacy links between two containers' });
    const f = daemonFindings(s);
    expect(f.map((x) => [x.ruleId, x.suppressed?.reason])).toEqual([
      ['HD-D01', 'accepted risk, opt-out optOuts.interContainerCommunication: legacy links between two containers'],
      ['HD-D05', 'accepted risk, opt-out optOuts.userNamespaceRemap: a bind-mounted volume needs host uids'],
      ['HD-D06', 'accepted risk, opt-out optOuts.noNewPrivileges: a vendor agent uses sudo'],
      ['HD-D07', 'accepted risk, opt-out optOuts.liveRestore: the host is a swarm manager'],
      ['HD-D08', 'accepted risk, opt-out optOuts.userlandProxy: hairpin NAT unavailable on this kernel'],
      ['HD-D15', undefined],
      ['HD-D19', 'accepted risk, opt-out optOuts.swarmAutolock: managers restart unattended; disks are encrypted'],
    ]);
    expect(annotations(s).filter((a) => /\[HD-D0[1-8]\]/.test(a.message))).toEqual([]);
  });

  test('an opt-out answers its own rule only: the icc opt-out leaves the other daemon rules alone', () => {
    const s = stack();
    const d = new SecureDaemon(s, 'd', { hostName: 'h1', optOuts: { interContainerCommunication: why('legacy links between two containers') } });
    (d.settings as { [k: string]: unknown })['no-new-privileges'] = false;
    const f = daemonFindings(s);
    expect(f.map((x) => [x.ruleId, x.suppressed !== undefined])).toEqual([['HD-D01', true], ['HD-D06', false], ['HD-D15', false]]);
  });

  test('the checks read the final settings: a mutated daemon.json is caught (iptables false, seccomp unconfined)', () => {
    const s = stack();
    const d = new SecureDaemon(s, 'd', { hostName: 'h1' });
    Object.assign(d.settings, { 'iptables': false, 'seccomp-profile': 'unconfined', 'insecure-registries': ['10.0.0.5:5000'] });
    expect(daemonFindings(s).map((x) => `${x.ruleId} ${x.level} ${x.findingId ?? '-'}`)).toEqual([
      'HD-D03 error -', 'HD-D04 error 10.0.0.5:5000', 'HD-D13 error -', 'HD-D15 info -',
    ]);
    expect(annotations(s).filter((a) => a.level === 'error').map((a) => a.message.slice(0, 22))).toEqual([
      '[HD-D03] CIS 2.4: Dock', '[HD-D04] CIS 2.5: Inse', '[HD-D13] CIS 2.17: Dae',
    ]);
  });

  test('HardeningSuppressions silence a daemon rule with a reason (HD-D15)', () => {
    const s = stack();
    const d = new SecureDaemon(s, 'd', { hostName: 'h1' });
    HardeningSuppressions.addResourceSuppressions(d, [{ id: 'HD-D15', reason: 'API reachable by the deploy pipeline only' }]);
    expect(findingsOf(s, 'HD-D15')[0].suppressed).toEqual({ reason: 'API reachable by the deploy pipeline only' });
    expect(annotations(s).filter((a) => /\[HD-D15\]/.test(a.message))).toEqual([]);
  });

  test('SecureDaemon props: empty defaultUlimits is an HD-D10 info; warn/error log levels and remote log drivers pass', () => {
    const s = stack();
    new SecureDaemon(s, 'a', { hostName: 'a', defaultUlimits: [] });
    new SecureDaemon(s, 'b', { hostName: 'b', logLevel: DaemonLogLevel.WARN, logDriver: 'journald' });
    new SecureDaemon(s, 'c', { hostName: 'c', logLevel: DaemonLogLevel.ERROR, logDriver: 'json-file', engineVersion: '20.10' });
    const f = daemonFindings(s).filter((x) => x.ruleId !== 'HD-D15');
    expect(f.map((x) => `${x.path} ${x.ruleId} ${x.level} ${x.message}`)).toEqual(['checks/a HD-D10 info default-ulimits is not set']);
  });

  test('several daemons in a stack are checked separately', () => {
    const s = stack();
    new SecureDaemon(s, 'a', { hostName: 'a' });
    new SecureDaemon(s, 'b', { hostName: 'b', optOuts: { userlandProxy: why('hairpin NAT unavailable on this kernel') } });
    expect(findingsOf(s, 'HD-D08').map((x) => [x.path, x.resourceName, x.suppressed !== undefined])).toEqual([['checks/b', 'b', true]]);
    expect(findingsOf(s, 'HD-D15').map((x) => x.path)).toEqual(['checks/a', 'checks/b']);
  });
});

describe('daemon rules on hand-made daemon.json settings', () => {
  test('compliant: SecureDaemon\'s own default settings and files pass every rule but HD-D15', () => {
    const d = new SecureDaemon(stack(), 'd', { hostName: 'h1' });
    const r = daemon(d.settings, d.files);
    expect(DAEMON_RULES.filter((x) => x.check(r, NO_VIEW).length > 0).map((x) => x.id)).toEqual(['HD-D15']);
    const { d: tls } = tlsStack();
    const t = daemon(tls.settings, tls.files);
    expect(DAEMON_RULES.filter((x) => x.check(t, NO_VIEW).length > 0).map((x) => x.id)).toEqual(['HD-D15']);
  });

  test('an empty daemon.json (dockerd defaults) fails what dockerd leaves open', () => {
    const r = daemon({});
    expect(DAEMON_RULES.filter((x) => x.check(r, NO_VIEW).length > 0).map((x) => x.id)).toEqual([
      'HD-D01', 'HD-D05', 'HD-D06', 'HD-D07', 'HD-D08', 'HD-D10', 'HD-D14', 'HD-D15',
    ]);
    expect(check('HD-D01', {})).toEqual(['icc is not set (dockerd defaults to true)']);
    expect(check('HD-D14', {})).toEqual(['log-driver is not set (dockerd defaults to json-file) without log-opts max-size (json-file keeps logs without limit)']);
  });

  test('HD-D01 icc', () => {
    expect(check('HD-D01', { icc: true })).toEqual(['icc = true']);
    expect(check('HD-D01', { icc: 'true' })).toEqual(['icc = "true"']);
    expect(check('HD-D01', { icc: false })).toEqual([]);
  });

  test('HD-D02 log-level', () => {
    expect(check('HD-D02', { 'log-level': 'debug' })).toEqual(['log-level = "debug"']);
    expect(check('HD-D02', { 'log-level': 'fatal' })).toEqual(['log-level = "fatal"']);
    expect(check('HD-D02', { 'log-level': 'trace' })).toEqual(['log-level = "trace"']);
    for (const level of ['info', 'warn', 'warning', 'error', ' INFO ']) expect(check('HD-D02', { 'log-level': level })).toEqual([]);
    expect(check('HD-D02', {})).toEqual([]);
  });

  test('HD-D03 iptables', () => {
    expect(check('HD-D03', { iptables: false })).toEqual(['iptables = false']);
    expect(check('HD-D03', { iptables: 'false' })).toEqual(['iptables = "false"']);
    expect(check('HD-D03', { iptables: true })).toEqual([]);
    expect(check('HD-D03', {})).toEqual([]);
  });

  test('HD-D04 insecure registries: one finding per registry', () => {
    expect(check('HD-D04', { 'insecure-registries': ['registry.local:5000', '10.0.0.0/8', ' '] })).toEqual([
      'registry.local:5000: insecure registry registry.local:5000',
      '10.0.0.0/8: insecure registry 10.0.0.0/8',
    ]);
    expect(check('HD-D04', { 'insecure-registries': [] })).toEqual([]);
    expect(check('HD-D04', {})).toEqual([]);
  });

  test('HD-D05 userns-remap', () => {
    expect(check('HD-D05', {})).toEqual(['userns-remap is not set']);
    expect(check('HD-D05', { 'userns-remap': '' })).toEqual(['userns-remap is not set']);
    expect(check('HD-D05', { 'userns-remap': 'dockremap:dockremap' })).toEqual([]);
    // dockerd: "User namespaces: root cannot be remapped with itself; user namespaces are OFF"
    for (const v of ['root', '0', 'root:root', ' 0:0', 'root:dockremap']) {
      expect(check('HD-D05', { 'userns-remap': v })).toEqual([`userns-remap = ${JSON.stringify(v.trim())} maps to root itself, so dockerd turns user namespaces off`]);
    }
    expect(check('HD-D05', { 'userns-remap': 'rooty' })).toEqual([]);
  });

  test('HD-D06 no-new-privileges, HD-D07 live-restore, HD-D08 userland-proxy', () => {
    expect(check('HD-D06', { 'no-new-privileges': false })).toEqual(['no-new-privileges = false']);
    expect(check('HD-D06', { 'no-new-privileges': true })).toEqual([]);
    expect(check('HD-D07', { 'live-restore': false })).toEqual(['live-restore = false']);
    expect(check('HD-D07', { 'live-restore': true })).toEqual([]);
    expect(check('HD-D08', { 'userland-proxy': true })).toEqual(['userland-proxy = true']);
    expect(check('HD-D08', {})).toEqual(['userland-proxy is not set (dockerd defaults to true)']);
    expect(check('HD-D08', { 'userland-proxy': false })).toEqual([]);
  });

  test('HD-D02 debug mode, HD-D18 the socket group', () => {
    expect(check('HD-D02', { debug: true })).toEqual(['debug: debug = true: dockerd logs at debug level']);
    expect(check('HD-D18', { group: 'users' })).toEqual(['users: group = "users": every member of that group can drive the engine']);
    expect(check('HD-D18', { group: 'docker' })).toEqual([]);
    expect(check('HD-D18', {})).toEqual([]);
  });

  test('HD-D09 tcp host without tls, tlsverify and the certificate files: one finding per tcp host', () => {
    expect(check('HD-D09', { hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2375'] })).toEqual([
      'tcp://0.0.0.0:2375: host tcp://0.0.0.0:2375 without tls and tlsverify; without tlscacert, tlscert, tlskey',
    ]);
    expect(check('HD-D09', { ...TLS_SETTINGS, tlsverify: false })).toEqual([
      'tcp://0.0.0.0:2376: host tcp://0.0.0.0:2376 without tlsverify (tls alone does not authenticate clients)',
    ]);
    expect(check('HD-D09', { ...TLS_SETTINGS, tlskey: undefined })).toEqual(['tcp://0.0.0.0:2376: host tcp://0.0.0.0:2376 without tlskey']);
    // an address without a scheme is a TCP socket to dockerd
    expect(check('HD-D09', { hosts: ['0.0.0.0:2375', 'TCP://10.0.0.1:2375'] }).map((x) => x.split(':')[0])).toEqual(['0.0.0.0', 'TCP']);
    expect(check('HD-D09', TLS_SETTINGS)).toEqual([]);
    expect(check('HD-D09', { hosts: ['unix:///var/run/docker.sock', 'fd://'] })).toEqual([]);
    expect(check('HD-D09', {})).toEqual([]);
  });

  test('HD-D10 default-ulimits', () => {
    expect(check('HD-D10', { 'default-ulimits': {} })).toEqual(['default-ulimits is empty']);
    expect(check('HD-D10', { 'default-ulimits': { nofile: { Name: 'nofile', Soft: 1024, Hard: 1024 } } })).toEqual([]);
  });

  test('HD-D11 cgroup-parent, HD-D12 experimental, HD-D13 seccomp unconfined', () => {
    expect(check('HD-D11', { 'cgroup-parent': '/foobar' })).toEqual(['cgroup-parent = "/foobar"']);
    expect(check('HD-D11', { 'cgroup-parent': ' ' })).toEqual([]);
    expect(check('HD-D12', { experimental: true })).toEqual(['experimental = true']);
    expect(check('HD-D12', { experimental: false })).toEqual([]);
    expect(check('HD-D13', { 'seccomp-profile': 'unconfined' })).toEqual(['seccomp-profile = "unconfined"']);
    expect(check('HD-D13', { 'seccomp-profile': '/etc/docker/seccomp.json' })).toEqual([]);
    expect(check('HD-D13', { 'seccomp-profile': 'builtin' })).toEqual([]);
  });

  test('HD-D14 local logs without a size limit; remote drivers and bounded local drivers pass', () => {
    expect(check('HD-D14', { 'log-driver': 'json-file' })).toEqual(['log-driver = "json-file" without log-opts max-size (json-file keeps logs without limit)']);
    expect(check('HD-D14', { 'log-driver': 'json-file', 'log-opts': { 'max-file': '3' } })).toHaveLength(1);
    expect(check('HD-D14', { 'log-driver': 'json-file', 'log-opts': { 'max-size': '-1' } })).toEqual([
      'log-driver = "json-file" with log-opts max-size = "-1" (unbounded)',
    ]);
    expect(check('HD-D14', { 'log-driver': 'local', 'log-opts': { 'max-size': '0m' } })).toHaveLength(1);
    expect(check('HD-D14', { 'log-driver': 'json-file', 'log-opts': { 'max-size': '10m' } })).toEqual([]);
    expect(check('HD-D14', { 'log-driver': 'local', 'log-opts': { 'max-size': '10m', 'max-file': '3' } })).toEqual([]);
    // local rotates by itself (20m x 5 files by default)
    expect(check('HD-D14', { 'log-driver': 'local' })).toEqual([]);
    for (const driver of ['journald', 'syslog', 'fluentd', 'gelf']) expect(check('HD-D14', { 'log-driver': driver })).toEqual([]);
  });

  test('HD-D15 authorization plugins', () => {
    expect(check('HD-D15', { 'authorization-plugins': [] })).toEqual(['authorization-plugins is empty']);
    expect(check('HD-D15', { 'authorization-plugins': ['opa-docker-authz'] })).toEqual([]);
  });

  test('HD-D16 TLS files: modes weaker than 0444/0444/0400 or owners other than root:root, per path', () => {
    expect(check('HD-D16', TLS_SETTINGS, TLS_FILES())).toEqual([]);
    expect(check('HD-D16', TLS_SETTINGS, TLS_FILES({ ca: '0644', cert: '0555', key: '0440' }))).toEqual([
      '/etc/docker/tls/ca.pem: /etc/docker/tls/ca.pem: mode 0644, expected 0444 or stricter (CIS 3.10)',
      '/etc/docker/tls/server-cert.pem: /etc/docker/tls/server-cert.pem: mode 0555, expected 0444 or stricter (CIS 3.12)',
      '/etc/docker/tls/server-key.pem: /etc/docker/tls/server-key.pem: mode 0440, expected 0400 or stricter (CIS 3.14)',
    ]);
    expect(check('HD-D16', TLS_SETTINGS, TLS_FILES({ key: '0600' }, 'docker:docker')).map((x) => x.split(': ')[0])).toEqual([
      '/etc/docker/tls/ca.pem', '/etc/docker/tls/server-cert.pem', '/etc/docker/tls/server-key.pem',
    ]);
    expect(check('HD-D16', TLS_SETTINGS, TLS_FILES({ key: '0600' }, 'docker:docker'))[2]).toBe(
      '/etc/docker/tls/server-key.pem: /etc/docker/tls/server-key.pem: mode 0600, expected 0400 or stricter (CIS 3.14); ' +
      'owner "docker:docker", expected root:root (CIS 3.13)');
    // stricter modes pass; special bits and unreadable modes do not
    expect(check('HD-D16', TLS_SETTINGS, TLS_FILES({ ca: '0400', cert: '440', key: '0000' }))).toEqual([]);
    expect(check('HD-D16', TLS_SETTINGS, TLS_FILES({ key: '4400' }))).toHaveLength(1);
    expect(check('HD-D16', TLS_SETTINGS, TLS_FILES({ key: 'rw-------' }))).toEqual([
      '/etc/docker/tls/server-key.pem: /etc/docker/tls/server-key.pem: mode "rw-------" is not an octal mode, expected 0400 or stricter (CIS 3.14)',
    ]);
    // the files are the ones daemon.json names, wherever they live (paths normalised)
    const moved = { ...TLS_SETTINGS, tlskey: '/srv/pki//key.pem' };
    expect(check('HD-D16', moved, [{ path: '/srv/pki/key.pem', mode: '0644', owner: 'root:root' }])).toHaveLength(1);
    expect(check('HD-D16', {}, [{ path: '/srv/pki/key.pem', mode: '0644', owner: 'root:root' }])).toEqual([]);
  });

  test('HD-D16 looks at the files daemon.json names only (registry certificates under certs.d are not the library\'s)', () => {
    expect(check('HD-D16', TLS_SETTINGS, [
      { path: '/etc/docker/certs.d/registry.example.com/ca.crt', mode: '0644', owner: 'root:root' },
      { path: '/etc/docker/daemon.json', mode: '0666', owner: 'root:root' },
    ])).toEqual([]);
  });

  test('HD-D17 daemon.json and docker unit files: mode weaker than 0644 or not root:root', () => {
    expect(check('HD-D17', {}, [{ path: '/etc/docker/daemon.json', mode: '0644', owner: 'root:root' }])).toEqual([]);
    expect(check('HD-D17', {}, [{ path: '/etc/docker/daemon.json', mode: '0600', owner: '0:0' }])).toEqual([]);
    expect(check('HD-D17', {}, [{ path: '/etc/docker/daemon.json', mode: '0666', owner: 'root:root' }])).toEqual([
      '/etc/docker/daemon.json: /etc/docker/daemon.json: mode 0666, expected 0644 or stricter (CIS 3.18)',
    ]);
    expect(check('HD-D17', {}, [{ path: '/etc/docker/daemon.json', mode: '0664', owner: 'root:docker' }])).toEqual([
      '/etc/docker/daemon.json: /etc/docker/daemon.json: mode 0664, expected 0644 or stricter (CIS 3.18); owner "root:docker", expected root:root (CIS 3.17)',
    ]);
    expect(check('HD-D17', {}, [
      { path: '/etc/systemd/system/docker.service.d/10-cdktf-hardened-docker.conf', mode: '0664', owner: 'root:root' },
      { path: '/lib/systemd/system/docker.socket', mode: '0644', owner: 'ubuntu:ubuntu' },
      { path: '/etc/docker/tls/ca.pem', mode: '0666', owner: 'root:root' },
    ])).toEqual([
      '/etc/systemd/system/docker.service.d/10-cdktf-hardened-docker.conf: /etc/systemd/system/docker.service.d/10-cdktf-hardened-docker.conf: ' +
        'mode 0664, expected 0644 or stricter (CIS 3.2)',
      '/lib/systemd/system/docker.socket: /lib/systemd/system/docker.socket: owner "ubuntu:ubuntu", expected root:root (CIS 3.3)',
    ]);
  });

  test('file findings reach the report with the path as findingId, and suppress per path', () => {
    const s = stack();
    const d = new SecureDaemon(s, 'd', { hostName: 'h1' });
    // the rendered files are a getter: an override of the MANIFEST is modelled by patching the instance
    const weak = d.files.map((f) => ({ ...f, mode: '0666' }));
    Object.defineProperty(d, 'files', { get: () => weak });
    HardeningSuppressions.addResourceSuppressions(d, [{ id: 'HD-D17', reason: 'read-only root filesystem image', appliesTo: ['/etc/docker/daemon.json'] }]);
    expect(findingsOf(s, 'HD-D17').map((x) => [x.findingId, x.level, x.suppressed !== undefined])).toEqual([['/etc/docker/daemon.json', 'warning', true]]);
  });
});
