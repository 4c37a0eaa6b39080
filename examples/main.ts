/**
 * The main job: synthesize the example stacks and print their hardening summary.
 *
 *   npm run example            (writes examples/cdktf.out, prints the summary)
 *
 * The same file is the `app` of examples/cdktf.json, so `cdktf synth` /
 * `cdktf deploy` run it unchanged.
 */
import * as path from 'path';
import { App } from 'cdktf';
import { OptOutsStack } from './opt-outs';
import { ThreeTierStack } from './three-tier';
import { WebappStack } from './webapp';
import { HardeningSummary } from '../lib';

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? path.join(__dirname, 'cdktf.out') });
new WebappStack(app, 'webapp');
new OptOutsStack(app, 'opt-outs');
new ThreeTierStack(app, 'three-tier');
app.synth();

process.stdout.write(HardeningSummary.of(app).toText());
process.stdout.write(`\nSynthesized Terraform JSON: ${path.relative(process.cwd(), app.outdir)}/stacks/<stack>/cdk.tf.json\n`);
