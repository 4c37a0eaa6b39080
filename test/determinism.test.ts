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
});
