import { createHash } from 'crypto';
import { LazyArray } from './json-writer';
import { HardeningReport, InfoGroup, ReportFinding } from './report';
import { HardeningRule } from './rule';
import { SourceLocation } from './source-location';
import { PACKAGE_VERSION } from '../core/package-version';
import { Threat } from '../report/control';

const SARIF_LEVEL: { [level: string]: string } = { error: 'error', warning: 'warning', info: 'note' };

/** Where the generated rule pages are (docs/rules/<id>.md, from scripts/rule-docs.ts). */
export const RULE_DOCS_BASE = 'https://github.com/cdktf-hardened-docker/cdktf-hardened-docker/blob/main/docs/rules/';

/** The SARIF base id of every physical location: the source root (HardeningChecksOptions.sourceRoot). */
export const SOURCE_ROOT_ID = '%SRCROOT%';

/** GitHub code scanning keeps at most 10 tags per rule. */
const MAX_TAGS = 10;

/** A rule's title as SARIF's PascalCase `name` (`seccomp disabled` → `SeccompDisabled`; apostrophes dropped). */
function pascalCase(title: string): string {
  return title.replace(/['’]/g, '').split(/[^A-Za-z0-9]+/).filter((w) => w.length > 1 || /\d/.test(w))
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join('');
}

/** GitHub shows at most 1,000 locations of a result; an info group names the rest in its message. */
const MAX_RELATED_LOCATIONS = 999;

/**
 * GitHub code scanning's `security-severity` (0.0–10.0: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low): an error that
 * lets a process out of its container is critical, other errors high, warnings medium, infos low.
 */
function securitySeverity(rule: HardeningRule): string {
  if (rule.level === 'error') return rule.threats.includes(Threat.CONTAINER_BREAKOUT) ? '9.0' : '7.5';
  return rule.level === 'warning' ? '5.0' : '2.0';
}

/** Options of the SARIF rendering. @internal */
export interface SarifOptions {
  /** Leave findings answered by a suppression or opt-out out (GitHub code scanning ignores SARIF suppressions). */
  readonly omitAcceptedRisks?: boolean;
  /** The category of the run (`automationDetails.id`): one per stack, so several stacks' files upload side by side. */
  readonly category?: string;
}

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: one run per stack with its own category, the tool's version, every
 * rule with its help page, `security-severity` and tags; one result per finding (one per group of identical infos,
 * its other resources as related locations), each at a physical location — the user's file and line that created
 * the resource, relative to `%SRCROOT%` — and at the construct path as a logical location; a stable fingerprint
 * that does not move with the line; suppressed findings carry an external suppression with the reason.
 *
 * @internal
 */
export function renderSarif(report: HardeningReport, rules: HardeningRule[], options: SarifOptions = {}): object {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const findings = options.omitAcceptedRisks ? report.findings.filter((f) => !f.suppressed) : report.findings;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdktf-hardened-docker',
          version: PACKAGE_VERSION,
          semanticVersion: PACKAGE_VERSION,
          informationUri: 'https://github.com/cdktf-hardened-docker/cdktf-hardened-docker',
          rules: rules.map((r) => ({
            id: r.id,
            name: pascalCase(r.title),
            shortDescription: { text: r.title },
            fullDescription: { text: r.explanation },
            helpUri: `${RULE_DOCS_BASE}${r.id}.md`,
            help: { text: `${r.explanation}\nFix: ${r.fix}`, markdown: `${r.explanation}\n\n**Fix:** ${r.fix}\n\n[${r.id}](${RULE_DOCS_BASE}${r.id}.md)` },
            defaultConfiguration: { level: SARIF_LEVEL[r.level] },
            properties: {
              // GitHub keeps the first 10 tags of a rule and shows them as filters: short ones; the catalogue sources in full
              'tags': ['security', ...r.cis, ...r.threats].slice(0, MAX_TAGS),
              'sources': r.sources,
              'precision': 'high',
              'problem.severity': r.level === 'info' ? 'recommendation' : r.level,
              'security-severity': securitySeverity(r),
            },
          })),
        },
      },
      automationDetails: { id: `${options.category ?? `cdktf-hardened-docker/${report.stack}`}/` },
      originalUriBaseIds: {
        [SOURCE_ROOT_ID]: { description: { text: 'The source root: the repository holding the stacks\' program (HardeningChecksOptions.sourceRoot).' } },
      },
      // built one at a time while written: at 10k containers these were ~20,000 result objects at once
      results: new LazyArray(findings.length + report.infos.length, (i) => (i < findings.length
        ? sarifResult(findings[i], index.get(findings[i].ruleId))
        : infoResult(report.infos[i - findings.length], index.get(report.infos[i - findings.length].ruleId)))),
    }],
  };
}

function location(where: { path: string; resourceType: string; resourceName: string; location?: SourceLocation }, id?: number): object {
  return {
    ...(id !== undefined ? { id } : {}),
    ...(where.location ? {
      physicalLocation: {
        artifactLocation: { uri: encodeUri(where.location.file), uriBaseId: SOURCE_ROOT_ID },
        region: { startLine: where.location.line, ...(where.location.column ? { startColumn: where.location.column } : {}) },
      },
    } : {}),
    logicalLocations: [{ fullyQualifiedName: where.path, kind: 'resource', name: `${where.resourceType}.${where.resourceName}` }],
  };
}

/** A relative path as a URI reference: each segment percent-encoded (a space, `#` or `%` in a file name). */
function encodeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** A fingerprint that identifies the finding across runs whatever line it moves to. */
function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

function sarifResult(f: ReportFinding, ruleIndex: number | undefined): object {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[f.level],
    message: { text: `${f.message}${f.findingId ? ` [${f.findingId}]` : ''}` },
    locations: [location(f)],
    partialFingerprints: { 'hardeningFinding/v1': fingerprint(f.ruleId, f.path, f.findingId ?? '') },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.suppressed.reason }] } : {}),
  };
}

function infoResult(g: InfoGroup, ruleIndex: number | undefined): object {
  const [first, ...rest] = g.resources;
  const related = rest.slice(0, MAX_RELATED_LOCATIONS);
  const more = rest.length - related.length;
  const count = `${g.resources.length} resource${g.resources.length === 1 ? '' : 's'}${more > 0 ? `; ${more} not listed as related locations` : ''}`;
  return {
    ruleId: g.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[g.level],
    message: { text: `${g.message}${g.findingId ? ` [${g.findingId}]` : ''} (${count})` },
    locations: [location(first)],
    ...(related.length > 0 ? { relatedLocations: related.map((r, i) => location(r, i + 1)) } : {}),
    partialFingerprints: { 'hardeningFinding/v1': fingerprint(g.ruleId, g.findingId ?? '', g.message) },
  };
}
