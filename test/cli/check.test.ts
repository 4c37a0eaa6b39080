/**
 * `cdktf-hardened-docker check` on existing Terraform: HCL (through @cdktf/hcl2json) and Terraform JSON, the same
 * findings for the same configuration, located by file and line, fail-closed on what cannot be evaluated, reports,
 * formats and exit codes.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsonPathKey, jsonValueLines, scanHclBlocks } from '../../lib/checks/hcl/locator';
import { main } from '../../lib/cli/main';

const FIXTURES = path.join(__dirname, 'fixtures');
const REPO = path.resolve(__dirname, '..', '..');
const rel = (p: string) => path.relative(REPO, p).split(path.sep).join('/');

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'check-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['check', ...argv], { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, env: {} });
  return { code, stdout, stderr };
}

interface JsonOut { exitCode: number; stacks: Array<{ name: string; report: { summary: any; findings: any[] } }> }

async function findings(argv: string[]) {
  const r = await run(['--format', 'json', '--no-reports', '--source-root', REPO, ...argv]);
  const out = r.stdout ? JSON.parse(r.stdout) as JsonOut : undefined;
  return { ...r, out, all: out?.stacks.flatMap((s) => s.report.findings) ?? [] };
}

/** A module in a fresh directory: file name -> text. */
function module(files: { [name: string]: string }): string {
  const dir = mkdtempSync(path.join(work, 'module-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const GOOD = readFileSync(path.join(FIXTURES, 'good', 'main.tf'), 'utf8');
const ruleIds = (all: any[]) => [...new Set(all.filter((f) => f.level !== 'info').map((f) => f.ruleId))].sort();
const comparable = (all: any[]) => all.map((f) => `${f.level} ${f.ruleId} ${f.findingId ?? ''} ${f.resourceType}.${f.resourceName}: ${f.message}`).sort();

describe('the bad fixture', () => {
  test('HCL: the expected rules, located at the lines of their blocks, exit 1', async () => {
    const r = await run(['--no-reports', '--source-root', REPO, path.join(FIXTURES, 'bad')]);
    expect(r.code).toBe(1);
    const mainTf = rel(path.join(FIXTURES, 'bad', 'main.tf'));
    const providers = rel(path.join(FIXTURES, 'bad', 'providers.tf'));
    expect(r.stdout).toContain(`${mainTf}:19: ERROR HD-C01 privileged = true (docker_container.web)`);
    expect(r.stdout).toMatch(new RegExp(`${mainTf}:19: ERROR HD-C02 .*docker\\.sock`));
    expect(r.stdout).toMatch(new RegExp(`${mainTf}:19: ERROR HD-C06 user "root"`));
    expect(r.stdout).toMatch(new RegExp(`${mainTf}:19: ERROR HD-C22 `));
    expect(r.stdout).toMatch(new RegExp(`${mainTf}:15: ERROR HD-I01 name "nginx:latest"`));
    expect(r.stdout).toMatch(new RegExp(`${providers}:15: ERROR HD-P01 host tcp://build-host:2375`));
    // the blocks in comments and in the heredoc are no blocks
    expect(r.stdout).not.toMatch(/commented_out|also_commented|in_a_heredoc/);
    expect(r.stdout).toMatch(/^bad: 12 error\(s\), 1 warning\(s\), 3 info\(s\), 0 suppressed; 4 resource\(s\) checked$/m);
  });

  test('the same configuration as hand-written Terraform JSON: the same findings, at its lines', async () => {
    const hcl = await findings([path.join(FIXTURES, 'bad')]);
    const json = await findings([path.join(FIXTURES, 'bad-json', 'cdk.tf.json')]);
    expect(json.code).toBe(1);
    expect(ruleIds(hcl.all)).toEqual(['HD-C01', 'HD-C02', 'HD-C05', 'HD-C06', 'HD-C07', 'HD-C08', 'HD-C10', 'HD-C12', 'HD-C22', 'HD-C27', 'HD-C35', 'HD-I01', 'HD-P01']);
    expect(comparable(json.all)).toEqual(comparable(hcl.all));
    const file = rel(path.join(FIXTURES, 'bad-json', 'cdk.tf.json'));
    const at = (ruleId: string) => json.all.find((f) => f.ruleId === ruleId).location;
    expect(at('HD-C01')).toEqual({ file, line: 11 });
    expect(at('HD-I01')).toEqual({ file, line: 9 });
    expect(at('HD-P01')).toEqual({ file, line: 5 });
  });
});

describe('results and exit codes', () => {
  test('a hardened configuration passes: exit 0', async () => {
    const r = await run(['--no-reports', path.join(FIXTURES, 'good')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^good: 0 error\(s\), 0 warning\(s\)/m);
  });

  test('--fail-on warning: warnings fail too', async () => {
    const dir = module({ 'main.tf': GOOD, 'modules.tf': 'module "extra" {\n  source = "./extra"\n}\n' });
    const lenient = await run(['--no-reports', '--source-root', dir, dir]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('modules.tf:1: WARNING HD-X01');
    expect((await run(['--no-reports', '--fail-on', 'warning', dir])).code).toBe(1);
    expect((await run(['--no-reports', '--fail-on', 'info', dir])).code).toBe(2);
  });

  test('usage, I/O and conversion errors: exit 2 with the reason', async () => {
    const missing = await run([path.join(work, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or directory/);
    expect((await run(['--format', 'xml', path.join(FIXTURES, 'good')])).code).toBe(2);
    expect((await run([])).code).toBe(2);

    const broken = module({ 'main.tf': 'resource "docker_container" "web" {\n  image = "a"\n  image = "b"\n}\n' });
    const invalid = await run(['--no-reports', '--source-root', broken, broken]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/main\.tf: cannot convert the HCL: .*main\.tf:3.*redefined/);

    const badJson = module({ 'cdk.tf.json': '{"resource": ' });
    const j = await run(['--no-reports', badJson]);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/not valid JSON/);

    expect((await run([module({ 'README.md': 'x' })])).stderr).toMatch(/no \*\.tf/);
  });

  test('a duplicate block across files is an error, never one of them picked', async () => {
    const block = 'resource "docker_container" "web" {\n  image = "x"\n}\n';
    const dir = module({ 'a.tf': block, 'b.tf': `\n${block}` });
    const r = await run(['--no-reports', '--source-root', dir, dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b.tf:2: duplicate resource.docker_container.web: it is declared at a.tf:1 already');
    const providers = module({ 'a.tf': 'provider "docker" {}\nprovider "docker" {}\n' });
    expect((await run(['--no-reports', providers])).stderr).toMatch(/duplicate provider "docker"/);
    const hclAndJson = module({ 'a.tf': block, 'b.tf.json': '{"resource": {"docker_container": {"web": {"image": "y"}}}}' });
    expect((await run(['--no-reports', hclAndJson])).stderr).toMatch(/duplicate resource\.docker_container\.web/);
  });
});

describe('Terraform semantics hcl2json does not carry', () => {
  test('override files are merged as Terraform merges them', async () => {
    const dir = module({
      'main.tf': GOOD,
      'web_override.tf': 'resource "docker_container" "web" {\n  privileged = true\n  volumes {\n    host_path = "/var/run/docker.sock"\n    container_path = "/s"\n  }\n}\n',
    });
    const r = await findings([dir]);
    expect(r.code).toBe(1);
    expect(ruleIds(r.all)).toEqual(['HD-C01', 'HD-C02', 'HD-C12']);
    // the rest of the base block stays: still read-only, still non-root
    const noBase = module({ 'main.tf': GOOD, 'override.tf': 'resource "docker_container" "other" {\n  privileged = true\n}\n' });
    const e = await run(['--no-reports', noBase]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/no resource\.docker_container\.other in the primary files to override/);
  });

  test('an override of a dynamic block replaces the static and dynamic blocks of its type; lifecycle merges', async () => {
    const dir = module({
      'main.tf': GOOD.replace('  capabilities {', '  lifecycle {\n    ignore_changes = [privileged]\n  }\n\n  capabilities {'),
      'z_override.tf': 'resource "docker_container" "web" {\n  ulimit {\n    name = "nofile"\n    soft = 1\n    hard = 1\n  }\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n',
    });
    const r = await findings([dir]);
    // privileged stays ignored (tainted: can change after the checks) because lifecycle merged by argument
    expect(r.all.some((f) => f.ruleId === 'HD-C01' && f.findingId === 'unverifiable:privileged')).toBe(true);
  });

  test('a variable without a value is a "cannot verify" finding, never a pass', async () => {
    const dir = module({
      'main.tf': GOOD.replace('privileged      = false', 'privileged      = var.privileged'),
      'variables.tf': 'variable "privileged" {\n  type = bool\n}\n',
    });
    const r = await findings([dir]);
    expect(r.code).toBe(1);
    const f = r.all.find((x) => x.ruleId === 'HD-C01');
    expect(f).toMatchObject({ level: 'error', findingId: 'unverifiable:privileged' });
    expect(f.message).toMatch(/^cannot verify privileged of docker_container\.web: `\$\{var\.privileged\}`/);
  });

  test('variable defaults, terraform.tfvars, *.auto.tfvars and --var-file: the value Terraform would use is checked', async () => {
    const base = {
      'main.tf': GOOD.replace('privileged      = false', 'privileged      = var.privileged'),
      'variables.tf': 'variable "privileged" {\n  default = false\n}\n',
    };
    const defaults = await findings([module(base)]);
    // the default passes HD-C01's value check but can be set at plan time: reported, not passed
    expect(defaults.all.find((x) => x.ruleId === 'HD-C01')?.findingId).toBe('unverifiable:privileged');
    expect(defaults.all.some((x) => x.ruleId === 'HD-C01' && x.message === 'privileged = true')).toBe(false);
    for (const vars of [{ 'terraform.tfvars': 'privileged = true\n' }, { 'x.auto.tfvars.json': '{"privileged": true}' }] as Array<{ [name: string]: string }>) {
      const r = await findings([module({ ...base, ...vars })]);
      expect(r.all.some((x) => x.ruleId === 'HD-C01' && /privileged = true/.test(x.message))).toBe(true);
    }
    const varFile = path.join(module({ 'prod.tfvars': 'privileged = true\n' }), 'prod.tfvars');
    const explicit = await findings(['--var-file', varFile, module(base)]);
    expect(explicit.all.some((x) => x.ruleId === 'HD-C01' && /privileged = true/.test(x.message))).toBe(true);
  });

  test('dynamic blocks with an iterator, heredocs, jsonencode, locals and count read as in Terraform JSON', async () => {
    const hcl = `
locals {
  caps = ["SYS_ADMIN"]
}
resource "docker_container" "web" {
  name  = "web"
  image = "nginx@sha256:${'e'.repeat(64)}"
  count = 1
  labels {
    label = "config"
    value = jsonencode({ a = 1 })
  }
  command = [<<-EOT
    run \${local.caps[0]}
  EOT
  ]
  capabilities {
    add  = local.caps
    drop = ["ALL"]
  }
  dynamic "volumes" {
    for_each = ["/var/run/docker.sock"]
    iterator = v
    content {
      host_path      = v.value
      container_path = "/s"
    }
  }
  hostname = "%{ if true }h%{ endif }"
}
`;
    const json = {
      locals: { caps: ['SYS_ADMIN'] },
      resource: {
        docker_container: {
          web: {
            name: 'web',
            image: `nginx@sha256:${'e'.repeat(64)}`,
            count: 1,
            labels: [{ label: 'config', value: '${jsonencode({ a = 1 })}' }],
            command: ['run ${local.caps[0]}\n'],
            capabilities: [{ add: '${local.caps}', drop: ['ALL'] }],
            dynamic: { volumes: [{ for_each: ['/var/run/docker.sock'], iterator: 'v', content: { host_path: '${v.value}', container_path: '/s' } }] },
            hostname: '%{ if true }h%{ endif }',
          },
        },
      },
    };
    const h = await findings([module({ 'main.tf': hcl })]);
    const j = await findings([module({ 'main.tf.json': JSON.stringify(json) })]);
    expect(ruleIds(h.all)).toContain('HD-C02'); // the dynamic block's socket, through its iterator
    expect(ruleIds(h.all)).toContain('HD-C08'); // SYS_ADMIN through the local
    expect(comparable(h.all)).toEqual(comparable(j.all));
  });

  test('for_each instances: each.value is unknown, reported', async () => {
    const dir = module({
      'main.tf': GOOD.replace('resource "docker_container" "web" {', 'resource "docker_container" "web" {\n  for_each = toset(var.names)')
        .replace('privileged      = false', 'privileged      = each.value == "admin"'),
      'v.tf': 'variable "names" {\n  type = list(string)\n}\n',
    });
    const r = await findings([dir]);
    expect(r.code).toBe(1);
    expect(r.all.find((x) => x.ruleId === 'HD-C01')?.findingId).toBe('unverifiable:privileged');
  });

  test('individual files: the files of one directory are one module; --stack-name names it', async () => {
    const dir = module({ 'a.tf': GOOD, 'b.tf': 'resource "docker_container" "other" {\n  image = "x"\n  privileged = true\n}\n' });
    const r = await findings(['--stack-name', 'svc', path.join(dir, 'a.tf')]);
    expect(r.code).toBe(0);
    expect(r.out!.stacks.map((s) => s.name)).toEqual(['svc']);
    const both = await findings([path.join(dir, 'a.tf'), path.join(dir, 'b.tf')]);
    expect(both.code).toBe(1);
  });
});

test('modules, imports, another docker provider and check-scoped data sources are reported at their blocks', async () => {
  const dir = module({
    'main.tf': [
      'terraform {',
      '  required_providers {',
      '    docker = {',
      '      source = "example/docker"',
      '    }',
      '  }',
      '}',
      'module "m" {',
      '  source = "./m"',
      '}',
      'import {',
      '  to = docker_container.adopted',
      '  id = "abc"',
      '}',
      'check "health" {',
      '  data "docker_network" "n" {',
      '    name = "x"',
      '  }',
      '}',
      '',
    ].join('\n'),
  });
  const r = await run(['--no-reports', '--source-root', dir, dir]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^main\.tf:1: ERROR HD-P03 /m);
  expect(r.stdout).toMatch(/^main\.tf:8: WARNING HD-X01 .*\(module\.m\)$/m);
  expect(r.stdout).toMatch(/^main\.tf:11: \w+ HD-X01 .*docker_container\.adopted/m);
});

describe('reports and formats', () => {
  test('--out writes the three reports per stack; SARIF is valid JSON with physical locations', async () => {
    const out = path.join(work, 'reports');
    const r = await run(['--out', out, '--source-root', REPO, path.join(FIXTURES, 'bad')]);
    expect(r.code).toBe(1);
    const dir = path.join(out, 'bad');
    for (const f of ['hardening-report.json', 'hardening-report.sarif', 'hardening-report.md']) expect(existsSync(path.join(dir, f))).toBe(true);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'hardening-report.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results as any[];
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^test\/cli\/fixtures\/bad\/(main|providers)\.tf$/);
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    const report = JSON.parse(readFileSync(path.join(dir, 'hardening-report.json'), 'utf8'));
    expect(report.stack).toBe('bad');
    expect(report.summary.errors).toBe(12);
    expect(r.stdout).toContain(`reports: ${path.relative(process.cwd(), dir)}/hardening-report.{json,sarif,md}`);
  });

  test('a cdktf output directory: one report set per stack, next to its cdk.tf.json', async () => {
    const outdir = path.join(work, 'cdktf.out');
    for (const name of ['a', 'b']) {
      mkdirSync(path.join(outdir, 'stacks', name), { recursive: true });
      cpSync(path.join(FIXTURES, 'bad-json', 'cdk.tf.json'), path.join(outdir, 'stacks', name, 'cdk.tf.json'));
    }
    const r = await run(['--format', 'sarif', outdir]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.runs.map((x: any) => x.automationDetails.id)).toEqual(['cdktf-hardened-docker/a/', 'cdktf-hardened-docker/b/']);
    for (const name of ['a', 'b']) expect(existsSync(path.join(outdir, 'stacks', name, 'hardening-report.sarif'))).toBe(true);
  });
});

describe('the locators', () => {
  test('HCL: top-level blocks only, past comments, strings with interpolations and heredocs', () => {
    const text = [
      '# resource "a" "commented" {',
      'resource "docker_container" "web" { # }',
      '  command = ["}", "${"{"}", <<EOT',
      'resource "x" "in_heredoc" {',
      'EOT',
      '  ]',
      '}',
      '/* data "x" "y" { */ data docker_network "n" {',
      '}',
      'provider "docker" {',
      '  alias = "r"',
      '}',
    ].join('\n');
    expect(scanHclBlocks(text).map((b) => `${b.type} ${b.labels.join(' ')} ${b.line}`))
      .toEqual(['resource docker_container web 2', 'data docker_network n 8', 'provider docker 10']);
  });

  test('JSON: the line of each key, whatever the formatting', () => {
    const lines = jsonValueLines('{"a": {"b":\n [1,\n {"c": 2}]}, "d"\n:3}')!;
    expect(lines.get(jsonPathKey(['a', 'b']))).toBe(1);
    expect(lines.get(jsonPathKey(['a', 'b', 1]))).toBe(3);
    expect(lines.get(jsonPathKey(['a', 'b', 1, 'c']))).toBe(3);
    expect(lines.get(jsonPathKey(['d']))).toBe(3);
    expect(jsonValueLines('{"a": }')).toBeUndefined();
  });
});
