import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Container } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, Aspects, IAspect, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { annotations, findingsOf, PINNED, rawContainer, runChecks, stack } from './util';
import { Capability, HardenedContainer, HardeningChecks, HardeningSuppressions } from '../../lib';
import { ALL_RULES } from '../../lib/checks/rules';

/* eslint-disable @typescript-eslint/no-require-imports -- ajv 6 and the schema JSON files are CommonJS/JSON only */
const Ajv = require('ajv');
const ajv = new Ajv({ schemaId: 'auto', validateSchema: false, allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
// the final SARIF 2.1.0 schema (OASIS Standard incl. Errata 01, JSON Schema draft-04), vendored unchanged from
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json (its `id`; the copy in
// github.com/oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json, sha256 c3b4bb2d…2682e)
const validateSarif = ajv.compile(require('../fixtures/sarif-schema-2.1.0.json'));
/* eslint-enable @typescript-eslint/no-require-imports */

/** Counts how often the whole stack is resolved. */
class CountingStack extends TerraformStack {
  public resolveCalls = 0;
  public toTerraform(): any {
    this.resolveCalls++;
    return super.toTerraform();
  }
}

describe('HardeningChecks engine', () => {
  test('every rule has an id, a CIS id or a source, threats, explanation and fix; ids are unique', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^HD-[A-Z][0-9]{2}$/);
      expect(r.cis.length + r.sources.length).toBeGreaterThan(0);
      for (const c of r.cis) expect(c).toMatch(/^CIS \d\.\d+$/);
      expect(r.threats.length).toBeGreaterThan(0);
      expect(r.explanation.length).toBeGreaterThan(20);
      expect(r.fix.length).toBeGreaterThan(10);
    }
  });

  test('findings are annotations with the rule id, "CIS x.y" and the line that created the resource: errors, warnings', () => {
    const s = stack();
    rawContainer(s, 'raw', { privileged: true });
    runChecks(s);
    const notes = annotations(s).filter((a) => a.message.startsWith('[HD-C01]'));
    expect(notes).toEqual([{
      level: 'error',
      path: 'checks/raw',
      message: expect.stringMatching(/^\[HD-C01\] CIS 5\.5: Container runs privileged: privileged = true \[test\/checks\/util\.ts:\d+\]\. Fix: /),
    }]);
  });

  test('error annotations fail synth (cdktf throws on @cdktf/error)', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'checks-')) });
    const s = new TerraformStack(app, 'failing');
    new DockerProvider(s, 'docker', {});
    rawContainer(s, 'raw', { privileged: true });
    HardeningChecks.applyTo(app);
    expect(() => app.synth()).toThrow(/HD-C01/);
    // the reports are written even though synth failed
    for (const ext of ['json', 'sarif', 'md']) expect(existsSync(path.join(app.outdir, 'stacks', 'failing', `hardening-report.${ext}`))).toBe(true);
  });

  test('overrides another aspect adds further down the tree are seen, whatever the aspect order', () => {
    // cdktf visits the stack before its children: a check run in visit(stack) would miss this aspect's override
    const weaken: IAspect = { visit: (n: IConstruct) => { if (n instanceof Container) n.addOverride('privileged', true); } };
    for (const order of ['checks first', 'weakening aspect first']) {
      const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'checks-')) });
      const s = new TerraformStack(app, 'late');
      new DockerProvider(s, 'docker', {});
      new HardenedContainer(s, 'web', { image: PINNED, user: '1000:1000' });
      if (order === 'weakening aspect first') Aspects.of(s).add(weaken);
      const checks = HardeningChecks.applyTo(app, { reports: false });
      if (order === 'checks first') Aspects.of(s).add(weaken);
      expect(() => app.synth(), order).toThrow(/\[late\/web\] \[HD-C01\]/);
      expect(checks.summaryOf('late')!.errors, order).toBeGreaterThanOrEqual(1);
    }
  });

  test('an aspect added to any construct checks that construct\'s whole stack; Testing.synth runs the checks too', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED, user: '1000:1000' });
    rawContainer(s, 'raw', { privileged: true });
    const checks = new HardeningChecks({ reports: false });
    Aspects.of(c).add(checks);
    Testing.synth(s);
    expect(checks.summaryOf('checks')).toEqual(expect.objectContaining({ stack: 'checks', errors: expect.any(Number) }));
    expect(checks._findingsOf('checks')!.some((f) => f.ruleId === 'HD-C01' && f.path === 'checks/raw')).toBe(true);
  });

  test('the checks change nothing in the synthesized JSON, resolve it once, and leave the stack as it was', () => {
    const build = (withChecks: boolean) => {
      const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'checks-')) });
      const s = new CountingStack(app, 'same');
      new DockerProvider(s, 'docker', {});
      for (let i = 0; i < 5; i++) new HardenedContainer(s, `c${i}`, { image: PINNED, user: '1000:1000', environment: { N: String(i) } });
      if (withChecks) HardeningChecks.applyTo(app);
      app.synth();
      expect(Object.prototype.hasOwnProperty.call(s, 'toTerraform')).toBe(false);
      return { json: readFileSync(path.join(app.outdir, 'stacks', 'same', 'cdk.tf.json'), 'utf8'), resolveCalls: s.resolveCalls };
    };
    const plain = build(false);
    const checked = build(true);
    expect(checked.json).toBe(plain.json);
    expect(plain.resolveCalls).toBe(1);
    expect(checked.resolveCalls).toBe(1);
  });

  test('infos are in the report and the summary, not annotations', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED, user: '1000:1000' });
    const f = runChecks(s);
    expect(f.filter((x) => x.level === 'info').map((x) => x.ruleId)).toEqual(['HD-C17', 'HD-C18']);
    expect(annotations(s)).toEqual([]);
  });

  test('the provider block is checked: tcp without TLS is an unsuppressible error', () => {
    const s = new TerraformStack(Testing.app(), 'p');
    new DockerProvider(s, 'docker', { host: 'tcp://10.0.0.5:2375' });
    HardeningSuppressions.addStackSuppressions(s, [{ id: 'HD-P01', reason: 'we really want this, honestly' }]);
    const f = findingsOf(s, 'HD-P01');
    expect(f).toHaveLength(1);
    expect(f[0].suppressed).toBeUndefined();
  });
});

describe('suppressions', () => {
  test('a reason shorter than 10 characters is refused', () => {
    const s = stack();
    expect(() => HardeningSuppressions.addResourceSuppressions(s, [{ id: 'HD-C01', reason: 'because' }])).toThrow(/reason of at least 10/);
    expect(() => HardeningSuppressions.addResourceSuppressions(s, [{ id: 'HD-C01[x]', reason: 'long enough reason' }])).toThrow(/findings go in appliesTo/);
  });

  test('unsuppressible rules stay errors (privileged)', () => {
    const s = stack();
    const raw = rawContainer(s, 'raw', { privileged: true });
    HardeningSuppressions.addResourceSuppressions(raw, [{ id: 'HD-C01', reason: 'legacy workload needs it' }]);
    expect(findingsOf(s, 'HD-C01')[0].suppressed).toBeUndefined();
    expect(annotations(s).some((a) => a.level === 'error' && a.message.startsWith('[HD-C01]'))).toBe(true);
  });

  test('a suppressed finding is no annotation but stays in the report with its reason', () => {
    const s = stack();
    const raw = rawContainer(s, 'raw', { readOnly: false });
    HardeningSuppressions.addResourceSuppressions(raw, [{ id: 'HD-C07', reason: 'legacy app writes next to its binary' }]);
    const f = findingsOf(s, 'HD-C07');
    expect(f).toEqual([expect.objectContaining({ path: 'checks/raw', suppressed: { reason: 'legacy app writes next to its binary' } })]);
    expect(annotations(s).some((a) => a.message.startsWith('[HD-C07]'))).toBe(false);
  });

  test('appliesTo narrows a suppression to named findings', () => {
    const s = stack();
    rawContainer(s, 'raw', { capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'SYS_ADMIN'] } });
    HardeningSuppressions.addStackSuppressions(s, [{ id: 'HD-C08', reason: 'VPN sidecar manages routes', appliesTo: ['CAP_NET_ADMIN'] }]);
    const f = findingsOf(s, 'HD-C08');
    expect(f.map((x) => [x.findingId, x.suppressed !== undefined])).toEqual([['CAP_NET_ADMIN', true], ['CAP_SYS_ADMIN', false]]);
  });

  test('a suppression on one construct does not leak to siblings; applyToChildren reaches below', () => {
    const s = stack();
    const a = rawContainer(s, 'a', { readOnly: false });
    rawContainer(s, 'b', { readOnly: false });
    HardeningSuppressions.addResourceSuppressions(a, [{ id: 'HD-C07', reason: 'only a writes its root fs' }]);
    expect(findingsOf(s, 'HD-C07').map((x) => [x.path, x.suppressed !== undefined])).toEqual([['checks/a', true], ['checks/b', false]]);
  });
});

describe('L2 opt-outs are accepted risks, never blanket suppressions', () => {
  test('a justified opt-out answers its rule; the report keeps the justification', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED, optOuts: { writableRootFilesystem: { justification: 'vendor app writes its pid file' } } });
    expect(findingsOf(s, 'HD-C07')).toEqual([expect.objectContaining({ suppressed: { reason: 'accepted risk, opt-out optOuts.writableRootFilesystem: vendor app writes its pid file' } })]);
    expect(annotations(s).filter((x) => x.level === 'error')).toEqual([]);
  });

  test('an opt-out never covers what an escape hatch adds beyond it', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', {
      image: PINNED,
      user: '0:0',
      capabilities: [Capability.NET_BIND_SERVICE],
      optOuts: { rootUser: { justification: 'binds :80 as root' }, addedCapabilities: { justification: 'binds :80 as root' } },
    });
    (c.node.defaultChild as any).addOverride('capabilities.add', ['CAP_NET_BIND_SERVICE', 'CAP_SYS_ADMIN']);
    const f = findingsOf(s, 'HD-C08');
    expect(f.map((x) => [x.findingId, x.suppressed !== undefined])).toEqual([['CAP_SYS_ADMIN', false]]);
    expect(annotations(s).some((a) => a.level === 'error' && a.message.startsWith('[HD-C08] CIS 5.4:') && a.message.includes('(finding CAP_SYS_ADMIN)'))).toBe(true);
  });

  test('a default HardenedContainer produces no error and no warning', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED });
    runChecks(s);
    expect(annotations(s).filter((a) => a.level !== 'info')).toEqual([]);
  });
});

describe('reports', () => {
  test('reports: containers with identical threat coverage share one matrix entry (the report stays small at scale)', () => {
    const s = stack('many');
    for (let i = 0; i < 30; i++) new HardenedContainer(s, `same${String(i).padStart(2, '0')}`, { image: PINNED, user: '1000:1000' });
    new HardenedContainer(s, 'odd', { image: PINNED, user: '1000:1000', optOuts: { writableRootFilesystem: { justification: 'report test: accepted risk' } } });
    const checks = new HardeningChecks({ reports: false });
    Aspects.of(s).add(checks);
    Testing.synth(s);
    const report = checks._reportOf('many')!;
    expect(report.threatMatrix.map((g) => g.containers.length)).toEqual([1, 30]);
    expect(report.threatMatrix[0].containers).toEqual(['many/odd']);
    expect(report.threatMatrix[1].containers[0]).toBe('many/same00');
    expect(report.threatMatrix[0].threats['poisoned-image'].optedOut[0]).toMatch(/report test: accepted risk/);
  });

  test('reports: JSON (stable), Markdown and SARIF 2.1.0 valid against the official schema', () => {
    // one construction site for both syntheses: the reports locate findings at the line that created the container
    const synthOnce = (): string => {
      const outdir = mkdtempSync(path.join(tmpdir(), 'reports-'));
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'ok');
      new DockerProvider(s, 'docker', {});
      new HardenedContainer(s, 'web', { image: PINNED, optOuts: { writableRootFilesystem: { justification: 'report test: accepted risk' } } });
      HardeningChecks.applyTo(app, { printSummary: false });
      try {
        app.synth();
      } catch {
        // a rule may flag the opt-out as an error; the reports are what this test reads
      }
      return outdir;
    };
    const outdir = synthOnce();
    const dir = path.join(outdir, 'stacks', 'ok');
    const json = JSON.parse(readFileSync(path.join(dir, 'hardening-report.json'), 'utf8'));
    expect(json.acceptedRisks).toEqual([expect.objectContaining({ path: 'ok/web', prop: 'optOuts.writableRootFilesystem', justification: 'report test: accepted risk' })]);
    expect(json.images).toEqual([{ reference: PINNED, digest: `sha256:${'a'.repeat(64)}`, pinned: true, containers: ['ok/web'] }]);
    expect(Object.keys(json.threatMatrix[0].threats)).toEqual(['kernel-exploit', 'denial-of-service', 'container-breakout', 'poisoned-image', 'compromised-secret']);
    expect(json.threatMatrix[0].threats['denial-of-service'].notExpressible[0]).toMatch(/pids_limit/);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'hardening-report.sarif'), 'utf8'));
    const valid = validateSarif(sarif);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(sarif.runs[0].tool.driver.rules.length).toBe(ALL_RULES.length);
    const md = readFileSync(path.join(dir, 'hardening-report.md'), 'utf8');
    expect(md).toContain('## Accepted risks (justified opt-outs)');
    expect(md).toContain('report test: accepted risk');
    // byte-identical on a second synth
    const again = synthOnce();
    for (const f of ['hardening-report.json', 'hardening-report.sarif', 'hardening-report.md']) {
      expect(readFileSync(path.join(again, 'stacks', 'ok', f), 'utf8')).toBe(readFileSync(path.join(dir, f), 'utf8'));
    }
  });
});
