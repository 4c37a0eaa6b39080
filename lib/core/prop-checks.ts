import { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import { checkAbsolutePath, isSameOrBelow, RESERVED_CONTAINER_PATHS } from './paths';
import { CARRIABLE_TEXT, escapeTemplate, isCarriableText, requireLiteral } from './tokens';
import { ALLOWED_CAPABILITIES, Capability } from '../container/capability';

/**
 * Prop checks HardenedContainer and HardenedService share: the same input fails the same way, with
 * `<path>: invalid <prop> <value>: <what is allowed>`.
 */

/** An argv (entrypoint, command): literal strings Terraform carries unchanged, with `${`/`%{` escaped. @internal */
export function checkArgv(scope: IConstruct, prop: string, argv: string[] | undefined): string[] | undefined {
  requireLiteral(scope, prop, argv);
  if (argv === undefined) return undefined;
  if (!Array.isArray(argv) || !argv.every(isCarriableText)) {
    throw invalidProp(scope, prop, argv, `expected a list of strings, each ${CARRIABLE_TEXT}`);
  }
  return argv.map(escapeTemplate);
}

/** A literal integer from `min` to `max`. @internal */
export function checkInteger(scope: IConstruct, prop: string, value: number | undefined, min: number, max: number): void {
  requireLiteral(scope, prop, value);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidProp(scope, prop, value, `expected an integer from ${min} to ${max}`);
  }
}

/**
 * An absolute, normalised path inside the container that is not `/` and does not lie in a path the runtime manages
 * (`/proc`, `/sys`, `/dev`, and the `extraReserved` ones).
 *
 * @internal
 */
export function checkContainerPath(scope: IConstruct, prop: string, path: string, extraReserved: string[] = []): void {
  requireLiteral(scope, prop, path);
  const problem = checkAbsolutePath(path);
  if (problem) throw invalidProp(scope, prop, path, problem);
  const reserved = [...RESERVED_CONTAINER_PATHS, ...extraReserved];
  if (path === '/' || reserved.some((r) => isSameOrBelow(path, r))) {
    throw invalidProp(scope, prop, path, `must not be "/" or lie in ${reserved.join(', ')}, which the runtime manages`);
  }
}

/**
 * Capabilities to add back after dropping ALL: members of the Capability enum (no host-level ones), each once.
 * Returns them as given, in order; the caller records the opt-out they need.
 *
 * @internal
 */
export function checkAddedCapabilities(scope: IConstruct, caps: Capability[]): string[] {
  requireLiteral(scope, 'capabilities', caps);
  if (!Array.isArray(caps)) throw invalidProp(scope, 'capabilities', caps, 'expected a list of Capability');
  const seen = new Set<string>();
  for (const [i, cap] of caps.entries()) {
    if (!ALLOWED_CAPABILITIES.includes(cap)) {
      throw invalidProp(scope, `capabilities[${i}]`, cap,
        `expected one of the Capability enum (${ALLOWED_CAPABILITIES.join(', ')}); host-level capabilities such as CAP_SYS_ADMIN cannot be added`);
    }
    if (seen.has(cap)) throw invalidProp(scope, `capabilities[${i}]`, cap, 'each capability may be listed once');
    seen.add(cap);
  }
  return [...seen];
}
