/**
 * Rendering of a `VerifyReport`: exit code, human-readable text and stable JSON.
 *
 * @internal
 */
import { ContainerVerification, Finding, FINDING_KINDS, FindingKind, VerifyReport } from './finding';

/**
 * Exit codes of `verify`: 0 verified (drift allowed unless `--strict`); 1 any
 * weaker, missing, stopped or intruder finding (with `--strict`, drift too);
 * 2 usage or I/O error.
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface ReportSummary {
  readonly stacks: number;
  readonly containers: number;
  /** Containers with a failing finding. */
  readonly failing: number;
  readonly weaker: number;
  readonly missing: number;
  readonly stopped: number;
  readonly intruder: number;
  readonly drift: number;
}

/** Whether a finding fails verification: weaker, missing, stopped and intruder always, drift with `strict`. */
export function isFailing(finding: Finding, strict: boolean): boolean {
  return finding.kind !== 'drift' || strict;
}

export function summarize(report: VerifyReport, strict: boolean): ReportSummary {
  const containers = report.stacks.flatMap((s) => s.containers);
  const findings = containers.flatMap((c) => c.findings);
  const count = (kind: FindingKind) => findings.filter((f) => f.kind === kind).length;
  return {
    stacks: report.stacks.length,
    containers: containers.length,
    failing: containers.filter((c) => c.findings.some((f) => isFailing(f, strict))).length,
    weaker: count('weaker'),
    missing: count('missing'),
    stopped: count('stopped'),
    intruder: count('intruder'),
    drift: count('drift'),
  };
}

/** 1 when any container fails verification, else 0. */
export function exitCode(report: VerifyReport, strict: boolean): number {
  return summarize(report, strict).failing > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function status(c: ContainerVerification): 'ok' | FindingKind {
  for (const kind of FINDING_KINDS) {
    if (c.findings.some((f) => f.kind === kind)) return kind;
  }
  return 'ok';
}

/** The report as text: per stack, per container ✓/✗ with one line per finding, then a summary line. */
export function formatText(report: VerifyReport, strict: boolean): string {
  const lines: string[] = [];
  for (const stack of report.stacks) {
    lines.push(`stack ${stack.stack} (${stack.file})`);
    if (stack.containers.length === 0) lines.push('  no docker_container, docker_network or docker_service declared');
    for (const c of stack.containers) {
      const failing = c.findings.some((f) => isFailing(f, strict));
      lines.push(`  ${failing ? '✗' : '✓'} ${c.container} (${c.address})`);
      for (const f of c.findings) lines.push(`      ${f.kind.toUpperCase()} ${f.field}: ${f.message}`);
    }
  }
  const s = summarize(report, strict);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const verdict = s.failing > 0 ? 'FAIL' : 'OK';
  lines.push(`${verdict}: ${plural(s.containers, 'resource')} in ${plural(s.stacks, 'stack')}, ${s.containers - s.failing} verified, ${s.failing} failing`
    + ` (${s.weaker} weaker, ${s.missing} missing, ${s.stopped} stopped, ${s.intruder} intruder, ${s.drift} drift${strict ? ', --strict' : ''})`);
  return `${lines.join('\n')}\n`;
}

/** The report as JSON with sorted keys and no timestamps, so that equal states give equal bytes. */
export function formatJson(report: VerifyReport, strict: boolean): string {
  const summary = summarize(report, strict);
  const doc = {
    version: 1,
    ok: summary.failing === 0,
    strict,
    summary,
    stacks: report.stacks.map((s) => ({
      stack: s.stack,
      file: s.file,
      containers: s.containers.map((c) => ({ ...c, status: status(c) })),
    })),
  };
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as { [key: string]: unknown })[key]);
    return out;
  }
  return value;
}
