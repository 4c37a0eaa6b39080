import { mkdtempSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Container } from '@cdktf/provider-docker/lib/container';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { HardenedContainer, SecureDaemon, TlsDockerHost } from '../../lib';
import { IMAGE, newStack } from '../util';

const why = (justification: string) => ({ justification });

describe('SecureDaemon', () => {
  test('CIS §2 defaults in daemon.json (snapshot)', () => {
    const d = new SecureDaemon(newStack('host'), 'daemon', { hostName: 'docker-1' });
    expect(d.daemonJson).toMatchSnapshot();
    expect(d.settings).toMatchObject({
      'icc': false,
      'userns-remap': 'default',
      'no-new-privileges': true,
      'live-restore': true,
      'userland-proxy': false,
      'log-driver': 'local',
      'log-opts': { 'max-file': '3', 'max-size': '10m' },
      'log-level': 'info',
      'iptables': true,
      'insecure-registries': [],
      'experimental': false,
      'default-ulimits': { nofile: { Name: 'nofile', Soft: 4096, Hard: 4096 }, nproc: { Name: 'nproc', Soft: 1024, Hard: 1024 } },
      'default-network-opts': { bridge: { 'com.docker.network.bridge.enable_icc': 'false' } },
    });
    expect(d.settings).not.toHaveProperty('seccomp-profile');
    expect(d.settings).not.toHaveProperty('hosts');
  });

  test('engines before 25 do not get default-network-opts (20.10 refuses unknown keys)', () => {
    const d = new SecureDaemon(newStack('host'), 'daemon', { hostName: 'docker-1', engineVersion: '20.10' });
    expect(d.settings).not.toHaveProperty('default-network-opts');
  });

  test('with TLS: hosts, tlsverify, the systemd drop-in and certificate files with CIS modes', () => {
    const app = Testing.app();
    const pki = new TerraformStack(app, 'pki');
    new TlsProvider(pki, 'tls');
    const host = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com' });
    const workload = new TerraformStack(app, 'workload');
    host.configureProvider(workload);
    const d = new SecureDaemon(workload, 'daemon', { hostName: 'docker-1', tls: host });
    expect(d.settings).toMatchObject({
      hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376'],
      tls: true,
      tlsverify: true,
      tlscacert: '/etc/docker/tls/ca.pem',
      tlscert: '/etc/docker/tls/server-cert.pem',
      tlskey: '/etc/docker/tls/server-key.pem',
    });
    expect(d.files.map((f) => `${f.mode} ${f.path}`)).toEqual([
      '0644 /etc/docker/daemon.json',
      '0644 /etc/systemd/system/docker.service.d/10-cdktf-hardened-docker.conf',
      '0444 /etc/docker/tls/ca.pem',
      '0444 /etc/docker/tls/server-cert.pem',
      '0400 /etc/docker/tls/server-key.pem',
    ]);
    expect(d.files[1].content).toBe('[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --config-file=/etc/docker/daemon.json\n');
    expect(d.files[4].contentFrom).toBe('terraform -chdir=cdktf.out/stacks/pki output -raw host_server_key_pem');

    const dir = mkdtempSync(path.join(tmpdir(), 'host-files-'));
    const written = d.writeFiles(dir);
    expect(written).toEqual([
      'docker-1/files/etc/docker/daemon.json',
      'docker-1/files/etc/systemd/system/docker.service.d/10-cdktf-hardened-docker.conf',
      'docker-1/MANIFEST.json',
      'docker-1/install.sh',
    ]);
    expect((statSync(path.join(dir, 'docker-1/install.sh')).mode % 0o1000).toString(8)).toBe('755');
    const install = readFileSync(path.join(dir, 'docker-1/install.sh'), 'utf8');
    expect(install).toMatchSnapshot();
    expect(install).toContain('install -m 0400 -o root -g root "$tmp" "/etc/docker/tls/server-key.pem"');
  });

  test('opt-outs are explicit and recorded', () => {
    const d = new SecureDaemon(newStack('host'), 'daemon', {
      hostName: 'docker-1',
      optOuts: {
        interContainerCommunication: why('legacy links between two containers'),
        userNamespaceRemap: why('a bind-mounted volume needs host uids'),
        noNewPrivileges: why('a vendor agent uses sudo'),
        liveRestore: why('the host is a swarm manager'),
        userlandProxy: why('hairpin NAT unavailable on this kernel'),
      },
      swarmMode: true,
    });
    expect(d.settings).toMatchObject({ 'icc': true, 'no-new-privileges': false, 'live-restore': false, 'userland-proxy': true });
    expect(d.settings).not.toHaveProperty('userns-remap');
    expect(d.optOutRecords.map((o) => o.control)).toEqual(['daemon-icc', 'daemon-userns-remap', 'daemon-no-new-privileges', 'daemon-live-restore', 'daemon-userland-proxy']);
  });

  test.each([
    [{ swarmMode: true }, /live-restore is not supported in swarm mode/],
    [{ tcpListenAddress: '0.0.0.0' }, /TCP socket without TLS verification is refused/],
    [{ logDriver: 'none' }, /never none/],
    [{ logLevel: 'debug' }, /CIS 2.3/],
    [{ defaultUlimits: [{ name: 'nofile', soft: 10, hard: 5 }] }, /soft <= hard/],
    [{ optOuts: { liveRestore: why('short') } }, /justification/],
  ])('%j is refused', (props, error) => {
    expect(() => new SecureDaemon(newStack('host'), 'daemon', { hostName: 'docker-1', ...props } as any)).toThrow(error);
  });

  test('checks the stack\'s containers against the daemon defaults at synth', () => {
    const stack = newStack('host');
    new SecureDaemon(stack, 'daemon', { hostName: 'docker-1' });
    new HardenedContainer(stack, 'ok', { image: IMAGE });
    new Container(stack, 'raw', { name: 'raw', image: 'img', logDriver: 'local', logOpts: { 'max-size': '10m' }, pidMode: 'host' });
    const overridden = new HardenedContainer(stack, 'escaped', { image: IMAGE });
    (overridden.node.defaultChild as Container).addOverride('privileged', true);
    expect(() => Testing.synth(stack, true)).toThrow(/host\/raw: log_opts lacks max-file/);
    const errors = (() => { try { Testing.synth(stack, true); return ''; } catch (e) { return String(e); } })();
    expect(errors).toMatch(/host\/raw: ulimit lacks nofile, nproc/);
    expect(errors).toMatch(/host\/raw: pid_mode=host conflicts with the daemon's userns-remap/);
    expect(errors).toMatch(/host\/escaped: privileged conflicts with the daemon's userns-remap/);
    expect(errors).not.toMatch(/host\/ok:/);
  });

  test('a default HardenedContainer matches the default daemon: no finding', () => {
    const stack = newStack('host');
    new SecureDaemon(stack, 'daemon', { hostName: 'docker-1' });
    new HardenedContainer(stack, 'a', { image: IMAGE });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe('SecureDaemon regressions found by the property test (secure-daemon.property.test.ts)', () => {
  const daemon = (props: object, stack = newStack('host')) => new SecureDaemon(stack, 'daemon', { hostName: 'docker-1', ...props } as any);
  const withTls = (pkiId: string, props: object = {}) => {
    const app = Testing.app();
    const host = new TlsDockerHost(new TerraformStack(app, pkiId), 'host', { hostName: 'docker.example.com' });
    return new SecureDaemon(new TerraformStack(app, 'workload'), 'daemon', { hostName: 'docker-1', tls: host, ...props });
  };
  const installScript = (d: SecureDaemon): string => (d as any).installScript();

  test('a null or false opt-out is no opt-out, never a silent weakening without a record', () => {
    const d = daemon({ optOuts: { interContainerCommunication: null, userNamespaceRemap: undefined } });
    expect(d.settings).toMatchObject({ 'icc': false, 'userns-remap': 'default' });
    expect(d.optOutRecords).toEqual([]);
    expect(() => daemon({ optOuts: { noNewPrivileges: false } })).toThrow(/^host\/daemon: invalid optOuts.noNewPrivileges.justification \(unset\): /);
  });

  test('install.sh quotes what it cannot trust: a PKI stack id with shell syntax stays one argument', () => {
    const d = withTls('pki;reboot');
    expect(d.files[2].contentFrom).toBe("terraform '-chdir=cdktf.out/stacks/pki;reboot' output -raw host_ca_cert_pem");
    expect(installScript(d)).toContain("tmp=$(mktemp) && terraform '-chdir=cdktf.out/stacks/pki;reboot' output -raw host_ca_cert_pem > \"$tmp\"");
    expect(installScript(withTls("pk'i"))).toContain("terraform '-chdir=cdktf.out/stacks/pk'\\''i' output");
  });

  test.each([
    ['tlsDirectory', '/etc/docker/tls"; id; "'],
    ['tlsDirectory', '/etc/docker/$(id)'],
    ['dataRoot', '/a/../b'],
    ['execRoot', '/'],
    ['pidFile', '/run/docker.pid/'],
    ['unixSocket', '/run/my docker.sock'],
    ['unixSocket', 'relative.sock'],
  ])('host path %s %j is refused (it would reach install.sh or daemon.json unnormalised)', (prop, value) => {
    expect(() => withTls('pki', { [prop]: value })).toThrow(new RegExp(`^workload/daemon: invalid ${prop} .*: expected an absolute, normalised path`));
  });

  test.each(['none', '', 'br 0', 'a'.repeat(16), '..'])('bridgeName %j is refused', (bridgeName) => {
    expect(() => daemon({ bridgeName })).toThrow(/^host\/daemon: invalid bridgeName .*: expected an existing interface name/);
  });

  test.each([
    [[{ name: 'pids', soft: 1, hard: 1 }], /expected a name of as, core/],
    [[{ name: 'nofile', soft: 1, hard: 2 }, { name: 'nofile', soft: 5, hard: 9 }], /each ulimit name once/],
    [[null], /invalid defaultUlimits\[0\] null/],
    [[{ name: 'nofile', soft: 1e21, hard: 1e21 }], /integers 0 <= soft <= hard/],
    ['nofile=1024', /invalid defaultUlimits "nofile=1024": expected a list/],
  ])('defaultUlimits %j is refused', (defaultUlimits, error) => {
    expect(() => daemon({ defaultUlimits })).toThrow(error);
  });

  test.each(['root', 'root:dockremap'])('userns-remap to %s is refused (dockerd would turn user namespaces off)', (user) => {
    expect(() => daemon({ userNamespaceRemapUser: user })).toThrow(/^host\/daemon: invalid userNamespaceRemapUser .*root cannot be remapped/);
  });

  test('tls must be a TlsDockerHost', () => {
    expect(() => daemon({ tls: {} })).toThrow(/^host\/daemon: invalid tls "\[object Object\]": expected a TlsDockerHost/);
  });

  test('one SecureDaemon per host name in an app', () => {
    const stack = newStack('host');
    new SecureDaemon(stack, 'first', { hostName: 'docker-1' });
    expect(() => daemon({}, stack)).toThrow(/^host\/daemon: invalid hostName "docker-1": host\/first already renders the files of this host/);
  });

  test.each([
    [{ logDriver: 'journald', logMaxSize: '20m' }, /invalid logMaxSize "20m": only the local and json-file log drivers rotate/],
    [{ logDriver: 'syslog', logMaxFiles: 5 }, /invalid logMaxFiles 5: only the local and json-file log drivers rotate/],
    [{ tlsDirectory: '/etc/docker/certs' }, /invalid tlsDirectory "\/etc\/docker\/certs": only applies with tls/],
    [{ userNamespaceRemapUser: 'dockremap', optOuts: { userNamespaceRemap: why('a bind mount needs host uids') } },
      /invalid userNamespaceRemapUser "dockremap": does not apply with optOuts.userNamespaceRemap/],
  ])('a prop that would do nothing is refused: %j', (props, error) => {
    expect(() => daemon(props)).toThrow(error);
  });

  test('apparmorProfiles must be a list', () => {
    expect(() => daemon({ apparmorProfiles: 'docker-nginx' })).toThrow(/^host\/daemon: invalid apparmorProfiles "docker-nginx": expected a list/);
  });
});

describe('install.sh leaves existing directories alone', () => {
  test('each directory is created once, and only when missing (install -d would reset the mode and owner of /tmp)', () => {
    const app = Testing.app();
    const pki = new TerraformStack(app, 'pki');
    new TlsProvider(pki, 'tls');
    const host = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com' });
    const d = new SecureDaemon(new TerraformStack(app, 'w'), 'd', { hostName: 'h1', tls: host, tlsDirectory: '/tmp' });
    const out = mkdtempSync(path.join(tmpdir(), 'install-sh-'));
    d.writeFiles(out);
    const script = readFileSync(path.join(out, 'h1', 'install.sh'), 'utf8').split('\n');
    const creating = script.filter((l) => l.includes('install -d'));
    expect(creating.every((l) => /^\[ -d (\S+) \] \|\| install -d -m 0755 -o root -g root \1$/.test(l))).toBe(true);
    expect(creating.filter((l) => l.includes('/tmp'))).toEqual(['[ -d "/tmp" ] || install -d -m 0755 -o root -g root "/tmp"']);
    expect(new Set(creating).size).toBe(creating.length);
  });
});
