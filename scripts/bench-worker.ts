/**
 * One benchmark measurement in a fresh process, so that peak RSS belongs to
 * this variant alone. Prints one JSON line: { variant, n, ms, maxRssMiB }.
 *
 *   node -r ts-node/register/transpile-only scripts/bench-worker.ts <l1|l2|l2checks> <N> <outdir>
 */
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { HardenedContainer, HardeningChecks } from '../lib';

const [variant, nArg, outdir] = process.argv.slice(2);
const n = Number(nArg);
const digest = (i: number) => i.toString(16).padStart(64, '0');

const started = process.hrtime.bigint();
const app = new App({ outdir, skipValidation: false });
const stack = new TerraformStack(app, 'bench');
new DockerProvider(stack, 'docker', {});

for (let i = 0; i < n; i++) {
  const image = `registry.example.com/bench/app${i % 50}@sha256:${digest(i)}`;
  if (variant === 'l2' || variant === 'l2checks') {
    new HardenedContainer(stack, `c${i}`, { image, user: '1500:1500' });
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
      networkMode: 'none',
      labels: [{ label: 'io.cdktf-hardened-docker.config-hash', value: '0123456789abcdef' }, { label: 'io.cdktf-hardened-docker.hardened', value: 'true' }],
    });
  }
}
if (variant === 'l2checks') HardeningChecks.applyTo(app);
app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ variant, n, ms: Math.round(ms), maxRssMiB: Math.round(maxRssMiB) })}\n`);
