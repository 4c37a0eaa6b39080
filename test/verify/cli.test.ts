/**
 * The `verify` command line without a Docker engine: arguments, host and TLS
 * handling, errors and exit codes. A fake daemon with mutual TLS stands in
 * for a remote engine.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HardenedContainer } from '../../lib';
import { main } from '../../lib/cli/main';
import { DEFAULT_DOCKER_HOST, dockerConnection, UsageError } from '../../lib/verify/connection';

const TLS = path.join(__dirname, 'tls');
const tlsFile = (name: string) => path.join(TLS, name);
const CLIENT_TLS = ['--tls-ca', tlsFile('ca.pem'), '--tls-cert', tlsFile('client-cert.pem'), '--tls-key', tlsFile('client-key.pem')];
const IMAGE = `sha256:${'e'.repeat(64)}`;

let work: string;
let synthDir: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'verify-cli-'));
  synthDir = path.join(work, 'cdktf.out');
  const stack = new TerraformStack(Testing.app(), 'app');
  new DockerProvider(stack, 'docker', {});
  new HardenedContainer(stack, 'web', { image: IMAGE, containerName: 'cli-test-web' });
  mkdirSync(path.join(synthDir, 'stacks', 'app'), { recursive: true });
  writeFileSync(path.join(synthDir, 'stacks', 'app', 'cdk.tf.json'), Testing.synth(stack));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI in-process and captures its output. */
async function run(argv: string[], env: { [name: string]: string | undefined } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, env });
  return { code, stdout, stderr };
}

describe('usage', () => {
  test('no command: usage on stderr, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: cdktf-hardened-docker');
  });

  test('--help: exit 0', async () => {
    const r = await run(['verify', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--tls-ca <file>');
    expect(r.stdout).toContain('--stack <name>');
  });

  test('a missing argument or an unknown option: exit 2', async () => {
    expect((await run(['verify'])).code).toBe(2);
    const r = await run(['verify', synthDir, '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option');
  });

  test('an unreadable synth dir: exit 2 with the reason', async () => {
    const r = await run(['verify', path.join(work, 'nope')]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^error: .*nope: no such file or directory\n$/);
    const empty = mkdtempSync(path.join(work, 'empty-'));
    expect((await run(['verify', empty])).stderr).toContain('neither a cdk.tf.json');
  });

  test('invalid JSON: exit 2', async () => {
    const file = path.join(work, 'bad', 'cdk.tf.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{');
    const r = await run(['verify', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
  });

  test('an unknown --stack: exit 2 naming the stacks found', async () => {
    const r = await run(['verify', synthDir, '--stack', 'app', '--stack', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: no stack named nope (stacks found: app)\n');
  });
});

describe('Docker host', () => {
  test('tcp:// without TLS is refused, from --host and from DOCKER_HOST', async () => {
    for (const [argv, env] of [[['--host', 'tcp://127.0.0.1:2375'], {}], [[], { DOCKER_HOST: 'tcp://127.0.0.1:2375' }]] as const) {
      const r = await run(['verify', synthDir, ...argv], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('refusing to talk to tcp://127.0.0.1:2375 without TLS');
      expect(r.stderr).toContain('--tls-ca, --tls-cert and --tls-key');
    }
  });

  test('ssh:// is not supported', async () => {
    const r = await run(['verify', synthDir, '--host', 'ssh://admin@engine.example']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ssh:// hosts are not supported');
  });

  test('other schemes are refused', async () => {
    for (const host of ['http://127.0.0.1:2375', 'https://127.0.0.1:2376', 'npipe:////./pipe/docker_engine', '127.0.0.1:2375', 'unix://relative.sock']) {
      const r = await run(['verify', synthDir, '--host', host]);
      expect(r.code, host).toBe(2);
      expect(r.stderr, host).toMatch(/unsupported Docker host|invalid host/);
    }
  });

  test('TLS files: all three or none', async () => {
    const r = await run(['verify', synthDir, '--host', 'tcp://127.0.0.1:2376', '--tls-ca', tlsFile('ca.pem')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--tls-ca, --tls-cert and --tls-key must be given together');
  });

  test('TLS with a unix socket is refused', async () => {
    const r = await run(['verify', synthDir, '--host', 'unix:///var/run/docker.sock', ...CLIENT_TLS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('apply to tcp:// hosts');
  });

  test('an unreadable TLS file: exit 2', async () => {
    const r = await run(['verify', synthDir, '--host', 'tcp://127.0.0.1:2376',
      '--tls-ca', tlsFile('nope.pem'), '--tls-cert', tlsFile('client-cert.pem'), '--tls-key', tlsFile('client-key.pem')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--tls-ca');
    expect(r.stderr).toContain('nope.pem');
  });

  test('an unreachable engine: exit 2 naming the host', async () => {
    const r = await run(['verify', synthDir, '--host', `unix://${path.join(work, 'no-daemon.sock')}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot reach the Docker engine at unix:\/\/.*no-daemon\.sock: .*ENOENT/);
  });

  test('connection options: host precedence and defaults, nothing left to the environment', () => {
    expect(dockerConnection({}, {})).toMatchObject({ description: DEFAULT_DOCKER_HOST, options: { socketPath: '/var/run/docker.sock', host: undefined } });
    expect(dockerConnection({}, { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).options.socketPath).toBe('/run/user/1000/docker.sock');
    expect(dockerConnection({ host: 'unix:///a.sock' }, { DOCKER_HOST: 'unix:///b.sock' }).options.socketPath).toBe('/a.sock');
    const tls = dockerConnection({ host: 'tcp://engine.example', tlsCa: tlsFile('ca.pem'), tlsCert: tlsFile('client-cert.pem'), tlsKey: tlsFile('client-key.pem') }, {});
    expect(tls.description).toBe('tcp://engine.example:2376 (TLS)');
    expect(tls.options).toMatchObject({ host: 'engine.example', port: 2376, protocol: 'https', socketPath: undefined });
    expect(String(tls.options.ca)).toBe(readFileSync(tlsFile('ca.pem'), 'utf8'));
    expect(() => dockerConnection({ host: 'tcp://engine.example:2376' }, {})).toThrow(UsageError);
  });
});

describe('a remote engine with mutual TLS (fake daemon)', () => {
  let server: https.Server;
  let port: number;
  const clients: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    server = https.createServer({
      key: readFileSync(tlsFile('server-key.pem')),
      cert: readFileSync(tlsFile('server-cert.pem')),
      ca: readFileSync(tlsFile('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
    }, (req, res) => {
      const peer = (req.socket as import('tls').TLSSocket).getPeerCertificate();
      clients.push(String(peer.subject?.CN));
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/_ping') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
        return;
      }
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'not found' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('verifies over https with the client certificate: the container is missing there', async () => {
    const r = await run(['verify', synthDir, '--host', `tcp://localhost:${port}`, ...CLIENT_TLS, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ containers: 1, missing: 1 });
    expect(doc.stacks[0].containers[0].findings[0]).toMatchObject({ kind: 'missing', container: 'cli-test-web' });
    expect(clients.every((cn) => cn === 'verify test client')).toBe(true);
    expect(requests).toContain('GET /containers/cli-test-web/json');
  });

  test('a daemon whose certificate is not signed by --tls-ca is refused', async () => {
    const before = requests.length;
    const r = await run(['verify', synthDir, '--host', `tcp://localhost:${port}`,
      '--tls-ca', tlsFile('other-ca.pem'), '--tls-cert', tlsFile('client-cert.pem'), '--tls-key', tlsFile('client-key.pem')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: cannot reach the Docker engine at tcp://localhost:${port} \\(TLS\\): .*certificate`));
    expect(requests.length).toBe(before);
  });
});
