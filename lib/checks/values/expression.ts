/**
 * Terraform's template and expression language, as far as the checks need it:
 * every string in Terraform JSON is a template (hashicorp/hcl json/spec.md,
 * "String values are interpreted as templates"), evaluated before the provider
 * sees it. Whatever this module cannot evaluate exactly comes back UNKNOWN,
 * never as a plausible literal.
 *
 * - A template that is exactly one interpolation yields the value unconverted
 *   (hclsyntax/spec.md, "Template Interpolation Unwrapping": `"${true}"` is the
 *   bool true); otherwise literal parts and interpolated values concatenate as
 *   strings. `$${` and `%%{` are the escapes of literal `${` and `%{`;
 *   `~` strip markers trim the adjacent literal's whitespace.
 * - Expressions: literals, quoted templates, tuples and objects, unary and
 *   binary operators, conditionals, attribute and index access, function calls
 *   (lib/checks/values/functions.ts) and references (var., local., resources,
 *   data sources, dynamic-block iterators) answered by the context.
 * - Template directives (`%{ if }`, `%{ for }`), heredocs, splats and `for`
 *   expressions are not evaluated: UNKNOWN.
 *
 * @internal
 */
import { callFunction, jsonEncode } from './functions';
import { GO_SPACE, goIsSpace } from '../../core/go-strings';

/** The result of evaluating an expression. */
export type EV =
  /** A known value; `taint` lists why it may still differ at plan time (a variable's default). */
  | { readonly k: 'known'; readonly v: unknown; readonly taint?: readonly string[] }
  /** Known only at apply time. */
  /** Known only at apply time, or not evaluated; `error`: Terraform fails here (which try() catches). */
  | { readonly k: 'unknown'; readonly why: string; readonly error?: boolean }
  /** A computed attribute of a resource or data source of the stack. */
  | {
    readonly k: 'ref';
    readonly block: 'resource' | 'data';
    readonly type: string;
    readonly name: string;
    readonly attribute: string;
    /** Known text around the reference in a template (`container:${docker_container.x.id}`). */
    readonly prefix?: string;
    readonly suffix?: string;
  };

/** What references resolve against. */
export interface EvalContext {
  variable(name: string): EV;
  local(name: string): EV;
  /** `<type>.<name>.<steps…>` of a resource (`block = resource`) or data source. */
  element(block: 'resource' | 'data', type: string, name: string, steps: Array<string | number>): EV;
  /** A dynamic block's iterator (`<name>.key`, `<name>.value`), if one is in scope. */
  iterator(name: string): { readonly key: EV; readonly value: EV } | undefined;
}

export const known = (v: unknown, taint?: readonly string[]): EV => (taint && taint.length > 0 ? { k: 'known', v, taint } : { k: 'known', v });
export const unknown = (why: string): EV => ({ k: 'unknown', why });

/**
 * Sets an own property whatever its name: `obj[k] = v` with k = "__proto__" would set the prototype instead, and a
 * Terraform map key "__proto__" would vanish from the value the rules see. @internal
 */
export function setOwn(obj: { [k: string]: unknown }, key: string, value: unknown): void {
  // only "__proto__" is special to assignment; defineProperty for every key costs a tenth of the checks' time
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Taints of several known values, merged. */
export function taintOf(...values: EV[]): string[] | undefined {
  const out = new Set<string>();
  for (const e of values) if (e.k === 'known') for (const t of e.taint ?? []) out.add(t);
  return out.size > 0 ? [...out].sort() : undefined;
}

class Unsupported extends Error {}

type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'tmpl'; parts: Array<string | Node> ; single: boolean }
  | { t: 'trav'; root: string; steps: Array<string | Node> }
  | { t: 'get'; of: Node; steps: Array<string | Node> }
  | { t: 'call'; name: string; args: Node[]; expand: boolean }
  | { t: 'tuple'; items: Node[] }
  | { t: 'object'; entries: Array<[Node, Node]> }
  | { t: 'unary'; op: string; x: Node }
  | { t: 'binary'; op: string; l: Node; r: Node }
  | { t: 'cond'; c: Node; a: Node; b: Node };

const BINARY: Array<string[]> = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

class Parser {
  public pos = 0;
  public constructor(private readonly src: string) {}

  /** A whole template (a JSON string value). */
  public template(): Node {
    const node = this.templateUntil(undefined);
    if (this.pos !== this.src.length) throw new Unsupported('trailing text');
    return node;
  }

  /** Parses template text up to `end` (a closing quote) or the end of input. */
  private templateUntil(end: '"' | undefined): Node {
    const parts: Array<string | Node> = [];
    let text = '';
    let stripNext = false;
    let interpolations = 0;
    const flush = () => {
      if (text !== '') parts.push(text);
      text = '';
    };
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (end && c === end) break;
      if (end === '"' && c === '\\') {
        text += this.escape();
        continue;
      }
      if (end === '"' && c === '\n') throw new Unsupported('newline in a quoted string');
      if (c === '$' && s.startsWith('$${', this.pos)) {
        text += '${';
        this.pos += 3;
        continue;
      }
      if (c === '%' && s.startsWith('%%{', this.pos)) {
        text += '%{';
        this.pos += 3;
        continue;
      }
      if (c === '%' && s[this.pos + 1] === '{') throw new Unsupported('template directive');
      if (c === '$' && s[this.pos + 1] === '{') {
        this.pos += 2;
        if (s[this.pos] === '~') {
          this.pos++;
          text = text.replace(new RegExp(`[${GO_SPACE}]+$`), '');
        }
        flush();
        const expr = this.expression();
        this.ws();
        if (s[this.pos] === '~') {
          this.pos++;
          stripNext = true;
        }
        if (s[this.pos] !== '}') throw new Unsupported('unterminated interpolation');
        this.pos++;
        parts.push(expr);
        interpolations++;
        continue;
      }
      if (stripNext) {
        if (goIsSpace(c)) {
          this.pos++;
          continue;
        }
        stripNext = false;
      }
      text += c;
      this.pos++;
    }
    flush();
    // hclsyntax "Template Interpolation Unwrapping": a template of exactly one interpolation and nothing else
    const single = parts.length === 1 && interpolations === 1 && typeof parts[0] !== 'string';
    return { t: 'tmpl', parts, single };
  }

  private escape(): string {
    const s = this.src;
    const n = s[this.pos + 1];
    const simple: { [k: string]: string } = { 'n': '\n', 'r': '\r', 't': '\t', '"': '"', '\\': '\\' };
    if (n in simple) {
      this.pos += 2;
      return simple[n];
    }
    if (n === 'u' || n === 'U') {
      const len = n === 'u' ? 4 : 8;
      const hex = s.slice(this.pos + 2, this.pos + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new Unsupported('bad escape');
      this.pos += 2 + len;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    throw new Unsupported('bad escape');
  }

  private ws(): void {
    const s = this.src;
    for (;;) {
      while (this.pos < s.length && /\s/.test(s[this.pos])) this.pos++;
      if (s.startsWith('#', this.pos) || s.startsWith('//', this.pos)) {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (s.startsWith('/*', this.pos)) {
        const close = s.indexOf('*/', this.pos + 2);
        if (close < 0) throw new Unsupported('unterminated comment');
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  private peek(tok: string): boolean {
    this.ws();
    return this.src.startsWith(tok, this.pos);
  }

  private eat(tok: string): boolean {
    if (!this.peek(tok)) return false;
    this.pos += tok.length;
    return true;
  }

  private expect(tok: string): void {
    if (!this.eat(tok)) throw new Unsupported(`expected ${tok}`);
  }

  public expression(): Node {
    const c = this.binary(0);
    if (this.peek('?')) {
      this.pos++;
      const a = this.expression();
      this.expect(':');
      const b = this.expression();
      return { t: 'cond', c, a, b };
    }
    return c;
  }

  private binary(level: number): Node {
    if (level >= BINARY.length) return this.unary();
    let l = this.binary(level + 1);
    for (;;) {
      this.ws();
      const op = BINARY[level].find((o) => this.src.startsWith(o, this.pos) && !(o === '<' && this.src[this.pos + 1] === '<'));
      if (!op) return l;
      // `=>` is no operator (for-expressions), `==` is
      if (op === '>' && this.src[this.pos - 1] === '=') return l;
      this.pos += op.length;
      l = { t: 'binary', op, l, r: this.binary(level + 1) };
    }
  }

  private unary(): Node {
    if (this.eat('!')) return { t: 'unary', op: '!', x: this.unary() };
    if (this.peek('-') && !/[0-9]/.test(this.src[this.pos + 1] ?? '')) {
      this.pos++;
      return { t: 'unary', op: '-', x: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    const steps: Array<string | Node> = [];
    for (;;) {
      this.ws();
      const s = this.src;
      if (s[this.pos] === '.' && !/[0-9]/.test(s[this.pos + 1] ?? '')) {
        this.pos++;
        if (s[this.pos] === '*') throw new Unsupported('splat');
        steps.push(this.identifier());
      } else if (s[this.pos] === '.' && /[0-9]/.test(s[this.pos + 1] ?? '')) {
        // legacy index syntax: a.0
        this.pos++;
        const m = /^[0-9]+/.exec(s.slice(this.pos))!;
        this.pos += m[0].length;
        steps.push({ t: 'lit', v: Number(m[0]) });
      } else if (s[this.pos] === '[') {
        this.pos++;
        if (this.peek('*')) throw new Unsupported('splat');
        steps.push(this.expression());
        this.expect(']');
      } else {
        break;
      }
    }
    if (steps.length === 0) return node;
    if (node.t === 'trav') return { t: 'trav', root: node.root, steps: [...node.steps, ...steps] };
    return { t: 'get', of: node, steps };
  }

  private identifier(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos, this.pos + 256));
    if (!m) throw new Unsupported('expected an identifier');
    this.pos += m[0].length;
    return m[0];
  }

  private primary(): Node {
    this.ws();
    const s = this.src;
    const c = s[this.pos];
    if (c === undefined) throw new Unsupported('unexpected end');
    if (c === '(') {
      this.pos++;
      const e = this.expression();
      this.expect(')');
      return e;
    }
    if (c === '"') {
      this.pos++;
      const t = this.templateUntil('"');
      if (s[this.pos] !== '"') throw new Unsupported('unterminated string');
      this.pos++;
      // a quoted template that is one interpolation is unwrapped too (hclsyntax spec, Template Interpolation Unwrapping)
      return t;
    }
    if (c === '<' && s.startsWith('<<', this.pos)) throw new Unsupported('heredoc');
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(s[this.pos + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(s.slice(this.pos))!;
      this.pos += m[0].length;
      // cty numbers are exact: a literal a double cannot hold exactly is not evaluated
      if (!exactNumber(m[0])) throw new Unsupported(`the number ${m[0]} is beyond what the checks represent exactly`);
      return { t: 'lit', v: Number(m[0]) };
    }
    if (c === '[') {
      this.pos++;
      if (this.peekKeyword('for')) throw new Unsupported('for expression');
      const items: Node[] = [];
      while (!this.eat(']')) {
        items.push(this.expression());
        if (!this.eat(',') && !this.peek(']')) throw new Unsupported('expected , or ]');
      }
      return { t: 'tuple', items };
    }
    if (c === '{') {
      this.pos++;
      if (this.peekKeyword('for')) throw new Unsupported('for expression');
      const entries: Array<[Node, Node]> = [];
      while (!this.eat('}')) {
        const keyNode = this.expression();
        // a bare identifier key is the string itself, not a reference
        const key: Node = keyNode.t === 'trav' && keyNode.steps.length === 0 ? { t: 'lit', v: keyNode.root } : keyNode;
        if (!this.eat('=') && !this.eat(':')) throw new Unsupported('expected = or :');
        entries.push([key, this.expression()]);
        this.eat(',');
      }
      return { t: 'object', entries };
    }
    const id = this.identifier();
    if (id === 'true' || id === 'false') return { t: 'lit', v: id === 'true' };
    if (id === 'null') return { t: 'lit', v: null };
    if (this.peek('(')) {
      this.pos++;
      const args: Node[] = [];
      let expand = false;
      // provider-defined functions (provider::x::f) never reach here: `::` fails the identifier rule
      while (!this.eat(')')) {
        args.push(this.expression());
        if (this.eat('...')) expand = true;
        if (!this.eat(',') && !this.peek(')')) throw new Unsupported('expected , or )');
      }
      return { t: 'call', name: id, args, expand };
    }
    if (this.src.startsWith('::', this.pos)) throw new Unsupported('provider function');
    return { t: 'trav', root: id, steps: [] };
  }

  private peekKeyword(word: string): boolean {
    this.ws();
    return new RegExp(`^${word}\\s`).test(this.src.slice(this.pos, this.pos + word.length + 1));
  }
}

/** Whether a string contains anything Terraform evaluates (an unescaped `${` or `%{`). */
export function isTemplate(text: string): boolean {
  return /(^|[^$])\$\{|(^|[^%])%\{/.test(text.replace(/\$\$\{|%%\{/g, ''));
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** cty normalizes every string to NFC when it makes a value (cty.StringVal), map keys included. */
function nfc(v: unknown): unknown {
  // ASCII is NFC already
  if (typeof v === 'string') return ASCII.test(v) ? v : v.normalize('NFC');
  if (Array.isArray(v)) return v.map(nfc);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.normalize('NFC'), nfc(x)]));
  return v;
}

/** Parses and evaluates a JSON string as Terraform will. */
export function evaluateTemplate(text: string, ctx: EvalContext): EV {
  const e = evaluateTemplateRaw(text, ctx);
  return e.k === 'known' ? known(nfc(e.v), e.taint) : e;
}

/**
 * Parsed templates by text: a stack repeats the same templates (`${docker_image.x.image_id}` in every container of an
 * image), and parse trees are never modified. Bounded: cleared when full.
 */
const PARSED = new Map<string, Node | Unsupported>();
const MAX_PARSED = 20000;

function evaluateTemplateRaw(text: string, ctx: EvalContext): EV {
  if (!text.includes('{')) return known(text);
  let node = PARSED.get(text);
  if (node === undefined) {
    try {
      node = new Parser(text).template();
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      node = e;
    }
    if (PARSED.size >= MAX_PARSED) PARSED.clear();
    PARSED.set(text, node);
  }
  if (node instanceof Unsupported) return unknown(`the value layer does not evaluate this template (${node.message})`);
  return evalNode(node, ctx, 0);
}

/** Parses and evaluates a bare expression (a `for_each` in HCL form, …). */
export function evaluateExpression(text: string, ctx: EvalContext): EV {
  try {
    const p = new Parser(text);
    const node = p.expression();
    return evalNode(node, ctx, 0);
  } catch (e) {
    if (e instanceof Unsupported) return unknown(`the value layer does not evaluate this expression (${e.message})`);
    throw e;
  }
}

const MAX_DEPTH = 200;

function evalNode(n: Node, ctx: EvalContext, depth: number): EV {
  if (depth > MAX_DEPTH) return unknown('the expression nests too deeply');
  const ev = (x: Node) => evalNode(x, ctx, depth + 1);
  switch (n.t) {
    case 'lit':
      return known(n.v);
    case 'tmpl': {
      if (n.single) return ev(n.parts[0] as Node);
      let out = '';
      const values: EV[] = [];
      const evaluated = n.parts.map((p) => (typeof p === 'string' ? p : ev(p)));
      const refs = evaluated.filter((p): p is EV => typeof p !== 'string' && p.k === 'ref');
      // one reference between known text: still a reference, with the text around it (`container:${docker_container.x.id}`)
      if (refs.length === 1 && evaluated.every((p) => typeof p === 'string' || p.k === 'ref' || (p.k === 'known' && !p.taint && toTemplateString(p.v) !== undefined))) {
        const at = evaluated.indexOf(refs[0]);
        const text = (parts: Array<string | EV>) => parts.map((p) => (typeof p === 'string' ? p : toTemplateString((p as { v: unknown }).v))).join('');
        const r = refs[0] as Extract<EV, { k: 'ref' }>;
        if (!r.prefix && !r.suffix) return { ...r, prefix: text(evaluated.slice(0, at)), suffix: text(evaluated.slice(at + 1)) };
      }
      for (const v of evaluated) {
        if (typeof v === 'string') {
          out += v;
          continue;
        }
        if (v.k !== 'known') return v.k === 'unknown' ? v : unknown(`${refText(v)} is known only at apply time`);
        const text = toTemplateString(v.v);
        if (text === undefined) return unknown(`Terraform cannot interpolate a ${typeName(v.v)} into a string`);
        out += text;
        values.push(v);
      }
      return known(out, taintOf(...values));
    }
    case 'trav':
      return evalTraversal(n.root, n.steps.map((s) => (typeof s === 'string' ? s : ev(s))), ctx);
    case 'get': {
      let v = ev(n.of);
      for (const s of n.steps) v = step(v, typeof s === 'string' ? known(s) : ev(s));
      return v;
    }
    case 'call': {
      if (n.name === 'try' && !n.expand) {
        // try(): the first argument that Terraform evaluates without an error; one not known before apply is not known
        for (const arg of n.args) {
          const v = ev(arg);
          if (v.k === 'unknown' && v.error) continue;
          return v;
        }
        return { k: 'unknown', why: 'every argument of try() fails', error: true };
      }
      const args = n.args.map(ev);
      const bad = args.find((a) => a.k !== 'known');
      if (bad) return bad.k === 'unknown' ? bad : unknown(`${refText(bad)} is known only at apply time`);
      let values = args.map((a) => (a as { v: unknown }).v);
      if (n.expand) {
        const last = values[values.length - 1];
        if (!Array.isArray(last)) return unknown(`${n.name}(…) expands a value that is not a list`);
        values = [...values.slice(0, -1), ...last];
      }
      const r = callFunction(n.name, values);
      return r.ok ? known(r.value, taintOf(...args)) : { k: 'unknown', why: r.why, ...(r.error ? { error: true } : {}) };
    }
    case 'tuple': {
      const items = n.items.map(ev);
      const bad = items.find((a) => a.k !== 'known');
      if (bad) return bad.k === 'unknown' ? bad : unknown(`${refText(bad)} is known only at apply time`);
      return known(items.map((i) => (i as { v: unknown }).v), taintOf(...items));
    }
    case 'object': {
      const out: { [k: string]: unknown } = {};
      const all: EV[] = [];
      for (const [kn, vn] of n.entries) {
        const k = ev(kn);
        const v = ev(vn);
        for (const x of [k, v]) if (x.k !== 'known') return x.k === 'unknown' ? x : unknown(`${refText(x)} is known only at apply time`);
        const key = toTemplateString((k as { v: unknown }).v);
        if (key === undefined) return unknown('an object key that is not a string');
        setOwn(out, key, (v as { v: unknown }).v);
        all.push(k, v);
      }
      return known(out, taintOf(...all));
    }
    case 'unary': {
      const x = ev(n.x);
      if (x.k !== 'known') return x.k === 'unknown' ? x : unknown(`${refText(x)} is known only at apply time`);
      if (n.op === '!') {
        const b = toBool(x.v);
        return b === undefined ? unknown('! of a value that is not a bool') : known(!b, x.taint);
      }
      const num = toNumber(x.v);
      return num === undefined ? unknown('- of a value that is not a number') : known(-num, x.taint);
    }
    case 'binary':
      return evalBinary(n.op, ev(n.l), () => ev(n.r));
    case 'cond': {
      const c = ev(n.c);
      if (c.k !== 'known') return c.k === 'unknown' ? c : unknown(`${refText(c)} is known only at apply time`);
      const b = toBool(c.v);
      if (b === undefined) return unknown('a condition that is not a bool');
      // HCL types a conditional by both results: results without a common type are an error, whatever the condition
      const [a, other] = b ? [ev(n.a), ev(n.b)] : [ev(n.b), ev(n.a)];
      if (a.k !== 'known') return a;
      if (other.k !== 'known') return unknown('the other result of the conditional is not known, so neither is its type');
      const shape = (v: unknown) => (Array.isArray(v) ? 'list' : v !== null && typeof v === 'object' ? 'object' : v === null ? 'null' : 'primitive');
      const shapes = new Set([shape(a.v), shape(other.v)]);
      shapes.delete('null');
      if (shapes.size > 1) return { k: 'unknown', why: 'the two results of the conditional have no common type: Terraform refuses it', error: true };
      // primitives of different types: a string and a number or bool unify to string; a number and a bool do not
      let value = a.v;
      if (shape(a.v) === 'primitive' && shape(other.v) === 'primitive' && typeof a.v !== typeof other.v) {
        if (typeof a.v !== 'string' && typeof other.v !== 'string') return { k: 'unknown', why: 'the two results of the conditional have no common type', error: true };
        value = toTemplateString(a.v);
      }
      return known(value, taintOf(c, a));
    }
  }
}

function evalBinary(op: string, l: EV, rightOf: () => EV): EV {
  const r = rightOf();
  for (const x of [l, r]) if (x.k !== 'known') return x.k === 'unknown' ? x : unknown(`${refText(x)} is known only at apply time`);
  const a = (l as { v: unknown }).v;
  const b = (r as { v: unknown }).v;
  const taint = taintOf(l, r);
  if (op === '==' || op === '!=') {
    // cty equality: same type and value. Collections carry types the checks do not model (a list is never equal to a
    // tuple, a map to an object): not evaluated. Primitives of different types are never equal.
    if ((a !== null && typeof a === 'object') || (b !== null && typeof b === 'object')) return unknown(`${op} of collections is not evaluated`);
    const eq = jsonEncode(a) === jsonEncode(b);
    return known(op === '==' ? eq : !eq, taint);
  }
  if (op === '&&' || op === '||') {
    const x = toBool(a);
    const y = toBool(b);
    if (x === undefined || y === undefined) return unknown(`${op} of values that are not bools`);
    return known(op === '&&' ? x && y : x || y, taint);
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === undefined || y === undefined) return unknown(`${op} of values that are not numbers`);
  const result: { [o: string]: () => number | boolean } = {
    '+': () => x + y,
    '-': () => x - y,
    '*': () => x * y,
    '/': () => x / y,
    '%': () => x % y,
    '<': () => x < y,
    '>': () => x > y,
    '<=': () => x <= y,
    '>=': () => x >= y,
  };
  // cty numbers are exact big floats: JS doubles agree only on safe integers
  if (![x, y].every(Number.isSafeInteger)) return unknown(`${op} of numbers that are not safe integers is not evaluated exactly`);
  const v = result[op]();
  if (typeof v === 'number' && !Number.isSafeInteger(v)) return unknown(`${op} gives a number the checks cannot represent exactly`);
  return known(v, taint);
}

function evalTraversal(root: string, steps: Array<string | EV>, ctx: EvalContext): EV {
  const name = (i: number): string | undefined => {
    const s = steps[i];
    return typeof s === 'string' ? s : undefined;
  };
  const rest = (from: number): EV[] => steps.slice(from).map((s) => (typeof s === 'string' ? known(s) : s));
  const walk = (v: EV, from: number) => rest(from).reduce(step, v);
  if (root === 'var' && name(0)) return walk(ctx.variable(name(0)!), 1);
  if (root === 'local' && name(0)) return walk(ctx.local(name(0)!), 1);
  const it = ctx.iterator(root);
  if (it && (name(0) === 'key' || name(0) === 'value')) return walk(name(0) === 'key' ? it.key : it.value, 1);
  if (root === 'data' && name(0) && name(1)) return elementRef(ctx, 'data', name(0)!, name(1)!, rest(2));
  if (['count', 'each', 'self', 'path', 'terraform', 'module'].includes(root)) {
    return unknown(`${root}.${name(0) ?? '…'} is known only at plan or apply time`);
  }
  if (name(0)) return elementRef(ctx, 'resource', root, name(0)!, rest(1));
  return unknown(`${root} is not a reference the checks can follow`);
}

function elementRef(ctx: EvalContext, block: 'resource' | 'data', type: string, name: string, steps: EV[]): EV {
  const keys: Array<string | number> = [];
  for (const s of steps) {
    if (s.k !== 'known') return s.k === 'unknown' ? s : unknown(`${refText(s)} is known only at apply time`);
    if (typeof s.v !== 'string' && typeof s.v !== 'number') return unknown('an index that is not a string or number');
    keys.push(s.v);
  }
  return ctx.element(block, type, name, keys);
}

function step(v: EV, key: EV): EV {
  if (v.k !== 'known') return v;
  if (key.k !== 'known') return key.k === 'unknown' ? key : unknown(`${refText(key)} is known only at apply time`);
  const container = v.v;
  const k = key.v;
  let out: unknown;
  if (Array.isArray(container)) {
    const i = toNumber(k);
    if (i === undefined || !Number.isInteger(i) || i < 0 || i >= container.length) return { k: 'unknown', why: `index ${String(k)} is out of range`, error: true };
    out = container[i];
  } else if (container && typeof container === 'object') {
    const kk = toTemplateString(k);
    if (kk === undefined || !Object.prototype.hasOwnProperty.call(container, kk)) return { k: 'unknown', why: `no attribute ${String(k)}`, error: true };
    out = (container as { [x: string]: unknown })[kk];
  } else {
    return unknown(`cannot index a ${typeName(container)}`);
  }
  return known(out, taintOf(v, key));
}

/** The address a reference EV points at, for messages. */
export function refText(e: EV): string {
  return e.k === 'ref' ? `${e.block === 'data' ? 'data.' : ''}${e.type}.${e.name}.${e.attribute}` : '';
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** How Terraform renders a primitive inside a string template; undefined for null and collections (an error there). */
export function toTemplateString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  return undefined;
}

/** cty renders numbers without exponent or trailing zeros. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

/**
 * go-cty's string-to-bool conversion (convert/conversion_primitive.go): "true"
 * and "1" are true, "false" and "0" false; any other string is an error.
 */
export function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/** go-cty's string-to-number conversion: a decimal number (cty.ParseNumberVal). */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(v) && exactNumber(v)) return Number(v);
  return undefined;
}

/** Whether a decimal literal is held exactly enough by a double: integers must be safe, other numbers short. */
function exactNumber(text: string): boolean {
  const n = Number(text);
  if (!Number.isFinite(n)) return false;
  if (Number.isInteger(n)) return Number.isSafeInteger(n);
  return text.replace(/[^0-9]/g, '').replace(/^0+/, '').length <= 15;
}
