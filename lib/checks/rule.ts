import { Threat } from '../report/control';

/** How bad a finding is: errors fail synth, warnings and infos do not. */
export type RuleLevel = 'error' | 'warning' | 'info';

/**
 * One resource of a synthesized stack, with its final attributes: after
 * escape-hatch overrides, whoever created it.
 *
 * @internal
 */
export interface CheckedResource {
  /** `docker_container`, `docker_network`, …, or `provider.docker` for provider blocks. */
  readonly type: string;
  /** Logical id in the stack (or the provider alias). */
  readonly name: string;
  /** Construct path (without the trailing `/Resource` of an L2). */
  readonly path: string;
  /** Terraform address: `docker_container.web`, `data.docker_network.n`, `provider.docker.remote`. */
  readonly address?: string;
  /** The full construct path of the resource (`web/Resource`), when the JSON carries it. */
  readonly constructPath?: string;
  /** Attribute paths the provider 3.6.2 schema does not have (HD-U01). */
  readonly unverifiedAttributes?: readonly string[];
  /** A docker_* type the provider 3.6.2 schema does not have (HD-U01). */
  readonly unknownType?: boolean;
  /** `count` or `for_each` when the block has one: how many instances exist (maybe none) is known at plan time. */
  readonly instances?: string;
  /** The provider configuration of the block (`docker.remote`) when it is not the default one. */
  readonly provider?: string;
  /** For a docker_service: the service attribute behind each container attribute of its task (service-projection.ts). */
  readonly projectedFrom?: { readonly [attribute: string]: string };
  /**
   * Attributes as Terraform will pass them to the provider (lib/checks/values):
   * templates evaluated, converted to the schema type, blocks as lists. A value
   * the checks cannot know is an `Opaque`, and every read of one is reported.
   */
  readonly attributes: { [key: string]: any };
}

/**
 * The whole stack, for rules that look across resources (images behind a
 * container, volumes shared by containers).
 *
 * @internal
 */
export interface StackView {
  readonly stackName: string;
  readonly resources: CheckedResource[];
  /** Host paths of the SecureDaemons of this stack: their unix sockets, data-root and exec-root. */
  readonly daemonPaths?: { readonly sockets: readonly string[]; readonly state: readonly string[] };
  /** The AppArmor profile names (`docker-<name>`) the library renders in this stack (their content is checked). */
  readonly libraryAppArmorProfiles?: readonly string[];
  /**
   * The resource a value points at: a reference to a resource or data source
   * of the stack (`${docker_image.x.image_id}`, in any spelling Terraform
   * accepts), or, with `type`, the resource of that type whose `name` is the
   * literal value (a volume, network, container or image named in the
   * configuration). With `prefix`, the value is that text followed by the
   * reference or name (`container:${docker_container.x.id}`, `container:db`).
   * A reference to another type than `type` is not followed. Text after the
   * reference must match `suffix` (default: none).
   * Following a reference answers it: the rule has then
   * verified what it points at, and the reference is no finding of its own.
   */
  referenced(value: unknown, type?: string, prefix?: string, suffix?: RegExp): CheckedResource | undefined;
  /**
   * Marks an opaque value as judged by the rule without its content (a rule that asks only whether a value is set, and
   * `file("ca.pem")` is set or Terraform fails): it is then no "cannot verify" finding of its own.
   */
  acknowledge?(value: unknown): void;
  /** Computes a stack-wide value once per stack (e.g. an index for a cross-resource rule). */
  memo<T>(key: string, compute: () => T): T;
}

/**
 * One finding of a rule on one resource. `findingId` narrows it (e.g. the
 * capability or path concerned) so that a suppression can name it.
 *
 * @internal
 */
export interface RuleFinding {
  readonly findingId?: string;
  readonly message: string;
}

/**
 * A hardening rule: metadata for reports plus a pure check.
 *
 * @internal
 */
export interface HardeningRule {
  /** Rule id, e.g. `HD-C01`. */
  readonly id: string;
  /** Short title. */
  readonly title: string;
  /** CIS Docker Benchmark v1.6.0 ids, written `CIS 5.4`. */
  readonly cis: string[];
  /** Other catalogue sources (KICS query ids, Checkov, Trivy), for traceability. */
  readonly sources: string[];
  /** Threats it mitigates. */
  readonly threats: Threat[];
  readonly level: RuleLevel;
  /** Resource types it looks at (`*`: every one). */
  readonly resourceTypes: string[];
  /** False for the few rules no suppression may silence. */
  readonly suppressible: boolean;
  /** Why it matters. */
  readonly explanation: string;
  /** How to fix it (which prop of which construct). */
  readonly fix: string;
  check(resource: CheckedResource, stack: StackView): RuleFinding[];
}
