/**
 * Go's string functions where JavaScript's differ, for values the engine,
 * the Docker client or Terraform (cty) computes with Go:
 * - `unicode.IsSpace`: JS `\s` lacks U+0085 and adds U+FEFF;
 * - `strings.ToUpper`/`ToLower` map each rune by its simple case mapping,
 *   where JS applies full (special) casing (`ß` -> `SS`, `İ` -> `i̇`);
 * - Go compares strings byte-wise in UTF-8 (cty sorts set elements and map
 *   keys that way), JS by UTF-16 code units;
 * - `encoding/json` matches keys by simple case folding (`ſ` matches `s`).
 */

/** unicode.IsSpace. @internal */
export const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

/** strings.TrimSpace. @internal */
export function goTrimSpace(s: string): string {
  return s.replace(TRIM, '');
}

/** Whether a character is unicode.IsSpace. @internal */
export function goIsSpace(c: string): boolean {
  return new RegExp(`^[${GO_SPACE}]$`).test(c);
}

/** One rune through a simple case mapping: JS full mapping when it yields one rune (İ lower-cases to i). */
function simple(cp: string, upper: boolean): string {
  if (!upper && cp === '\u0130') return 'i';
  const mapped = upper ? cp.toUpperCase() : cp.toLowerCase();
  return [...mapped].length === 1 ? mapped : cp;
}

/** strings.ToUpper. @internal */
export function goToUpper(s: string): string {
  return [...s].map((c) => simple(c, true)).join('');
}

/** strings.ToLower. @internal */
export function goToLower(s: string): string {
  return [...s].map((c) => simple(c, false)).join('');
}

/** A key folded as encoding/json matches struct fields (simple folding, so `ſ` and `K` (Kelvin) fold too). @internal */
export function goFold(s: string): string {
  return [...s].map((c) => simple(simple(c, true), false)).join('');
}

/** Byte-wise UTF-8 order, as Go compares strings. @internal */
export function goCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
