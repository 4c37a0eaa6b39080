/**
 * The SARIF reports as GitHub code scanning ingests them: every shape `hardening-report.sarif` takes (the example
 * stacks; findings with suppressions; errors, warnings; grouped infos with related locations; a resource added by a
 * stack-level override) is validated by the SARIF Multitool (`@microsoft/sarif-multitool`, a devDependency) with the
 * SARIF 2.1.0 rules and GitHub's ingestion rules (scripts/validate-sarif.ts: how, and why the GitHub rules need a
 * policy file), then held to what GitHub needs that the validator does not check.
 *
 * A missing multitool fails these tests (CI installs devDependencies): run `npm install`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { PINNED, rawContainer } from './util';
import { OptOutsStack } from '../../examples/opt-outs';
import { remoteHost } from '../../examples/remote-host';
import { ThreeTierStack } from '../../examples/three-tier';
import { WebappStack } from '../../examples/webapp';
import { HardenedContainer, HardeningChecks } from '../../lib';
import { formatResults, multitoolPath, SarifValidation, validateSarif } from '../../scripts/validate-sarif';

/* eslint-disable @typescript-eslint/no-require-imports -- ajv 6 and the schema JSON are CommonJS/JSON only */
const Ajv = require('ajv');
const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
// the final SARIF 2.1.0 schema (OASIS errata01, draft-04), vendored unchanged from
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json (see engine.test.ts)
const validateFinalSchema = ajv.compile(require('../fixtures/sarif-schema-2.1.0.json'));
/* eslint-enable @typescript-eslint/no-require-imports */

/** GitHub rejects a rule with more tags, and keeps only the first 10 (docs: code scanning limits on SARIF results). */
const MAX_TAGS_PER_RULE = 20;

/** How many raw containers share the same info findings (one grouped result each, the others related locations). */
const SHARED_INFO_CONTAINERS = 12;

/** Synthesizes the stacks `build` adds to a new app (errors fail synth; the reports are written anyway). */
function synthesize(root: string, name: string, build: (app: App) => void, sourceRoot?: string): string {
  const app = new App({ outdir: path.join(root, name) });
  build(app);
  HardeningChecks.applyTo(app, { printSummary: false, sourceRoot });
  try {
    app.synth();
  } catch {
    // error findings fail synth; the reports are what this test reads
  }
  return app.outdir;
}

/** Every shape of report, stack name -> its hardening-report.sarif. */
function synthesizeAll(root: string): Map<string, string> {
  const outdirs = [
    synthesize(root, 'examples', (app) => {
      new WebappStack(app, 'webapp');
      new OptOutsStack(app, 'opt-outs');
      new ThreeTierStack(app, 'three-tier');
      remoteHost(app);
    }),
    synthesize(root, 'shapes', (app) => {
      const s = new TerraformStack(app, 'shapes');
      new DockerProvider(s, 'docker', {});
      // an opt-out: a suppressed finding with its justification
      new HardenedContainer(s, 'opted-out', { image: PINNED, optOuts: { writableRootFilesystem: { justification: 'sarif test: accepted risk' } } });
      // unsuppressed errors and warnings
      rawContainer(s, 'privileged', { privileged: true });
      rawContainer(s, 'restarts', { restart: 'unless-stopped' });
      // many resources sharing the same infos: one result per group, the other resources as related locations
      for (let i = 0; i < SHARED_INFO_CONTAINERS; i++) rawContainer(s, `same-${i}`, { user: '1000:1000', readOnly: true });
      // a resource that no element wrote: located at the stack-level override that added it
      s.addOverride('resource.docker_container.from_override', { name: 'from-override', image: PINNED, privileged: true });
    }),
    // the program is outside the source root, the synthesized JSON inside: every finding at its block's cdk.tf.json line
    synthesize(root, 'json-located', (app) => {
      const s = new TerraformStack(app, 'json-located');
      new DockerProvider(s, 'docker', {});
      rawContainer(s, 'privileged', { privileged: true });
      s.addOverride('resource.docker_container.from_override', { name: 'from-override', image: PINNED, privileged: true });
    }, path.join(root, 'json-located')),
  ];
  const files = new Map<string, string>();
  for (const outdir of outdirs) {
    const stacks = path.join(outdir, 'stacks');
    for (const name of existsSync(stacks) ? readdirSync(stacks) : []) {
      const file = path.join(stacks, name, 'hardening-report.sarif');
      if (existsSync(file)) files.set(name, file);
    }
  }
  return files;
}

describe('hardening-report.sarif as GitHub code scanning ingests it', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sarif-github-'));
  let files: Map<string, string>;
  let logs: Map<string, any>;

  beforeAll(() => {
    files = synthesizeAll(root);
    logs = new Map([...files].map(([name, file]) => [name, JSON.parse(readFileSync(file, 'utf8'))]));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('every shape was synthesized', () => {
    expect([...files.keys()].sort()).toEqual(expect.arrayContaining(['json-located', 'opt-outs', 'shapes', 'three-tier', 'webapp']));
    expect(files.size).toBeGreaterThanOrEqual(7); // + the remote host's PKI and workload stacks
    const results = [...logs.values()].flatMap((log) => log.runs[0].results);
    expect(results.some((r: any) => r.suppressions?.length)).toBe(true);
    expect(results.some((r: any) => r.level === 'error' && !r.suppressions)).toBe(true);
    expect(results.some((r: any) => r.level === 'warning' && !r.suppressions)).toBe(true);
    expect(results.some((r: any) => r.level === 'note' && r.relatedLocations?.length >= SHARED_INFO_CONTAINERS - 1)).toBe(true);
    const shapes = logs.get('shapes').runs[0].results;
    expect(shapes.some((r: any) => r.locations[0].logicalLocations[0].name === 'docker_container.from_override')).toBe(true);
  });

  describe('the SARIF Multitool (SARIF 2.1.0 schema and rules, GitHub rules GH1001-GH2012)', () => {
    // run once, by the first test that needs it: without the multitool each of these tests fails with the reason
    let cached: SarifValidation[] | undefined;
    const validations = () => (cached ??= validateSarif([...files.values()], multitoolPath()));

    test('the GitHub rules run: a report broken the ways GitHub rejects gets their errors', () => {
      // without the policy file of scripts/validate-sarif.ts, GH1001-GH1007 would not run and this would find nothing
      const log = JSON.parse(readFileSync(files.get('shapes')!, 'utf8'));
      const [noPhysical, noRegion, webUri, absoluteFile, noText] = log.runs[0].results;
      delete noPhysical.locations[0].physicalLocation;
      delete noRegion.locations[0].physicalLocation.region;
      webUri.locations[0].physicalLocation.artifactLocation = { uri: 'https://example.com/main.ts' };
      absoluteFile.locations[0].physicalLocation.artifactLocation = { uri: 'file:///home/ci/main.ts' };
      noText.message = { id: 'default', arguments: [] };
      const broken = path.join(root, 'broken.sarif');
      writeFileSync(broken, JSON.stringify(log));
      const [v] = validateSarif([broken], multitoolPath());
      const ghErrors = [...new Set(v.results.filter((r) => r.ruleId.startsWith('GH') && r.level === 'error').map((r) => r.ruleId))];
      expect(ghErrors).toEqual(expect.arrayContaining(['GH1001', 'GH1003', 'GH1005', 'GH1006', 'GH1007', 'GH1015']));
      expect(formatResults(v.results)).toContain('runs[0].results[0].locations[0]');
    }, 120_000);

    test('the validator ran on every file', () => {
      expect(validations().map((v) => `${v.file}: ${v.toolErrors.join('; ')}`)).toEqual([...files.values()].map((f) => `${f}: `));
    }, 300_000);

    test('no GitHub rule reports an error', () => {
      const errors = validations().flatMap((v) => v.results.filter((r) => r.ruleId.startsWith('GH') && r.level === 'error').map((r) => ({ file: v.file, ...r })));
      expect(errors, `GitHub-rule errors:\n${errors.map((e) => `${e.file}: ${formatResults([e])}`).join('\n')}`).toEqual([]);
    }, 300_000);

    test('no rule reports a warning either (notes are advisory)', () => {
      const warnings = validations().flatMap((v) => v.results.filter((r) => r.level === 'warning').map((r) => ({ file: v.file, ...r })));
      expect(warnings, `warnings:\n${warnings.map((w) => `${w.file}: ${formatResults([w])}`).join('\n')}`).toEqual([]);
    }, 300_000);

    test('no SARIF rule or schema check reports an error', () => {
      const errors = validations().flatMap((v) => v.results.filter((r) => !r.ruleId.startsWith('GH') && r.level === 'error').map((r) => ({ file: v.file, ...r })));
      expect(errors, `SARIF-rule errors:\n${errors.map((e) => `${e.file}: ${formatResults([e])}`).join('\n')}`).toEqual([]);
    }, 300_000);
  });

  test('every file is valid against the final SARIF 2.1.0 schema (OASIS errata01)', () => {
    for (const [name, log] of logs) {
      validateFinalSchema(log);
      expect(validateFinalSchema.errors ?? [], name).toEqual([]);
    }
  });

  test('every result and related location has a physical location: a relative URI under %SRCROOT% and a line', () => {
    const problems: string[] = [];
    for (const [name, log] of logs) {
      const run = log.runs[0];
      expect(Object.keys(run.originalUriBaseIds ?? {})).toContain('%SRCROOT%');
      run.results.forEach((r: any, i: number) => {
        expect(r.locations).toHaveLength(1);
        for (const [where, loc] of [...r.locations.map((l: any) => ['locations', l]), ...(r.relatedLocations ?? []).map((l: any) => ['relatedLocations', l])]) {
          const at = `${name} results[${i}] (${r.ruleId}) ${where}`;
          const artifact = loc.physicalLocation?.artifactLocation;
          const uri: string | undefined = artifact?.uri;
          if (!uri) {
            problems.push(`${at}: no physicalLocation.artifactLocation.uri (${JSON.stringify(loc.logicalLocations)})`);
            continue;
          }
          if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/') || uri.split('/').includes('..')) problems.push(`${at}: ${uri} is not a relative path below the source root`);
          if (artifact.uriBaseId !== '%SRCROOT%') problems.push(`${at}: uriBaseId ${artifact.uriBaseId}`);
          if (!(Number.isInteger(loc.physicalLocation.region?.startLine) && loc.physicalLocation.region.startLine >= 1)) problems.push(`${at}: region.startLine ${loc.physicalLocation.region?.startLine}`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  test('locations: the user\'s .ts line (also of a stack-level override), else the block\'s line in cdk.tf.json', () => {
    const uriOf = (stackName: string, resource: string) => logs.get(stackName).runs[0].results
      .filter((x: any) => x.locations[0].logicalLocations[0].name === resource)
      .map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri);
    expect(new Set(uriOf('shapes', 'docker_container.from_override'))).toEqual(new Set(['test/checks/sarif-github.test.ts']));
    expect(new Set(uriOf('json-located', 'docker_container.from_override'))).toEqual(new Set(['stacks/json-located/cdk.tf.json']));
    expect(new Set(uriOf('json-located', 'docker_container.privileged'))).toEqual(new Set(['stacks/json-located/cdk.tf.json']));
    const examples = [...logs].filter(([name]) => !['shapes', 'json-located'].includes(name));
    for (const [name, log] of examples) {
      for (const r of log.runs[0].results) expect(r.locations[0].physicalLocation.artifactLocation.uri, name).toMatch(/^examples\/[\w-]+\.ts$/);
    }
  });

  test('each stack\'s run has its own category (automationDetails.id)', () => {
    const ids = [...logs.values()].map((log) => log.runs[0].automationDetails?.id);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const log of logs.values()) expect(log.runs).toHaveLength(1);
  });

  test('every rule has a help URI, a security-severity and a help text; every result a rule and a fingerprint', () => {
    for (const [name, log] of logs) {
      const run = log.runs[0];
      const rules: any[] = run.tool.driver.rules;
      expect(run.tool.driver.name).toBeTruthy();
      for (const rule of rules) {
        expect(rule.helpUri, `${name} ${rule.id}`).toMatch(/^https:\/\//);
        expect(rule.help?.text, `${name} ${rule.id}`).toBeTruthy();
        expect(rule.shortDescription?.text, `${name} ${rule.id}`).toBeTruthy();
        const severity = rule.properties?.['security-severity'];
        expect(severity, `${name} ${rule.id}`).toMatch(/^\d+(\.\d+)?$/);
        expect(Number(severity)).toBeGreaterThanOrEqual(0);
        expect(Number(severity)).toBeLessThanOrEqual(10);
        expect(rule.properties.tags, `${name} ${rule.id}`).toContain('security');
        expect(rule.properties.tags.length, `${name} ${rule.id}: tags`).toBeLessThanOrEqual(MAX_TAGS_PER_RULE);
      }
      for (const r of run.results) {
        expect(rules[r.ruleIndex]?.id, `${name} ${r.ruleId}`).toBe(r.ruleId);
        expect(r.message?.text, `${name} ${r.ruleId}`).toBeTruthy();
        expect(Object.values(r.partialFingerprints ?? {}), `${name} ${r.ruleId}`).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
      }
      const fingerprints = run.results.map((r: any) => JSON.stringify([r.ruleId, r.partialFingerprints]));
      expect(new Set(fingerprints).size, `${name}: two results share a rule and a fingerprint`).toBe(fingerprints.length);
    }
  });
});
