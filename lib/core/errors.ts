import { IConstruct } from 'constructs';

/**
 * Builds the error every construct in this library throws for bad input.
 *
 * The message always names the construct path, the prop, the offending value
 * and what is allowed, so that a failed synth in a pipeline is actionable
 * without reading our source.
 *
 * @internal
 */
export function invalidProp(scope: IConstruct, prop: string, value: unknown, allowed: string): Error {
  return new Error(`${scope.node.path}: invalid ${prop} ${describeValue(value)}: ${allowed}`);
}

/** @internal */
export function describeValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  // JSON.stringify would print NaN and ±Infinity as null
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
