import { Container, ContainerConfig } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformResource, TerraformStack, Testing } from 'cdktf';
import type { ReportFinding } from '../../../lib/checks/report';
import { runChecks } from '../util';

/**
 * Adversarial harness: every case builds two stacks from the same compliant
 * fixture, a baseline and a weak one, and asserts that the weak one carries
 * at least one unsuppressed finding (error, or warning where the case allows
 * it) of an acceptable rule that the baseline does not have.
 *
 * The fixture is one raw docker_container (`adv/app`) that draws no
 * unsuppressed error and no warning: pinned image, non-root user, read-only
 * rootfs, no-new-privileges, drop ALL, memory = swap, CPU quota, no network,
 * bounded restart, nproc ulimit, healthcheck, rotated json-file logs, the
 * low-port and ping sysctls. Weaknesses are injected with escape hatches
 * (`addOverride`), variables, locals, functions, other resources, ...
 */

/** The container's digest-pinned image. */
export const PINNED = `registry.example.com/app@sha256:${'a'.repeat(64)}`;

/** The stack id of every case (so that construct paths are `adv/...`). */
export const STACK_ID = 'adv';

/** The construct path of the fixture container. */
export const APP_PATH = `${STACK_ID}/app`;

/** The compliant fixture's attributes. */
export const COMPLIANT: ContainerConfig = {
  name: 'app',
  image: PINNED,
  user: '10001:10001',
  readOnly: true,
  securityOpts: ['no-new-privileges'],
  capabilities: { drop: ['ALL'] },
  memory: 256,
  memorySwap: 256,
  cpuQuota: 100000,
  cpuPeriod: 100000,
  networkMode: 'none',
  restart: 'on-failure',
  maxRetryCount: 3,
  ulimit: [{ name: 'nproc', soft: 256, hard: 256 }],
  healthcheck: { test: ['CMD', '/app/healthcheck'], interval: '30s', timeout: '5s', retries: 3 },
  logDriver: 'json-file',
  logOpts: { 'max-size': '10m', 'max-file': '3' },
  sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024', 'net.ipv4.ping_group_range': '1 0' },
};

/** What a case's build/baseline functions get besides the stack. */
export interface Fixture {
  /** The compliant raw container `adv/app`. */
  readonly container: Container;
  /** The default docker provider (unix socket). */
  readonly provider: DockerProvider;
}

export interface Case {
  readonly name: string;
  /** Acceptable rule ids (any one of them is enough). `'*'` accepts any rule. */
  readonly expect: string[];
  /** 'error' requires an error finding; by default an error or a warning is accepted. */
  readonly level?: 'error';
  /** Injects the weakness into a fresh fixture stack. */
  readonly build: (s: TerraformStack, f: Fixture) => void;
  /** The same stack without the weakness (default: the untouched fixture). */
  readonly baseline?: (s: TerraformStack, f: Fixture) => void;
  /** Only findings on this construct path (or below it) count (default: any resource of the stack). */
  readonly at?: string;
  /** Why the expectation holds, or a doubt about it (documentation only). */
  readonly note?: string;
}

/** A fresh fixture stack: provider + compliant container. */
export function fixture(): { s: TerraformStack; f: Fixture } {
  const s = new TerraformStack(Testing.app(), STACK_ID);
  const provider = new DockerProvider(s, 'docker', {});
  const container = new Container(s, 'app', { ...COMPLIANT });
  return { s, f: { container, provider } };
}

/** A finding's identity for the baseline comparison. */
export const keyOf = (f: ReportFinding): string => `${f.ruleId}|${f.path}|${f.findingId}|${f.level}`;

const live = (f: ReportFinding): boolean => f.suppressed === undefined && f.level !== 'info';

/** Runs the checks on a stack (Testing.synth; no report files) and returns every finding, suppressed ones included. */
export function check(s: TerraformStack): ReportFinding[] {
  return runChecks(s);
}

/** Builds and checks the baseline of a case. */
export function baselineFindings(c: Pick<Case, 'baseline'>): ReportFinding[] {
  const { s, f } = fixture();
  c.baseline?.(s, f);
  return check(s);
}

/** Builds and checks the weak stack of a case. */
export function weakFindings(c: Pick<Case, 'build'>): ReportFinding[] {
  const { s, f } = fixture();
  c.build(s, f);
  return check(s);
}

const show = (fs: ReportFinding[]) => fs.map((f) => `${keyOf(f)}${f.suppressed ? ' (suppressed)' : ''}: ${f.message}`);

/**
 * The unsuppressed error findings of the baseline (must be none), and the new
 * unsuppressed findings of the weak stack that satisfy the case.
 */
export function evaluate(c: Case): { baselineErrors: string[]; hits: string[]; newFindings: string[] } {
  const base = baselineFindings(c);
  const weak = weakFindings(c);
  const baseKeys = new Set(base.map(keyOf));
  const levels = c.level === 'error' ? ['error'] : ['error', 'warning'];
  const fresh = weak.filter((f) => live(f) && !baseKeys.has(keyOf(f)));
  const here = (f: ReportFinding) => c.at === undefined || f.path === c.at || f.path.startsWith(`${c.at}/`);
  const hits = fresh.filter((f) => here(f) && levels.includes(f.level) && (c.expect.includes('*') || c.expect.includes(f.ruleId)));
  return {
    baselineErrors: show(base.filter((f) => f.suppressed === undefined && f.level === 'error')),
    hits: show(hits),
    newFindings: show(fresh),
  };
}

/** The assertion every must-catch case makes. */
export function expectCaught(c: Case): void {
  const r = evaluate(c);
  expect(r.baselineErrors, `baseline of "${c.name}" must be compliant`).toEqual([]);
  expect(r.hits.length, `"${c.name}": expected a new unsuppressed ${c.level ?? 'error/warning'} of ${c.expect.join(' | ')}; ` +
    `new unsuppressed findings were: ${JSON.stringify(r.newFindings, null, 1)}`).toBeGreaterThan(0);
}

/** The assertion of a negative case: the weak stack draws no new unsuppressed error (nor warning). */
export function expectNoNewFinding(c: Pick<Case, 'name' | 'build' | 'baseline'>): void {
  const base = baselineFindings(c);
  const weak = weakFindings(c);
  const baseKeys = new Set(base.map(keyOf));
  const fresh = weak.filter((f) => live(f) && !baseKeys.has(keyOf(f)));
  expect(show(base.filter((f) => f.suppressed === undefined && f.level === 'error')), `baseline of "${c.name}"`).toEqual([]);
  expect(show(fresh), `"${c.name}" must draw no new unsuppressed error or warning`).toEqual([]);
}

/** Registers a table of must-catch cases. */
export function runCases(cases: Case[]): void {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => expectCaught(c));
}

/** The synthesized JSON of a built stack (for debugging a case). */
export function synthJson(build: (s: TerraformStack, f: Fixture) => void): any {
  const { s, f } = fixture();
  build(s, f);
  return JSON.parse(Testing.synth(s));
}

/**
 * Sets an attribute of a resource through `addOverride`, REPLACING what the
 * fixture gave it: cdktf deep-merges overrides, so an array override would be
 * appended to the fixture's array and an object override merged into its
 * object. For a top-level attribute the L1's `reset<Attr>()` is called first.
 */
export function setAttr(resource: TerraformResource, path: string, value: unknown): void {
  if (!path.includes('.')) {
    const reset = `reset${path.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
    const fn = (resource as unknown as { [k: string]: unknown })[reset];
    if (typeof fn === 'function') fn.call(resource);
  }
  resource.addOverride(path, value);
}

/** Sets (replaces) an attribute of the fixture container, as a build function. */
export const override = (path: string, value: unknown) => (_s: TerraformStack, f: Fixture) => setAttr(f.container, path, value);

/** Several replacing overrides on the fixture container, as a build function. */
export const overrides = (o: { [path: string]: unknown }) => (_s: TerraformStack, f: Fixture) => {
  for (const [p, v] of Object.entries(o)) setAttr(f.container, p, v);
};

/**
 * Attaches the fixture container to a user-defined bridge network `net` with
 * icc off (instead of network_mode "none"), for cases that publish ports.
 */
export function withNetwork(s: TerraformStack, f: Fixture): void {
  s.addOverride('resource.docker_network.net', { name: 'net', driver: 'bridge', options: { 'com.docker.network.bridge.enable_icc': 'false' } });
  setAttr(f.container, 'network_mode', undefined);
  setAttr(f.container, 'networks_advanced', [{ name: '${docker_network.net.name}' }]);
}

/** Runs several build functions in order. */
export const all = (...fns: Array<(s: TerraformStack, f: Fixture) => void>) => (s: TerraformStack, f: Fixture) => {
  for (const fn of fns) fn(s, f);
};
