/**
 * Resource and lifecycle checks: memory, swap, CPU, ulimits, restart policy,
 * init and logging.
 *
 * @internal
 */
import { FindingList } from './finding';
import { HostConfigLike } from './live';
import { formatBytes, formatCpus, parseSuffixedSize, show } from './units';

/** Docker's CFS period when only a quota is set. */
const DEFAULT_CPU_PERIOD = 100000;
/** Docker's default CPU weight (`CpuShares` 0 means this). */
const DEFAULT_CPU_SHARES = 1024;

export function checkResources(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  checkMemory(expected, live, out);
  checkSwap(expected, live, out);
  checkCpu(expected, live, out);
  checkUlimits(expected, live, out);
  checkRestart(expected, live, out);
  checkInit(expected, live, out);
  checkLogging(expected, live, out);
  if (live.OomKillDisable === true && expected.OomKillDisable !== true) {
    out.weaker('oom_kill_disable', false, true, 'declared false, live true: the kernel no longer kills the container at its memory limit');
  }
}

function checkMemory(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const declared = expected.Memory ?? 0;
  const actual = live.Memory ?? 0;
  if (declared === actual) return;
  const message = `declared ${memory(declared)}, live ${memory(actual)}`;
  if (declared > 0 && (actual === 0 || actual > declared)) out.weaker('memory', declared, actual, message);
  else out.drift('memory', declared, actual, message);
}

/**
 * `MemorySwap` is memory plus swap: -1 is unlimited swap, 0 (unset) lets the
 * daemon allow as much swap as memory.
 */
function swapTotal(memoryBytes: number, swap: number): number {
  if (swap === -1 || memoryBytes <= 0) return Infinity;
  return swap > 0 ? swap : 2 * memoryBytes;
}

function describeSwap(memoryBytes: number, swap: number): string {
  const total = swapTotal(memoryBytes, swap);
  if (total === Infinity) return memoryBytes > 0 ? `${formatBytes(memoryBytes)} + unlimited swap` : 'unlimited';
  const allowance = total - memoryBytes;
  return allowance > 0 ? `${formatBytes(total)} (${formatBytes(allowance)} swap)` : `${formatBytes(total)} (no swap)`;
}

function checkSwap(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const eMem = expected.Memory ?? 0;
  const lMem = live.Memory ?? 0;
  const eSwap = expected.MemorySwap ?? 0;
  const lSwap = live.MemorySwap ?? 0;
  const eTotal = swapTotal(eMem, eSwap);
  const lTotal = swapTotal(lMem, lSwap);
  if (eTotal === Infinity) return; // nothing declared to hold the live value to
  const eAllowance = eTotal - eMem;
  const lAllowance = lTotal - lMem;
  if (eTotal === lTotal && eAllowance === lAllowance) return;
  const message = `declared ${describeSwap(eMem, eSwap)}, live ${describeSwap(lMem, lSwap)}`;
  if (lTotal > eTotal || lAllowance > eAllowance) {
    const why = eAllowance === 0 && lAllowance > 0 ? ': swap is enabled' : '';
    out.weaker('memory_swap', eSwap, lSwap, message + why);
  } else {
    out.drift('memory_swap', eSwap, lSwap, message);
  }
}

/** The CPU limit in CPUs (NanoCpus or CFS quota/period, whichever is tighter), undefined when unlimited. */
export function cpuLimit(host: HostConfigLike): number | undefined {
  const limits: number[] = [];
  if ((host.NanoCpus ?? 0) > 0) limits.push(host.NanoCpus! / 1e9);
  if ((host.CpuQuota ?? 0) > 0) limits.push(host.CpuQuota! / ((host.CpuPeriod ?? 0) > 0 ? host.CpuPeriod! : DEFAULT_CPU_PERIOD));
  return limits.length === 0 ? undefined : Math.min(...limits);
}

function checkCpu(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const declared = cpuLimit(expected);
  const actual = cpuLimit(live);
  const raw = (h: HostConfigLike) => ({ CpuPeriod: h.CpuPeriod ?? 0, CpuQuota: h.CpuQuota ?? 0, NanoCpus: h.NanoCpus ?? 0 });
  const message = `declared ${describeCpu(expected)}, live ${describeCpu(live)}`;
  const same = declared === actual || (declared !== undefined && actual !== undefined && Math.abs(declared - actual) < 1e-9);
  if (!same) {
    if (declared !== undefined && (actual === undefined || actual > declared)) out.weaker('cpu', raw(expected), raw(live), message);
    else out.drift('cpu', raw(expected), raw(live), message);
  } else if ((expected.CpuPeriod ?? 0) > 0 && (expected.CpuQuota ?? 0) > 0 && (live.CpuPeriod ?? 0) !== expected.CpuPeriod) {
    // The same share of a CPU over a different period: bursts differ, the limit does not.
    out.drift('cpu_period', expected.CpuPeriod!, live.CpuPeriod ?? 0, message);
  }
  const eShares = expected.CpuShares ?? 0;
  if (eShares > 0) {
    const lShares = (live.CpuShares ?? 0) > 0 ? live.CpuShares! : DEFAULT_CPU_SHARES;
    if (lShares !== eShares) {
      const message2 = `declared ${eShares}, live ${lShares}`;
      if (lShares > eShares) out.weaker('cpu_shares', eShares, lShares, `${message2}: a larger share of contended CPU`);
      else out.drift('cpu_shares', eShares, lShares, message2);
    }
  }
}

function describeCpu(host: HostConfigLike): string {
  const cpus = cpuLimit(host);
  if (cpus === undefined) return 'unlimited';
  if ((host.NanoCpus ?? 0) > 0 && (host.CpuQuota ?? 0) <= 0) return `${formatCpus(cpus)} (NanoCpus ${host.NanoCpus})`;
  return `${formatCpus(cpus)} (cpu_quota ${host.CpuQuota} per cpu_period ${host.CpuPeriod || DEFAULT_CPU_PERIOD})`;
}

function checkUlimits(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const byName = (h: HostConfigLike) => new Map((h.Ulimits ?? []).map((u) => [String(u.Name), u]));
  const declared = byName(expected);
  const actual = byName(live);
  const limit = (n: number | null | undefined) => (n === undefined || n === null || n < 0 ? Infinity : n);
  const text = (u: { Soft?: number | null; Hard?: number | null }) =>
    `soft ${limit(u.Soft) === Infinity ? 'unlimited' : u.Soft} hard ${limit(u.Hard) === Infinity ? 'unlimited' : u.Hard}`;
  for (const [name, e] of declared) {
    const field = `ulimit.${name}`;
    const value = (u: typeof e) => ({ Hard: u.Hard ?? null, Soft: u.Soft ?? null });
    const l = actual.get(name);
    if (!l) {
      out.weaker(field, value(e), null, `declared ${text(e)}, live not set (the daemon's default applies)`);
      continue;
    }
    const soft = Math.sign(limit(l.Soft) - limit(e.Soft));
    const hard = Math.sign(limit(l.Hard) - limit(e.Hard));
    if (soft === 0 && hard === 0) continue;
    const message = `declared ${text(e)}, live ${text(l)}`;
    if (soft > 0 || hard > 0) out.weaker(field, value(e), value(l), message);
    else out.drift(field, value(e), value(l), message);
  }
  for (const [name, l] of actual) {
    if (!declared.has(name)) out.drift(`ulimit.${name}`, null, { Hard: l.Hard ?? null, Soft: l.Soft ?? null }, `not declared, live ${text(l)}`);
  }
}

/** How many restarts a policy allows (Infinity: without bound). */
function restartBound(policy: HostConfigLike['RestartPolicy']): number {
  const name = policy?.Name || 'no';
  if (name === 'no') return 0;
  if (name === 'on-failure') return (policy?.MaximumRetryCount ?? 0) > 0 ? policy!.MaximumRetryCount! : Infinity;
  return Infinity; // always, unless-stopped
}

function describeRestart(policy: HostConfigLike['RestartPolicy']): string {
  const name = policy?.Name || 'no';
  if (name !== 'on-failure') return name;
  return (policy?.MaximumRetryCount ?? 0) > 0 ? `on-failure, max ${policy!.MaximumRetryCount} retries` : 'on-failure, unlimited retries';
}

function checkRestart(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const e = describeRestart(expected.RestartPolicy);
  const l = describeRestart(live.RestartPolicy);
  if (e === l) return;
  const value = (p: HostConfigLike['RestartPolicy']) => ({ MaximumRetryCount: p?.MaximumRetryCount ?? 0, Name: p?.Name || 'no' });
  const bound = restartBound(live.RestartPolicy);
  const message = `declared ${e}, live ${l}`;
  if (bound > restartBound(expected.RestartPolicy)) {
    out.weaker('restart', value(expected.RestartPolicy), value(live.RestartPolicy), bound === Infinity ? `${message}: restarts without bound` : message);
  } else {
    out.drift('restart', value(expected.RestartPolicy), value(live.RestartPolicy), message);
  }
}

function checkInit(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const e = expected.Init === true;
  const l = live.Init === true;
  if (e && !l) out.weaker('init', true, live.Init ?? null, 'declared true, live off: no init process reaps zombies or forwards signals');
  else if (!e && l) out.drift('init', expected.Init ?? null, true, `declared ${show(expected.Init)}, live true`);
}

const ROTATING_DRIVERS = ['local', 'json-file'];

function checkLogging(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const eType = expected.LogConfig?.Type || '';
  const lType = live.LogConfig?.Type || '';
  if (lType === 'none' && eType !== 'none') {
    out.weaker('log_driver', eType || null, 'none', `declared ${eType || 'the daemon default'}, live none: logs are discarded`);
    return;
  }
  if (eType && lType !== eType) {
    // a rotated local driver swapped for one without declared rotation keeps logs unbounded on the host disk
    const lOpts = live.LogConfig?.Config ?? {};
    const unbounded = ROTATING_DRIVERS.includes(eType) && ROTATING_DRIVERS.includes(lType) && !lOpts['max-size'];
    if (unbounded) out.weaker('log_driver', eType, lType, `declared ${eType} with rotation, live ${lType} without max-size: logs grow without bound`);
    else out.drift('log_driver', eType, lType || null, `declared ${eType}, live ${lType || 'not set'}`);
    return;
  }
  if (!eType) return; // the daemon's default driver and options apply
  const eOpts = expected.LogConfig?.Config ?? {};
  const lOpts = live.LogConfig?.Config ?? {};
  for (const key of [...new Set([...Object.keys(eOpts), ...Object.keys(lOpts)])].sort()) {
    const e = eOpts[key];
    const l = lOpts[key];
    if (e === l) continue;
    const field = `log_opts.${key}`;
    const message = `declared ${show(e)}, live ${show(l)}`;
    const rotation = ROTATING_DRIVERS.includes(lType) && (key === 'max-size' || key === 'max-file');
    if (rotation && e !== undefined) {
      const parse = key === 'max-size' ? parseSuffixedSize : (s: string | undefined) => (s === undefined ? undefined : Number(s));
      const eValue = parse(e);
      const lValue = parse(l);
      if (lValue === undefined || Number.isNaN(lValue) || eValue === undefined || lValue > eValue) {
        out.weaker(field, e, l ?? null, l === undefined ? `${message}: log rotation removed` : message);
        continue;
      }
    }
    out.drift(field, e ?? null, l ?? null, message);
  }
}

function memory(bytes: number): string {
  return bytes > 0 ? formatBytes(bytes) : 'unlimited';
}
