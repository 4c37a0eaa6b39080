import { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import { checkAbsolutePath, isSameOrBelow, RESERVED_CONTAINER_PATHS, sensitiveHostPathReason } from './paths';
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

const VOLUME_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/** A Docker volume name. @internal */
export function checkVolumeName(scope: IConstruct, prop: string, name: string): void {
  requireLiteral(scope, prop, name);
  if (typeof name !== 'string' || !VOLUME_NAME_RE.test(name)) {
    throw invalidProp(scope, prop, name, 'expected 1-128 characters of [a-zA-Z0-9_.-] starting with a letter or digit');
  }
}

/** An absolute, normalised host path that is not a sensitive host path or an engine socket (CIS 5.6, 5.32). @internal */
export function checkHostPath(scope: IConstruct, prop: string, path: string): void {
  requireLiteral(scope, prop, path);
  const problem = checkAbsolutePath(path);
  if (problem) throw invalidProp(scope, prop, path, problem);
  const sensitive = sensitiveHostPathReason(path);
  if (sensitive) {
    throw invalidProp(scope, prop, path,
      `refused because ${sensitive}; mounting it exposes the host (CIS 5.6, 5.32). Copy what the container needs to a dedicated directory`);
  }
}
