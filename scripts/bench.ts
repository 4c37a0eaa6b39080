/**
 * Benchmark (a script, not a test): synthesize N containers of one image on
 * one network per ten containers, three ways — what a user writes by hand with
 * the raw provider L1 constructs (one `docker_image`, N `docker_container`s
 * with the attributes HardenedContainer emits, the networks IsolatedNetwork
 * emits), our L2s (HardenedContainer + IsolatedNetwork), and our L2s plus
 * HardeningChecks writing all three reports.
 *
 *   npm run bench        (BENCH_SIZES=1000,10000 BENCH_ROUNDS=5)
 *
 * `npm run bench` compiles the library and the worker with tsc into
 * .bench/js (no source maps) and runs this file there; every measurement is a
 * fresh plain `node` process (no TypeScript compiler loaded, peak RSS is that
 * variant's alone). The variants run interleaved, BENCH_ROUNDS rounds, their
 * order rotating from round to round; a round's variants run back to back
 * under the same machine load, so the estimate is the MEDIAN OF THE PER-ROUND
 * RATIOS to raw L1 — for wall time, CPU time (user + system: leaves out the
 * time a shared vCPU was taken away) and peak RSS. Absolute cells are medians
 * too. Never compare absolute numbers across runs on a shared machine.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

interface Sample {
  variant: string;
  n: number;
  ms: number;
  cpuMs: number;
  maxRssMiB: number;
  constructMs: number;
  stringifyMs: number;
  resources: number;
  images: number;
}

const VARIANTS = ['l1', 'l2', 'l2checks'] as const;
type Variant = typeof VARIANTS[number];
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const worker = path.join(__dirname, 'bench-worker.js');

function runOnce(variant: Variant, n: number): Sample {
  const outdir = mkdtempSync(path.join(tmpdir(), 'hardened-bench-'));
  try {
    const out = execFileSync(process.execPath, ['--max-old-space-size=8192', worker, variant, String(n), outdir],
      { maxBuffer: 1048576, env: { ...process.env, NODE_OPTIONS: '' } }).toString();
    return JSON.parse(out.trim().split('\n').pop()!) as Sample;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Measured { samples: Map<Variant, Sample[]>; ratios: { [key: string]: number[] } }

function measure(n: number): Measured {
  const samples = new Map<Variant, Sample[]>(VARIANTS.map((v) => [v, []]));
  const ratios: { [key: string]: number[] } = {};
  const push = (key: string, value: number) => (ratios[key] ??= []).push(value);
  for (let r = 0; r < rounds; r++) {
    const round = new Map<Variant, Sample>();
    // rotate the order so that no variant always runs first (cold caches) or last
    const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]);
    for (const variant of order) {
      const s = runOnce(variant, n);
      round.set(variant, s);
      samples.get(variant)!.push(s);
      process.stderr.write(`N=${n} round ${r + 1}/${rounds} ${variant}: ${s.ms} ms (CPU ${s.cpuMs} ms, constructs ${s.constructMs} ms), ` +
        `${s.maxRssMiB} MiB, ${s.resources} resources (${s.images} docker_image)\n`);
    }
    const l1 = round.get('l1')!;
    for (const v of ['l2', 'l2checks'] as const) {
      const s = round.get(v)!;
      push(`${v}.ms`, s.ms / l1.ms);
      push(`${v}.cpu`, s.cpuMs / l1.cpuMs);
      push(`${v}.rss`, s.maxRssMiB / l1.maxRssMiB);
    }
  }
  return { samples, ratios };
}

const med = (m: Measured, v: Variant, f: keyof Sample) => median(m.samples.get(v)!.map((s) => s[f] as number));
const x = (r: number) => `${r.toFixed(2)}x`;
const rows: string[] = [
  '| N | raw L1 wall / CPU / RSS | L2 wall / CPU / RSS | L2 + checks wall / CPU / RSS | L2 / L1 (wall; CPU; RSS) | L2 + checks / L1 (wall; CPU; RSS) | floor (JSON.stringify) | docker_image resources (L1; L2) |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const checkedMedians: number[] = [];
for (const n of sizes) {
  const m = measure(n);
  const cell = (v: Variant) => `${Math.round(med(m, v, 'ms'))} ms / ${Math.round(med(m, v, 'cpuMs'))} ms / ${Math.round(med(m, v, 'maxRssMiB'))} MiB`;
  const ratio = (v: string) => `${x(median(m.ratios[`${v}.ms`]))}; ${x(median(m.ratios[`${v}.cpu`]))}; ${x(median(m.ratios[`${v}.rss`]))}`;
  checkedMedians.push(med(m, 'l2checks', 'ms'));
  rows.push(`| ${n} | ${cell('l1')} | ${cell('l2')} | ${cell('l2checks')} | ${ratio('l2')} | ${ratio('l2checks')} | ` +
    `${Math.round(med(m, 'l2checks', 'stringifyMs'))} ms | ${med(m, 'l1', 'images')}; ${med(m, 'l2', 'images')} |`);
}
process.stdout.write(`\n${rounds} rounds; cells are medians, ratios are medians of per-round ratios.\n\n${rows.join('\n')}\n`);
if (sizes.length === 2) {
  process.stdout.write(`\nL2 + checks scaling ${sizes[1]}/${sizes[0]}: ${x(checkedMedians[1] / checkedMedians[0])} time for ` +
    `${(sizes[1] / sizes[0]).toFixed(0)}x containers (medians)\n`);
}
