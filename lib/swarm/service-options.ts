import { Protocol } from '../container/ports';
import { Duration } from '../core/duration';
import { OptOut } from '../core/opt-out';

/**
 * The swarm node label that places services of a trust zone: a `HardenedService`
 * with `trustZone: 'payments'` runs only on nodes labelled
 * `cdktf-hardened-docker.trust-zone=payments`
 * (`docker node update --label-add cdktf-hardened-docker.trust-zone=payments <node>`,
 * see `HardenedService.nodeLabelCommand`). Node labels are set by swarm managers
 * only, unlike engine labels, which a compromised worker could set itself.
 */
export const TRUST_ZONE_NODE_LABEL = 'cdktf-hardened-docker.trust-zone';

/**
 * How many tasks of a service run: a fixed number of replicas, or one on every
 * eligible node (global).
 */
export class ServiceMode {
  /**
   * A fixed number of tasks, placed by the scheduler.
   * @param replicas 0 to 1000
   */
  public static replicated(replicas: number = 1): ServiceMode {
    return new ServiceMode(false, replicas);
  }

  /** One task on every node that satisfies the placement constraints (the trust zone). */
  public static global(): ServiceMode {
    return new ServiceMode(true, undefined);
  }

  private constructor(
    /** Whether one task runs on every eligible node. */
    public readonly isGlobal: boolean,
    /** The number of replicas, for a replicated service. */
    public readonly replicas?: number,
  ) {}
}

/** How the name of a service (and its aliases) resolves on its networks. */
export enum EndpointMode {
  /**
   * One virtual IP per service and network; the nodes' kernels balance connections over the tasks with IPVS
   * (Docker's default). Needs the `ip_vs` kernel module on every node.
   */
  VIP = 'vip',
  /**
   * DNS round robin: the name resolves to the tasks' own addresses, no virtual IP and no IPVS. For nodes without
   * IPVS, and for clients that balance themselves. Cannot publish ports through the ingress routing mesh
   * (swarmkit refuses the combination).
   */
  DNSRR = 'dnsrr',
}

/** How a published service port is reachable. */
export enum PublishMode {
  /**
   * The routing mesh: every node of the swarm accepts the port on all its
   * interfaces and forwards it to some task (Docker's default).
   */
  INGRESS = 'ingress',
  /**
   * Only the nodes that run a task, on all their interfaces, straight to the
   * local task (no routing mesh). With a published port two tasks cannot share
   * a node, so combine it with `ServiceMode.global()` or placement.
   */
  HOST = 'host',
}

/**
 * A service port published outside the swarm. There is no loopback-only
 * publishing for services: every published port is reachable from the network
 * on every node (ingress) or on every node with a task (host). Publishing needs
 * `optOuts.publishedPorts`.
 */
export interface ServicePort {
  /** The port inside the task (1-65535). */
  readonly targetPort: number;
  /**
   * The port on the nodes (1-65535).
   * @default - the swarm picks one from 30000-32767
   */
  readonly publishedPort?: number;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * How the port is published.
   * @default PublishMode.INGRESS
   */
  readonly publishMode?: PublishMode;
}

/**
 * A size-limited in-memory writable path of a service task. The engine mounts
 * every tmpfs mount `noexec,nosuid,nodev` (moby daemon/oci_linux.go), and
 * provider 3.6.2 can neither add nor remove mount flags; mode 1777.
 */
export interface ServiceTmpfs {
  /** Absolute path inside the task (its size is bounded by the task's memory limit: see HardenedServiceProps.tmpfs). */
  readonly containerPath: string;
}

/**
 * How updates and rollbacks replace tasks. Both use these settings; an update
 * that fails is rolled back, a rollback that fails pauses.
 */
export interface ServiceRollout {
  /**
   * Tasks replaced at a time (1-100).
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Pause between two batches.
   * @default Duration.seconds(10)
   */
  readonly delay?: Duration;
  /**
   * How long each new task is watched for failure before the next batch.
   * @default Duration.seconds(30)
   */
  readonly monitor?: Duration;
  /**
   * Start the new task before stopping the old one (`start-first`): no gap in
   * service, but briefly twice the tasks (and their reservations).
   * @default false - stop-first
   */
  readonly startFirst?: boolean;
}

/**
 * Opt-outs from the defaults of `HardenedService`, one per weakened control.
 * Each needs a written justification, is recorded as construct metadata and
 * shows up in the hardening summary and the checks' reports as an accepted risk.
 */
export interface HardenedServiceOptOuts {
  /**
   * Keep the image's own `USER` instead of a uid of the service's own (the task runs as whatever the image
   * declares, which the library cannot check at synth). Not with `user`, and not with `secrets` (their files are
   * owned by the service's numeric uid).
   * @default - none; the service runs as `user` (or a uid of its own)
   */
  readonly imageUser?: OptOut;
  /**
   * Allow `user` to be root: the name `root`, uid 0, or a root group.
   * @default - none; a root user or group is refused
   */
  readonly rootUser?: OptOut;
  /**
   * Mount the root filesystem read-write (CIS 5.13).
   * @default - none; the root filesystem is read-only
   */
  readonly writableRootFilesystem?: OptOut;
  /**
   * Accept an image reference without a `@sha256:` digest (CIS 5.28, 4.5).
   * @default - none; images must be pinned by digest
   */
  readonly mutableImageTag?: OptOut;
  /**
   * Add back the capabilities listed in `capabilities` after dropping ALL (CIS 5.4).
   * @default - none; no capability is added
   */
  readonly addedCapabilities?: OptOut;
  /**
   * Publish `ports` outside the swarm: on every node's interfaces (ingress) or
   * on those of every node with a task (host).
   * @default - none; nothing is published
   */
  readonly publishedPorts?: OptOut;
  /**
   * Restart without a bound (`RestartPolicy.always()`, swarm condition `any`) (CIS 5.15).
   * @default - none; on-failure with at most 5 attempts
   */
  readonly unboundedRestart?: OptOut;
  /**
   * Accept the listed environment variable names although they look like
   * secrets (`names`), and the values of the variables in `values`.
   * @default - none; secret-looking names and values are refused
   */
  readonly secretLikeEnvironment?: ServiceEnvironmentOptOut;
}

/** An opt-out for specific environment variable names of a service. */
export interface ServiceEnvironmentOptOut extends OptOut {
  /** The names that are not secrets although they look like one. */
  readonly names: string[];
  /**
   * The variables whose values are not secrets although they look like one.
   * @default - none
   */
  readonly values?: string[];
}

/**
 * A duration as provider 3.6.2 reads a service's durations back (its `shortDur`:
 * Go's `time.Duration.String()` without a trailing `0s` / `0m`), so that plans
 * show no diff.
 *
 * @internal
 */
export function serviceDuration(d: Duration): string {
  let s = d.toGoString();
  if (s.endsWith('m0s')) s = s.slice(0, -2);
  if (s.endsWith('h0m')) s = s.slice(0, -2);
  return s;
}
