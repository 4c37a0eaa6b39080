/**
 * Findings of `verify`: where a live container differs from its declaration.
 *
 * @internal
 */

/**
 * - `weaker`: the live container is less hardened than declared (or cannot be
 *   shown to be as hardened: verify fails closed).
 * - `missing`: no container (or network) with the declared name exists on the engine.
 * - `stopped`: the declared container exists but is not running (exited,
 *   created, paused, restarting or dead) although it is declared to run;
 *   the rest of its configuration is still compared.
 * - `intruder`: a container that no verified stack declares is attached to a
 *   network the stack manages (a `docker_network` resource): an undeclared
 *   process with a network path to the declared containers.
 * - `drift`: a stronger or neutral difference (the declaration and the engine
 *   disagree, but the container is not weaker for it).
 *
 * Every kind but `drift` fails verification; `drift` fails only with `--strict`.
 */
export type FindingKind = 'weaker' | 'missing' | 'stopped' | 'intruder' | 'drift';

/** Every kind, in the order a container's status is decided by (the first one present wins). */
export const FINDING_KINDS: readonly FindingKind[] = ['missing', 'stopped', 'intruder', 'weaker', 'drift'];

/** A JSON value as reported in `expected` / `actual`. */
export type FindingValue = string | number | boolean | null | FindingValue[] | { [key: string]: FindingValue };

/** One difference between a declared `docker_container` and the live container. */
export interface Finding {
  /** Stack name. */
  readonly stack: string;
  /** Container name on the engine. */
  readonly container: string;
  /** `docker_container.<logical name>`. */
  readonly address: string;
  /** Attribute-like name of what differs, e.g. `memory`, `tmpfs./tmp`, `networks.bridge`. */
  readonly field: string;
  readonly kind: FindingKind;
  /** The declared value, in Engine API terms where one exists (null when not declared). */
  readonly expected: FindingValue;
  /** The live value, in Engine API terms where one exists (null when absent). */
  readonly actual: FindingValue;
  /** Human-readable explanation, e.g. `declared 128 MiB, live 512 MiB`. */
  readonly message: string;
}

/** A finding before it is attributed to a stack and container. */
export type FieldFinding = Omit<Finding, 'stack' | 'container' | 'address'>;

/** The verification of one declared container. */
export interface ContainerVerification {
  /** `docker_container.<logical name>`. */
  readonly address: string;
  /** Container name on the engine. */
  readonly container: string;
  /** Sorted by field, then kind, then message. */
  readonly findings: Finding[];
}

/** The verification of one synthesized stack. */
export interface StackVerification {
  readonly stack: string;
  /** The `cdk.tf.json` read. */
  readonly file: string;
  /** Sorted by address. */
  readonly containers: ContainerVerification[];
}

/** Everything `verify` found, in a stable order. */
export interface VerifyReport {
  readonly stacks: StackVerification[];
}

/** Collects field findings for one container; checks only say what differs. */
export class FindingList {
  private readonly items: FieldFinding[] = [];

  public weaker(field: string, expected: FindingValue | undefined, actual: FindingValue | undefined, message: string): void {
    this.add('weaker', field, expected, actual, message);
  }

  public drift(field: string, expected: FindingValue | undefined, actual: FindingValue | undefined, message: string): void {
    this.add('drift', field, expected, actual, message);
  }

  public add(kind: FindingKind, field: string, expected: FindingValue | undefined, actual: FindingValue | undefined, message: string): void {
    this.items.push({ field, kind, expected: expected ?? null, actual: actual ?? null, message });
  }

  public get all(): readonly FieldFinding[] {
    return this.items;
  }
}

/** The order findings are reported in: by field, then kind, then message. */
export function compareFindings(a: FieldFinding, b: FieldFinding): number {
  return cmp(a.field, b.field) || cmp(a.kind, b.kind) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
