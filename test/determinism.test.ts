/**
 * The same program synthesizes byte-identical output — Terraform JSON,
 * hardening reports and host files — across processes, with no timestamps,
 * random ids or absolute paths in it; and nothing secret ends up in it.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');

function synthInNewProcess(): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'determinism-'));
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(root, 'examples', 'main.ts')], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, TS_NODE_PROJECT: path.join(root, 'examples', 'tsconfig.json') },
    stdio: 'pipe',
  });
  return outdir;
}

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p, base) : [path.relative(base, p)];
  });
}

describe('determinism and secrets of the synthesized output', () => {
  const a = synthInNewProcess();
  const b = synthInNewProcess();
  const stacksA = path.join(a, 'stacks');
  const list = files(stacksA);

  test('two processes write the same files, byte for byte', () => {
    expect(list.length).toBeGreaterThan(20);
    expect(files(path.join(b, 'stacks'))).toEqual(list);
    for (const f of list) {
      expect(readFileSync(path.join(b, 'stacks', f)).equals(readFileSync(path.join(stacksA, f))), f).toBe(true);
    }
  });

  test('no absolute output paths, timestamps or random temp names in any file', () => {
    for (const f of list) {
      const text = readFileSync(path.join(stacksA, f), 'utf8');
      expect(text, f).not.toContain(a);
      expect(text, f).not.toMatch(/determinism-[A-Za-z0-9]{6}/);
      expect(text, f).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/);
    }
  });

  test('no private key, PEM block or known secret value in any output', () => {
    for (const f of list) {
      const text = readFileSync(path.join(stacksA, f), 'utf8');
      expect(text, f).not.toMatch(/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/);
      expect(text, f).not.toContain('not-a-real-session-key');
    }
  });

  test('private keys flow only through values their provider marks sensitive', () => {
    // attributes that hashicorp/tls 4.x and kreuzwerker/docker 3.6.2 declare Sensitive in their schemas
    const SENSITIVE = new Set([
      'provider.docker.key_material', 'tls_cert_request.private_key_pem', 'tls_self_signed_cert.private_key_pem',
      'tls_locally_signed_cert.ca_private_key_pem',
    ]);
    let seen = 0;
    const walk = (v: unknown, where: string[], stack: any, file: string) => {
      if (typeof v === 'string') {
        if (!/private_key_(pem|openssh|pem_pkcs8)/.test(v)) return;
        seen++;
        if (where[0] === 'output') {
          expect(stack.output[where[1]].sensitive, `${file}: ${where.join('.')}`).toBe(true);
          return;
        }
        const key = where[0] === 'provider' ? `provider.${where[1]}.${where[where.length - 1]}` : `${where[1]}.${where[where.length - 1]}`;
        expect(SENSITIVE.has(key), `${file}: ${where.join('.')} = ${v}`).toBe(true);
        return;
      }
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...where, k].filter((p) => !/^\d+$/.test(p)), stack, file);
    };
    for (const f of list.filter((x) => x.endsWith('cdk.tf.json'))) {
      const stack = JSON.parse(readFileSync(path.join(stacksA, f), 'utf8'));
      for (const section of ['resource', 'data', 'provider', 'output', 'locals']) {
        if (stack[section]) walk(stack[section], [section], stack, f);
      }
    }
    expect(seen).toBeGreaterThan(3); // the TLS examples do pass keys around
  });

  test('no snapshot contains an absolute path, a timestamp or a temp name', () => {
    const snapshots = path.join(root, 'test', '__snapshots__');
    for (const f of files(snapshots)) {
      const text = readFileSync(path.join(snapshots, f), 'utf8');
      expect(text, f).not.toContain(root);
      expect(text, f).not.toMatch(/\/tmp\/|\/home\/|\/root\//);
      expect(text, f).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/);
      expect(text, f).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }
  });
});
