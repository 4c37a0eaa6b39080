/**
 * One benchmark measurement in a fresh process, so that peak RSS belongs to
 * this variant alone. Prints one JSON line: { variant, n, ms, cpuMs, maxRssMiB, stringifyMs }.
 * `stringifyMs` is the floor: JSON.stringify of the synthesized tree alone.
 *
 *   node -r ./scripts/bench-register.js scripts/bench-worker.ts <l1|l2|l2checks> <N> <outdir>
 *
 * N containers on N/10 networks (one network per 10 containers). BENCH_NO_REPORTS=1 runs the
 * checks without writing reports, to see what the reports cost.
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
const n = Number(nArg);
const digest = (i: number) => i.toString(16).padStart(64, '0');

const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
const app = new App({ outdir, skipValidation: false });
const stack = new TerraformStack(app, 'bench');
new DockerProvider(stack, 'docker', {});

const l2 = variant === 'l2' || variant === 'l2checks';
const l2Networks: IsolatedNetwork[] = [];
const l1Networks: Network[] = [];
for (let i = 0; i < Math.max(1, Math.ceil(n / 10)); i++) {
  if (l2) {
    l2Networks.push(new IsolatedNetwork(stack, `n${i}`, {}));
  } else {
    // the attributes IsolatedNetwork emits by default
    l1Networks.push(new Network(stack, `n${i}`, {
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
}

for (let i = 0; i < n; i++) {
  const image = `registry.example.com/bench/app${i % 50}@sha256:${digest(i)}`;
  if (l2) {
    new HardenedContainer(stack, `c${i}`, { image, user: '1500:1500', networks: [{ network: l2Networks[Math.floor(i / 10)] }] });
  } else {
    // The same resources HardenedContainer emits by default, written by hand.
    const img = new Image(stack, `c${i}-image`, { name: image, keepLocally: true });
    new Container(stack, `c${i}`, {
      name: `bench-c${i}`,
      image: img.imageId,
      user: '1500:1500',
      readOnly: true,
      tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=64m,uid=1500,gid=1500,mode=1777' },
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
      networksAdvanced: [{ name: l1Networks[Math.floor(i / 10)].name }],
      lifecycle: { replaceTriggeredBy: [l1Networks[Math.floor(i / 10)]] },
      labels: [{ label: 'io.cdktf-hardened-docker.config-hash', value: '0123456789abcdef' }, { label: 'io.cdktf-hardened-docker.hardened', value: 'true' },
        { label: 'io.cdktf-hardened-docker.trust-zone', value: 'default' }],
    });
  }
}
if (variant === 'l2checks') HardeningChecks.applyTo(app, { reports: process.env.BENCH_NO_REPORTS !== '1' });
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
process.stdout.write(`${JSON.stringify({ variant, n, ms: Math.round(ms), cpuMs: Math.round(cpuMs), maxRssMiB: Math.round(maxRssMiB), stringifyMs: Math.round(stringifyMs) })}\n`);
