/**
 * Terraform built-in functions the checks evaluate on known arguments: the ones
 * cdktf's `Fn` emits for conversions, strings and collections. Any other
 * function (file reads, time, randomness, crypto, provider functions) is
 * UNKNOWN: its value exists only when Terraform runs.
 *
 * @internal
 */
import { formatNumber, setOwn, toBool, toNumber, toTemplateString } from './expression';
import { goCompare, goToLower, goToUpper, goTrimSpace } from '../../core/go-strings';
import { parseGoJson, GoJsonValue, isGoObject } from '../go-json';

/** A function's value, or why there is none: `error` when Terraform itself fails there (try() then moves on). */
type Result = { ok: true; value: unknown } | { ok: false; why: string; error?: boolean };

const ok = (value: unknown): Result => ({ ok: true, value });
/**
 * The checks do not evaluate this call (arguments they do not model, a form of the function they do not implement):
 * not known, and NOT an error — try() must not skip it, or it would judge the fallback Terraform never takes.
 */
const fail = (why: string): Result => ({ ok: false, why });
const notEvaluated = fail;
/** Terraform certainly fails on these arguments: an error, which try() catches. */
const error = (why: string): Result => ({ ok: false, why, error: true });
/** A function parameter of type string: numbers and bools convert as cty converts them; collections do not. */
const S = (v: unknown): string | undefined => toTemplateString(v);

const str = (v: unknown): string | undefined => toTemplateString(v);

/** `jsonencode` as Terraform writes it: compact, keys sorted byte-wise (cty objects have sorted attributes). */
export function jsonEncode(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v === 'number' ? formatNumber(v) : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(',')}]`;
  const keys = Object.keys(v).sort(goCompare);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${jsonEncode((v as { [x: string]: unknown })[k])}`).join(',')}}`;
}

function strings(args: unknown[], name: string): string[] | Result {
  const out: string[] = [];
  for (const a of args) {
    const s = str(a);
    if (s === undefined) return fail(`${name}() of a value that is not a string`);
    out.push(s);
  }
  return out;
}

/** Go fmt verbs Terraform's format() supports, the common ones: %s %d %v %q %%. */
function format(spec: string, args: unknown[]): Result {
  let i = 0;
  let out = '';
  for (let p = 0; p < spec.length; p++) {
    const c = spec[p];
    if (c !== '%') {
      out += c;
      continue;
    }
    const verb = spec[++p];
    if (verb === '%') {
      out += '%';
      continue;
    }
    // flags, widths and the other verbs (%t %x %f %v of collections …) are not modelled: not evaluated, never an error
    if (!['s', 'd', 'v', 'q'].includes(verb)) return fail(`format() verb %${verb ?? ''} is not evaluated`);
    if (i >= args.length) return fail('format() has too few arguments');
    const a = args[i++];
    if (verb === 'd') {
      const n = toNumber(a);
      if (n === undefined || !Number.isInteger(n)) return fail('format() %d of a value that is not an integer');
      out += formatNumber(n);
    } else if (verb === 'q') {
      const s = str(a);
      if (s === undefined) return fail('format() %q of a value that is not a string');
      out += JSON.stringify(s);
    } else {
      const s = str(a);
      if (s === undefined) return fail('format() of a collection is not evaluated');
      out += s;
    }
  }
  return i === args.length ? ok(out) : fail('format() has too many arguments');
}

/** merge(): later maps win, every key an own property ("__proto__" included). */
function mergeOwn(maps: Array<{ [k: string]: unknown }>): { [k: string]: unknown } {
  const out: { [k: string]: unknown } = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) setOwn(out, k, v);
  return out;
}

/** Grapheme clusters, as cty's string functions count characters. */
function graphemes(s: string): string[] {
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].map((x) => x.segment);
}

/**
 * A tuple converted to a list as cty does: every element to one type. Primitives unify to string when any is a
 * string (numbers and bools are written as strings); a mix of numbers and bools, or of primitives and
 * collections, is an error; collections are kept as they are only when all elements are collections.
 */
function unifyList(v: unknown[]): Result {
  const kinds = new Set(v.filter((x) => x !== null).map((x) => (Array.isArray(x) ? 'list' : typeof x === 'object' ? 'object' : typeof x)));
  if (kinds.size <= 1) return ok(v);
  if ([...kinds].every((k) => ['string', 'number', 'boolean'].includes(k))) {
    if (!kinds.has('string')) return error('tolist() of numbers and bools: Terraform finds no common type');
    return ok(v.map((x) => (x === null ? null : toTemplateString(x))));
  }
  return error('tolist() of elements without a common type: Terraform refuses it');
}

/** cty sets: unique, and iterated in order (strings byte-wise, numbers numerically); mixed elements are not evaluated. */
function toSet(v: unknown[]): Result {
  const unique = [...new Map(v.map((x) => [jsonEncode(x), x])).values()];
  if (unique.every((x) => typeof x === 'string')) return ok((unique as string[]).sort(goCompare));
  if (unique.every((x) => typeof x === 'number')) return ok((unique as number[]).sort((a, b) => a - b));
  if (unique.every((x) => typeof x === 'boolean')) return ok((unique as boolean[]).sort((a, b) => Number(a) - Number(b)));
  return notEvaluated('toset() of elements whose set order the checks do not model');
}

function hasDuplicateKeys(v: GoJsonValue): boolean {
  if (Array.isArray(v)) return v.some(hasDuplicateKeys);
  if (!isGoObject(v)) return false;
  const keys = v.members.map(([k]) => k);
  return new Set(keys).size !== keys.length || v.members.some(([, x]) => hasDuplicateKeys(x));
}

const FUNCTIONS: { [name: string]: (args: unknown[]) => Result } = {
  tobool: ([v]) => (v === null ? ok(null) : toBool(v) === undefined ? error('tobool() of a value Terraform rejects') : ok(toBool(v))),
  tonumber: ([v]) => (v === null ? ok(null) : toNumber(v) === undefined ? fail('tonumber() of a value the checks do not convert') : ok(toNumber(v))),
  tostring: ([v]) => (v === null ? ok(null) : str(v) === undefined ? fail('tostring() of a collection') : ok(str(v))),
  tolist: ([v]) => (Array.isArray(v) ? unifyList(v) : fail('tolist() of a value that is not a list')),
  toset: ([v]) => {
    if (!Array.isArray(v)) return fail('toset() of a value that is not a list');
    const unified = unifyList(v);
    return unified.ok ? toSet(unified.value as unknown[]) : unified;
  },
  tomap: ([v]) => (v && typeof v === 'object' && !Array.isArray(v) ? ok(v) : fail('tomap() of a value that is not an object')),
  jsonencode: ([v]) => ok(jsonEncode(v)),
  jsondecode: ([v]) => {
    if (typeof v !== 'string') return fail('jsondecode() of a value that is not a string');
    // cty's JSON decoder refuses duplicate object keys (json/type_implied.go), JSON.parse keeps the last one
    const doc = parseGoJson(v);
    if (doc === undefined || hasDuplicateKeys(doc)) return error('jsondecode() of JSON Terraform refuses (invalid, or duplicate keys)');
    return ok(JSON.parse(v));
  },
  lower: ([v]) => (S(v) !== undefined ? ok(goToLower(S(v)!)) : fail('lower() of a collection')),
  upper: ([v]) => (S(v) !== undefined ? ok(goToUpper(S(v)!)) : fail('upper() of a collection')),
  trimspace: ([v]) => (S(v) !== undefined ? ok(goTrimSpace(S(v)!)) : fail('trimspace() of a collection')),
  // cty chomp removes trailing CR LF, LF and lone CR (stdlib/string.go)
  chomp: ([v]) => (S(v) !== undefined ? ok(S(v)!.replace(/(\r\n|\r|\n)+$/, '')) : fail('chomp() of a collection')),
  trimprefix: ([v, p]) => {
    const [a, b] = [S(v), S(p)];
    return a !== undefined && b !== undefined ? ok(a.startsWith(b) ? a.slice(b.length) : a) : fail('trimprefix() of collections');
  },
  trimsuffix: ([v, p]) => {
    const [a, b] = [S(v), S(p)];
    return a !== undefined && b !== undefined ? ok(b !== '' && a.endsWith(b) ? a.slice(0, -b.length) : a) : fail('trimsuffix() of collections');
  },
  join: ([sep, ...lists]) => {
    const separator = S(sep);
    if (separator === undefined || !lists.every(Array.isArray)) return fail('join() of values that are not lists of strings');
    const parts = strings(lists.flat() as unknown[], 'join');
    return Array.isArray(parts) ? ok(parts.join(separator)) : parts;
  },
  split: ([sep, v]) => {
    const [a, b] = [S(sep), S(v)];
    if (a === undefined || b === undefined) return fail('split() of collections');
    // cty: strings.Split; an empty separator splits after every UTF-8 sequence (rune)
    return ok(a === '' ? [...b] : b.split(a));
  },
  replace: ([v, from, to]: unknown[]) => {
    [v, from, to] = [S(v), S(from), S(to)];
    if (typeof v !== 'string' || typeof from !== 'string' || typeof to !== 'string') return fail('replace() of collections');
    if (from.length > 1 && from.startsWith('/') && from.endsWith('/')) return notEvaluated('replace() with a regular expression is not evaluated');
    // Go strings.Replace with an empty old string inserts the new one before every rune and at the end
    return ok(from === '' ? `${to}${[...v].map((c) => `${c}${to}`).join('')}` : v.split(from).join(to));
  },
  substr: ([v, off, len]: unknown[]) => {
    const o = toNumber(off);
    const l = toNumber(len);
    v = S(v);
    if (typeof v !== 'string' || o === undefined || l === undefined) return fail('substr() of bad arguments');
    // cty counts grapheme clusters (stdlib/string.go, textseg)
    const chars = graphemes(v);
    // negative offsets and zero lengths follow cty corner cases the checks do not model: not evaluated
    if (!Number.isInteger(o) || !Number.isInteger(l) || o < 0 || l === 0 || o > chars.length) return notEvaluated('substr() with offsets the checks do not model');
    return ok(chars.slice(o, l < 0 ? undefined : o + l).join(''));
  },
  format: ([spec, ...args]) => (typeof spec === 'string' ? format(spec, args) : fail('format() of a spec that is not a string')),
  concat: (lists) => (lists.every(Array.isArray) ? ok((lists as unknown[][]).flat()) : fail('concat() of values that are not lists')),
  flatten: ([v]) => (Array.isArray(v) ? ok((v as unknown[]).flat(Infinity)) : fail('flatten() of a value that is not a list')),
  distinct: ([v]) => {
    if (!Array.isArray(v)) return fail('distinct() of a value that is not a list');
    // the argument is converted to a list of one type first ("1" and 1 are then the same)
    const unified = unifyList(v);
    return unified.ok ? ok([...new Map((unified.value as unknown[]).map((x) => [jsonEncode(x), x])).values()]) : unified;
  },
  reverse: ([v]) => (Array.isArray(v) ? ok([...v].reverse()) : fail('reverse() of a value that is not a list')),
  compact: ([v]) => (Array.isArray(v) ? ok(v.filter((x) => x !== null && x !== '')) : fail('compact() of a value that is not a list')),
  element: ([v, i]) => {
    const n = toNumber(i);
    // cty: the index must be a whole number; it wraps around the end
    if (!Array.isArray(v) || n === undefined) return fail('element() of bad arguments');
    return v.length > 0 && Number.isInteger(n) && n >= 0 ? ok(v[n % v.length]) : error('element() of an empty list or with an index that is not a whole number');
  },
  length: ([v]) => (typeof v === 'string' ? ok(graphemes(v).length) : Array.isArray(v) ? ok(v.length)
    : v && typeof v === 'object' ? ok(Object.keys(v).length) : fail('length() of a primitive')),
  lookup: ([m, k, d]) => {
    const key = str(k);
    if (!m || typeof m !== 'object' || Array.isArray(m) || key === undefined) return fail('lookup() of bad arguments');
    if (Object.prototype.hasOwnProperty.call(m, key)) return ok((m as { [x: string]: unknown })[key]);
    return d === undefined ? error(`lookup() finds no key ${key}`) : ok(d);
  },
  merge: (maps) => (maps.every((m) => m === null || (typeof m === 'object' && !Array.isArray(m)))
    ? ok(mergeOwn(maps.filter((m) => m !== null) as Array<{ [k: string]: unknown }>)) : fail('merge() of values that are not objects')),
  keys: ([m]) => (m && typeof m === 'object' && !Array.isArray(m) ? ok(Object.keys(m).sort(goCompare)) : fail('keys() of a value that is not a map')),
  values: ([m]) => (m && typeof m === 'object' && !Array.isArray(m)
    ? ok(Object.keys(m).sort(goCompare).map((k) => (m as { [x: string]: unknown })[k])) : fail('values() of a value that is not a map')),
  coalesce: (args) => {
    const hit = args.find((a) => a !== null && a !== '');
    return hit === undefined ? error('coalesce() with no non-null argument') : ok(hit);
  },
  coalescelist: (args) => {
    const hit = args.find((a) => Array.isArray(a) && a.length > 0);
    return hit === undefined ? fail('coalescelist() with no non-empty list') : ok(hit);
  },
  contains: ([l, v]) => (Array.isArray(l) ? ok(l.some((x) => jsonEncode(x) === jsonEncode(v))) : fail('contains() of a value that is not a list')),
  base64encode: ([v]) => (S(v) !== undefined ? ok(Buffer.from(S(v)!, 'utf8').toString('base64')) : fail('base64encode() of a collection')),
  base64decode: ([v]) => {
    if (typeof v !== 'string') return fail('base64decode() of a value that is not a string');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) return error('base64decode() of a value that is not base64');
    // Terraform refuses a result that is not valid UTF-8 (stdlib encoding.go)
    try {
      return ok(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(v, 'base64')));
    } catch {
      return error('base64decode() of bytes that are not UTF-8: Terraform refuses it');
    }
  },
  min: (args) => (args.every((a) => toNumber(a) !== undefined) && args.length > 0 ? ok(Math.min(...args.map((a) => toNumber(a)!))) : fail('min() of bad arguments')),
  max: (args) => (args.every((a) => toNumber(a) !== undefined) && args.length > 0 ? ok(Math.max(...args.map((a) => toNumber(a)!))) : fail('max() of bad arguments')),
  abs: ([v]) => (toNumber(v) !== undefined ? ok(Math.abs(toNumber(v)!)) : fail('abs() of a value that is not a number')),
  floor: ([v]) => (toNumber(v) !== undefined ? ok(Math.floor(toNumber(v)!)) : fail('floor() of a value that is not a number')),
  ceil: ([v]) => (toNumber(v) !== undefined ? ok(Math.ceil(toNumber(v)!)) : fail('ceil() of a value that is not a number')),
  can: () => notEvaluated('can() is not evaluated'),
  nonsensitive: ([v]) => ok(v),
  sensitive: ([v]) => ok(v),
};

/** Calls a Terraform function on known arguments; unknown for any function the checks do not evaluate. */
export function callFunction(name: string, args: unknown[]): Result {
  const f = FUNCTIONS[name];
  if (!f) return notEvaluated(`the function ${name}() is not evaluated by the checks`);
  try {
    return f(args);
  } catch (e) {
    return notEvaluated(`${name}() could not be evaluated: ${(e as Error).message}`);
  }
}
