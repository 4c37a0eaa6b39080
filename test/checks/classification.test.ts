import { probeRuleReads } from './probe';
import { Classification, SCHEMA_CLASSIFICATION } from './schema-classification';
import { ALL_RULES } from '../../lib/checks/rules';
import { AttrType, BlockSchema, PROVIDER_SCHEMA } from '../../lib/checks/values/provider-schema';

/**
 * lib/checks/schema-classification.ts against the provider 3.6.2 schema and
 * against what the rules actually read (the dynamic probe of ./probe.ts, a
 * lower bound): every leaf attribute of every type is classified, nothing else
 * is, and every read the probe sees is listed.
 */

/** The block inside an attribute type, if any (a block, or a list or map of one). */
function blockOf(type: AttrType): BlockSchema | undefined {
  if (typeof type === 'string') return undefined;
  if ('block' in type) return type.block;
  if ('list' in type) return blockOf(type.list);
  return blockOf(type.map);
}

/** Leaf attribute paths of a block: nested block attributes joined with '.', no indices. */
function leaves(schema: BlockSchema, prefix = ''): string[] {
  return Object.entries(schema).flatMap(([name, type]) => {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const block = blockOf(type);
    return block ? leaves(block, path) : [path];
  });
}

/** Type name (as the probe and the checks spell it) -> its leaf paths. */
const SCHEMA_LEAVES: { [type: string]: string[] } = {
  'provider.docker': leaves(PROVIDER_SCHEMA.provider),
  ...Object.fromEntries(Object.entries(PROVIDER_SCHEMA.resources).map(([t, s]) => [t, leaves(s)])),
  ...Object.fromEntries(Object.entries(PROVIDER_SCHEMA.data).map(([t, s]) => [`data.${t}`, leaves(s)])),
};

const isRules = (c: Classification): c is { readonly rules: readonly string[] } => 'rules' in c;

const entries = Object.entries(SCHEMA_CLASSIFICATION).flatMap(([type, paths]) =>
  Object.entries(paths).map(([path, c]) => ({ type, path, c })));

describe('schema classification', () => {
  test('every leaf attribute of every provider 3.6.2 type is classified, and nothing else is', () => {
    const missing: string[] = [];
    for (const [type, paths] of Object.entries(SCHEMA_LEAVES)) {
      for (const path of paths) if (!SCHEMA_CLASSIFICATION[type]?.[path]) missing.push(`${type} ${path}`);
    }
    const extra = entries.filter(({ type, path }) => !SCHEMA_LEAVES[type]?.includes(path)).map(({ type, path }) => `${type} ${path}`);
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
    expect(Object.keys(SCHEMA_CLASSIFICATION).sort()).toEqual(Object.keys(SCHEMA_LEAVES).sort());
  });

  test('every attribute the probe sees a rule read is classified as read by that rule', () => {
    const reads = probeRuleReads();
    const wrong: string[] = [];
    let seen = 0;
    for (const [type, paths] of Object.entries(reads)) {
      for (const [path, ruleIds] of Object.entries(paths)) {
        seen++;
        const c = SCHEMA_CLASSIFICATION[type]?.[path];
        if (!c) {
          wrong.push(`${type} ${path}: read by ${[...ruleIds].sort().join(', ')} but not classified`);
        } else if (!isRules(c)) {
          wrong.push(`${type} ${path}: read by ${[...ruleIds].sort().join(', ')} but classified harmless ("${c.harmless}")`);
        } else {
          const absent = [...ruleIds].filter((id) => !c.rules.includes(id)).sort();
          if (absent.length > 0) wrong.push(`${type} ${path}: read by ${absent.join(', ')}, which the table does not list`);
        }
      }
    }
    expect(seen).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  test('every rule id in the table is a rule, and a read attribute names at least one', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    const unknown = entries.filter(({ c }) => isRules(c) && c.rules.some((id) => !ids.has(id)))
      .map(({ type, path, c }) => `${type} ${path}: ${(c as { rules: readonly string[] }).rules.filter((id) => !ids.has(id)).join(', ')}`);
    const empty = entries.filter(({ c }) => isRules(c) && c.rules.length === 0).map(({ type, path }) => `${type} ${path}`);
    expect(unknown).toEqual([]);
    expect(empty).toEqual([]);
  });

  test('every harmless reason is one short line, and none is UNCLASSIFIED', () => {
    const harmless = entries.filter(({ c }) => !isRules(c)) as Array<{ type: string; path: string; c: { harmless: string } }>;
    const bad = harmless.filter(({ c }) => c.harmless.trim() === '' || c.harmless.includes('\n') || c.harmless.length > 120)
      .map(({ type, path }) => `${type} ${path}`);
    expect(bad).toEqual([]);
    const unclassified = harmless.filter(({ c }) => c.harmless.startsWith('UNCLASSIFIED')).map(({ type, path, c }) => `${type} ${path}: ${c.harmless}`);
    expect(unclassified).toEqual([]);
  });

  test('counts add up', () => {
    const types = Object.keys(SCHEMA_CLASSIFICATION).length;
    const schemaLeaves = Object.values(SCHEMA_LEAVES).reduce((n, paths) => n + paths.length, 0);
    const readByRules = entries.filter(({ c }) => isRules(c)).length;
    const harmless = entries.filter(({ c }) => !isRules(c)).length;
    const unclassified = entries.filter(({ c }) => !isRules(c) && c.harmless.startsWith('UNCLASSIFIED')).length;
    console.log(`schema classification: ${types} types, ${entries.length} leaf attributes: ${readByRules} read by rules, ` +
      `${harmless} harmless (${unclassified} of them UNCLASSIFIED)`);
    expect(types).toBe(Object.keys(PROVIDER_SCHEMA.resources).length + Object.keys(PROVIDER_SCHEMA.data).length + 1);
    expect(entries.length).toBe(schemaLeaves);
    expect(readByRules + harmless).toBe(entries.length);
  });
});
