/**
 * JSON read the way Go's `encoding/json` reads it into a struct, for the
 * documents the engine decodes (seccomp profiles): object keys match struct
 * fields case-insensitively, members are processed in order so a later
 * duplicate replaces an earlier one (or, for a nested struct, is merged into
 * it), and `null` has no effect (pkg.go.dev/encoding/json, func Unmarshal).
 * `JSON.parse` keeps neither duplicates nor the order of keys that differ only
 * in case, so it would read another profile than the engine does.
 *
 * @internal
 */

import { goFold } from '../core/go-strings';

/** A JSON value with every object kept as its list of members, duplicates included. */
export type GoJsonValue = null | boolean | number | string | GoJsonValue[] | GoJsonObject;
/** An object's members in document order. */
export interface GoJsonObject { readonly members: Array<[string, GoJsonValue]> }

export function isGoObject(v: unknown): v is GoJsonObject {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as GoJsonObject).members);
}

/** Parses strict JSON (RFC 8259) keeping every object member; undefined when the text is not JSON. */
export function parseGoJson(text: string): GoJsonValue | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at ${i}`);
  };
  const str = (): string => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
    return JSON.parse(m![0]) as string;
  };
  const value = (depth: number): GoJsonValue => {
    if (depth > 200) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const members: Array<[string, GoJsonValue]> = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { members };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i++] !== ':') fail();
        members.push([k, value(depth + 1)]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i++] !== '}') fail();
        return { members };
      }
    }
    if (c === '[') {
      i++;
      const items: GoJsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return items;
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i++] !== ']') fail();
        return items;
      }
    }
    if (c === '"') return str();
    const lit = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(text.slice(i, i + 400));
    if (!lit) fail();
    i += lit![0].length;
    return JSON.parse(lit![0]) as GoJsonValue;
  };
  try {
    const v = value(0);
    ws();
    return i === text.length ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The occurrences of struct field `name` in an object (or in several objects
 * merged, for a nested struct that appeared more than once), in document
 * order, nulls skipped: the last one is what Go decodes for a scalar or a
 * slice; all of them merge for a struct.
 */
export function goField(objects: GoJsonObject | GoJsonObject[] | undefined, name: string): GoJsonValue[] {
  const list = objects === undefined ? [] : Array.isArray(objects) ? objects : [objects];
  const folded = goFold(name);
  const out: GoJsonValue[] = [];
  for (const o of list) for (const [k, v] of o.members) if (goFold(k) === folded && v !== null) out.push(v);
  return out;
}

/** The value Go decodes into a scalar or slice field: the last non-null occurrence. */
export function goLast(objects: GoJsonObject | GoJsonObject[] | undefined, name: string): GoJsonValue | undefined {
  const all = goField(objects, name);
  return all.length > 0 ? all[all.length - 1] : undefined;
}

/** The occurrences of a nested struct field, to be merged (read further with goField/goLast). */
export function goStruct(objects: GoJsonObject | GoJsonObject[] | undefined, name: string): GoJsonObject[] {
  return goField(objects, name).filter(isGoObject);
}
