import { describe, expect, test } from 'vitest';
import { Finding, VerifyReport } from '../../lib/verify/finding';
import { exitCode, formatJson, formatText, summarize } from '../../lib/verify/report';

function finding(kind: Finding['kind'], field: string, message: string, container = 'web'): Finding {
  return { stack: 'app', container, address: `docker_container.${container}`, field, kind, expected: 1, actual: 2, message };
}

function report(...findings: Finding[][]): VerifyReport {
  return {
    stacks: [{
      stack: 'app',
      file: 'cdktf.out/stacks/app/cdk.tf.json',
      containers: findings.map((f, i) => ({ address: `docker_container.c${i}`, container: `c${i}`, findings: f })),
    }],
  };
}

const weaker = finding('weaker', 'memory', 'declared 128 MiB, live 512 MiB');
const drift = finding('drift', 'labels.io.cdktf-hardened-docker.config-hash', 'declared a, live b');
const missing = finding('missing', 'container', 'no container named c2 on the engine');
const stopped = finding('stopped', 'state', 'declared running, live exited (exit code 137): the declared workload is not running');
const intruder = finding('intruder', 'containers.sidecar', 'sidecar (0123456789ab, image busybox, running) is attached to net but declared by no stack verified');

describe('exit code', () => {
  test('0 without findings, 0 with drift only, 1 on weaker or missing', () => {
    expect(exitCode(report([]), false)).toBe(0);
    expect(exitCode(report([drift]), false)).toBe(0);
    expect(exitCode(report([weaker]), false)).toBe(1);
    expect(exitCode(report([], [missing]), false)).toBe(1);
  });

  test('1 on a stopped container or an intruder, with or without --strict', () => {
    for (const strict of [false, true]) {
      expect(exitCode(report([stopped]), strict)).toBe(1);
      expect(exitCode(report([intruder]), strict)).toBe(1);
    }
  });

  test('--strict fails on drift too', () => {
    expect(exitCode(report([drift]), true)).toBe(1);
    expect(exitCode(report([]), true)).toBe(0);
  });

  test('an empty report passes', () => {
    expect(exitCode({ stacks: [] }, true)).toBe(0);
  });
});

describe('text', () => {
  test('per stack, per container, one line per finding, and a summary', () => {
    expect(formatText(report([], [weaker, drift], [missing]), false)).toBe([
      'stack app (cdktf.out/stacks/app/cdk.tf.json)',
      '  ✓ c0 (docker_container.c0)',
      '  ✗ c1 (docker_container.c1)',
      '      WEAKER memory: declared 128 MiB, live 512 MiB',
      '      DRIFT labels.io.cdktf-hardened-docker.config-hash: declared a, live b',
      '  ✗ c2 (docker_container.c2)',
      '      MISSING container: no container named c2 on the engine',
      'FAIL: 3 resources in 1 stack, 1 verified, 2 failing (1 weaker, 1 missing, 0 stopped, 0 intruder, 1 drift)',
      '',
    ].join('\n'));
  });

  test('drift is listed but passes unless --strict', () => {
    expect(formatText(report([drift]), false)).toContain('  ✓ c0');
    expect(formatText(report([drift]), false)).toMatch(/^OK: 1 resource in 1 stack, 1 verified, 0 failing \(0 weaker, 0 missing, 0 stopped, 0 intruder, 1 drift\)$/m);
    expect(formatText(report([drift]), true)).toContain('  ✗ c0');
    expect(formatText(report([drift]), true)).toMatch(/^FAIL: .*1 drift, --strict\)$/m);
  });

  test('stopped and intruder findings fail and are counted', () => {
    expect(formatText(report([stopped], [intruder]), false)).toBe([
      'stack app (cdktf.out/stacks/app/cdk.tf.json)',
      '  ✗ c0 (docker_container.c0)',
      `      STOPPED state: ${stopped.message}`,
      '  ✗ c1 (docker_container.c1)',
      `      INTRUDER containers.sidecar: ${intruder.message}`,
      'FAIL: 2 resources in 1 stack, 0 verified, 2 failing (0 weaker, 0 missing, 1 stopped, 1 intruder, 0 drift)',
      '',
    ].join('\n'));
  });

  test('a stack without containers says so', () => {
    expect(formatText(report(), false)).toContain('  no docker_container, docker_network or docker_service declared');
  });
});

describe('JSON', () => {
  test('stable: sorted keys, statuses and summary, no timestamps', () => {
    const json = formatJson(report([], [weaker, drift], [missing]), false);
    expect(json).toBe(formatJson(report([], [weaker, drift], [missing]), false));
    const doc = JSON.parse(json);
    expect(Object.keys(doc)).toEqual(['ok', 'stacks', 'strict', 'summary', 'version']);
    expect(doc).toMatchObject({
      ok: false,
      strict: false,
      version: 1,
      summary: { containers: 3, drift: 1, failing: 2, intruder: 0, missing: 1, stacks: 1, stopped: 0, weaker: 1 },
    });
    expect(doc.stacks[0].containers.map((c: any) => c.status)).toEqual(['ok', 'weaker', 'missing']);
    expect(Object.keys(doc.stacks[0].containers[1].findings[0])).toEqual(['actual', 'address', 'container', 'expected', 'field', 'kind', 'message', 'stack']);
    expect(json).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  test('ok follows --strict', () => {
    expect(JSON.parse(formatJson(report([drift]), false)).ok).toBe(true);
    expect(JSON.parse(formatJson(report([drift]), true)).ok).toBe(false);
  });

  test('summary counts', () => {
    expect(summarize(report([weaker, weaker], [drift]), false))
      .toEqual({ stacks: 1, containers: 2, failing: 1, weaker: 2, missing: 0, stopped: 0, intruder: 0, drift: 1 });
    expect(summarize(report([stopped, weaker], [intruder, drift]), false))
      .toMatchObject({ failing: 2, weaker: 1, stopped: 1, intruder: 1, drift: 1 });
  });

  test('status: missing, then stopped, then intruder, then weaker, then drift', () => {
    const doc = JSON.parse(formatJson(report([weaker, stopped], [drift, intruder, weaker], [drift]), false));
    expect(doc.stacks[0].containers.map((c: any) => c.status)).toEqual(['stopped', 'intruder', 'drift']);
  });
});
