import { IConstruct } from 'constructs';
import { CheckedResource, HardeningRule, RuleLevel, StackView } from './rule';
import { SourceLocation } from './source-location';
import { HardenedContainer } from '../container/hardened-container';
import { OPT_OUT_METADATA_TYPE, OptOutRecord } from '../core/opt-out';
import { ControlStatus, HardeningControl, Threat } from '../report/control';

/**
 * The version of the JSON report's format, in schema/hardening-report.schema.json: the major part changes when a field
 * is removed or changes meaning, the minor part when one is added.
 *
 * @internal
 */
export const REPORT_SCHEMA_VERSION = '1.0';

/** One finding as reported. @internal */
export interface ReportFinding {
  readonly ruleId: string;
  readonly findingId?: string;
  readonly level: RuleLevel;
  readonly resourceType: string;
  readonly resourceName: string;
  readonly path: string;
  readonly message: string;
  readonly suppressed?: { readonly reason: string };
  /** Where the resource is in the user's files (relative to the source root), when it can be known. */
  readonly location?: SourceLocation;
}

/** Per threat, per container. @internal */
export interface ThreatCoverage {
  /** Rules that pass on this container. */
  readonly inForce: string[];
  /** Rules with an unsuppressed finding. */
  readonly failing: string[];
  /** Rules whose findings are suppressed (with a reason). */
  readonly suppressed: string[];
  /** L2 controls weakened by a justified opt-out. */
  readonly optedOut: string[];
  /** Controls provider 3.6.2 cannot express. */
  readonly notExpressible: string[];
}

/** Identical info findings (same rule, finding id and message) of several resources, listed once. @internal */
export interface InfoGroup {
  readonly ruleId: string;
  readonly findingId?: string;
  readonly level: 'info';
  readonly message: string;
  /** The resources with this finding, in path order. */
  readonly resources: Array<{
    readonly resourceType: string; readonly resourceName: string; readonly path: string; readonly location?: SourceLocation;
  }>;
}

/** The machine-readable report of one stack. @internal */
export interface HardeningReport {
  /** The version of this report's format (schema/hardening-report.schema.json); a major change breaks readers. */
  readonly schemaVersion: string;
  readonly tool: string;
  readonly stack: string;
  /** Counts per resource: `infos` counts every resource of every info group. */
  readonly summary: { errors: number; warnings: number; infos: number; suppressed: number; resources: number; rules: number };
  /** Errors, warnings and suppressed findings of any level, one per resource, in path order. */
  readonly findings: ReportFinding[];
  /**
   * Unsuppressed info findings, grouped: one entry per rule, finding id and message with the resources listed (a
   * thousand default containers make one entry per info rule, not a thousand).
   */
  readonly infos: InfoGroup[];
  readonly acceptedRisks: OptOutRecord[];
  /**
   * Threat coverage, one entry per group of containers whose coverage is identical (so ten thousand
   * default containers make one entry, not ten thousand), in order of their first container's path.
   */
  readonly threatMatrix: Array<{ containers: string[]; threats: { [threat: string]: ThreatCoverage } }>;
  /** The image inventory: one entry per image reference, with the containers that run it, in reference order. */
  readonly images: Array<{ reference: string; digest: string | null; pinned: boolean; containers: string[] }>;
}

/** What provider 3.6.2 cannot set on a docker_container, by threat. */
const NOT_EXPRESSIBLE: { [threat: string]: string[] } = {
  [Threat.DENIAL_OF_SERVICE]: ['pids_limit (CIS 5.29; nproc ulimit is per uid)', 'blkio/device IO limits', 'memory_reservation', 'oom_score_adj'],
  [Threat.CONTAINER_BREAKOUT]: ['uts_mode (CIS 5.21; the UTS namespace stays private)'],
  [Threat.KERNEL_EXPLOIT]: [],
  [Threat.POISONED_IMAGE]: ['content trust (CIS 4.5; digest pinning stands in)'],
  [Threat.COMPROMISED_SECRET]: [],
};

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** @internal */
export function buildReport(
  stackName: string, rules: HardeningRule[], resources: CheckedResource[], findings: ReportFinding[], view: StackView,
  constructs: IConstruct[],
): { report: HardeningReport; findings: ReportFinding[] } {
  const sorted = [...findings].sort((a, b) =>
    byString(a.path, b.path) || byString(a.ruleId, b.ruleId) || byString(a.findingId ?? '', b.findingId ?? '') || byString(a.message, b.message));
  const active = sorted.filter((f) => !f.suppressed);
  const acceptedRisks = constructs
    .flatMap((c) => c.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE).map((m) => m.data as OptOutRecord))
    .sort((a, b) => byString(a.path, b.path) || byString(a.prop, b.prop));

  const l2 = new Map(constructs.filter((c): c is HardenedContainer => c instanceof HardenedContainer).map((c) => [c.node.path, c]));
  const containerRules = rules.filter((r) => r.resourceTypes.includes('docker_container'));
  const containers = resources.filter((r) => r.type === 'docker_container').sort((a, b) => byString(a.path, b.path));
  const byContainer = new Map<string, ReportFinding[]>();
  for (const f of sorted) {
    if (f.resourceType !== 'docker_container') continue;
    const list = byContainer.get(f.resourceName) ?? [];
    list.push(f);
    byContainer.set(f.resourceName, list);
  }
  const relevantByThreat = Object.values(Threat).map((threat) => ({ threat, relevant: containerRules.filter((r) => r.threats.includes(threat)) }));
  const coverageOf = (failingRules: Set<string>, suppressedRules: Set<string>, optedOutControls: HardeningControl[]) => {
    const threats: { [threat: string]: ThreatCoverage } = {};
    for (const { threat, relevant } of relevantByThreat) {
      const failing = relevant.filter((r) => failingRules.has(r.id)).map((r) => r.id);
      const suppressed = relevant.filter((r) => !failingRules.has(r.id) && suppressedRules.has(r.id)).map((r) => r.id);
      const inForce = relevant.filter((r) => !failingRules.has(r.id) && !suppressedRules.has(r.id)).map((r) => r.id);
      const optedOut = optedOutControls.filter((k) => k.threats.includes(threat)).map((k) => `${k.id}: ${k.justification ?? ''}`);
      threats[threat] = { inForce, failing, suppressed, optedOut, notExpressible: NOT_EXPRESSIBLE[threat] };
    }
    return threats;
  };
  // Containers with the same failing and suppressed rules and the same opted-out controls have the same coverage: it is
  // computed once per such class (a thousand default containers are one class), then classes with equal coverage merge.
  const byClass = new Map<string, { json: string; threats: { [threat: string]: ThreatCoverage } }>();
  const groups = new Map<string, { containers: string[]; threats: { [threat: string]: ThreatCoverage } }>();
  for (const c of containers) {
    const mine = byContainer.get(c.name) ?? [];
    const failingRules = new Set(mine.filter((f) => !f.suppressed).map((f) => f.ruleId));
    const suppressedRules = new Set(mine.filter((f) => f.suppressed).map((f) => f.ruleId));
    const container = l2.get(c.path);
    // only a container that took an opt-out has an opted-out control
    const optedOut = container && container.optOutRecords.length > 0
      ? container.controls.filter((k) => k.status === ControlStatus.OPTED_OUT) : [];
    const key = JSON.stringify([[...failingRules].sort(), [...suppressedRules].sort(), optedOut.map((k) => [k.id, k.justification ?? '', k.threats])]);
    let cls = byClass.get(key);
    if (!cls) {
      const threats = coverageOf(failingRules, suppressedRules, optedOut);
      byClass.set(key, cls = { json: JSON.stringify(threats), threats });
    }
    const group = groups.get(cls.json);
    if (group) group.containers.push(c.path);
    else groups.set(cls.json, { containers: [c.path], threats: cls.threats });
  }
  const threatMatrix = [...groups.values()];

  const byReference = new Map<string, string[]>();
  for (const c of containers) {
    const image = view.referenced(c.attributes.image, 'docker_image');
    const reference = String(image?.attributes.name ?? c.attributes.image ?? '');
    byReference.set(reference, [...byReference.get(reference) ?? [], c.path]);
  }
  const images = [...byReference.entries()].sort(([a], [b]) => byString(a, b)).map(([reference, paths]) => {
    const digest = /(?:@|^)(sha256:[a-f0-9]{64})$/.exec(reference)?.[1] ?? null;
    return { reference, digest, pinned: digest !== null, containers: paths.sort(byString) };
  });

  const infoGroups = new Map<string, InfoGroup>();
  for (const f of active) {
    if (f.level !== 'info') continue;
    const key = JSON.stringify([f.ruleId, f.findingId ?? null, f.message]);
    const group = infoGroups.get(key) ?? { ruleId: f.ruleId, findingId: f.findingId, level: 'info', message: f.message, resources: [] };
    const location = f.location ? { location: f.location } : {};
    group.resources.push({ resourceType: f.resourceType, resourceName: f.resourceName, path: f.path, ...location });
    infoGroups.set(key, group);
  }
  const infos = [...infoGroups.values()].sort((a, b) =>
    byString(a.ruleId, b.ruleId) || byString(a.findingId ?? '', b.findingId ?? '') || byString(a.message, b.message));

  const report: HardeningReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: 'cdktf-hardened-docker HardeningChecks',
    stack: stackName,
    summary: {
      errors: active.filter((f) => f.level === 'error').length,
      warnings: active.filter((f) => f.level === 'warning').length,
      infos: active.filter((f) => f.level === 'info').length,
      suppressed: sorted.length - active.length,
      resources: resources.length,
      rules: rules.length,
    },
    findings: sorted.filter((f) => f.suppressed || f.level !== 'info'),
    infos,
    acceptedRisks,
    threatMatrix,
    images,
  };
  return { report, findings: sorted };
}
