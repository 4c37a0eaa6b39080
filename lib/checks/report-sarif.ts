import { LazyArray } from './json-writer';
import { HardeningReport, InfoGroup, ReportFinding } from './report';
import { HardeningRule } from './rule';

const SARIF_LEVEL: { [level: string]: string } = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0: one run, every rule with help text, one result per finding (one per group of identical infos)
 * located at its construct path (a logical location; suppressed findings carry
 * an external suppression with the reason).
 *
 * @internal
 */
export function renderSarif(report: HardeningReport, rules: HardeningRule[]): object {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdktf-hardened-docker',
          informationUri: 'https://github.com/cdktf-hardened-docker/cdktf-hardened-docker',
          rules: rules.map((r) => ({
            id: r.id,
            name: r.title.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
            shortDescription: { text: r.title },
            fullDescription: { text: r.explanation },
            help: { text: `${r.explanation}\nFix: ${r.fix}`, markdown: `${r.explanation}\n\n**Fix:** ${r.fix}` },
            defaultConfiguration: { level: SARIF_LEVEL[r.level] },
            properties: { tags: [...r.cis, ...r.threats, ...r.sources] },
          })),
        },
      },
      // built one at a time while written: at 10k containers these were ~20,000 result objects at once
      // the grouped infos follow: one result per group, located at each of its resources
      results: new LazyArray(report.findings.length + report.infos.length, (i) => (i < report.findings.length
        ? sarifResult(report.findings[i], index.get(report.findings[i].ruleId))
        : infoResult(report.infos[i - report.findings.length], index.get(report.infos[i - report.findings.length].ruleId)))),
    }],
  };
}

function sarifResult(f: ReportFinding, ruleIndex: number | undefined): object {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[f.level],
    message: { text: `${f.message}${f.findingId ? ` [${f.findingId}]` : ''}` },
    locations: [{
      logicalLocations: [{ fullyQualifiedName: f.path, kind: 'resource', name: `${f.resourceType}.${f.resourceName}` }],
    }],
    partialFingerprints: { constructPath: `${f.ruleId}|${f.path}|${f.findingId ?? ''}` },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.suppressed.reason }] } : {}),
  };
}

function infoResult(g: InfoGroup, ruleIndex: number | undefined): object {
  return {
    ruleId: g.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[g.level],
    message: { text: `${g.message}${g.findingId ? ` [${g.findingId}]` : ''} (${g.resources.length} resource${g.resources.length === 1 ? '' : 's'})` },
    locations: g.resources.map((r) => ({
      logicalLocations: [{ fullyQualifiedName: r.path, kind: 'resource', name: `${r.resourceType}.${r.resourceName}` }],
    })),
    partialFingerprints: { constructPath: `${g.ruleId}|${g.findingId ?? ''}|${g.message}` },
  };
}
