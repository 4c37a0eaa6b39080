import * as fc from 'fast-check';
import { EV, EvalContext, evaluateTemplate, known, unknown } from '../../../lib/checks/values/expression';
import { RUNS, SEED } from '../../fuzz/config';

/** A context with a few variables, locals and one resource. */
const CTX: EvalContext = {
  variable: (name) => (name === 'on' ? known(true, ['var.on']) : name === 'mode' ? known('host', ['var.mode']) : unknown(`var.${name} has no default`)),
  local: (name) => (name === 'l' ? known({ a: ['x', 'host'] }) : unknown(`local.${name}`)),
  element: (block, type, name, steps) => (type === 'docker_volume' && steps[0] === 'name' ? known('data')
    : { k: 'ref', block, type, name, attribute: steps.join('.') }),
  iterator: (name) => (name === 'each' ? { key: known('k'), value: known('/var/run/docker.sock') } : undefined),
};

const value = (text: string): unknown => {
  const e = evaluateTemplate(text, CTX);
  return e.k === 'known' ? e.v : e.k;
};

describe('templates as Terraform evaluates them (hclsyntax spec, json spec)', () => {
  test.each([
    ['${true}', true], ['${0}', 0], ['${"host"}', 'host'], ['ho${""}st', 'host'], ['${ "host" }', 'host'], ['${"ho"}${"st"}', 'host'],
    ['${"0"}:${"0"}', '0:0'], ['$${x}', '${x}'], ['%%{x}', '%{x}'], ['a$${b}${"c"}', 'a${b}c'], ['${~ "host" ~}', 'host'],
    ['  ${~ "x" ~}  ', 'x'], ['${1 == 1}', true], ['${!false}', true], ['${1 + 2 * 3}', 7], ['${(1 + 2) * 3}', 9],
    ['${true ? "host" : "none"}', 'host'], ['${false || true && false}', false], ['${"a\\u0068b"}', 'ahb'], ['${"\\"q\\""}', '"q"'],
    ['${1e3}', 1000], ['x${1.5}', 'x1.5'], ['x${true}', 'xtrue'], ['${[1, 2][1]}', 2], ['${{a = "host"}.a}', 'host'],
    ['${{a = "host"}["a"]}', 'host'], ['${local.l.a[1]}', 'host'], ['${docker_volume.v.name}', 'data'], ['${ docker_volume.v["name"] }', 'data'],
    ['${each.value}', '/var/run/docker.sock'], ['${"ho${"s"}t"}', 'host'], ['${3 % 2}', 1], ['${-1}', -1], ['${5 >= 5}', true],
  ])('%s is %j', (text, expected) => {
    expect(value(text)).toEqual(expected);
  });

  test.each([
    ['${var.nodefault}', 'unknown'], ['${docker_network.n.id}', 'ref'], ['%{ if true }host%{ endif }', 'unknown'], ['${[for x in [1] : x]}', 'unknown'],
    ['${x.*.y}', 'unknown'], ['${file("p.json")}', 'unknown'], ['${count.index}', 'unknown'], ['${path.module}', 'unknown'],
    ['x${null}', 'unknown'], ['x${[1]}', 'unknown'], ['${unknownfn("a")}', 'unknown'], ['${"a" +}', 'unknown'], ['${', 'unknown'],
  ])('%s is %s', (text, kind) => {
    expect(value(text)).toBe(kind);
  });

  test('a reference between known text keeps the text around it', () => {
    const e = evaluateTemplate('container:${docker_container.db.id}', CTX) as Extract<EV, { k: 'ref' }>;
    expect([e.k, e.prefix, e.suffix, e.type, e.name, e.attribute]).toEqual(['ref', 'container:', '', 'docker_container', 'db', 'id']);
  });

  test('values from variables carry their taint through every operation', () => {
    for (const text of ['${var.on}', '${!var.on}', 'x${var.mode}', '${lower(var.mode)}', '${var.on ? "a" : "b"}', '${[var.mode][0]}']) {
      const e = evaluateTemplate(text, CTX);
      expect(e.k === 'known' && e.taint !== undefined ? 'tainted' : e.k).toBe('tainted');
    }
  });

  test('functions that cdktf Fn emits, on literals', () => {
    expect(value('${lower("HOST")}')).toBe('host');
    expect(value('${tobool("1")}')).toBe(true);
    expect(value('${tonumber("0")}')).toBe(0);
    expect(value('${tostring(0)}')).toBe('0');
    expect(value('${jsonencode({})}')).toBe('{}');
    expect(value('${jsonencode({b = 1, a = [true, null]})}')).toBe('{"a":[true,null],"b":1}');
    expect(value('${jsondecode("{\\"a\\":1}").a}')).toBe(1);
    expect(value('${join("", ["ho", "st"])}')).toBe('host');
    expect(value('${format("%s:%d", "0", 0)}')).toBe('0:0');
    expect(value('${replace("hxst", "x", "o")}')).toBe('host');
    expect(value('${element(["a", "host"], 3)}')).toBe('host');
    expect(value('${lookup({}, "k", "host")}')).toBe('host');
    expect(value('${coalesce("", "host")}')).toBe('host');
    expect(value('${concat(["a"], ["b"])}')).toEqual(['a', 'b']);
    expect(value('${merge({a = 1}, {a = 2})}')).toEqual({ a: 2 });
    expect(value('${base64decode("aG9zdA==")}')).toBe('host');
    expect(value('${trimspace("  host ")}')).toBe('host');
    expect(value('${substr("xhostx", 1, 4)}')).toBe('host');
    expect(value('${upper(join(",", split(":", "a:b")))}')).toBe('A,B');
    expect(value('${replace("host", "/h/", "x")}')).toBe('unknown');
  });

  test(`property: a literal string split into interpolated literals at any points evaluates to itself (${RUNS} runs)`, () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'h', 'o', 's', 't', ':', '/', '0', ' ', '-', '.', 'é'), maxLength: 20 });
    fc.assert(fc.property(text, fc.array(fc.nat(20), { maxLength: 4 }), fc.boolean(), (s, cuts, blanks) => {
      const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
      let out = '';
      let last = 0;
      for (const [i, p] of [...points, s.length].entries()) {
        const piece = s.slice(last, p);
        // alternate: literal text, then an interpolated string literal
        out += i % 2 === 0 ? piece.replace(/\$\{/g, '$${') : `\${${blanks ? ' ' : ''}${JSON.stringify(piece)}${blanks ? ' ' : ''}}`;
        last = p;
      }
      expect(value(out)).toBe(s);
    }), { numRuns: RUNS, seed: SEED });
  });

  test(`property: evaluation never throws, whatever the text (${RUNS} runs)`, () => {
    const pieces = fc.constantFrom('${', '}', '"', '\\', '%{', '$${', '~', '(', ')', '[', ']', '?', ':', 'var.x', 'a', '1', '==', '!', ',', 'lower(', ' ', '\n', '{', '.');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
      expect(() => evaluateTemplate(parts.join(''), CTX)).not.toThrow();
    }), { numRuns: RUNS, seed: SEED });
  });
});
