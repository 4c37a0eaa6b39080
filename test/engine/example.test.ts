/**
 * The example stack (examples/webapp.ts), deployed by the applier on a real
 * engine with the locally built probe image in place of the example's image.
 */
import { chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, deploy, docker, engineReady, exec, readFile, RUN } from './harness';
import { WebappStack } from '../../examples/webapp';
import { main } from '../../lib/cli/main';

afterAll(cleanup);

describe('examples/webapp.ts on a real engine', () => {
  let containerId: string;
  let stack: WebappStack;
  const secretsDir = mkdtempSync(path.join(tmpdir(), 'webapp-secrets-'));
  const hostPort = 20000 + (process.pid % 10000);

  beforeAll(async () => {
    const image = await engineReady();
    // the secret file belongs to the container's uid and is readable by it only
    writeFileSync(path.join(secretsDir, 'session-key'), 'not-a-real-session-key\n', { mode: 0o400 });
    chownSync(path.join(secretsDir, 'session-key'), 1500, 1500);
    stack = new WebappStack(Testing.app(), `webapp-${RUN}`, { image: image.id, secretsDir, networkName: `webapp-${RUN}`, hostPort });
    containerId = (await deploy(stack)).container('webapp').id;
  });

  test('runs as 1500:1500 with the kernel view the seed asks for', async () => {
    expect((await exec(containerId, ['/bin/probe', 'status'])).line).toBe('OK CapEff=0000000000000000 NoNewPrivs=1 Seccomp=2 uid=1500 gid=1500');
    expect((await exec(containerId, ['/bin/probe', 'write-file', '/x'])).line).toMatch(/^FAIL EROFS/);
    expect((await exec(containerId, ['/bin/probe', 'write-file', '/tmp/x'])).line).toMatch(/^OK/);
    expect((await readFile(containerId, '/proc/mounts'))).toMatch(/ \/tmp tmpfs rw,nosuid,nodev,noexec,relatime,size=64k,uid=1500,gid=1500/);
  });

  test('the secret is a read-only file, not an environment variable', async () => {
    expect(await readFile(containerId, '/run/secrets/session-key')).toBe('not-a-real-session-key\n');
    expect((await exec(containerId, ['/bin/probe', 'write-file', '/run/secrets/session-key'])).line).toMatch(/^FAIL (EROFS|EACCES)/);
    const env = await readFile(containerId, '/proc/1/environ');
    expect(env).not.toContain('not-a-real-session-key');
    expect(env).toContain('SESSION_KEY_FILE=/run/secrets/session-key');
  });

  test('verify attests the deployed example: no weaker, missing or drifted container', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'webapp-synth-'));
    mkdirSync(path.join(out, 'stacks', stack.node.id), { recursive: true });
    writeFileSync(path.join(out, 'stacks', stack.node.id, 'cdk.tf.json'), Testing.synth(stack));
    const lines: string[] = [];
    const code = await main(['verify', out, '--strict'], {
      stdout: (t) => lines.push(t), stderr: (t) => lines.push(t), env: process.env,
    });
    expect(lines.join('')).not.toMatch(/WEAKER|MISSING|STOPPED|INTRUDER|DRIFT/);
    expect(code).toBe(0);
  });

  test('publishes only on loopback and joins only its own network', async () => {
    const info = await docker.getContainer(containerId).inspect();
    expect(info.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] });
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([`webapp-${RUN}`]);
    const net = await docker.getNetwork(`webapp-${RUN}`).inspect();
    expect(net.Options?.['com.docker.network.bridge.enable_icc']).toBe('false');
  });
});
