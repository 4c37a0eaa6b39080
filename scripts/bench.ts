/**
 * Benchmark (a script, not a test): synthesize N = 1,000 and 10,000
 * HardenedContainers (with and without HardeningChecks) and the same resources
 * written as raw provider Containers, in one run, each measurement in its own process, and print
 * time and peak RSS with the L2/L1 ratios.
 *
 *   npm run bench                 (BENCH_SIZES=1000,10000 BENCH_REPEAT=2)
 *
 * Timings on shared machines are noisy: compare the ratios of one run, not
 * absolute numbers across runs. Each cell is the fastest of BENCH_REPEAT runs.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

interface Sample { variant: string; n: number; ms: number; maxRssMiB: number }

const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const repeat = Number(process.env.BENCH_REPEAT ?? 2);
const worker = path.join(__dirname, 'bench-worker.ts');

function measure(variant: string, n: number): Sample {
  let best: Sample | undefined;
  for (let r = 0; r < repeat; r++) {
    const outdir = mkdtempSync(path.join(tmpdir(), 'hardened-bench-'));
    try {
      const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', worker, variant, String(n), outdir], {
        env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
        maxBuffer: 1048576,
      }).toString();
      const sample = JSON.parse(out.trim().split('\n').pop()!) as Sample;
      if (!best || sample.ms < best.ms) best = { ...sample, maxRssMiB: Math.max(sample.maxRssMiB, best?.maxRssMiB ?? 0) };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  return best!;
}

const rows: string[] = [];
rows.push('| N | raw L1 time | L2 time | L2 ratio | L2 + checks time | L2 + checks ratio | checks share | raw L1 peak RSS | L2 peak RSS | L2 + checks peak RSS | RSS ratio (L2 + checks) |');
rows.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const l2Times: number[] = [];
for (const n of sizes) {
  const l1 = measure('l1', n);
  const l2 = measure('l2', n);
  const checked = measure('l2checks', n);
  l2Times.push(l2.ms);
  rows.push(`| ${n} | ${l1.ms} ms | ${l2.ms} ms | ${(l2.ms / l1.ms).toFixed(2)}x | ${checked.ms} ms | ${(checked.ms / l1.ms).toFixed(2)}x | ` +
    `${Math.max(0, ((checked.ms - l2.ms) / checked.ms) * 100).toFixed(0)}% | ${l1.maxRssMiB} MiB | ${l2.maxRssMiB} MiB | ${checked.maxRssMiB} MiB | ` +
    `${(checked.maxRssMiB / l1.maxRssMiB).toFixed(2)}x |`);
  process.stderr.write(`measured N=${n}\n`);
}
process.stdout.write(`${rows.join('\n')}\n`);
if (l2Times.length === 2) {
  process.stdout.write(`\nL2 scaling ${sizes[1]}/${sizes[0]}: ${(l2Times[1] / l2Times[0]).toFixed(2)}x time for ${(sizes[1] / sizes[0]).toFixed(0)}x containers\n`);
}
