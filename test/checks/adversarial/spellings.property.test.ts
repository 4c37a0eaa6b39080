import { TerraformLocal, TerraformStack, TerraformVariable } from 'cdktf';
import * as fc from 'fast-check';
import { check, Fixture, fixture, keyOf, setAttr, withNetwork } from './harness';
import type { ReportFinding } from '../../../lib/checks/report';
import { RUNS, SEED } from '../../fuzz/config';

/**
 * Property tests: the same weak value in every spelling Terraform evaluates to
 * it (fail-closed.md §1, §3) is reported like the plain value.
 *
 * Spellings of a string: whole-value interpolation (with or without blanks
 * inside ${ }), template splits at random positions, HCL unicode escapes inside
 * a quoted expression, %{ } directives (with ~ strip markers), string
 * functions (join, format, replace, lower/upper), a local holding any of these,
 * a variable whose default is the value. Case variations only where the engine
 * is case-insensitive (capability names); never for network/pid/ipc/userns
 * modes, which moby compares exactly.
 *
 * Spellings of a bool: true/"true"/"1"/"${true}"/"${!false}"/"${1 == 1}"/
 * tobool(...)/directives/locals/variables (and the same for false).
 */

/**
 * Runs per row: 60 in `npm test` (HARDENED_FC_RUNS 400), and at nightly size (HARDENED_FC_RUNS 10,000) enough that
 * the rows together try about HARDENED_FC_RUNS spellings.
 */
const ROW_COUNT = 21;
const NUM_RUNS = Math.max(Math.min(RUNS, 60), Math.ceil(RUNS / ROW_COUNT));

/** A spelling: the JSON text, plus how it is introduced (directly, through a local, through a variable default). */
interface Spelling {
  readonly text: unknown;
  readonly via: 'direct' | 'local' | 'variable';
  /** The plain value, for a variable default. */
  readonly plain: unknown;
}

const hclQuote = (s: string) => JSON.stringify(s); // HCL quoted strings take the same escapes for these characters

/** Template spellings of a string value. */
function stringTemplates(v: string, caseInsensitive: boolean): fc.Arbitrary<string> {
  const n = v.length;
  const pos = fc.integer({ min: 0, max: n });
  const options: Array<fc.Arbitrary<string>> = [
    fc.constant(v),
    fc.tuple(fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' ')).map(([a, b]) => `\${${a}${hclQuote(v)}${b}}`),
    // one interpolated slice: v[0..i] ${"v[i..j]"} v[j..]
    fc.tuple(pos, pos).map(([a, b]) => {
      const [i, j] = a <= b ? [a, b] : [b, a];
      return `${v.slice(0, i)}\${${hclQuote(v.slice(i, j))}}${v.slice(j)}`;
    }),
    // every character interpolated on its own, some of them
    fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((picks) => [...v].map((c, k) => (picks[k] ? `\${${hclQuote(c)}}` : c)).join('')),
    // an empty interpolation inserted anywhere
    pos.map((i) => `${v.slice(0, i)}\${""}${v.slice(i)}`),
    // a unicode escape inside a quoted expression
    fc.integer({ min: 0, max: Math.max(0, n - 1) }).map((i) => {
      const u = `\\u${v.charCodeAt(i).toString(16).padStart(4, '0')}`;
      return `\${"${v.slice(0, i).replace(/["\\]/g, '\\$&')}${u}${v.slice(i + 1).replace(/["\\]/g, '\\$&')}"}`;
    }),
    // directives
    fc.constantFrom(
      `%{ if true }${v}%{ endif }`,
      `%{ if false }nope%{ else }${v}%{ endif }`,
      `%{~ if true ~}${v}%{~ endif ~}`,
      `%{ for c in [${hclQuote(v)}] }\${c}%{ endfor }`,
    ),
    // functions
    pos.map((i) => `\${join("", [${hclQuote(v.slice(0, i))}, ${hclQuote(v.slice(i))}])}`),
    pos.map((i) => `\${format("%s%s", ${hclQuote(v.slice(0, i))}, ${hclQuote(v.slice(i))})}`),
    fc.constant(`\${${hclQuote(v)} == "" ? "none" : ${hclQuote(v)}}`),
  ];
  if (v === v.toLowerCase()) options.push(fc.constant(`\${lower(${hclQuote(v.toUpperCase())})}`));
  if (v === v.toUpperCase()) options.push(fc.constant(`\${upper(${hclQuote(v.toLowerCase())})}`));
  if (caseInsensitive) {
    // capability names: any case, with or without the CAP_ prefix (the client upper-cases and prefixes)
    options.push(fc.tuple(fc.array(fc.boolean(), { minLength: n, maxLength: n }), fc.constantFrom('', 'CAP_', 'cap_', 'Cap_'))
      .map(([up, prefix]) => prefix + [...v].map((c, k) => (up[k] ? c.toUpperCase() : c.toLowerCase())).join('')));
  }
  return fc.oneof(...options);
}

/** Spellings of a string value, including locals and variable defaults. */
function stringSpellings(v: string, caseInsensitive = false): fc.Arbitrary<Spelling> {
  const t = stringTemplates(v, caseInsensitive);
  return fc.oneof(
    { weight: 6, arbitrary: t.map((text): Spelling => ({ text, via: 'direct', plain: v })) },
    { weight: 2, arbitrary: t.map((text): Spelling => ({ text, via: 'local', plain: v })) },
    { weight: 1, arbitrary: fc.constant<Spelling>({ text: v, via: 'variable', plain: v }) },
  );
}

/** Spellings of a bool value. */
function boolSpellings(b: boolean): fc.Arbitrary<Spelling> {
  const w = String(b);
  const texts: unknown[] = [
    b, w, b ? '1' : '0', `\${${w}}`, `\${ ${w} }`, `\${"${w}"}`, `\${"${b ? '1' : '0'}"}`, `\${!${String(!b)}}`,
    b ? '${1 == 1}' : '${1 == 2}', `\${tobool("${w}")}`, `${w.slice(0, 2)}\${""}${w.slice(2)}`, `%{ if true }${w}%{ endif }`,
    `\${${w} && true}`, b ? '${length("x") > 0}' : '${length("") > 0}',
  ];
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...texts).map((text): Spelling => ({ text, via: 'direct', plain: b })) },
    { weight: 2, arbitrary: fc.constantFrom(...texts).map((text): Spelling => ({ text, via: 'local', plain: b })) },
    { weight: 1, arbitrary: fc.constant<Spelling>({ text: b, via: 'variable', plain: b }) },
  );
}

/** The value to put into the attribute, introducing the local or variable on the stack. */
function materialise(s: TerraformStack, sp: Spelling): unknown {
  if (sp.via === 'local') return new TerraformLocal(s, 'spelled', sp.text).toString();
  if (sp.via === 'variable') {
    const type = typeof sp.plain === 'boolean' ? 'bool' : 'string';
    return new TerraformVariable(s, 'spelled', { type, default: sp.plain }).value;
  }
  return sp.text;
}

interface Row {
  readonly name: string;
  readonly rules: string[];
  /**
   * Every rule that reads the attribute. A spelling with a %{ } directive, which
   * fail-closed.md does not require the value layer to evaluate, may instead be
   * reported as unverifiable by the most severe of these (fail-closed.md §5).
   */
  readonly readers?: string[];
  readonly spellings: fc.Arbitrary<Spelling>;
  /** Puts the spelled value into the fixture. */
  readonly apply: (s: TerraformStack, f: Fixture, value: unknown) => void;
  /** The compliant counterpart (default: the untouched fixture). */
  readonly baseline?: (s: TerraformStack, f: Fixture) => void;
}

const attr = (name: string) => (_s: TerraformStack, f: Fixture, v: unknown) => setAttr(f.container, name, v);
/** The rules that read security_opts, mounts/volumes sources, network_mode. */
const OPT_READERS = ['HD-C03', 'HD-C04', 'HD-C05', 'HD-C24', 'HD-C31', 'HD-C32'];
const MOUNT_READERS = ['HD-C02', 'HD-C12', 'HD-C13'];
const NETWORK_READERS = ['HD-C11', 'HD-C27', 'HD-C33', 'HD-C26'];

const opt = (_s: TerraformStack, f: Fixture, v: unknown) => setAttr(f.container, 'security_opts', ['no-new-privileges', v]);
const port = (s: TerraformStack, f: Fixture, v: unknown) => {
  withNetwork(s, f);
  setAttr(f.container, 'ports', [{ internal: 8080, external: 18080, ip: v }]);
};

const ROWS: Row[] = [
  { name: 'privileged = true', rules: ['HD-C01'], spellings: boolSpellings(true), apply: attr('privileged') },
  { name: 'read_only = false', rules: ['HD-C07'], spellings: boolSpellings(false), apply: attr('read_only') },
  {
    name: 'publish_all_ports = true',
    rules: ['HD-C14'],
    spellings: boolSpellings(true),
    apply: (s, f, v) => { withNetwork(s, f); setAttr(f.container, 'publish_all_ports', v); },
    baseline: withNetwork,
  },
  ...['network_mode', 'pid_mode', 'ipc_mode', 'userns_mode', 'cgroupns_mode'].map((a): Row => ({
    name: `${a} = "host"`, rules: ['HD-C11'], readers: a === 'network_mode' ? NETWORK_READERS : a === 'ipc_mode' || a === 'pid_mode' ? ['HD-C11', 'HD-C33'] : undefined, spellings: stringSpellings('host'), apply: attr(a),
  })),
  { name: 'user = "0"', rules: ['HD-C06'], spellings: stringSpellings('0'), apply: attr('user') },
  { name: 'user = "root"', rules: ['HD-C06'], spellings: stringSpellings('root'), apply: attr('user') },
  { name: 'user = "0:0"', rules: ['HD-C06'], spellings: stringSpellings('0:0'), apply: attr('user') },
  { name: 'user = "10001:root"', rules: ['HD-C06'], spellings: stringSpellings('10001:root'), apply: attr('user') },
  {
    name: 'capabilities.add = ["SYS_ADMIN"]',
    rules: ['HD-C08'],
    spellings: stringSpellings('SYS_ADMIN', true),
    apply: (_s, f, v) => setAttr(f.container, 'capabilities', { drop: ['ALL'], add: [v] }),
  },
  { name: 'security_opts "seccomp=unconfined"', rules: ['HD-C03'], readers: OPT_READERS, spellings: stringSpellings('seccomp=unconfined'), apply: opt },
  { name: 'security_opts "seccomp:unconfined"', rules: ['HD-C03'], readers: OPT_READERS, spellings: stringSpellings('seccomp:unconfined'), apply: opt },
  { name: 'security_opts "apparmor=unconfined"', rules: ['HD-C04'], readers: OPT_READERS, spellings: stringSpellings('apparmor=unconfined'), apply: opt },
  { name: 'security_opts "label=disable"', rules: ['HD-C24'], readers: OPT_READERS, spellings: stringSpellings('label=disable'), apply: opt },
  { name: 'security_opts "no-new-privileges=false" (replacing no-new-privileges)', rules: ['HD-C05'], readers: OPT_READERS, spellings: stringSpellings('no-new-privileges=false'), apply: (_s, f, v) => setAttr(f.container, 'security_opts', [v]) },
  {
    name: 'ports ip = "0.0.0.0"',
    rules: ['HD-C14'],
    spellings: stringSpellings('0.0.0.0'),
    apply: port,
    baseline: (s, f) => port(s, f, '127.0.0.1'),
  },
  {
    name: 'mounts bind source = "/var/run/docker.sock"',
    rules: ['HD-C02'],
    readers: MOUNT_READERS,
    spellings: stringSpellings('/var/run/docker.sock'),
    apply: (_s, f, v) => setAttr(f.container, 'mounts', [{ type: 'bind', source: v, target: '/s', read_only: true }]),
  },
  {
    name: 'volumes host_path = "/etc"',
    rules: ['HD-C12'],
    readers: MOUNT_READERS,
    spellings: stringSpellings('/etc'),
    apply: (_s, f, v) => setAttr(f.container, 'volumes', [{ host_path: v, container_path: '/h', read_only: true }]),
  },
];

function findings(build: (s: TerraformStack, f: Fixture) => void): ReportFinding[] {
  const { s, f } = fixture();
  build(s, f);
  return check(s);
}

describe(`every spelling of a weak value is reported (property, ${NUM_RUNS} runs per row)`, () => {
  test('the row count used to size the runs is the real one', () => expect(ROWS).toHaveLength(ROW_COUNT));
  test.each(ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    const base = findings((s, f) => row.baseline?.(s, f));
    expect(base.filter((x) => x.level === 'error' && !x.suppressed).map(keyOf), 'baseline must be compliant').toEqual([]);
    const baseKeys = new Set(base.map(keyOf));
    fc.assert(fc.property(row.spellings, (sp) => {
      const weak = findings((s, f) => row.apply(s, f, materialise(s, sp)));
      const accepted = typeof sp.text === 'string' && sp.text.includes('%{') ? [...row.rules, ...(row.readers ?? [])] : row.rules;
      const hit = weak.some((x) => accepted.includes(x.ruleId) && x.level === 'error' && x.suppressed === undefined && !baseKeys.has(keyOf(x)));
      if (!hit) {
        throw new Error(`not reported: ${JSON.stringify(sp)}; new findings: ${JSON.stringify(weak.filter((x) => !baseKeys.has(keyOf(x))).map(keyOf))}`);
      }
    }), { numRuns: NUM_RUNS, seed: SEED });
  });
});
