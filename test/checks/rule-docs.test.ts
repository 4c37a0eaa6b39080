import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../../lib/checks/rules';
import { REGENERATE_COMMAND, renderRuleDocs, RULE_DOCS_DIR } from '../../scripts/rule-docs';

const ROOT = path.join(__dirname, '..', '..');
const STALE = `stale rule docs: regenerate them with \`${REGENERATE_COMMAND}\``;

describe('rule docs (RULES.md, docs/rules/<id>.md)', () => {
  const generated = renderRuleDocs();

  test('one page per rule, named by its id as is (the SARIF helpUri), plus RULES.md', () => {
    expect(Object.keys(generated).sort()).toEqual(['RULES.md', ...ALL_RULES.map((r) => `${RULE_DOCS_DIR}/${r.id}.md`)].sort());
  });

  test('the generator is deterministic', () => {
    expect(renderRuleDocs()).toEqual(generated);
  });

  test.each(Object.keys(generated))('%s is up to date', (rel) => {
    const file = path.join(ROOT, rel);
    expect(existsSync(file), `${rel} is missing; ${STALE}`).toBe(true);
    expect(readFileSync(file, 'utf8'), `${rel} differs from what scripts/rule-docs.ts generates; ${STALE}`).toBe(generated[rel]);
  });

  test('docs/rules holds no page of a rule that does not exist', () => {
    const pages = readdirSync(path.join(ROOT, RULE_DOCS_DIR)).map((name) => `${RULE_DOCS_DIR}/${name}`);
    expect(pages.filter((p) => generated[p] === undefined), STALE).toEqual([]);
  });

  test('every page shows its rule\'s examples and CIS ids, and RULES.md links it', () => {
    for (const rule of ALL_RULES) {
      const page = generated[`${RULE_DOCS_DIR}/${rule.id}.md`];
      expect(page).toContain(`# ${rule.id}: ${rule.title}`);
      expect(page).toContain('#### Failing example 1');
      for (const cis of rule.cis) expect(page).toContain(cis.replace(/^CIS\s+/, ''));
      expect(generated['RULES.md']).toContain(`[${rule.id}](${RULE_DOCS_DIR}/${rule.id}.md)`);
    }
  });
});
