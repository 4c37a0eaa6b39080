import { HardeningReport } from './report';
import { HardeningRule } from './rule';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A person's view of a stack's report, as lines. @internal */
export function renderMarkdownLines(report: HardeningReport, rules: HardeningRule[]): string[] {
  const rule = new Map(rules.map((r) => [r.id, r]));
  const s = report.summary;
  const lines: string[] = [
    `# Hardening report: ${report.stack}`,
    '',
    `${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info(s), ${s.suppressed} suppressed; ${s.resources} resource(s) checked against ${s.rules} rules.`,
    '',
    '## Findings (errors, warnings, suppressed)',
    '',
  ];
  if (report.findings.length === 0) {lines.push('None.');} else {
    lines.push('| Level | Rule | CIS | Resource | Finding | Suppressed because |', '|---|---|---|---|---|---|');
    for (const f of report.findings) {
      const r = rule.get(f.ruleId);
      lines.push(`| ${f.suppressed ? `~~${f.level}~~` : f.level} | ${f.ruleId}${f.findingId ? ` [${cell(f.findingId)}]` : ''} ${cell(r?.title ?? '')} | ` +
        `${(r?.cis ?? []).join(', ')} | \`${cell(f.path)}\` | ${cell(f.message)} | ${f.suppressed ? cell(f.suppressed.reason) : ''} |`);
    }
  }
  lines.push('', '## Information', '');
  if (report.infos.length === 0) {lines.push('None.');} else {
    lines.push('| Rule | Finding | Resources |', '|---|---|---|');
    for (const g of report.infos) {
      const r = rule.get(g.ruleId);
      const resources = g.resources.map((x) => `\`${cell(x.path)}\``).join(', ');
      lines.push(`| ${g.ruleId}${g.findingId ? ` [${cell(g.findingId)}]` : ''} ${cell(r?.title ?? '')} | ${cell(g.message)} | ` +
        `${g.resources.length === 1 ? resources : `${g.resources.length}: ${resources}`} |`);
    }
  }
  lines.push('', '## Accepted risks (justified opt-outs)', '');
  if (report.acceptedRisks.length === 0) {lines.push('None.');} else {
    lines.push('| Construct | Control | Opt-out | Justification |', '|---|---|---|---|');
    for (const o of report.acceptedRisks) lines.push(`| \`${cell(o.path)}\` | ${o.control} | \`${cell(o.prop)}\` | ${cell(o.justification)} |`);
  }
  lines.push('', '## Threat coverage per container', '');
  for (const c of report.threatMatrix) {
    const heading = c.containers.length === 1 ? `\`${cell(c.containers[0])}\`` : `${c.containers.length} containers with the same coverage`;
    lines.push(`### ${heading}`, '');
    if (c.containers.length > 1) lines.push(c.containers.map((p) => `\`${cell(p)}\``).join(', '), '');
    lines.push('| Threat | In force | Failing | Suppressed | Opted out | Not expressible (provider 3.6.2) |', '|---|---|---|---|---|---|');
    for (const [threat, t] of Object.entries(c.threats)) {
      lines.push(`| ${threat} | ${t.inForce.join(', ') || '–'} | ${t.failing.join(', ') || '–'} | ${t.suppressed.join(', ') || '–'} | ` +
        `${cell(t.optedOut.join('; ')) || '–'} | ${t.notExpressible.join('; ') || '–'} |`);
    }
    lines.push('');
  }
  lines.push('## Image inventory', '', '| Image | Digest | Containers |', '|---|---|---|');
  for (const i of report.images) {
    lines.push(`| \`${cell(i.reference)}\` | ${i.digest ?? '**not pinned**'} | ${i.containers.map((c) => `\`${cell(c)}\``).join(', ')} |`);
  }
  return lines;
}

/** A person's view of a stack's report. @internal */
export function renderMarkdown(report: HardeningReport, rules: HardeningRule[]): string {
  return `${renderMarkdownLines(report, rules).join('\n')}\n`;
}
