import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Container } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import Ajv from 'ajv';
import { App, TerraformStack, Testing } from 'cdktf';
import * as fc from 'fast-check';
import { rawContainer, stack } from './util';
import { FindingLevel, HardenedContainer, HardeningChecks, HardeningSuppressions } from '../../lib';
import { jsonLineOf } from '../../lib/checks/source-location';
import { hardeningMatchers } from '../../lib/testing';


/** cdk.tf.json as cdktf writes it: its own json-stable-stringify with `space: 2` (synthesizer.js). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stringify = require(require.resolve('json-stable-stringify', { paths: [path.dirname(require.resolve('cdktf'))] }));
function stableStringify(v: unknown): string {
  return stringify(v, { space: 2 });
}

const PINNED = `registry.example.com/app@sha256:${'b'.repeat(64)}`;
const THIS_FILE = 'test/checks/public-api.test.ts';

/** The line in this file that contains `marker` (1-based). */
function lineOf(marker: string): number {
  const lines = readFileSync(__filename, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker) && !l.includes('lineOf('));
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

describe('public findings API', () => {
  test('HardeningChecks.check: every finding with its rule, level, suppression and the line that created it', () => {
    const s = stack('api');
    new Container(s, 'raw', { name: 'raw', image: PINNED, privileged: true }); // marker: raw-privileged
    const web = new HardenedContainer(s, 'web', { image: PINNED, optOuts: { rootUser: { justification: 'api test: binds 80 as root' } }, user: '0:0' }); // marker: l2-root
    HardeningSuppressions.addResourceSuppressions(web, [{ id: 'HD-C18', reason: 'api test: no healthcheck in this image' }]);
    const findings = HardeningChecks.check(s);
    const privileged = findings.find((f) => f.ruleId === 'HD-C01' && f.path === 'api/raw');
    expect(privileged).toMatchObject({
      level: FindingLevel.ERROR,
      suppressed: false,
      resourceType: 'docker_container',
      cis: ['CIS 5.5'],
      file: THIS_FILE,
      line: lineOf('marker: raw-privileged'),
    });
    expect(privileged!.title).toMatch(/privileged/i);
    const root = findings.find((f) => f.ruleId === 'HD-C06' && f.path === 'api/web');
    expect(root).toMatchObject({ suppressed: true, file: THIS_FILE, line: lineOf('marker: l2-root') });
    expect(root!.suppressionReason).toContain('api test: binds 80 as root');
    expect(findings.find((f) => f.ruleId === 'HD-C18' && f.path === 'api/web')).toMatchObject({ suppressed: true, suppressionReason: expect.stringContaining('no healthcheck') });
    // in path order, deterministic
    expect(HardeningChecks.check(s)).toEqual(findings);
  });

  test('findingsOf after synth equals HardeningChecks.check; the report names its schema version and validates against the shipped schema', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'api-'));
    const app = new App({ outdir });
    const s = new TerraformStack(app, 'ok');
    new DockerProvider(s, 'docker', {});
    new HardenedContainer(s, 'web', { image: PINNED });
    new HardenedContainer(s, 'api', { image: PINNED, optOuts: { writableRootFilesystem: { justification: 'api test: writes a cache' } } });
    const checks = HardeningChecks.applyTo(app, { printSummary: false });
    app.synth();
    const viaSynth = checks.findingsOf('ok')!;
    expect(viaSynth.length).toBeGreaterThan(0);
    expect(HardeningChecks.check(s)).toEqual(viaSynth);
    expect(checks.findingsOf('missing')).toBeUndefined();

    const report = JSON.parse(readFileSync(path.join(outdir, 'stacks', 'ok', 'hardening-report.json'), 'utf8'));
    expect(report.schemaVersion).toMatch(/^1\.\d+$/);
    const schema = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'schema', 'hardening-report.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    // the schema is not a rubber stamp: a finding without a rule id, an unknown field, a bad location fail it
    expect(validate({ ...report, findings: [{ ...report.findings[0], ruleId: undefined }] })).toBe(false);
    expect(validate({ ...report, extra: 1 })).toBe(false);
    expect(validate({ ...report, findings: [{ ...report.findings[0], location: { file: 'x.ts', line: 0 } }] })).toBe(false);
  });

  test('SARIF: physical locations relative to the source root, accepted risks left out on request, one category per stack', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'api-'));
    const app = new App({ outdir });
    for (const id of ['one', 'two']) {
      const s = new TerraformStack(app, id);
      new DockerProvider(s, 'docker', {});
      new HardenedContainer(s, 'web', { image: PINNED, optOuts: { writableRootFilesystem: { justification: 'api test: writes a cache' } } }); // marker: sarif-web
    }
    HardeningChecks.applyTo(app, { printSummary: false, sarifAcceptedRisks: false });
    app.synth();
    const read = (id: string) => JSON.parse(readFileSync(path.join(outdir, 'stacks', id, 'hardening-report.sarif'), 'utf8'));
    const [one, two] = [read('one'), read('two')];
    expect(one.runs[0].automationDetails.id).toBe('cdktf-hardened-docker/one/');
    expect(two.runs[0].automationDetails.id).toBe('cdktf-hardened-docker/two/');
    expect(one.runs[0].results.length).toBeGreaterThan(0);
    for (const r of one.runs[0].results) {
      expect(r.suppressions).toBeUndefined();
      expect(r.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: THIS_FILE, uriBaseId: '%SRCROOT%' },
        region: { startLine: lineOf('marker: sarif-web'), startColumn: expect.any(Number) },
      });
      expect(Object.keys(r.partialFingerprints)).toEqual(['hardeningFinding/v1']);
    }
    // the JSON report keeps the accepted risk
    const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', 'one', 'hardening-report.json'), 'utf8'));
    expect(json.findings.some((f: any) => f.suppressed)).toBe(true);
    const rule = one.runs[0].tool.driver.rules.find((x: any) => x.id === 'HD-C01');
    expect(rule.helpUri).toBe('https://github.com/cdktf-hardened-docker/cdktf-hardened-docker/blob/main/docs/rules/HD-C01.md');
    expect(rule.properties['security-severity']).toBe('9.0');
    expect(rule.properties.tags).toContain('security');
    expect(one.runs[0].tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('a resource no construct wrote is located at the stack-level override that wrote it, else at its line in cdk.tf.json', () => {
    const s = stack('ovr');
    s.addOverride('resource.docker_container.sneaky', { name: 'sneaky', image: PINNED, privileged: true }); // marker: override
    s.addOverride('resource.docker_container.sneaky.user', '0'); // marker: later-override
    const f = HardeningChecks.check(s).find((x) => x.ruleId === 'HD-C01')!;
    expect(f).toMatchObject({ path: 'docker_container.sneaky', file: THIS_FILE, line: lineOf('marker: later-override') });

    // with the source root elsewhere (the override's line is outside it): the block's line in the stack's cdk.tf.json
    const root = mkdtempSync(path.join(tmpdir(), 'api-root-'));
    const app = new App({ outdir: path.join(root, 'cdktf.out') });
    const s2 = new TerraformStack(app, 'ovr');
    new DockerProvider(s2, 'docker', {});
    s2.addOverride('resource.docker_container.fine', { name: 'fine', image: PINNED, read_only: false });
    HardeningChecks.applyTo(app, { printSummary: false, sourceRoot: root });
    expect(() => app.synth()).toThrow(/HD-C07/); // errors fail synth before cdk.tf.json is written
    const json = JSON.parse(readFileSync(path.join(root, 'cdktf.out', 'stacks', 'ovr', 'hardening-report.json'), 'utf8'));
    const g = json.findings.find((x: any) => x.path === 'docker_container.fine');
    expect(g.location.file).toBe('cdktf.out/stacks/ovr/cdk.tf.json');
    // the line cdktf writes it at (json-stable-stringify, 2 spaces: keys sorted, JSON.stringify's layout)
    const lines = stableStringify((s2 as any).toTerraform()).split('\n');
    expect(lines[g.location.line - 1]).toBe('      "fine": {');
  });
});

describe('matchers (registered in test/setup.ts as users register them)', () => {
  test('toPassHardeningChecks and toHaveHardeningFinding on a stack', () => {
    const s = stack('m');
    new HardenedContainer(s, 'web', { image: PINNED });
    expect(s).toPassHardeningChecks();
    expect(s).toHaveHardeningFinding('HD-C17', { path: 'm/web', level: 'info' });
    expect(s).not.toHaveHardeningFinding('HD-C01');
    rawContainer(s, 'bad', { privileged: true });
    expect(s).not.toPassHardeningChecks();
    expect(s).toHaveHardeningFinding('HD-C01', { path: 'm/bad', message: /privileged/ });
  });

  test('their messages list the findings; they fail when they should', () => {
    const s = stack('msg');
    rawContainer(s, 'bad', { privileged: true });
    const findings = HardeningChecks.check(s);
    const pass = hardeningMatchers.toPassHardeningChecks(findings);
    expect(pass.pass).toBe(false);
    expect(pass.message()).toMatch(/HD-C01 error msg\/bad: .*privileged.* \[test\/checks\/util\.ts:\d+\]/);
    const has = hardeningMatchers.toHaveHardeningFinding(findings, 'HD-C01', { path: 'msg/other' });
    expect(has.pass).toBe(false);
    expect(has.message()).toContain('HD-C01 error msg/bad');
    // warnings fail unless allowed
    const w = Testing.app();
    const ws = new TerraformStack(w, 'w');
    new DockerProvider(ws, 'docker', {});
    const warnings = HardeningChecks.check(ws).concat([{ ...findings[0], ruleId: 'HD-C18', level: FindingLevel.WARNING }]);
    expect(hardeningMatchers.toPassHardeningChecks(warnings).pass).toBe(false);
    expect(hardeningMatchers.toPassHardeningChecks(warnings, { allowWarnings: true }).pass).toBe(true);
    expect(() => hardeningMatchers.toPassHardeningChecks('nope')).toThrow(/TerraformStack/);
  });
});

describe('jsonLineOf (the line of a block in cdk.tf.json)', () => {
  test('property: equals the line of the key in the rendered file, for any JSON value and key path', () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null),
        fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('any'), { maxKeys: 4 })),
    })).any;
    const key = fc.string({ maxLength: 4 });
    const tree = fc.dictionary(key, fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), { minKeys: 1, maxKeys: 4 });
    fc.assert(fc.property(tree, fc.nat(), fc.nat(), (json, i, j) => {
      const k1 = Object.keys(json)[i % Object.keys(json).length];
      const k2 = Object.keys(json[k1])[j % Object.keys(json[k1]).length];
      const lines = stableStringify(json).split('\n');
      const line = jsonLineOf(json, [k1, k2])!;
      expect(lines[line - 1].trimStart().startsWith(`${JSON.stringify(k2)}: `)).toBe(true);
      // and it is the member of k1's object, not an equal key elsewhere: the indentation says so
      expect(lines[line - 1].length - lines[line - 1].trimStart().length).toBe(4);
    }), { numRuns: 300 });
  });

  test('a key that is not there has no line', () => {
    expect(jsonLineOf({ resource: {} }, ['resource', 'docker_container'])).toBeUndefined();
  });
});
