/**
 * `cdktf-hardened-docker check` against configurations Terraform reads differently from a naive reading: each case is
 * an insecure configuration that Terraform would apply, and `check` must report it (exit 1) or refuse it (exit 2),
 * never pass it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsonKeyProblem } from '../../lib/checks/hcl/locator';
import { main } from '../../lib/cli/main';

const GOOD = readFileSync(path.join(__dirname, 'fixtures', 'good', 'main.tf'), 'utf8');
const PRIVILEGED = GOOD.replace('privileged      = false', 'privileged      = true');
const SOCKET = GOOD.replace('  capabilities {', '  volumes {\n    host_path      = "/var/run/docker.sock"\n    container_path = "/s"\n  }\n\n  capabilities {');
const EVIL_JSON = '{"resource": {"docker_container": {"evil": {"name": "evil", "image": "nginx:latest", "privileged": true}}}}';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'check-adv-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A directory holding the files (name -> text; a name may have a subdirectory). */
function dir(files: { [name: string]: string }): string {
  const d = mkdtempSync(path.join(work, 'm-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    writeFileSync(path.join(d, name), text);
  }
  return d;
}

async function check(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['check', '--format', 'json', '--no-reports', ...argv], { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, env: {} });
  const out = code !== 2 && stdout ? JSON.parse(stdout) : undefined;
  const findings: any[] = out?.stacks.flatMap((s: any) => s.report.findings) ?? [];
  const errors = findings.filter((f) => f.level === 'error' && !f.suppressed).map((f) => `${f.ruleId} ${f.path}`);
  return { code, stderr, errors };
}

describe('files Terraform reads, and only those', () => {
  test('a hidden override file is ignored by Terraform: it cannot make a privileged container look safe', async () => {
    const d = dir({ 'main.tf': PRIVILEGED, '.fix_override.tf': 'resource "docker_container" "web" {\n  privileged = false\n}\n' });
    const r = await check(d);
    expect(r.code).toBe(1);
    expect(r.errors).toContain('HD-C01 docker_container.web');
    // nor do editor backup files count; given explicitly, an ignored file is refused
    const backup = dir({ 'main.tf': PRIVILEGED, '#x_override.tf#': 'resource "docker_container" "web" {\n  privileged = false\n}\n' });
    expect((await check(backup)).code).toBe(1);
    const explicit = await check(path.join(d, 'main.tf'), path.join(d, '.fix_override.tf'));
    expect(explicit.code).toBe(2);
    expect(explicit.stderr).toMatch(/Terraform ignores this file/);
  });

  test('a hidden file declaring the same resource is no duplicate (Terraform never reads it)', async () => {
    const d = dir({ 'main.tf': PRIVILEGED, '.old.tf': PRIVILEGED });
    expect((await check(d)).code).toBe(1);
  });

  test('a cdk.tf.json directory: the other *.tf files Terraform applies with it are checked too', async () => {
    const network = '{"resource": {"docker_network": {"n": {"name": "n", "options": {"com.docker.network.bridge.enable_icc": "false"}}}}}';
    const d = dir({ 'cdk.tf.json': network, 'evil.tf': 'resource "docker_container" "evil" {\n  name       = "e"\n  image      = "nginx:latest"\n  privileged = true\n}\n' });
    for (const target of [d, path.join(d, 'cdk.tf.json')]) {
      const r = await check(target);
      expect(r.code).toBe(1);
      expect(r.errors).toContain('HD-C01 docker_container.evil');
      expect(r.stderr).toMatch(/Terraform also reads evil\.tf/);
    }
    // an override file next to a cdk.tf.json is merged into the stack's blocks
    const web = JSON.stringify({ resource: { docker_container: { web: { name: 'web', image: `nginx@sha256:${'e'.repeat(64)}`, privileged: false } } } });
    const overridden = dir({ 'stacks/s/cdk.tf.json': web, 'stacks/s/override.tf': 'resource "docker_container" "web" {\n  privileged = true\n}\n' });
    const r = await check(overridden);
    expect(r.errors).toContain('HD-C01 docker_container.web');
    // a cdk.tf.json alone is still checked as written
    expect((await check(dir({ 'cdk.tf.json': network }))).code).toBe(0);
  });
});

describe('Terraform JSON that JSON.parse reads differently', () => {
  test('a repeated top-level key (Terraform reads both) is refused, never half-read', async () => {
    const text = `{${EVIL_JSON.slice(1, -1)},\n "resource": {"docker_network": {"n": {"name": "n"}}}}`;
    for (const files of [{ 'main.tf': GOOD, 'x.tf.json': text }, { 'cdk.tf.json': text }] as Array<{ [name: string]: string }>) {
      const r = await check(dir(files));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/:2: the key "resource" is repeated/);
    }
    // in a body too (Terraform rejects a repeated argument; JSON.parse would keep the last)
    const arg = await check(dir({ 'main.tf.json': '{"resource": {"docker_container": {"web": {"image": "a", "privileged": true, "privileged": false}}}}' }));
    expect(arg.code).toBe(2);
    expect(jsonKeyProblem('{"a": {"b": 1, "b": 2}}')).toEqual({ kind: 'duplicate', path: ['a'], key: 'b', line: 1 });
    expect(jsonKeyProblem('{"a": [{"b": 1}, {"b": 2}]}')).toBeUndefined();
  });

  test('a block named __proto__ (a valid Terraform name) is refused, not dropped', async () => {
    const hcl = await check(dir({ 'main.tf': PRIVILEGED.replace('"docker_container" "web"', '"docker_container" "__proto__"') }));
    expect(hcl.code).toBe(2);
    expect(hcl.stderr).toMatch(/__proto__/);
    const json = await check(dir({ 'cdk.tf.json': EVIL_JSON.replace('"evil"', '"__proto__"') }));
    expect(json.code).toBe(2);
    expect((await check(dir({ 'main.tf.json': EVIL_JSON.replace('"evil"', '"__pro\\u0074o__"') }))).code).toBe(2);
  });

  test('a BOM before a .tf.json (Terraform rejects it) is refused; before a .tf it is read', async () => {
    expect((await check(dir({ 'main.tf.json': `\uFEFF${EVIL_JSON}` }))).code).toBe(2);
    expect((await check(dir({ 'main.tf': `\uFEFF${PRIVILEGED}` }))).errors).toContain('HD-C01 docker_container.web');
  });
});

describe('override files merged as Terraform merges them', () => {
  test('"volumes": [] in a JSON override declares no block: the base\'s socket mount stays', async () => {
    for (const override of [
      '{"resource": {"docker_container": {"web": {"volumes": []}}}}',
      '{"resource": {"docker_container": {"web": {"dynamic": {"volumes": []}}}}}',
      '{"resource": {"docker_container": {"web": {"dynamic": []}}}}',
    ]) {
      const r = await check(dir({ 'main.tf': SOCKET, 'x_override.tf.json': override }));
      expect(r.code).toBe(1);
      expect(r.errors).toContain('HD-C02 docker_container.web');
    }
    // an argument written [] does replace the base's value
    const opts = await check(dir({ 'main.tf': GOOD, 'x_override.tf.json': '{"resource": {"docker_container": {"web": {"security_opts": []}}}}' }));
    expect(opts.errors).toContain('HD-C05 docker_container.web');
    // and one volumes block replaces them all
    const replaced = await check(dir({ 'main.tf': SOCKET, 'x_override.tf.json': '{"resource": {"docker_container": {"web": {"volumes": {"volume_name": "v", "container_path": "/s"}}}}}' }));
    expect(replaced.errors).not.toContain('HD-C02 docker_container.web');
  });

  test('"provisioner": [] in a JSON override keeps the base\'s provisioners', async () => {
    const base = 'resource "terraform_data" "x" {\n  provisioner "local-exec" {\n    command = "docker run --privileged alpine"\n  }\n}\n';
    for (const empty of ['[]', '{"local-exec": []}']) {
      const r = await check(dir({ 'main.tf': base, 'x_override.tf.json': `{"resource": {"terraform_data": {"x": {"provisioner": ${empty}}}}}` }));
      expect(r.code).toBe(1);
      expect(r.errors).toContain('HD-X02 terraform_data.x.provisioner[0]');
    }
  });

  test('lifecycle.ignore_changes: an empty override list keeps the base\'s; `all` stays all', async () => {
    const ignored = GOOD.replace('  capabilities {', '  lifecycle {\n    ignore_changes = [privileged]\n  }\n\n  capabilities {');
    const empty = await check(dir({ 'main.tf': ignored, 'x_override.tf.json': '{"resource": {"docker_container": {"web": {"lifecycle": {"ignore_changes": []}}}}}' }));
    expect(empty.errors).toContain('HD-C01 docker_container.web');
    const all = GOOD.replace('  capabilities {', '  lifecycle {\n    ignore_changes = all\n  }\n\n  capabilities {');
    const narrowed = await check(dir({ 'main.tf': all, 'x_override.tf': 'resource "docker_container" "web" {\n  lifecycle {\n    ignore_changes = [name]\n  }\n}\n' }));
    expect(narrowed.errors).toContain('HD-C01 docker_container.web');
    expect(narrowed.errors).toContain('HD-C06 docker_container.web');
  });

  test('only `override` and `*_override` names are override files', async () => {
    // a-override.tf is a primary file for Terraform: a second declaration of web, which Terraform rejects
    const r = await check(dir({ 'main.tf': PRIVILEGED, 'a-override.tf': 'resource "docker_container" "web" {\n  privileged = false\n}\n' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/duplicate resource\.docker_container\.web/);
  });
});

describe('what the evaluator and the provisioner scan must not miss', () => {
  test('a dynamic block over a variable whose default is empty: the blocks a -var can add are reported, not passed', async () => {
    const dynamicMounts = GOOD.replace('  capabilities {', [
      '  dynamic "volumes" {',
      '    for_each = var.mounts',
      '    content {',
      '      host_path      = volumes.value',
      '      container_path = "/m"',
      '    }',
      '  }',
      '',
      '  capabilities {',
    ].join('\n'));
    expect(dynamicMounts).not.toBe(GOOD);
    const d = dir({ 'main.tf': dynamicMounts, 'v.tf': 'variable "mounts" {\n  type    = list(string)\n  default = []\n}\n' });
    const r = await check(d);
    expect(r.code).toBe(1);
    expect(r.errors.some((e) => /^HD-C\d\d docker_container\.web$/.test(e))).toBe(true);
    // a literal empty list generates no block and stays a pass
    const literal = dir({ 'main.tf': dynamicMounts.replace('var.mounts', '[]') });
    expect((await check(literal)).code).toBe(0);
  });

  test('the destroy-time provisioner of a removed block is checked (Terraform 1.7+ runs it)', async () => {
    const removed = [
      'removed {',
      '  from = terraform_data.x',
      '  lifecycle {',
      '    destroy = true',
      '  }',
      '  provisioner "local-exec" {',
      '    when    = destroy',
      '    command = "docker run --privileged -v /var/run/docker.sock:/s alpine"',
      '  }',
      '}',
      '',
    ].join('\n');
    const r = await check(dir({ 'main.tf': GOOD, 'removed.tf': removed }));
    expect(r.code).toBe(1);
    expect(r.errors).toContain('HD-X02 removed.terraform_data.x.provisioner[0]');
  });
});
