import * as fc from 'fast-check';

/**
 * Property-test sizing, shared by every *.property.test.ts: seeded, and sized by
 * HARDENED_FC_RUNS (400 in `npm test`, 10,000 in the nightly `npm run test:fuzz`).
 * A failing case prints its seed and path; re-run it with HARDENED_FC_SEED.
 */
export const RUNS = Number(process.env.HARDENED_FC_RUNS ?? 400);
export const SEED = Number(process.env.HARDENED_FC_SEED ?? 20261122);

/** Mostly absent: a generated prop set with every field present would almost never be valid. */
export function rarely<T>(arb: fc.Arbitrary<T>, weight = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight, arbitrary: arb });
}

/** Mostly valid values, sometimes hostile ones. */
export function mostly<T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

/**
 * Strings that break JSON, shells, HCL templates or naive parsers: quotes,
 * newlines, NUL, unicode (RTL override, combining marks, astral plane), Terraform
 * template sequences, shell metacharacters, very long values.
 */
export const HOSTILE_STRINGS: string[] = [
  '"', '\'', '`', '\\', '\n', '\r\n', '\t', '\u0000', '\u202e', 'e\u0301', '😀', '\ud800',
  '${var.x}', '%{ if true }x%{ endif }', '$${x}', '$(reboot)', '`id`', '; rm -rf /', '| nc x 1', '&& true', '> /etc/passwd',
  '{"a":1}', '</script>', '../../etc/passwd', '--privileged', '-v /:/host', 'a=b', 'a,b', 'a:b', ' ', '',
  'x'.repeat(300), 'é'.repeat(100),
];

/** Arbitrary strings, biased towards the hostile ones above. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('app', 'db', 'web'), fc.constantFrom(...HOSTILE_STRINGS)).map(([a, b]) => `${a}${b}`) },
);

/** The error format every refusal must follow: `<path>: invalid <prop> <value>: <allowed>`. */
export function expectNamedRefusal(e: unknown, path: string): void {
  const message = String((e as Error)?.message ?? e);
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (!new RegExp(`^${escaped}: invalid [A-Za-z][\\w.[\\]()-]* .*: .+`, 's').test(message)) {
    throw new Error(`expected a refusal naming ${path}, the prop, the value and what is allowed; got: ${message}`);
  }
}
