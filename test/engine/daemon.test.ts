/**
 * SecureDaemon + TlsDockerHost on a real, second dockerd.
 *
 * The daemon runs with the daemon.json that SecureDaemon renders (only its
 * paths point into a temporary directory, and its default bridge is a bridge
 * of its own, so it can run next to the main engine). The certificates are
 * made by hashicorp/tls at apply time, which cannot run here, so this test
 * generates equivalent material with openssl and the same parameters as the
 * synthesized tls resources: ECDSA P-384, CA with cert_signing/crl_signing,
 * server CN/SAN = the host name + 127.0.0.1 with serverAuth, client CN with
 * clientAuth. Everything the daemon enforces is proved by effect in containers.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { docker as mainEngine, engineReady } from './harness';
import { SecureDaemon, TlsDockerHost } from '../../lib';

const dir = mkdtempSync(path.join(tmpdir(), 'secure-daemon-'));
// userns-remap: the remapped root must be able to traverse the data root's parents
chmodSync(dir, 0o711);
const tlsDir = path.join(dir, 'tls');
const pkiDir = path.join(dir, 'pki');
const port = 23000 + (process.pid % 700);
const bridge = `hd${process.pid % 100000}`;
const subnet = `10.213.${process.pid % 250}`;
let dockerd: ChildProcess | undefined;
let daemonFile: string;
let image: string;
let engine: Docker;
const containers: string[] = [];

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: pkiDir, stdio: 'pipe' });
}

/** Key + certificate signed by `ca` (or self-signed when ca is undefined). */
function issue(name: string, subject: string, ext: string, ca?: string, dates?: { start: string; end: string }): void {
  openssl('ecparam', '-name', 'secp384r1', '-genkey', '-noout', '-out', `${name}-key.pem`);
  writeFileSync(path.join(pkiDir, `${name}.ext`), ext);
  if (!ca) {
    openssl('req', '-x509', '-new', '-key', `${name}-key.pem`, '-sha384', '-days', '2', '-subj', subject, '-extensions', 'v3', '-config', `${name}.ext`, '-out', `${name}.pem`);
    return;
  }
  openssl('req', '-new', '-key', `${name}-key.pem`, '-subj', subject, '-out', `${name}.csr`);
  if (dates) {
    // openssl ca is the only openssl command that takes explicit validity dates (for the expired certificate)
    mkdirSync(path.join(pkiDir, `${name}-db`), { recursive: true });
    writeFileSync(path.join(pkiDir, `${name}-db`, 'index.txt'), '');
    writeFileSync(path.join(pkiDir, `${name}-ca.cnf`), [
      '[ca]', 'default_ca = d', '[d]', `dir = ${name}-db`, 'database = $dir/index.txt', 'new_certs_dir = $dir', 'serial = $dir/serial',
      'default_md = sha384', 'policy = p', 'copy_extensions = none', '[p]', 'commonName = supplied', '',
    ].join('\n'));
    writeFileSync(path.join(pkiDir, `${name}-db`, 'serial'), '1000\n');
    openssl('ca', '-batch', '-config', `${name}-ca.cnf`, '-cert', `${ca}.pem`, '-keyfile', `${ca}-key.pem`, '-in', `${name}.csr`,
      '-startdate', dates.start, '-enddate', dates.end, '-extfile', `${name}.ext`, '-extensions', 'v3', '-out', `${name}.pem`, '-notext');
    return;
  }
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial', '-days', '2', '-sha384',
    '-extfile', `${name}.ext`, '-extensions', 'v3', '-out', `${name}.pem`);
}

const CA_EXT = '[req]\ndistinguished_name = dn\n[dn]\n[v3]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign,digitalSignature\n';
const SERVER_EXT = '[v3]\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:localhost,IP:127.0.0.1\n';
const CLIENT_EXT = '[v3]\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = clientAuth\n';

function tlsClient(name?: string, ca = 'ca'): Docker {
  const read = (f: string) => readFileSync(path.join(pkiDir, f));
  return new Docker({
    host: '127.0.0.1',
    port,
    protocol: 'https',
    ca: read(`${ca}.pem`),
    ...(name ? { cert: read(`${name}.pem`), key: read(`${name}-key.pem`) } : {}),
  } as Docker.DockerOptions);
}

async function run(cmd: string[], opts: { user?: string; binds?: string[]; network?: string } = {}): Promise<string> {
  const c = await engine.createContainer({
    Image: image,
    Cmd: cmd,
    User: opts.user,
    HostConfig: { Binds: opts.binds, NetworkMode: opts.network ?? 'bridge', LogConfig: { Type: 'local', Config: { 'max-size': '10m', 'max-file': '3' } } },
  });
  containers.push(c.id);
  await c.start();
  return c.id;
}

async function execIn(id: string, cmd: string[]): Promise<string> {
  const e = await engine.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  const sink = { write: (c: Buffer) => { chunks.push(c); return true; } } as unknown as NodeJS.WritableStream;
  engine.modem.demuxStream(stream, sink, sink);
  await new Promise((r) => stream.on('end', r));
  return Buffer.concat(chunks).toString().split('\n')[0];
}

beforeAll(async () => {
  const probe = await engineReady();
  image = probe.tag;

  // ---- synthesize: PKI stack + workload stack with the SecureDaemon ----------------------------------------
  const app = Testing.app();
  const pki = new TerraformStack(app, 'pki');
  new TlsProvider(pki, 'tls');
  const host = new TlsDockerHost(pki, 'host', { hostName: 'localhost', ipAddresses: ['127.0.0.1'], port });
  const workload = new TerraformStack(app, 'workload');
  host.configureProvider(workload);
  const daemon = new SecureDaemon(workload, 'daemon', {
    hostName: 'engine-test',
    tls: host,
    tcpListenAddress: '127.0.0.1',
    unixSocket: path.join(dir, 'docker.sock'),
    tlsDirectory: tlsDir,
    dataRoot: path.join(dir, 'root'),
    execRoot: path.join(dir, 'exec'),
    pidFile: path.join(dir, 'docker.pid'),
    bridgeName: bridge,
    engineVersion: execFileSync('dockerd', ['--version']).toString().replace(/^Docker version ([0-9.]+).*\s*$/s, '$1'),
  });
  daemon.writeFiles(path.join(dir, 'host-files'));
  daemonFile = path.join(dir, 'host-files', 'engine-test', 'files', 'etc', 'docker', 'daemon.json');

  // ---- PKI material equivalent to the synthesized tls resources --------------------------------------------
  mkdirSync(pkiDir, { recursive: true });
  issue('ca', '/CN=localhost Docker CA', CA_EXT);
  issue('server', '/CN=localhost', SERVER_EXT, 'ca');
  issue('terraform', '/CN=terraform', CLIENT_EXT, 'ca');
  issue('other-ca', '/CN=someone else', CA_EXT);
  issue('stranger', '/CN=terraform', CLIENT_EXT, 'other-ca');
  issue('expired', '/CN=terraform', CLIENT_EXT, 'ca', { start: '20200101000000Z', end: '20200102000000Z' });
  // install the server files where daemon.json points, with the modes of the rendered manifest
  mkdirSync(tlsDir, { recursive: true });
  const manifest: Array<{ path: string; mode: string }> = JSON.parse(readFileSync(path.join(dir, 'host-files', 'engine-test', 'MANIFEST.json'), 'utf8'));
  const sources: { [p: string]: string } = { 'ca.pem': 'ca.pem', 'server-cert.pem': 'server.pem', 'server-key.pem': 'server-key.pem' };
  for (const f of manifest.filter((m) => m.path.startsWith(tlsDir))) {
    const target = f.path;
    writeFileSync(target, readFileSync(path.join(pkiDir, sources[path.basename(target)])));
    chmodSync(target, parseInt(f.mode, 8));
  }

  // ---- a bridge of its own, then dockerd with the rendered daemon.json ---------------------------------------
  execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', `${subnet}.1/24`, 'dev', bridge]);
  execFileSync('ip', ['link', 'set', bridge, 'up']);
  const log = openSync(path.join(dir, 'dockerd.log'), 'a');
  dockerd = spawn('dockerd', ['--config-file', daemonFile, '--containerd-namespace', `hd${process.pid}`,
    '--containerd-plugins-namespace', `hdp${process.pid}`], { stdio: ['ignore', log, log] });
  engine = tlsClient('terraform');
  for (let i = 0; ; i++) {
    try {
      await engine.ping();
      break;
    } catch (e) {
      if (i > 120 || dockerd.exitCode !== null) {
        throw new Error(`second dockerd did not come up: ${(e as Error).message}\n${readFileSync(path.join(dir, 'dockerd.log'), 'utf8').slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await engine.loadImage(await mainEngine.getImage(image).get());
}, 180_000);

afterAll(async () => {
  for (const id of containers) await engine?.getContainer(id).remove({ force: true }).catch(() => undefined);
  if (dockerd && dockerd.exitCode === null) {
    dockerd.kill('SIGTERM');
    await new Promise((r) => dockerd!.once('exit', r));
  }
  try {
    execFileSync('ip', ['link', 'del', bridge]);
  } catch {
    // already gone
  }
  execFileSync('rm', ['-rf', dir]);
});

describe('the rendered daemon.json on a second dockerd', () => {
  test('the daemon runs the rendered file: CIS 2 settings, TLS on 127.0.0.1 only', () => {
    const settings = JSON.parse(readFileSync(daemonFile, 'utf8'));
    expect(settings).toMatchObject({ 'icc': false, 'userns-remap': 'default', 'no-new-privileges': true, 'tlsverify': true, 'live-restore': true });
    expect(settings.hosts).toEqual([`unix://${path.join(dir, 'docker.sock')}`, `tcp://127.0.0.1:${port}`]);
    expect((statSync(path.join(tlsDir, 'server-key.pem')).mode % 0o1000).toString(8)).toBe('400');
    expect((statSync(path.join(tlsDir, 'ca.pem')).mode % 0o1000).toString(8)).toBe('444');
  });

  test('a client with the generated client certificate can list containers', async () => {
    expect(Array.isArray(await tlsClient('terraform').listContainers({ all: true }))).toBe(true);
  });

  test('a client without a certificate, with one from another CA, or with an expired one is refused', async () => {
    await expect(tlsClient(undefined).listContainers()).rejects.toThrow(/certificate|handshake|socket hang up|ECONNRESET|alert/i);
    await expect(tlsClient('stranger').listContainers()).rejects.toThrow(/certificate|handshake|socket hang up|ECONNRESET|alert/i);
    await expect(tlsClient('expired').listContainers()).rejects.toThrow(/certificate|expired|handshake|socket hang up|ECONNRESET|alert/i);
    // and plain HTTP on the TLS port gets no API at all
    await expect(new Docker({ host: '127.0.0.1', port, protocol: 'http' }).ping()).rejects.toThrow();
  });

  test('icc off: containers on the default bridge cannot reach each other (an icc-on network can)', async () => {
    const server = await run(['/bin/probe', 'listen', '8080']);
    const client = await run(['/bin/probe', 'sleep-forever']);
    const ip = (await engine.getContainer(server).inspect()).NetworkSettings.Networks.bridge.IPAddress;
    expect(ip.startsWith(`${subnet}.`)).toBe(true);
    expect(await execIn(client, ['/bin/probe', 'connect', ip, '8080', '1500'])).toMatch(/^FAIL (ETIMEDOUT|EHOSTUNREACH)/);
    // baseline: the same probe across an icc-on user network on the same daemon connects
    const net = await engine.createNetwork({ Name: `icc-on-${process.pid}`, Options: { 'com.docker.network.bridge.enable_icc': 'true' } });
    try {
      const s2 = await run(['/bin/probe', 'listen', '8080'], { network: `icc-on-${process.pid}` });
      const c2 = await run(['/bin/probe', 'sleep-forever'], { network: `icc-on-${process.pid}` });
      const ip2 = (await engine.getContainer(s2).inspect()).NetworkSettings.Networks[`icc-on-${process.pid}`].IPAddress;
      expect(await execIn(c2, ['/bin/probe', 'connect', ip2, '8080', '1500'])).toMatch(/^OK connected/);
      for (const id of [s2, c2]) await engine.getContainer(id).remove({ force: true });
    } finally {
      await net.remove().catch(() => undefined);
    }
  });

  test('userns-remap: root in the container is an unprivileged uid on the host', async () => {
    const shared = mkdtempSync(path.join(tmpdir(), 'remap-'));
    chmodSync(shared, 0o777);
    const id = await run(['/bin/probe', 'sleep-forever'], { binds: [`${shared}:/shared`] });
    const map = (await execIn(id, ['/bin/cat', '/proc/self/uid_map'])).trim().split(/\s+/).map(Number);
    expect(map[0]).toBe(0);
    expect(map[1]).toBeGreaterThan(0); // container uid 0 starts at a subordinate uid, not host root
    expect(await execIn(id, ['/bin/probe', 'write-file', '/shared/made-by-container-root'])).toMatch(/^OK/);
    const owner = statSync(path.join(shared, 'made-by-container-root')).uid;
    expect(owner).toBe(map[1]);
    expect(owner).not.toBe(0);
    expect(readdirSync(shared)).toEqual(['made-by-container-root']);
    execFileSync('rm', ['-rf', shared]);
  });

  test('no-new-privileges by default: a setuid-root binary cannot raise privileges in a plain container', async () => {
    const id = await run(['/bin/probe', 'sleep-forever'], { user: '1500' });
    expect(await execIn(id, ['/bin/probe', 'status'])).toMatch(/NoNewPrivs=1/);
    expect(await execIn(id, ['/bin/suid-probe', 'become-root'])).toMatch(/^FAIL EPERM/);
  });
});
