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
import { remoteHost } from './remote-host';
import { SwarmStack } from './swarm';
import { ThreeTierStack } from './three-tier';
import { WebappStack } from './webapp';
import { HardeningChecks, HardeningSummary } from '../lib';

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? path.join(__dirname, 'cdktf.out') });
new WebappStack(app, 'webapp');
new OptOutsStack(app, 'opt-outs');
new ThreeTierStack(app, 'three-tier');
const remote = remoteHost(app);
const swarm = new SwarmStack(app, 'swarm');
// Stack-wide checks of every Docker resource (L2s, raw resources, escape hatches); reports next to each stack.
HardeningChecks.applyTo(app);
app.synth();

// The host files of the remote daemon, next to its stack's synthesized JSON.
const hostFiles = path.join(app.outdir, 'stacks', remote.workload.node.id, 'host-files');
const written = remote.daemon.writeFiles(hostFiles);
const swarmFiles = path.join(app.outdir, 'stacks', swarm.node.id, 'host-files');
const swarmWritten = swarm.manager.writeFiles(swarmFiles);

// (HardeningChecks printed one line per stack during synth: its counts and where its reports are)
process.stdout.write(HardeningSummary.of(app).toText());
process.stdout.write(`\nSynthesized Terraform JSON: ${path.relative(process.cwd(), app.outdir)}/stacks/<stack>/cdk.tf.json\n`);
process.stdout.write(`Host files for ${remote.daemon.hostName}: ${written.map((f) => path.relative(process.cwd(), path.join(hostFiles, f))).join(', ')}\n`);
process.stdout.write(`Host files for ${swarm.manager.hostName}: ${swarmWritten.map((f) => path.relative(process.cwd(), path.join(swarmFiles, f))).join(', ')}\n`);
