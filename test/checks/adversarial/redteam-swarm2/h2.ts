import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { Service } from '@cdktf/provider-docker/lib/service';
import { TerraformStack, Testing } from 'cdktf';
import type { ReportFinding } from '../../../../lib/checks/report';
import { runChecks } from '../../util';
import { HARDENED_SPEC, HARDENED_TASK } from '../redteam-swarm/swarm-harness';

export const ZONE_LABEL = 'io.cdktf-hardened-docker.trust-zone';
export const zc = (zone: string) => `node.labels.cdktf-hardened-docker.trust-zone == ${zone}`;

/** A raw encrypted internal overlay network, optionally labelled with a zone. */
export function net(s: TerraformStack, id: string, name: string, zone?: string, extra: Record<string, unknown> = {}): Network {
  return new Network(s, id, {
    name,
    driver: 'overlay',
    internal: true,
    attachable: false,
    options: { encrypted: 'true' },
    ...(zone !== undefined ? { labels: [{ label: ZONE_LABEL, value: zone }] } : {}),
    ...extra,
  });
}

export interface RawSvc {
  constraints?: string[];
  label?: string;
  networks: string[];
}

/** A hardened raw docker_service with a zone constraint/label and the given networks_advanced names. */
export function rawSvc(s: TerraformStack, id: string, o: RawSvc): Service {
  return new Service(s, id, {
    name: id,
    ...(o.label !== undefined ? { labels: [{ label: ZONE_LABEL, value: o.label }] } : {}),
    taskSpec: {
      ...HARDENED_TASK,
      containerSpec: { ...HARDENED_SPEC },
      networksAdvanced: o.networks.map((name) => ({ name })),
      ...(o.constraints ? { placement: { constraints: o.constraints } } : {}),
    },
  });
}


const key = (f: ReportFinding) => `${f.ruleId}|${f.path}|${f.findingId}|${f.level}`;
const live = (f: ReportFinding) => f.suppressed === undefined && f.level !== 'info';

export function fresh(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'adv');
  new DockerProvider(s, 'docker', {});
  return s;
}

export interface Attack {
  name: string;
  /** acceptable rules ('*' = any) */
  expect: string[];
  level?: 'error';
  /** construct path prefix the finding must be on (default: anywhere) */
  at?: string;
  build: (s: TerraformStack) => void;
  baseline?: (s: TerraformStack) => void;
  note?: string;
}

/**
 * The attack is caught when the L2 constructors refuse it (throw) or the checks report a new unsuppressed
 * error/warning of an acceptable rule (new = not in the baseline, when one is given).
 */
export function attack(a: Attack): void {
  test(a.name, () => {
    let baseKeys = new Set<string>();
    if (a.baseline) {
      const b = fresh();
      a.baseline(b);
      const bf = runChecks(b);
      expect(bf.filter((f) => live(f) && f.level === 'error').map((f) => `${key(f)} ${f.message}`), 'baseline must have no error').toEqual([]);
      baseKeys = new Set(bf.map(key));
    }
    const s = fresh();
    try {
      a.build(s);
    } catch (e) {
      // refused by an L2 at construction: caught
      expect(String((e as Error).message)).toMatch(/invalid|refused|expected|trust zone|grant|private/i);
      return;
    }
    const all = runChecks(s);
    const levels = a.level === 'error' ? ['error'] : ['error', 'warning'];
    const newOnes = all.filter((f) => live(f) && !baseKeys.has(key(f)));
    const hits = newOnes.filter((f) => levels.includes(f.level) &&
      (a.at === undefined || f.path === a.at || f.path.startsWith(`${a.at}/`)) &&
      (a.expect.includes('*') || a.expect.includes(f.ruleId)));
    if (process.env.RT_DEBUG) console.log(`[${a.name}] hits: ${JSON.stringify(hits.map((f) => `${key(f)}: ${f.message}`), null, 1)}`);
    expect(hits.length, `"${a.name}" got through; new live findings: ${JSON.stringify(newOnes.map((f) => `${key(f)}: ${f.message}`), null, 1)}`).toBeGreaterThan(0);
  });
}
