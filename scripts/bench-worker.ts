/**
 * One benchmark measurement in a fresh process, so that peak RSS belongs to
 * this variant alone. Prints one JSON line:
 * { variant, n, ms, cpuMs, maxRssMiB, constructMs, stringifyMs, resources }.
 *
 *   node .bench/js/scripts/bench-worker.js <l1|l2|l2checks> <N> <outdir>
 *
 * Runs as plain JavaScript compiled by `tsc -p scripts/tsconfig.bench.json`
 * (no TypeScript compiler or source-map support loaded: that is what a
 * compiled cdktf app runs, and source maps would make cdktf's per-token stack
 * traces several times slower).
 *
 * The stack: N containers of ONE image on N/10 networks (one per 10 containers).
 * - l1: what a user writes by hand for the same stack: one `docker_image`, N
 *   `docker_container`s with the attributes HardenedContainer emits by default,
 *   the networks with the attributes IsolatedNetwork emits by default.
 * - l2: HardenedContainer + IsolatedNetwork.
 * - l2checks: the same plus HardeningChecks with all three reports written.
 * `stringifyMs` is the floor: JSON.stringify of the synthesized tree alone.
 * BENCH_NO_REPORTS=1 runs the checks without writing reports.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { HardenedContainer, HardeningChecks, IsolatedNetwork } from '../lib';

const [variant, nArg, outdir] = process.argv.slice(2);
if (!['l1', 'l2', 'l2checks'].includes(variant)) throw new Error(`unknown variant ${variant}`);
const n = Number(nArg);
const IMAGE = `registry.example.com/bench/app@sha256:${'0123456789abcdef'.repeat(4)}`;

const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
const app = new App({ outdir, skipValidation: false });
const stack = new TerraformStack(app, 'bench');
new DockerProvider(stack, 'docker', {});
if (variant === 'l2checks') HardeningChecks.applyTo(app, { reports: process.env.BENCH_NO_REPORTS !== '1' });

const l2 = variant !== 'l1';
const networks = Math.max(1, Math.ceil(n / 10));
if (l2) {
  const nets: IsolatedNetwork[] = [];
  for (let i = 0; i < networks; i++) nets.push(new IsolatedNetwork(stack, `n${i}`, {}));
  for (let i = 0; i < n; i++) {
    // the default user: a uid of its own per container (as the raw side below)
    new HardenedContainer(stack, `c${i}`, { image: IMAGE, networks: [{ network: nets[Math.floor(i / 10)] }] });
  }
} else {
  const nets: Network[] = [];
  for (let i = 0; i < networks; i++) {
    nets.push(new Network(stack, `n${i}`, {
      name: `bench-n${i}-0123abcd`,
      driver: 'bridge',
      internal: true,
      options: {
        'com.docker.network.bridge.enable_icc': 'false',
        'com.docker.network.bridge.enable_ip_masquerade': 'false',
        'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1',
        'com.docker.network.bridge.inhibit_ipv4': 'true',
      },
      labels: [{ label: 'io.cdktf-hardened-docker.network', value: 'isolated' }, { label: 'io.cdktf-hardened-docker.stack', value: 'bench' },
        { label: 'io.cdktf-hardened-docker.trust-zone', value: 'default' }],
    }));
  }
  const image = new Image(stack, 'app-image', { name: IMAGE, keepLocally: true });
  for (let i = 0; i < n; i++) {
    const net = nets[Math.floor(i / 10)];
    // a uid of its own per container, in the range HardenedContainer's defaults use
    const uid = 20000 + i;
    new Container(stack, `c${i}`, {
      name: `bench-c${i}`,
      image: image.imageId,
      user: `${uid}:${uid}`,
      readOnly: true,
      tmpfs: { '/tmp': `rw,noexec,nosuid,nodev,size=64m,uid=${uid},gid=${uid},mode=1777` },
      capabilities: { drop: ['ALL'] },
      securityOpts: ['no-new-privileges'],
      privileged: false,
      ipcMode: 'private',
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024', 'net.ipv4.ping_group_range': '1 0' },
      cgroupnsMode: 'private',
      memory: 256,
      memorySwap: 256,
      cpuPeriod: 100000,
      cpuQuota: 100000,
      cpuShares: 1024,
      ulimit: [{ name: 'nofile', soft: 4096, hard: 4096 }, { name: 'nproc', soft: 1024, hard: 1024 }],
      restart: 'on-failure',
      maxRetryCount: 5,
      init: true,
      logDriver: 'local',
      logOpts: { 'max-file': '3', 'max-size': '10m' },
      networksAdvanced: [{ name: net.name }],
      lifecycle: { replaceTriggeredBy: [net] },
      labels: [{ label: 'io.cdktf-hardened-docker.config-hash', value: '0123456789abcdef' }, { label: 'io.cdktf-hardened-docker.hardened', value: 'true' },
        { label: 'io.cdktf-hardened-docker.trust-zone', value: 'default' }],
    });
  }
}
const constructMs = Number(process.hrtime.bigint() - started) / 1e6;
app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuStarted);
const cpuMs = (cpu.user + cpu.system) / 1000;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
// the floor: serializing the same tree, nothing else
const tree = JSON.parse(readFileSync(path.join(outdir, 'stacks', 'bench', 'cdk.tf.json'), 'utf8'));
const floorStarted = process.hrtime.bigint();
JSON.stringify(tree, null, 2);
const stringifyMs = Number(process.hrtime.bigint() - floorStarted) / 1e6;
const resources = Object.values(tree.resource as { [type: string]: object }).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
const images = Object.keys(tree.resource.docker_image ?? {}).length;
process.stdout.write(`${JSON.stringify({
  variant,
  n,
  ms: Math.round(ms),
  cpuMs: Math.round(cpuMs),
  maxRssMiB: Math.round(maxRssMiB),
  constructMs: Math.round(constructMs),
  stringifyMs: Math.round(stringifyMs),
  resources,
  images,
})}\n`);
