import { TerraformStack } from 'cdktf';
import { FindingLevel, HardeningChecks, HardeningFinding } from '../checks/hardening-checks';

/**
 * Matchers for users' tests, with the protocol vitest's and jest's `expect.extend` share:
 *
 * ```ts
 * import { hardeningMatchers } from 'cdktf-hardened-docker/dist/testing';
 * expect.extend(hardeningMatchers);
 * expect(stack).toPassHardeningChecks();
 * expect(stack).toHaveHardeningFinding('HD-C01', { path: 'app/web' });
 * ```
 *
 * The received value is a TerraformStack (its checks run now: aspects invoked, JSON rendered, no report written) or
 * the findings of one (`HardeningChecks.check(stack)`, `checks.findingsOf(name)`).
 */

/** What `expect.extend` expects of a matcher. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** Options of `toPassHardeningChecks`. */
export interface PassOptions {
  /** Pass although unsuppressed warnings remain (errors never pass). Default: false. */
  readonly allowWarnings?: boolean;
}

/** What `toHaveHardeningFinding` narrows the finding to; every given field must match. */
export interface FindingQuery {
  /** The finding id (`CAP_SYS_ADMIN`, `unverifiable:privileged`, …), or a pattern it matches. */
  readonly findingId?: string | RegExp;
  /** The construct path (or Terraform address), or a pattern it matches. */
  readonly path?: string | RegExp;
  /** The message, or a pattern it matches. */
  readonly message?: string | RegExp;
  readonly level?: 'error' | 'warning' | 'info';
  /** true: only suppressed (accepted) findings; false: only open ones. Default: open ones only. */
  readonly suppressed?: boolean;
}

function findingsOf(received: unknown): HardeningFinding[] {
  if (Array.isArray(received)) return received as HardeningFinding[];
  if (TerraformStack.isStack(received)) return HardeningChecks.check(received);
  throw new TypeError(`expected a TerraformStack or an array of HardeningFinding, got ${typeof received}`);
}

function matches(expected: string | RegExp | undefined, actual: string | undefined): boolean {
  if (expected === undefined) return true;
  if (actual === undefined) return false;
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

/** `HD-C01 error app/web (cap:SYS_ADMIN): message [file:line]`, one per line. */
export function describeFindings(findings: readonly HardeningFinding[]): string {
  if (findings.length === 0) return '  (none)';
  return findings.map((f) => `  ${f.ruleId} ${f.level}${f.suppressed ? ' (suppressed)' : ''} ${f.path}${f.findingId ? ` (${f.findingId})` : ''}: ${f.message}${f.file ? ` [${f.file}:${f.line}]` : ''}`).join('\n');
}

/** The matchers; pass the object to `expect.extend`. */
export const hardeningMatchers = {
  /** No unsuppressed error (and, unless `allowWarnings`, no unsuppressed warning) on the stack. */
  toPassHardeningChecks(received: unknown, options: PassOptions = {}): MatcherResult {
    const open = findingsOf(received).filter((f) => !f.suppressed
      && (f.level === FindingLevel.ERROR || (f.level === FindingLevel.WARNING && !options.allowWarnings)));
    return {
      pass: open.length === 0,
      message: () => (open.length === 0
        ? 'expected unsuppressed hardening findings, found none'
        : `expected no unsuppressed hardening ${options.allowWarnings ? 'errors' : 'errors or warnings'}, found ${open.length}:\n${describeFindings(open)}`),
    };
  },

  /** A finding of `ruleId` (open unless `query.suppressed`) that matches every field of `query`. */
  toHaveHardeningFinding(received: unknown, ruleId: string, query: FindingQuery = {}): MatcherResult {
    const all = findingsOf(received);
    const hits = all.filter((f) => f.ruleId === ruleId
      && f.suppressed === (query.suppressed ?? false)
      && (query.level === undefined || f.level === query.level)
      && matches(query.findingId, f.findingId) && matches(query.path, f.path) && matches(query.message, f.message));
    const wanted = `${ruleId}${Object.keys(query).length > 0 ? ` ${JSON.stringify(query, (_k, v) => (v instanceof RegExp ? String(v) : v))}` : ''}`;
    return {
      pass: hits.length > 0,
      message: () => (hits.length > 0
        ? `expected no hardening finding ${wanted}, found ${hits.length}:\n${describeFindings(hits)}`
        : `expected a hardening finding ${wanted}; the findings of ${ruleId}:\n${describeFindings(all.filter((f) => f.ruleId === ruleId))}`),
    };
  },
};

/** The matchers' signatures on an assertion (`R` is what the assertion returns). */
export interface HardeningMatchers<R = unknown> {
  toPassHardeningChecks(options?: PassOptions): R;
  toHaveHardeningFinding(ruleId: string, query?: FindingQuery): R;
}
