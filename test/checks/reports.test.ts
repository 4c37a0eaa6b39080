import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { OptOutsStack } from '../../examples/opt-outs';
import { ThreeTierStack } from '../../examples/three-tier';
import { HardeningChecks } from '../../lib';

describe('hardening reports of the examples (snapshots)', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'example-reports-'));
  const app = new App({ outdir });
  new OptOutsStack(app, 'opt-outs');
  new ThreeTierStack(app, 'three-tier');
  HardeningChecks.applyTo(app);
  app.synth();
  const read = (stack: string, file: string) => readFileSync(path.join(outdir, 'stacks', stack, file), 'utf8');

  test.each(['opt-outs', 'three-tier'])('%s: JSON and Markdown', (stack) => {
    const json = JSON.parse(read(stack, 'hardening-report.json'));
    expect(json.summary.errors).toBe(0);
    expect(json).toMatchSnapshot();
    expect(read(stack, 'hardening-report.md')).toMatchSnapshot();
  });

  test('every opt-out of the opt-outs example is an accepted risk in the report, none is an error', () => {
    const json = JSON.parse(read('opt-outs', 'hardening-report.json'));
    expect(json.acceptedRisks).toHaveLength(14);
    const accepted = json.findings
      .filter((f: any) => f.suppressed?.reason.startsWith('accepted risk, opt-out '))
      .map((f: any) => `${f.ruleId}@${f.path.split('/')[1]}`)
      .sort();
    expect(accepted).toEqual([
      'HD-C05@privilege-escalation', 'HD-C06@capabilities', 'HD-C06@root-user', 'HD-C07@writable-rootfs', 'HD-C14@public-port',
      'HD-C15@capabilities', 'HD-C15@capabilities', 'HD-C15@capabilities', 'HD-C16@image-user', 'HD-C19@secret-like-env',
      'HD-C22@mutable-tag', 'HD-C28@unbounded-restart', 'HD-C29@public-port', 'HD-C36@exec-tmpfs', 'HD-I01@image-webapp-70123ec4157a',
    ]);
    // the writable volume/bind and exec tmpfs opt-outs have no static rule: they are accepted risks in the report only
    expect(json.acceptedRisks.map((r: any) => r.prop)).toContain('volumes[0].writable');
  });
});
