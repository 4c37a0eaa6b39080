import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Container } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { COMPLIANT } from './harness';
import { HardeningChecks } from '../../../lib';

/**
 * Attachment (fail-closed.md §5): "The checks run on every synth of every
 * stack, on the very JSON (or HCL) that is written, however they were
 * attached; if they cannot run, synth says so loudly."
 *
 * A real `app.synth()` throws when a construct carries an error annotation,
 * so a privileged container must make every synth below throw, naming the
 * rule (or, where the checks cannot run, explaining why).
 */

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function app(props: { hclOutput?: boolean; skipValidation?: boolean } = {}): App {
  const outdir = mkdtempSync(path.join(tmpdir(), 'adv-attach-'));
  dirs.push(outdir);
  return new App({ outdir, ...props });
}

function workload(scope: App, id: string, privileged: boolean): TerraformStack {
  const s = new TerraformStack(scope, id);
  new DockerProvider(s, 'docker', {});
  new Container(s, 'app', { ...COMPLIANT, privileged });
  return s;
}

/** Synth must throw, and say HD-C01 (the finding) or HardeningChecks (why the checks cannot run). */
const LOUD = /HD-C01|HardeningChecks/;

describe('however the checks are attached, every synth checks every stack', () => {
  test('Aspects.of(app).add(new HardeningChecks()): synth fails on a privileged container (or refuses the attachment loudly)', () => {
    const a = app();
    workload(a, 'w', true);
    let thrown: unknown;
    try {
      Aspects.of(a).add(new HardeningChecks({ reports: false }));
      a.synth();
    } catch (e) {
      thrown = e;
    }
    expect(String((thrown as Error)?.message ?? thrown)).toMatch(LOUD);
  });

  test('Aspects.of(app) added before the stacks exist', () => {
    const a = app();
    let thrown: unknown;
    try {
      Aspects.of(a).add(new HardeningChecks({ reports: false }));
      workload(a, 'w', true);
      a.synth();
    } catch (e) {
      thrown = e;
    }
    expect(String((thrown as Error)?.message ?? thrown)).toMatch(LOUD);
  });

  test('Aspects.of(container) (any construct of the stack): synth fails', () => {
    const a = app();
    const s = workload(a, 'w', true);
    Aspects.of(s.node.findChild('app')).add(new HardeningChecks({ reports: false }));
    expect(() => a.synth()).toThrow(LOUD);
  });

  test('HardeningChecks.applyTo(app) with one stack, then a second stack added: the second stack is checked too', () => {
    const a = app();
    workload(a, 'first', false);
    HardeningChecks.applyTo(a, { reports: false });
    workload(a, 'second', true);
    expect(() => a.synth()).toThrow(/second[\s\S]*HD-C01|HD-C01[\s\S]*second|HardeningChecks/);
  });

  test('app.synth() twice: a privileged container added between the two synths fails the second', () => {
    const a = app();
    const s = workload(a, 'w', false);
    HardeningChecks.applyTo(a, { reports: false });
    a.synth();
    new Container(s, 'late', { ...COMPLIANT, name: 'late', privileged: true });
    expect(() => a.synth()).toThrow(LOUD);
  });

  test('app.synth() twice: an override added between the two synths fails the second', () => {
    const a = app();
    const s = workload(a, 'w', false);
    HardeningChecks.applyTo(a, { reports: false });
    a.synth();
    (s.node.findChild('app') as Container).addOverride('privileged', true);
    expect(() => a.synth()).toThrow(LOUD);
  });

  test('HCL output (App hclOutput): the checks still run and fail synth', () => {
    const a = app({ hclOutput: true });
    workload(a, 'w', true);
    HardeningChecks.applyTo(a, { reports: false });
    expect(() => a.synth()).toThrow(LOUD);
  });

  test('App skipValidation: the checks still run and fail synth', () => {
    const a = app({ skipValidation: true });
    workload(a, 'w', true);
    HardeningChecks.applyTo(a, { reports: false });
    expect(() => a.synth()).toThrow(LOUD);
  });

  test('a stack nested in a construct below the app (not a direct child) is checked by applyTo(app)', () => {
    const a = app();
    workload(a, 'first', false);
    HardeningChecks.applyTo(a, { reports: false });
    // stacks may be created below another construct, and after applyTo
    const group = new Construct(a, 'group');
    const s = new TerraformStack(group, 'nested');
    new DockerProvider(s, 'docker', {});
    new Container(s, 'app', { ...COMPLIANT, privileged: true });
    expect(() => a.synth()).toThrow(/HD-C01|HardeningChecks/);
  });
});
