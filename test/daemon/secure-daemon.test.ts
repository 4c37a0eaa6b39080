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
