import { createHash } from 'crypto';
import { Config as DockerConfig } from '@cdktf/provider-docker/lib/config';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Secret } from '@cdktf/provider-docker/lib/secret';
import {
  Service,
  ServiceConfig,
  ServiceEndpointSpecPorts,
  ServiceTaskSpecContainerSpecMounts,
  ServiceTaskSpecContainerSpecConfigs,
  ServiceTaskSpecContainerSpecSecrets,
  ServiceTaskSpecNetworksAdvanced,
} from '@cdktf/provider-docker/lib/service';
import { Fn, Lazy, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceConfigFile } from './service-config-file';
import { ServiceHealthcheck, resolveServiceHealthCheck } from './service-health-check';
import {
  EndpointMode,
  HardenedServiceOptOuts,
  PublishMode,
  ServiceMode,
  ServicePort,
  ServiceRollout,
  ServiceTmpfs,
  TRUST_ZONE_NODE_LABEL,
  serviceDuration,
} from './service-options';
import { ServiceSecret } from './service-secret';
import { Capability } from '../container/capability';
import { allocateDefaultUser, reserveUid } from '../container/default-user';
import { credentialInData, secretLikeName, secretLikeValue } from '../container/environment';
import { DEFAULT_TRUST_ZONE, LABEL_PREFIX } from '../container/hardened-container';
import { HealthCheck } from '../container/health-check';
import { ContainerLogging, LogDriver } from '../container/logging';
import { BindMount, VolumeMount } from '../container/mounts';
import { Protocol } from '../container/ports';
import { MAX_RESTART_RETRIES, RestartPolicy } from '../container/restart-policy';
import { sharedImage } from '../container/shared-image';
import { parseUser } from '../container/user';
import { Duration } from '../core/duration';
import { invalidProp } from '../core/errors';
import { TRUST_ZONE_RE } from '../core/net';
import { OptOut, OptOutRecord, recordOptOut } from '../core/opt-out';
import { checkAddedCapabilities, checkArgv, checkContainerPath, checkHostPath, checkInteger, checkVolumeName } from '../core/prop-checks';
import { Size } from '../core/size';
import { CARRIABLE_TEXT, escapeTemplate, isCarriableText, requireLiteral, terraformNameProblems } from '../core/tokens';
import { asPrivateNetworkOf, networkNamedIn, unregisterNetwork } from '../network/network-options';
import { OverlayNetwork } from '../network/overlay-network';
import { ServiceGrant } from '../network/service-grant';
import { ControlStatus, HardeningControl, Threat } from '../report/control';

/** Where swarm secrets are mounted. */
const SECRETS_DIR = '/run/secrets';
const DEFAULT_MEMORY = Size.mebibytes(256);
const DEFAULT_CPUS = 1;
const DEFAULT_CPU_RESERVATION = 0.1;
const DEFAULT_RESTART_ATTEMPTS = 3;
const DEFAULT_RESTART_DELAY = Duration.seconds(5);
const DEFAULT_LOG_MAX_SIZE = Size.mebibytes(10);
const DEFAULT_LOG_MAX_FILES = 3;
/** The engine refuses memory limits below 6 MiB. */
const MIN_MEMORY_BYTES = 6 * 1024 * 1024;
/** Secret files: read by the owner only. */
const SECRET_FILE_MODE = 0o400;
/** As for HardenedContainer: low ports and ICMP sockets need a capability again (Docker opens both by default). */
const NETWORK_SYSCTLS: { [key: string]: string } = {
  'net.ipv4.ip_unprivileged_port_start': '1024',
  'net.ipv4.ping_group_range': '1 0',
};

/** Swarm service names are DNS labels (swarmkit validateAnnotations). */
const SERVICE_NAME_RE = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
/** Swarm secret names (swarmkit validateSecretSpec). */
const SWARM_SECRET_NAME_RE = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9])?$/;
const FILE_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
/** Config files: readable by every user of the task, writable by none (configs are read-only mounts). */
const CONFIG_FILE_MODE = 0o444;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY_RE = /^[a-zA-Z0-9][a-zA-Z0-9_./-]{0,254}$/;
const NODE_NAME_RE = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,252}[a-zA-Z0-9])?$/;
const IMAGE_REF_RE = (() => {
  const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
  const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
  const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
  const tag = '[\\w][\\w.-]{0,127}';
  return new RegExp(`^(${name})(?::(${tag}))?(?:@(sha256:[a-f0-9]{64}))?$`);
})();
/** Networks a service must not join: the swarm's predefined ones and the nodes' local ones. */
const REFUSED_NETWORKS = ['host', 'bridge', 'none', 'default', 'ingress', 'docker_gwbridge'];

const NAME_REFERENCES = new WeakMap<Image, string>();

/** The `name` attribute of an image, one token per image (cdktf captures a stack trace per token). */
function imageNameReference(image: Image): string {
  let ref = NAME_REFERENCES.get(image);
  if (ref === undefined) NAME_REFERENCES.set(image, ref = image.getStringAttribute('name'));
  return ref;
}

/**
 * Props of `HardenedService`. Only `image` is required; every other prop has a
 * hardened default.
 */
export interface HardenedServiceProps {
  /**
   * The image, pinned by digest: `[registry/]repository[:tag]@sha256:<64 hex>`.
   * Every node pulls it by this reference, so a local image id is refused. A
   * reference without digest needs `optOuts.mutableImageTag`.
   *
   * The stack's shared `docker_image` of the reference (shared with
   * HardenedContainers running it) is pulled on the engine the provider talks
   * to, a swarm manager, before the service is created; the service references
   * its name.
   */
  readonly image: string;

  /**
   * Give this service its own `docker_image` (a child with id `Image`) instead
   * of the stack's shared one for its reference.
   * @default false
   */
  readonly privateImage?: boolean;

  /**
   * The service's name in the swarm (a DNS label: it is also the service's DNS
   * name on its networks).
   * @default - derived from the construct path: deterministic and unique within the app
   */
  readonly serviceName?: string;

  /**
   * The user (and group) of the task's processes: `uid:gid` (preferred) or
   * `name:group`.
   * @default - `uid:uid` with a uid in 20000–59999 derived from the construct path, distinct within the stack
   */
  readonly user?: string;

  /**
   * Entrypoint (the swarm's `container_spec.command`).
   * @default - the image's ENTRYPOINT
   */
  readonly entrypoint?: string[];

  /**
   * Command, the arguments to the entrypoint (the swarm's `container_spec.args`).
   * @default - the image's CMD
   */
  readonly command?: string[];

  /**
   * Working directory inside the task (absolute).
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;

  /**
   * Environment variables. Names that look like secrets and values that look
   * like keys or tokens are refused: use `secrets`.
   * @default - none
   */
  readonly environment?: { [name: string]: string };

  /**
   * Swarm secrets, mounted read-only at /run/secrets/<fileName>, mode 0400,
   * owned by the service's uid:gid.
   * @default - none
   */
  readonly secrets?: ServiceSecret[];

  /**
   * Swarm configs, mounted read-only at their absolute paths, mode 0444, owned by the service's uid:gid. Configs are
   * not secret (stored unencrypted in the swarm): content that looks like a credential is refused.
   * @default - none
   */
  readonly configs?: ServiceConfigFile[];

  /**
   * Memory limit of each task (at least 6 MiB). Swap cannot be limited in a
   * service spec: the engine allows as much swap as memory.
   * @default Size.mebibytes(256)
   */
  readonly memoryLimit?: Size;

  /**
   * Memory the scheduler sets aside for each task: a node without it free gets
   * no task. At most `memoryLimit`.
   * @default - the memory limit (no overcommitment of node memory)
   */
  readonly memoryReservation?: Size;

  /**
   * CPU limit of each task in CPUs (0.01 to 1024).
   * @default 1
   */
  readonly cpuLimit?: number;

  /**
   * CPUs the scheduler sets aside for each task (0 to `cpuLimit`).
   * @default 0.1
   */
  readonly cpuReservation?: number;

  /**
   * Writable in-memory paths (the engine mounts them noexec, nosuid, nodev;
   * mode 1777). A `/tmp` tmpfs is always present. Their size cannot be set:
   * provider 3.6.2 panics on any `tmpfs_options` of a service
   * (kreuzwerker/terraform-provider-docker#563, fixed in v4.0.0), so a tmpfs
   * is bounded only by the task's memory limit, which its pages count against.
   * @default - only /tmp
   */
  readonly tmpfs?: ServiceTmpfs[];

  /**
   * Capabilities to add back after dropping ALL. Needs `optOuts.addedCapabilities`.
   * For a non-root user they take effect only through file capabilities of
   * the image's binaries (no-new-privileges cannot be set on a service).
   * @default - none; all capabilities are dropped
   */
  readonly capabilities?: Capability[];

  /**
   * Networks to join: ids or names of overlay networks (e.g.
   * `OverlayNetwork.networkId`). The predefined `host`, `bridge`, `ingress` and
   * `docker_gwbridge` networks are refused. A task without networks would join
   * its node's default bridge (docker0) — the swarm has no `none` network for
   * services — so a service without networks gets a private one.
   * @default - a private OverlayNetwork of its own (child `Network`: encrypted, internal, not attachable)
   */
  readonly networks?: string[];

  /**
   * Ports to publish outside the swarm. Needs `optOuts.publishedPorts`: a
   * published port is reachable on every node (ingress) or on every node with a
   * task (host), on all interfaces.
   * @default - none
   */
  readonly ports?: ServicePort[];

  /**
   * Named volumes, mounted read-only unless opted out per volume. A volume is local to the node that runs the
   * task (unless its driver shares it): tasks of one service on two nodes see two volumes.
   * @default - none
   */
  readonly volumes?: VolumeMount[];

  /**
   * Host paths of the node that runs the task, bind-mounted read-only unless opted out per mount, with private
   * propagation. Sensitive host paths and engine sockets are refused (CIS 5.6, 5.32). The path must exist on every
   * node the service may run on.
   * @default - none
   */
  readonly bindMounts?: BindMount[];

  /**
   * How the service's name and aliases resolve on its networks: one virtual IP balanced by IPVS, or DNS round
   * robin over the tasks' addresses (for nodes without IPVS). Neither changes who can reach the service: that is
   * the networks' and grants' job.
   * @default EndpointMode.VIP
   */
  readonly endpointMode?: EndpointMode;

  /**
   * How many tasks run.
   * @default ServiceMode.replicated(1)
   */
  readonly mode?: ServiceMode;

  /**
   * Restart policy. `onFailure(n)` maps to the swarm's `on-failure` with
   * `max_attempts` n (1-5) and no window (a window makes swarmkit count attempts
   * only within it, so restarts never stop for good); `always()` to `any`
   * (needs `optOuts.unboundedRestart`); `unlessStopped()` does not exist in swarm.
   * @default RestartPolicy.onFailure(3)
   */
  readonly restartPolicy?: RestartPolicy;

  /**
   * Delay between restart attempts.
   * @default Duration.seconds(5)
   */
  readonly restartDelay?: Duration;

  /**
   * How updates and rollbacks replace tasks.
   * @default - one task at a time, 10s apart, each watched 30s, stop-first; a failed update rolls back
   */
  readonly rollout?: ServiceRollout;

  /**
   * Logging.
   * @default - local driver, rotated at 10 MiB, 3 files
   */
  readonly logging?: ContainerLogging;

  /**
   * Health check run by the engine (CIS 5.27); the swarm replaces unhealthy tasks.
   * @default - the image's HEALTHCHECK, if it has one
   */
  readonly healthCheck?: HealthCheck;

  /**
   * The trust zone: the service runs only on nodes labelled
   * `cdktf-hardened-docker.trust-zone=<zone>` (see
   * `HardenedService.nodeLabelCommand`). Lower-case letters, digits and `-`.
   * @default - no placement constraint: any node of the swarm
   */
  readonly trustZone?: string;

  /**
   * Service labels. Keys starting with `io.cdktf-hardened-docker.` are reserved.
   * @default - none beyond the library's own labels
   */
  readonly labels?: { [key: string]: string };

  /**
   * Justified opt-outs from hardened defaults.
   * @default - none: every default holds
   */
  readonly optOuts?: HardenedServiceOptOuts;
}

/**
 * A swarm `docker_service` whose task defaults are hardened, as far as provider
 * 3.6.2's service spec can express them.
 *
 * With only a digest-pinned image each task runs as a non-root uid:gid of its
 * own, on a read-only root filesystem with a size-limited /tmp tmpfs, with ALL
 * capabilities dropped, memory and CPU limits and reservations, a bounded
 * on-failure restart policy, rotated logs, no published ports, one replica,
 * and updates one task at a time that roll back on failure. Every weakening is
 * a per-field opt-out with a justification.
 *
 * Not expressible in a 3.6.2 service spec, and reported as such in `controls`
 * (and by the checks as HD-S01): no-new-privileges, seccomp and AppArmor
 * profiles (the engine's defaults apply), pids limit, ulimits, swap limit and
 * an init process. Run the nodes with SecureDaemon: its daemon-wide
 * no-new-privileges and default ulimits cover tasks.
 *
 * The provider resource is `node.defaultChild` (id `Resource`).
 */
export class HardenedService extends Construct {
  /**
   * The command that labels a swarm node for a trust zone (run on a manager):
   * `docker node update --label-add cdktf-hardened-docker.trust-zone=<zone> <node>`.
   */
  public static nodeLabelCommand(nodeName: string, zone: string): string {
    if (typeof zone !== 'string' || !TRUST_ZONE_RE.test(zone)) {
      throw new Error(`HardenedService.nodeLabelCommand: invalid zone ${JSON.stringify(zone)}: expected 1-63 of [a-z0-9-], starting with a letter or digit`);
    }
    if (typeof nodeName !== 'string' || !NODE_NAME_RE.test(nodeName)) {
      throw new Error(`HardenedService.nodeLabelCommand: invalid nodeName ${JSON.stringify(nodeName)}: expected a node name or id ([a-zA-Z0-9_.-])`);
    }
    return `docker node update --label-add ${TRUST_ZONE_NODE_LABEL}=${zone} ${nodeName}`;
  }

  /** The placement constraint of a trust zone. */
  public static trustZoneConstraint(zone: string): string {
    return `node.labels.${TRUST_ZONE_NODE_LABEL} == ${zone}`;
  }

  /** The service's name in the swarm. */
  public readonly serviceName: string;
  /** The image reference, as given. */
  public readonly imageReference: string;
  /** The digest the image is pinned to (`sha256:…`), if any. */
  public readonly imageDigest?: string;
  /** The `docker_image` pulled on the provider's engine (shared, or private with `privateImage`). */
  public readonly imageResource: Image;
  /** The user the tasks run as (undefined with `optOuts.imageUser`: the image's USER applies). */
  public readonly user?: string;
  /** The memory limit of each task. */
  public readonly memoryLimit: Size;
  /** The CPU limit of each task, in CPUs. */
  public readonly cpuLimit: number;
  /** The trust zone, when the service is placed by one. */
  public readonly trustZone?: string;
  /** How many tasks run. */
  public readonly mode: ServiceMode;
  /** The `docker_secret` resources this service created (their values are in the Terraform state). */
  public readonly createdSecrets: Secret[] = [];
  /** Every opt-out this service took, with its justification. */
  public readonly optOutRecords: OptOutRecord[] = [];
  /** The `docker_service` (also `node.defaultChild`). */
  public readonly serviceResource: Service;

  private readonly optOutByControl = new Map<string, OptOutRecord>();
  private readonly state: ServiceControlState;
  private readonly attachments: Array<{ target: string; aliases: string[]; grant?: ServiceGrant }> = [];
  private ownNetwork?: OverlayNetwork;

  public constructor(scope: Construct, id: string, props: HardenedServiceProps) {
    super(scope, id);
    const optOuts = props.optOuts ?? {};

    // ---- image ----------------------------------------------------------------
    requireLiteral(this, 'image', props.image);
    // `sha256:<hex>` would parse as repository "sha256" with a tag: a local image id, which other nodes cannot pull
    const match = typeof props.image === 'string' && props.image.length <= 512 && !/^sha256:/.test(props.image)
      ? IMAGE_REF_RE.exec(props.image) : null;
    if (!match) {
      throw invalidProp(this, 'image', props.image,
        'expected "[registry/]repository[:tag]@sha256:<64 lowercase hex>" (lowercase repository path); every node pulls the image by ' +
        'this reference, so a local image id cannot be used');
    }
    this.imageReference = props.image;
    this.imageDigest = match[3];
    if (!this.imageDigest) {
      if (!optOuts.mutableImageTag) {
        throw invalidProp(this, 'image', props.image,
          'the image must be pinned by digest ("…@sha256:<64 hex>"); a mutable tag needs optOuts.mutableImageTag');
      }
      this.optOut('optOuts.mutableImageTag', 'image-digest-pinned', optOuts.mutableImageTag, [props.image.trim()]);
    } else if (optOuts.mutableImageTag) {
      throw this.unusedOptOut('optOuts.mutableImageTag', 'the image is already pinned by digest');
    }
    requireLiteral(this, 'privateImage', props.privateImage);
    if (props.privateImage !== undefined && typeof props.privateImage !== 'boolean') {
      throw invalidProp(this, 'privateImage', props.privateImage, 'expected true or false');
    }

    // ---- name, zone, user -------------------------------------------------------
    requireLiteral(this, 'serviceName', props.serviceName);
    this.serviceName = props.serviceName ?? defaultServiceName(this.node.path);
    if (typeof this.serviceName !== 'string' || !SERVICE_NAME_RE.test(this.serviceName)) {
      throw invalidProp(this, 'serviceName', props.serviceName,
        'expected a DNS label: 1-63 of [a-zA-Z0-9-], starting and ending with a letter or digit');
    }
    requireLiteral(this, 'trustZone', props.trustZone);
    if (props.trustZone !== undefined && (typeof props.trustZone !== 'string' || !TRUST_ZONE_RE.test(props.trustZone))) {
      throw invalidProp(this, 'trustZone', props.trustZone, 'expected 1-63 of [a-z0-9-], starting with a letter or digit');
    }
    this.trustZone = props.trustZone;
    const user = this.resolveUser(props.user, optOuts.rootUser, optOuts.imageUser);
    this.user = user.value;

    // ---- resources ----------------------------------------------------------------
    this.memoryLimit = props.memoryLimit ?? DEFAULT_MEMORY;
    const memoryBytes = this.checkSize('memoryLimit', this.memoryLimit, MIN_MEMORY_BYTES, 1024 ** 4, 'from 6 MiB to 1 TiB');
    const memoryReservation = this.checkSize('memoryReservation', props.memoryReservation ?? this.memoryLimit, 0, memoryBytes,
      `up to the memory limit (${this.memoryLimit.toString()})`);
    requireLiteral(this, 'cpuLimit', props.cpuLimit);
    this.cpuLimit = props.cpuLimit ?? DEFAULT_CPUS;
    const nanoCpus = this.checkCpus('cpuLimit', this.cpuLimit, 0.01, 1024);
    requireLiteral(this, 'cpuReservation', props.cpuReservation);
    const cpuReservation = props.cpuReservation ?? Math.min(DEFAULT_CPU_RESERVATION, this.cpuLimit);
    const reservedNanoCpus = this.checkCpus('cpuReservation', cpuReservation, 0, this.cpuLimit);

    // ---- filesystem, privileges -----------------------------------------------------
    const readOnly = !optOuts.writableRootFilesystem;
    if (optOuts.writableRootFilesystem) this.optOut('optOuts.writableRootFilesystem', 'read-only-rootfs', optOuts.writableRootFilesystem);
    const tmpfs = this.resolveTmpfs(props.tmpfs ?? []);
    const mounts = this.resolveMounts(props.volumes ?? [], props.bindMounts ?? [], tmpfs.map((t) => t.mount.target as string));
    const capAdd = this.resolveCapabilities(props.capabilities ?? [], optOuts.addedCapabilities);

    // ---- secrets, environment -----------------------------------------------------------
    const secrets = this.resolveSecrets(props.secrets ?? [], user);
    const configs = this.resolveConfigs(props.configs ?? [], user);
    const env = this.resolveEnvironment(props.environment ?? {}, optOuts.secretLikeEnvironment);
    const entrypoint = this.checkArgv('entrypoint', props.entrypoint);
    const command = this.checkArgv('command', props.command);
    if (props.workingDir !== undefined) this.checkContainerPath('workingDir', props.workingDir);

    // ---- networks, ports -------------------------------------------------------------------
    const networks = this.resolveNetworks(props.networks ?? []);
    if (networks.length === 0) {
      // the swarm's stand-in for network_mode none: an overlay network only this service joins
      const own = asPrivateNetworkOf(this.node.path, () => new OverlayNetwork(this, 'Network', { trustZone: this.trustZone }));
      networks.push(own.networkId);
      this.ownNetwork = own;
    }
    for (const target of networks) this.attachments.push({ target, aliases: [] });
    const ports = this.resolvePorts(props.ports ?? [], optOuts.publishedPorts);
    requireLiteral(this, 'endpointMode', props.endpointMode);
    const endpointMode = props.endpointMode ?? EndpointMode.VIP;
    if (!Object.values(EndpointMode).includes(endpointMode)) {
      throw invalidProp(this, 'endpointMode', props.endpointMode, 'expected EndpointMode.VIP or EndpointMode.DNSRR');
    }
    const ingress = ports.findIndex((p) => p.publishMode === PublishMode.INGRESS);
    if (endpointMode === EndpointMode.DNSRR && ingress >= 0) {
      // swarmkit manager/controlapi/service.go (moby v20.10.24 vendor) L327 refuses it at apply
      throw invalidProp(this, 'endpointMode', endpointMode,
        `ports[${ingress}] is published through the ingress routing mesh, which needs a virtual IP: use PublishMode.HOST or EndpointMode.VIP`);
    }

    // ---- scheduling, lifecycle, logging, health ----------------------------------------------
    this.mode = props.mode ?? ServiceMode.replicated(1);
    if (!(this.mode instanceof ServiceMode)) throw invalidProp(this, 'mode', this.mode, 'expected ServiceMode.replicated(n) or ServiceMode.global()');
    if (!this.mode.isGlobal) this.checkInteger('mode.replicas', this.mode.replicas, 0, 1000);
    const restart = this.resolveRestart(props.restartPolicy, props.restartDelay, optOuts.unboundedRestart);
    const rollout = this.resolveRollout(props.rollout ?? {});
    const logging = this.resolveLogging(props.logging ?? {});
    let healthcheck: ServiceHealthcheck | undefined;
    if (props.healthCheck !== undefined) {
      if (!(props.healthCheck instanceof HealthCheck)) throw invalidProp(this, 'healthCheck', String(props.healthCheck), 'expected a HealthCheck');
      healthcheck = resolveServiceHealthCheck(this, props.healthCheck);
    }
    const labels = this.resolveLabels(props.labels ?? {});

    this.imageResource = props.privateImage === true
      ? new Image(this, 'Image', { name: this.imageReference, keepLocally: true })
      : sharedImage(this, this.imageReference);

    const config: ServiceConfig = {
      name: this.serviceName,
      labels,
      mode: this.mode.isGlobal ? { global: true } : { replicated: { replicas: this.mode.replicas } },
      taskSpec: {
        containerSpec: {
          image: imageNameReference(this.imageResource),
          user: this.user,
          readOnly,
          capDrop: ['ALL'],
          capAdd: capAdd.length > 0 ? capAdd : undefined,
          sysctl: { ...NETWORK_SYSCTLS },
          mounts: [...tmpfs.map((t) => t.mount), ...mounts],
          // provider 3.6.2 sends an unset stop_grace_period as 0: tasks would be SIGKILLed at once on every update
          stopGracePeriod: '10s',
          secrets: secrets.refs.length > 0 ? secrets.refs : undefined,
          configs: configs.length > 0 ? configs : undefined,
          env: Object.keys(env).length > 0 ? env : undefined,
          command: entrypoint,
          args: command,
          dir: props.workingDir,
          healthcheck,
        },
        resources: {
          limits: { memoryBytes, nanoCpus },
          reservation: { memoryBytes: memoryReservation, nanoCpus: reservedNanoCpus },
        },
        restartPolicy: restart.spec,
        placement: this.trustZone !== undefined ? { constraints: [HardenedService.trustZoneConstraint(this.trustZone)] } : undefined,
        logDriver: { name: logging.driver, options: logging.options },
        // grants (OverlayNetwork.allow) add networks and aliases after construction
        networksAdvanced: Lazy.anyValue({
          produce: () => this.attachments.map((a) => ({ name: a.target, ...(a.aliases.length > 0 ? { aliases: [...a.aliases] } : {}) })),
        }) as unknown as ServiceTaskSpecNetworksAdvanced[],
      },
      updateConfig: { ...rollout, failureAction: 'rollback' },
      rollbackConfig: { ...rollout, failureAction: 'pause' },
      endpointSpec: ports.length > 0 || endpointMode !== EndpointMode.VIP
        ? { ...(endpointMode !== EndpointMode.VIP ? { mode: endpointMode } : {}), ...(ports.length > 0 ? { ports } : {}) } : undefined,
    };
    this.serviceResource = new Service(this, 'Resource', config);

    this.state = {
      readOnly,
      mounts: mounts.map((m) => ({ type: String(m.type), source: String(m.source), target: String(m.target), readOnly: m.readOnly === true })),
      tmpfs: tmpfs.map((t) => `${t.path} (size bounded by the memory limit, mode 1777)`),
      capAdd,
      memoryBytes,
      memoryReservation,
      nanoCpus,
      reservedNanoCpus,
      restart: restart.describe,
      rollout: `update parallelism ${rollout.parallelism}, delay ${rollout.delay}, monitor ${rollout.monitor}, ${rollout.order}, failure_action rollback`,
      logging,
      healthcheck: healthcheck !== undefined,
      secrets: secrets.names,
      secretsInState: secrets.inState,
      env: Object.keys(env).length,
      networks: this.attachments,
      ports: ports.map((p) => `${p.publishedPort ?? 'auto'}->${p.targetPort}/${p.protocol} (${p.publishMode})`),
      rootUser: user.root,
      numericUser: user.numeric,
    };
    this.node.addValidation({ validate: () => terraformNameProblems(this) });
  }

  /**
   * The private overlay network (child `Network`: encrypted, internal, not attachable) the service joins when it
   * is given no `networks` and holds no grant: a task without networks would join its node's default bridge. The
   * first grant replaces it (the grant's pair network is then the service's only network).
   */
  public get privateNetwork(): OverlayNetwork | undefined {
    return this.ownNetwork;
  }

  /** The networks the service joins (ids or names as given, then the grants' pair networks), in order. */
  public get networkTargets(): string[] {
    return this.attachments.map((a) => a.target);
  }

  /** The names of the Swarm secrets this service creates from values: their values are in Terraform state. */
  public get secretsInState(): string[] {
    return [...this.state.secretsInState];
  }

  /** The state of every hardening control of this service. */
  public get controls(): HardeningControl[] {
    return this.describeControls(this.state);
  }

  // ---------------------------------------------------------------------------------
  // user, capabilities, filesystem

  private resolveUser(user: string | undefined, optOut: OptOut | undefined, imageUser: OptOut | undefined) {
    requireLiteral(this, 'user', user);
    if (imageUser) {
      if (user !== undefined) throw invalidProp(this, 'user', user, 'optOuts.imageUser keeps the image\'s USER, so user must not be set as well');
      if (optOut) throw this.unusedOptOut('optOuts.rootUser', 'no user is set (optOuts.imageUser)');
      this.optOut('optOuts.imageUser', 'non-root-user', imageUser);
      return { value: undefined, root: false, numeric: false, uid: '', gid: '' };
    }
    const value = user ?? allocateDefaultUser(this);
    const parsed = parseUser(value);
    if (typeof parsed === 'string') {
      throw invalidProp(this, 'user', user, `${parsed}; expected "uid:gid" or "name:group", e.g. "1500:1500"`);
    }
    if (user !== undefined && /^[0-9]+$/.test(parsed.user)) reserveUid(this, Number(parsed.user));
    if (/^[0-9]+$/.test(parsed.user) && parsed.group === undefined) {
      throw invalidProp(this, 'user', user,
        `give the group too ("${parsed.user}:${parsed.user}"): with a bare uid the runtime takes the group from the image's /etc/passwd, ` +
        'and when the uid has no entry there the process runs with group 0 (root)');
    }
    const root = parsed.isRootUser || parsed.isRootGroup;
    if (root) {
      if (!optOut) {
        throw invalidProp(this, 'user', user,
          'root (name "root", uid 0, or group 0/root) is refused; use a non-root uid:gid such as "1500:1500" or opt out with optOuts.rootUser');
      }
      this.optOut('optOuts.rootUser', 'non-root-user', optOut);
    } else if (optOut) {
      throw this.unusedOptOut('optOuts.rootUser', `user ${JSON.stringify(value)} is not root`);
    }
    return { value, root, numeric: parsed.isNumeric, uid: parsed.user, gid: parsed.group ?? parsed.user };
  }

  private resolveCapabilities(caps: Capability[], optOut: OptOut | undefined): string[] {
    const seen = new Set(checkAddedCapabilities(this, caps));
    if (seen.size > 0) {
      if (!optOut) {
        throw invalidProp(this, 'capabilities', caps,
          'adding capabilities back after dropping ALL needs optOuts.addedCapabilities with a justification');
      }
      // answers HD-C15 for exactly these capabilities
      this.optOut('optOuts.addedCapabilities', 'capabilities-dropped', optOut, [...seen]);
    } else if (optOut) {
      throw this.unusedOptOut('optOuts.addedCapabilities', 'no capability is added');
    }
    return [...seen].sort();
  }

  private resolveMounts(volumes: VolumeMount[], binds: BindMount[], taken: string[]): ServiceTaskSpecContainerSpecMounts[] {
    requireLiteral(this, 'volumes', volumes);
    requireLiteral(this, 'bindMounts', binds);
    if (!Array.isArray(volumes)) throw invalidProp(this, 'volumes', volumes, 'expected a list of { volumeName, containerPath }');
    if (!Array.isArray(binds)) throw invalidProp(this, 'bindMounts', binds, 'expected a list of { hostPath, containerPath }');
    const targets = new Map<string, string>(taken.map((t) => [t, 'a tmpfs']));
    const claim = (prop: string, target: string) => {
      this.checkContainerPath(prop, target); // refuses /run/secrets (the secrets' directory) among the runtime's paths
      const owner = targets.get(target);
      if (owner) throw invalidProp(this, prop, target, `the path is already used by ${owner}`);
      targets.set(target, prop);
    };
    const out: Array<{ target: string; mount: ServiceTaskSpecContainerSpecMounts }> = [];
    for (const [i, v] of volumes.entries()) {
      const prop = `volumes[${i}]`;
      checkVolumeName(this, `${prop}.volumeName`, v?.volumeName);
      claim(`${prop}.containerPath`, v.containerPath);
      if (v.writable) this.optOut(`${prop}.writable`, 'read-only-mounts', v.writable);
      out.push({ target: v.containerPath, mount: { type: 'volume', source: v.volumeName, target: v.containerPath, readOnly: !v.writable } });
    }
    for (const [i, b] of binds.entries()) {
      const prop = `bindMounts[${i}]`;
      checkHostPath(this, `${prop}.hostPath`, b?.hostPath);
      claim(`${prop}.containerPath`, b.containerPath);
      if (b.writable) this.optOut(`${prop}.writable`, 'read-only-mounts', b.writable);
      out.push({
        target: b.containerPath,
        mount: { type: 'bind', source: b.hostPath, target: b.containerPath, readOnly: !b.writable, bindOptions: { propagation: 'rprivate' } },
      });
    }
    return out.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0)).map((m) => m.mount);
  }

  private resolveTmpfs(tmpfs: ServiceTmpfs[]) {
    requireLiteral(this, 'tmpfs', tmpfs);
    if (!Array.isArray(tmpfs)) throw invalidProp(this, 'tmpfs', tmpfs, 'expected a list of { containerPath }');
    const paths = new Set<string>(['/tmp']);
    const given = new Set<string>();
    for (const [i, t] of tmpfs.entries()) {
      const prop = `tmpfs[${i}]`;
      this.checkContainerPath(`${prop}.containerPath`, t?.containerPath);
      if (given.has(t.containerPath)) throw invalidProp(this, `${prop}.containerPath`, t.containerPath, 'each path may be mounted once');
      given.add(t.containerPath);
      paths.add(t.containerPath);
    }
    // no tmpfs_options: provider 3.6.2 panics on them (kreuzwerker/terraform-provider-docker#563, fixed in v4.0.0; seen by
    // test/engine/swarm.test.ts) — the size is bounded by the memory limit the tmpfs pages count against
    return [...paths].sort().map((path) => ({
      path,
      mount: { type: 'tmpfs', target: path } as ServiceTaskSpecContainerSpecMounts,
    }));
  }

  private checkContainerPath(prop: string, path: string): void {
    checkContainerPath(this, prop, path, [SECRETS_DIR]);
  }

  // ---------------------------------------------------------------------------------
  // secrets, environment

  private resolveSecrets(secrets: ServiceSecret[], user: { value?: string; numeric: boolean; uid: string; gid: string }) {
    requireLiteral(this, 'secrets', secrets);
    if (!Array.isArray(secrets)) throw invalidProp(this, 'secrets', secrets, 'expected a list of ServiceSecret');
    const refs: ServiceTaskSpecContainerSpecSecrets[] = [];
    const names: string[] = [];
    const inState: string[] = [];
    const files = new Set<string>();
    if (secrets.length > 0 && user.value === undefined) {
      throw invalidProp(this, 'secrets', secrets.map((s) => (s instanceof ServiceSecret ? s.fileName : s)),
        'a secret file is mounted 0400 owned by the service\'s uid, which optOuts.imageUser leaves unknown at synth: give user as numeric "uid:gid"');
    }
    if (secrets.length > 0 && !user.numeric) {
      throw invalidProp(this, 'user', `${user.uid}:${user.gid}`,
        'a secret file is mounted 0400 owned by the service\'s uid, which a user name does not give at synth (the file would have to ' +
        'be readable by every user, HD-S06): give user as numeric "uid:gid"');
    }
    for (const [i, s] of secrets.entries()) {
      const prop = `secrets[${i}]`;
      if (!(s instanceof ServiceSecret)) throw invalidProp(this, prop, s, 'expected ServiceSecret.fromExisting(...) or ServiceSecret.fromValue(...)');
      requireLiteral(this, `${prop}.fileName`, s.fileName);
      if (typeof s.fileName !== 'string' || !FILE_NAME_RE.test(s.fileName)) {
        throw invalidProp(this, `${prop}.fileName`, s.fileName,
          'expected 1-128 characters of [a-zA-Z0-9_.-] starting with a letter or digit (a literal: give fileName when secretName is a reference)');
      }
      if (files.has(s.fileName)) throw invalidProp(this, `${prop}.fileName`, s.fileName, 'each file name may be used once');
      files.add(s.fileName);
      let secretId: string;
      let secretName: string;
      if (s.createdByStack) {
        const value = s._value;
        if (typeof value !== 'string' || !Token.isUnresolved(value)) {
          throw invalidProp(this, `${prop}.value`, '<redacted>',
            'a literal secret value would be written into cdk.tf.json; pass a token (a sensitive TerraformVariable, a random_password ' +
            'result, Fn.file(...)), or create the secret outside the stack and use ServiceSecret.fromExisting');
        }
        requireLiteral(this, `${prop}.secretName`, s.secretName);
        const name = s.secretName ?? defaultSecretName(this.node.path, s.fileName);
        if (typeof name !== 'string' || !SWARM_SECRET_NAME_RE.test(name)) {
          throw invalidProp(this, `${prop}.secretName`, s.secretName,
            'expected 1-64 of [a-zA-Z0-9_.-], starting and ending with a letter or digit');
        }
        const secret = new Secret(this, `Secret-${s.fileName}`, {
          name,
          data: Fn.base64encode(value),
          labels: [{ label: `${LABEL_PREFIX}service`, value: this.serviceName }],
          // a rotation is a new name: the new secret exists before the service moves to it and the old one goes
          lifecycle: { createBeforeDestroy: true },
        });
        this.createdSecrets.push(secret);
        secretId = secret.id;
        secretName = secret.name;
        inState.push(name);
      } else {
        if (typeof s._secretId !== 'string' || s._secretId.trim() === '') {
          throw invalidProp(this, `${prop}.secretId`, s._secretId, 'expected the secret\'s id in the swarm, or a reference to it');
        }
        if (typeof s.secretName !== 'string' || (!Token.isUnresolved(s.secretName) && !SWARM_SECRET_NAME_RE.test(s.secretName))) {
          throw invalidProp(this, `${prop}.secretName`, s.secretName,
            'expected the secret\'s name in the swarm (1-64 of [a-zA-Z0-9_.-]), which the swarm checks against secretId');
        }
        secretId = s._secretId;
        secretName = s.secretName;
      }
      names.push(s.fileName);
      refs.push({
        secretId,
        secretName,
        fileName: s.fileName,
        fileMode: SECRET_FILE_MODE,
        fileUid: user.uid,
        fileGid: user.gid,
      });
    }
    return { refs, names, inState };
  }

  private resolveConfigs(configs: ServiceConfigFile[], user: { numeric: boolean; uid: string; gid: string }): ServiceTaskSpecContainerSpecConfigs[] {
    requireLiteral(this, 'configs', configs);
    if (!Array.isArray(configs)) throw invalidProp(this, 'configs', configs, 'expected a list of ServiceConfigFile');
    const refs: ServiceTaskSpecContainerSpecConfigs[] = [];
    const paths = new Set<string>();
    for (const [i, c] of configs.entries()) {
      const prop = `configs[${i}]`;
      if (!(c instanceof ServiceConfigFile)) throw invalidProp(this, prop, c, 'expected ServiceConfigFile.fromExisting(...) or ServiceConfigFile.fromContent(...)');
      this.checkContainerPath(`${prop}.path`, c.path);
      if (c.path === '/' || c.path === '/run/secrets' || c.path.startsWith('/run/secrets/') || c.path === '/tmp' || c.path.startsWith('/tmp/')) {
        throw invalidProp(this, `${prop}.path`, c.path, 'expected a file path outside /, /run/secrets and the /tmp tmpfs');
      }
      if (paths.has(c.path)) throw invalidProp(this, `${prop}.path`, c.path, 'each path may be used once');
      paths.add(c.path);
      let configId: string;
      let configName: string;
      if (c.createdByStack) {
        const content = c._content;
        requireLiteral(this, `${prop}.configName`, c.configName);
        if (typeof content !== 'string') throw invalidProp(this, `${prop}.content`, content, 'expected the file\'s content');
        if (!Token.isUnresolved(content)) {
          const found = credentialInData(Buffer.from(content, 'utf8'));
          if (found) {
            throw invalidProp(this, `${prop}.content`, '<redacted>',
              `${found.key !== undefined ? `it sets ${found.key}, which looks like a secret (${found.reason})` : `it looks like a secret (${found.reason})`}: a config is stored ` +
              'unencrypted in the swarm and shown by docker config inspect; deliver it as a ServiceSecret');
          }
        }
        const hash = createHash('sha256').update(Token.isUnresolved(content) ? '' : content).digest('hex').slice(0, 8);
        const name = c.configName ?? `${defaultSecretName(this.node.path, c.path.replace(/\//g, '-'))}-${hash}`.slice(0, 64).replace(/[^a-zA-Z0-9]+$/, '');
        if (typeof name !== 'string' || !SWARM_SECRET_NAME_RE.test(name)) {
          throw invalidProp(this, `${prop}.configName`, c.configName, 'expected 1-64 of [a-zA-Z0-9_.-], starting and ending with a letter or digit');
        }
        const config = new DockerConfig(this, `Config-${createHash('sha256').update(c.path).digest('hex').slice(0, 8)}`, {
          name,
          // literal content is encoded here, deterministically; a token by Terraform
          data: Token.isUnresolved(content) ? Fn.base64encode(content) : Buffer.from(content, 'utf8').toString('base64'),
          lifecycle: { createBeforeDestroy: true },
        });
        configId = config.id;
        configName = config.name;
      } else {
        if (typeof c._configId !== 'string' || c._configId.trim() === '') {
          throw invalidProp(this, `${prop}.configId`, c._configId, 'expected the config\'s id in the swarm, or a reference to it');
        }
        if (typeof c.configName !== 'string' || (!Token.isUnresolved(c.configName) && !SWARM_SECRET_NAME_RE.test(c.configName))) {
          throw invalidProp(this, `${prop}.configName`, c.configName, 'expected the config\'s name in the swarm (1-64 of [a-zA-Z0-9_.-])');
        }
        configId = c._configId;
        configName = c.configName;
      }
      refs.push({
        configId,
        configName,
        fileName: c.path,
        fileMode: CONFIG_FILE_MODE,
        fileUid: user.numeric ? user.uid : undefined,
        fileGid: user.numeric ? user.gid : undefined,
      });
    }
    return refs;
  }

  private resolveEnvironment(env: { [name: string]: string }, optOut: { names: string[]; values?: string[]; justification: string } | undefined) {
    requireLiteral(this, 'environment', env);
    const exempt = new Set(optOut?.names ?? []);
    const exemptValues = new Set(optOut?.values ?? []);
    const used = new Set<string>();
    const out: { [name: string]: string } = {};
    for (const name of Object.keys(env).sort()) {
      const prop = `environment.${name}`;
      const value = env[name];
      if (!ENV_NAME_RE.test(name)) throw invalidProp(this, 'environment', name, 'variable names must match [A-Za-z_][A-Za-z0-9_]*');
      requireLiteral(this, prop, value);
      if (!isCarriableText(value)) throw invalidProp(this, prop, value, `expected ${CARRIABLE_TEXT}`);
      const valueReason = secretLikeValue(value);
      if (valueReason && !exemptValues.has(name)) {
        throw invalidProp(this, prop, '<redacted>',
          `${valueReason}; secrets must not be environment variables, use secrets: [ServiceSecret…] (mounted at ${SECRETS_DIR}/<fileName>), ` +
          'or list the name in optOuts.secretLikeEnvironment.values if the value is public');
      }
      if (valueReason) used.add(name);
      const nameReason = secretLikeName(name);
      if (nameReason) {
        if (!exempt.has(name)) {
          throw invalidProp(this, 'environment', name,
            `looks like a secret (${nameReason}); secrets must not be environment variables (they show in state, service inspect and /proc). ` +
            `Use secrets: [ServiceSecret…] and point the app at ${SECRETS_DIR}/<fileName> (e.g. ${name}_FILE), ` +
            'or list the name in optOuts.secretLikeEnvironment if it is not a secret');
        }
        used.add(name);
      }
      out[name] = escapeTemplate(value);
    }
    if (optOut) {
      const unused = [...exempt, ...exemptValues].filter((n) => !used.has(n));
      if (unused.length > 0 || exempt.size + exemptValues.size === 0) {
        throw this.unusedOptOut('optOuts.secretLikeEnvironment', `names ${JSON.stringify(unused)} are not secret-looking environment variables of this service`);
      }
      this.optOut('optOuts.secretLikeEnvironment', 'secrets-as-files', optOut, [...new Set([...exempt, ...exemptValues])]);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------
  // networks, ports

  /**
   * Joins a grant's pair network (once), with `alias` on it when given.
   *
   * @internal
   */
  public _joinGrant(grant: ServiceGrant, alias?: string): void {
    let attachment = this.attachments.find((a) => a.grant === grant);
    if (!attachment && this.ownNetwork) {
      // the private network only stood in for "no network"; the grant's pair network now does that job
      this.attachments.splice(this.attachments.findIndex((a) => a.target === this.ownNetwork!.networkId), 1);
      unregisterNetwork(this.ownNetwork, this.ownNetwork.networkName, this.ownNetwork.networkId);
      this.node.tryRemoveChild(this.ownNetwork.node.id);
      this.ownNetwork = undefined;
    }
    if (!attachment) {
      attachment = { target: grant.networkId, aliases: [], grant };
      this.attachments.push(attachment);
    }
    if (alias !== undefined && !attachment.aliases.includes(alias)) attachment.aliases.push(alias);
  }

  private resolveNetworks(networks: string[]): string[] {
    if (!Array.isArray(networks)) throw invalidProp(this, 'networks', networks, 'expected a list of network ids or names');
    const seen = new Set<string>();
    for (const [i, n] of networks.entries()) {
      const prop = `networks[${i}]`;
      if (typeof n !== 'string' || n.trim() === '') throw invalidProp(this, prop, n, 'expected a network id or name');
      // a token is a reference to a docker_network (or a variable): never one of the predefined networks by construction
      if (!Token.isUnresolved(n)) {
        if (REFUSED_NETWORKS.includes(n.trim())) {
          throw invalidProp(this, prop, n,
            `the predefined networks (${REFUSED_NETWORKS.join(', ')}) are refused: join an overlay network (OverlayNetwork)`);
        }
        if (!isCarriableText(n) || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(n)) {
          throw invalidProp(this, prop, n, 'expected a network id or name of [a-zA-Z0-9_.-] starting with a letter or digit');
        }
      }
      if (seen.has(n)) throw invalidProp(this, prop, n, 'each network may be joined once');
      seen.add(n);
      const managed = networkNamedIn(TerraformStack.of(this), n);
      if (managed instanceof ServiceGrant) {
        throw invalidProp(this, prop, n,
          `this is the pair network of ${managed.node.path}, joined by its two services only; ask for a grant with OverlayNetwork.allow()`);
      }
      if (managed instanceof OverlayNetwork && managed.node.scope instanceof HardenedService && managed.node.scope.privateNetwork === managed) {
        throw invalidProp(this, prop, n, `this is the private network of ${managed.node.scope.node.path}; ask for a grant with OverlayNetwork.allow()`);
      }
      const zone = this.trustZone ?? DEFAULT_TRUST_ZONE;
      if (managed instanceof OverlayNetwork && managed.trustZone !== zone) {
        throw invalidProp(this, prop, n,
          `${managed.node.path} is in trust zone "${managed.trustZone}", this service in "${zone}"; services of different trust zones ` +
          'never share a network: connect two services across zones with OverlayNetwork.allow() and its crossTrustZone opt-out');
      }
    }
    return [...networks];
  }

  private resolvePorts(ports: ServicePort[], optOut: OptOut | undefined) {
    requireLiteral(this, 'ports', ports);
    if (!Array.isArray(ports)) throw invalidProp(this, 'ports', ports, 'expected a list of ServicePort');
    const out: Array<ServiceEndpointSpecPorts & { protocol: string; publishMode: string }> = [];
    const seen = new Set<string>();
    for (const [i, p] of ports.entries()) {
      const prop = `ports[${i}]`;
      this.checkInteger(`${prop}.targetPort`, p?.targetPort, 1, 65535);
      if (p.publishedPort !== undefined) this.checkInteger(`${prop}.publishedPort`, p.publishedPort, 1, 65535);
      const protocol = p.protocol ?? Protocol.TCP;
      if (!Object.values(Protocol).includes(protocol)) throw invalidProp(this, `${prop}.protocol`, p.protocol, 'expected Protocol.TCP, UDP or SCTP');
      const publishMode = p.publishMode ?? PublishMode.INGRESS;
      if (!Object.values(PublishMode).includes(publishMode)) {
        throw invalidProp(this, `${prop}.publishMode`, p.publishMode, 'expected PublishMode.INGRESS or PublishMode.HOST');
      }
      const key = `${p.publishedPort ?? `auto:${p.targetPort}`}/${protocol}`;
      if (seen.has(key)) throw invalidProp(this, prop, p, 'the same published port and protocol is given twice');
      seen.add(key);
      out.push({ targetPort: p.targetPort, publishedPort: p.publishedPort, protocol, publishMode });
    }
    if (out.length > 0) {
      if (!optOut) {
        throw invalidProp(this, 'ports', ports.map((p) => p.targetPort),
          'a swarm service port is published on all interfaces of every node (ingress) or of every node with a task (host), never on ' +
          'loopback only; reach the service over an overlay network, or opt out with optOuts.publishedPorts');
      }
      // answers HD-S02 for exactly these ports (its finding ids)
      this.optOut('optOuts.publishedPorts', 'no-published-ports', optOut,
        out.map((p) => `${p.publishedPort ?? 'auto'}->${p.targetPort}/${p.protocol}`));
    } else if (optOut) {
      throw this.unusedOptOut('optOuts.publishedPorts', 'no port is published');
    }
    return out;
  }

  // ---------------------------------------------------------------------------------
  // restart, rollout, logging, labels

  private resolveRestart(policy: RestartPolicy | undefined, delay: Duration | undefined, optOut: OptOut | undefined) {
    const p = policy ?? RestartPolicy.onFailure(DEFAULT_RESTART_ATTEMPTS);
    if (!(p instanceof RestartPolicy)) throw invalidProp(this, 'restartPolicy', p, 'expected a RestartPolicy');
    if (delay !== undefined && !(delay instanceof Duration)) throw invalidProp(this, 'restartDelay', delay, 'expected a Duration');
    const d = serviceDuration(delay ?? DEFAULT_RESTART_DELAY);
    if (p.mode === 'unless-stopped') {
      throw invalidProp(this, 'restartPolicy', p.mode, 'swarm has no unless-stopped condition; use RestartPolicy.onFailure(1-5) or never()');
    }
    if (p.mode === 'on-failure') this.checkInteger('restartPolicy.maxRetries', p.maxRetries, 1, MAX_RESTART_RETRIES);
    if (p.isUnbounded) {
      if (!optOut) {
        throw invalidProp(this, 'restartPolicy', p.mode,
          `expected RestartPolicy.onFailure(1-${MAX_RESTART_RETRIES}) or never(); "${p.mode}" (swarm condition any) restarts without bound and needs optOuts.unboundedRestart (CIS 5.15)`);
      }
      this.optOut('optOuts.unboundedRestart', 'bounded-restart', optOut);
    } else if (optOut) {
      throw this.unusedOptOut('optOuts.unboundedRestart', `restart policy "${p.mode}" is bounded`);
    }
    if (p.mode === 'on-failure') {
      return { spec: { condition: 'on-failure', maxAttempts: p.maxRetries, delay: d }, describe: `on-failure, max ${p.maxRetries} attempts, ${d} apart, no window` };
    }
    if (p.mode === 'no') return { spec: { condition: 'none' }, describe: 'none' };
    return { spec: { condition: 'any', delay: d }, describe: `any, without bound, ${d} apart` };
  }

  private resolveRollout(r: ServiceRollout) {
    requireLiteral(this, 'rollout', r);
    const parallelism = r.parallelism ?? 1;
    this.checkInteger('rollout.parallelism', parallelism, 1, 100);
    for (const k of ['delay', 'monitor'] as const) {
      if (r[k] !== undefined && !(r[k] instanceof Duration)) throw invalidProp(this, `rollout.${k}`, r[k], 'expected a Duration');
    }
    const monitor = r.monitor ?? Duration.seconds(30);
    if (monitor.toMilliseconds() < 1000) throw invalidProp(this, 'rollout.monitor', monitor.toGoString(), 'expected at least 1s');
    requireLiteral(this, 'rollout.startFirst', r.startFirst);
    if (r.startFirst !== undefined && typeof r.startFirst !== 'boolean') throw invalidProp(this, 'rollout.startFirst', r.startFirst, 'expected true or false');
    return {
      parallelism,
      delay: serviceDuration(r.delay ?? Duration.seconds(10)),
      monitor: serviceDuration(monitor),
      maxFailureRatio: '0.0',
      order: r.startFirst ? 'start-first' : 'stop-first',
    };
  }

  private resolveLogging(logging: ContainerLogging): { driver: string; options: { [key: string]: string } } {
    const driver = logging.driver ?? LogDriver.LOCAL;
    if (!Object.values(LogDriver).includes(driver)) {
      throw invalidProp(this, 'logging.driver', driver, `expected one of ${Object.values(LogDriver).join(', ')}`);
    }
    const rotating = driver === LogDriver.LOCAL || driver === LogDriver.JSON_FILE;
    const options: { [key: string]: string } = {};
    for (const [key, value] of Object.entries(logging.options ?? {})) {
      if (key === 'max-size' || key === 'max-file') {
        throw invalidProp(this, `logging.options.${key}`, value, 'use logging.maxSize / logging.maxFiles');
      }
      if (!/^[a-z0-9][a-z0-9_.-]*$/.test(key) || typeof value !== 'string' || !isCarriableText(value)) {
        throw invalidProp(this, `logging.options.${key}`, value, 'expected a lower-case option name and a string value');
      }
      options[key] = escapeTemplate(value);
    }
    if (rotating) {
      const maxSize = logging.maxSize ?? DEFAULT_LOG_MAX_SIZE;
      if (maxSize.toBytes() < 1024 * 1024 || maxSize.toBytes() > 1024 ** 3) {
        throw invalidProp(this, 'logging.maxSize', maxSize.toString(), 'expected 1 MiB to 1 GiB');
      }
      const maxFiles = logging.maxFiles ?? DEFAULT_LOG_MAX_FILES;
      this.checkInteger('logging.maxFiles', maxFiles, 1, 100);
      options['max-size'] = maxSize.toSuffixedString();
      options['max-file'] = String(maxFiles);
    } else if (logging.maxSize !== undefined || logging.maxFiles !== undefined) {
      throw invalidProp(this, logging.maxSize !== undefined ? 'logging.maxSize' : 'logging.maxFiles', logging.maxSize?.toString() ?? logging.maxFiles,
        `rotation options apply to the local and json-file drivers only, not ${driver}`);
    }
    const sorted: { [key: string]: string } = {};
    for (const key of Object.keys(options).sort()) sorted[key] = options[key];
    return { driver, options: sorted };
  }

  private resolveLabels(labels: { [key: string]: string }) {
    requireLiteral(this, 'labels', labels);
    const all: { [key: string]: string } = {};
    for (const [key, value] of Object.entries(labels)) {
      if (!LABEL_KEY_RE.test(key)) {
        throw invalidProp(this, 'labels', key, 'label keys must be 1-255 characters of [a-zA-Z0-9_./-] starting with a letter or digit');
      }
      if (key.startsWith(LABEL_PREFIX)) {
        throw invalidProp(this, 'labels', key, `keys starting with "${LABEL_PREFIX}" are reserved for this library`);
      }
      requireLiteral(this, `labels.${key}`, value);
      if (!isCarriableText(value)) throw invalidProp(this, `labels.${key}`, value, `expected ${CARRIABLE_TEXT}`);
      all[key] = value;
    }
    all[`${LABEL_PREFIX}hardened`] = 'true';
    if (this.trustZone !== undefined) all[`${LABEL_PREFIX}trust-zone`] = this.trustZone;
    return Object.keys(all).sort().map((label) => ({ label, value: escapeTemplate(all[label]) }));
  }

  // ---------------------------------------------------------------------------------
  // helpers

  private checkArgv(prop: string, argv: string[] | undefined): string[] | undefined {
    return checkArgv(this, prop, argv);
  }

  private checkInteger(prop: string, value: number | undefined, min: number, max: number): void {
    checkInteger(this, prop, value, min, max);
  }

  private checkSize(prop: string, size: Size, min: number, max: number, allowed: string): number {
    requireLiteral(this, prop, size);
    if (!(size instanceof Size)) throw invalidProp(this, prop, size, 'expected a Size');
    const bytes = size.toBytes();
    if (!Number.isSafeInteger(bytes) || bytes < min || bytes > max) throw invalidProp(this, prop, size.toString(), `expected ${allowed}`);
    return bytes;
  }

  /** CPUs as the swarm's nano CPUs. */
  private checkCpus(prop: string, cpus: number, min: number, max: number): number {
    const nano = Math.round(cpus * 1e9);
    if (typeof cpus !== 'number' || !Number.isFinite(cpus) || cpus < min || cpus > max || Math.abs(nano - cpus * 1e9) > 1e-3
      || Math.round(cpus * 100000) / 100000 !== cpus) {
      throw invalidProp(this, prop, cpus, `expected a number of CPUs from ${min} to ${max} with at most 5 decimal places`);
    }
    return nano;
  }

  private optOut(prop: string, control: string, optOut: OptOut, findings?: string[]): void {
    const record = recordOptOut(this, prop, control, optOut, findings);
    this.optOutRecords.push(record);
    if (!this.optOutByControl.has(control)) this.optOutByControl.set(control, record);
  }

  private unusedOptOut(prop: string, why: string): Error {
    return invalidProp(this, prop, '<opt-out>', `this opt-out does not apply (${why}); remove it so the report lists only risks actually taken`);
  }

  // ---------------------------------------------------------------------------------
  // controls

  private describeControls(s: ServiceControlState): HardeningControl[] {
    const T = Threat;
    const S = ControlStatus;
    const NOT_EXPRESSIBLE = 'not expressible in provider 3.6.2\'s docker_service';
    const controls: HardeningControl[] = [];
    const add = (id: string, title: string, cis: string[], threats: Threat[], detail: string, status: ControlStatus = S.ENFORCED) => {
      const opt = this.optOutByControl.get(id);
      controls.push({
        id,
        title,
        cis,
        threats,
        status: opt ? S.OPTED_OUT : status,
        detail: opt ? `${detail} (opted out via ${opt.prop})` : detail,
        justification: opt?.justification,
      });
    };
    const mib = (bytes: number) => `${bytes / 1048576} MiB`;
    const cpus = (nano: number) => `${nano / 1e9} CPU`;
    add('non-root-user', 'Runs as a non-root user', ['CIS 4.1'], [T.CONTAINER_BREAKOUT, T.KERNEL_EXPLOIT],
      this.user === undefined ? 'the image\'s USER (not set by the service)'
        : s.numericUser ? `user ${this.user}` : `user ${this.user} (a name: its uid is only known inside the image)`,
      s.numericUser ? S.ENFORCED : S.PARTIAL);
    add('read-only-rootfs', 'Read-only root filesystem', ['CIS 5.13'], [T.CONTAINER_BREAKOUT, T.POISONED_IMAGE],
      s.readOnly ? 'read_only = true' : 'read_only = false');
    add('writable-paths-noexec', 'Writable paths are size-limited noexec tmpfs', [], [T.CONTAINER_BREAKOUT, T.DENIAL_OF_SERVICE],
      `${s.tmpfs.join('; ')}; noexec,nosuid,nodev are the engine's fixed flags for tmpfs mounts (seen in the kernel: test/engine/swarm.test.ts); ` +
        'a size cannot be set (provider 3.6.2 panics on tmpfs_options, kreuzwerker#563)', S.PARTIAL);
    add('capabilities-dropped', 'All capabilities dropped', ['CIS 5.4'], [T.CONTAINER_BREAKOUT, T.KERNEL_EXPLOIT],
      s.capAdd.length === 0 ? 'cap_drop ALL, cap_add none' : `cap_drop ALL, cap_add ${s.capAdd.join(', ')}`);
    add('no-new-privileges', 'no-new-privileges', ['CIS 5.26'], [T.CONTAINER_BREAKOUT],
      `${NOT_EXPRESSIBLE}: holds only where the node's daemon sets no-new-privileges (SecureDaemon does)`, S.NOT_CONFIGURED);
    add('not-privileged', 'Never privileged', ['CIS 5.5'], [T.CONTAINER_BREAKOUT, T.KERNEL_EXPLOIT], 'a swarm service cannot be privileged');
    add('seccomp-default', 'Seccomp profile in force', ['CIS 5.22'], [T.KERNEL_EXPLOIT],
      `the engine's default profile applies; a custom profile is ${NOT_EXPRESSIBLE}, and so is disabling it`);
    add('apparmor-default', 'AppArmor profile in force', ['CIS 5.2'], [T.CONTAINER_BREAKOUT],
      `docker-default applies on AppArmor hosts; a custom profile is ${NOT_EXPRESSIBLE}, and so is disabling it`);
    add('no-host-namespaces', 'No host namespaces', ['CIS 5.10', 'CIS 5.16', 'CIS 5.17', 'CIS 5.21', 'CIS 5.31'], [T.CONTAINER_BREAKOUT],
      'the host network is refused; pid/ipc/uts/userns cannot be shared from a service spec');
    add('unprivileged-ports-need-capability', 'Low ports and ICMP sockets need a capability', ['CIS 5.8'], [T.CONTAINER_BREAKOUT],
      'sysctl net.ipv4.ip_unprivileged_port_start=1024, net.ipv4.ping_group_range="1 0"');
    add('memory-limit', 'Memory limited', ['CIS 5.11'], [T.DENIAL_OF_SERVICE],
      `limits.memory_bytes ${mib(s.memoryBytes)}, reservation ${mib(s.memoryReservation)}; swap is ${NOT_EXPRESSIBLE} (the engine allows as much swap as memory)`,
      S.PARTIAL);
    add('cpu-limit', 'CPU limited', ['CIS 5.12'], [T.DENIAL_OF_SERVICE],
      `limits.nano_cpus ${cpus(s.nanoCpus)}, reservation ${cpus(s.reservedNanoCpus)}`);
    add('process-limit', 'Process limit', ['CIS 5.29'], [T.DENIAL_OF_SERVICE],
      `pids limit and ulimits are ${NOT_EXPRESSIBLE}: only the nodes' daemon default-ulimits apply`, S.NOT_CONFIGURED);
    add('file-limit', 'Open files limited', ['CIS 5.19'], [T.DENIAL_OF_SERVICE],
      `ulimits are ${NOT_EXPRESSIBLE}: only the nodes' daemon default-ulimits apply`, S.NOT_CONFIGURED);
    add('bounded-restart', 'Restart on-failure, at most 5 attempts', ['CIS 5.15'], [T.DENIAL_OF_SERVICE], s.restart);
    add('init-process', 'Init process reaps zombies', [], [T.DENIAL_OF_SERVICE], `init is ${NOT_EXPRESSIBLE}`, S.NOT_CONFIGURED);
    const localLogs = s.logging.driver === LogDriver.LOCAL || s.logging.driver === LogDriver.JSON_FILE;
    add('log-rotation', 'Logs kept and rotated', ['CIS 2.13'], [T.DENIAL_OF_SERVICE],
      `${s.logging.driver} ${Object.entries(s.logging.options).map(([k, v]) => `${k}=${v}`).join(' ')}`.trim() +
        (localLogs ? '' : ' (shipped off the host: retention and rotation are the collector\'s)'),
      localLogs ? S.ENFORCED : S.PARTIAL);
    add('network-isolation', 'Never on the default bridge', ['CIS 5.30'], [T.CONTAINER_BREAKOUT],
      [
        this.privateNetwork ? `a private overlay network of its own (${this.privateNetwork.networkName}: encrypted, internal, not attachable)`
          : `networks_advanced: ${s.networks.filter((n) => !n.grant).length} network(s)`,
        ...s.networks.filter((n) => n.grant).map((n) => `grant network ${n.grant!.networkName}` +
          (n.aliases.length > 0 ? ` as ${n.aliases.join(', ')}` : '')),
      ].join('; '),
      S.ENFORCED);
    add('no-published-ports', 'No ports published outside the swarm', ['CIS 5.14'], [T.CONTAINER_BREAKOUT],
      s.ports.length === 0 ? 'no published ports' : `published on every node: ${s.ports.join(', ')}`);
    add('read-only-mounts', 'Volumes and bind mounts read-only', ['CIS 5.6'], [T.CONTAINER_BREAKOUT],
      s.mounts.length === 0 ? 'no mounts' : `${s.mounts.filter((m) => !m.readOnly).length} of ${s.mounts.length} mounts writable`);
    add('no-sensitive-host-mounts', 'No sensitive host paths or engine sockets', ['CIS 5.6', 'CIS 5.32'], [T.CONTAINER_BREAKOUT],
      s.mounts.some((m) => m.type === 'bind')
        ? 'bind sources checked against the sensitive path list; propagation rprivate (CIS 5.20)' : 'no bind mounts');
    add('image-digest-pinned', 'Image pinned by digest', ['CIS 5.28', 'CIS 4.5'], [T.POISONED_IMAGE],
      this.imageDigest ? this.imageDigest : `mutable reference ${this.imageReference}`);
    add('secrets-as-files', 'Secrets as read-only files, not environment', ['CIS 4.10'], [T.COMPROMISED_SECRET],
      `${s.secrets.length} swarm secret(s) under ${SECRETS_DIR}` +
        (s.secrets.length > 0 ? ' (mode 0400, owned by the service user)' : '') +
        `; ${s.env} environment variable(s) checked`,
      S.ENFORCED);
    if (s.secretsInState.length > 0) {
      add('secret-values-outside-state', 'Secret values kept out of the Terraform state', [], [T.COMPROMISED_SECRET],
        `the values of ${s.secretsInState.join(', ')} are stored in this stack's Terraform state (docker_secret data): keep it in an ` +
        'encrypted remote backend with restricted access', S.PARTIAL);
    }
    add('health-check', 'Health checked at runtime', ['CIS 5.27'], [T.DENIAL_OF_SERVICE],
      s.healthcheck ? 'healthcheck set' : 'none set; relies on the image HEALTHCHECK, if any',
      s.healthcheck ? S.ENFORCED : S.NOT_CONFIGURED);
    add('trust-zone-placement', 'Placed on the nodes of its trust zone', [], [T.CONTAINER_BREAKOUT],
      this.trustZone !== undefined ? `placement constraint ${HardenedService.trustZoneConstraint(this.trustZone)}`
        : 'no trust zone: tasks may run on any node of the swarm',
      this.trustZone !== undefined ? S.ENFORCED : S.NOT_CONFIGURED);
    add('safe-rollout', 'Updates one batch at a time, rolled back on failure', [], [T.DENIAL_OF_SERVICE], s.rollout);
    return controls;
  }
}

/** What describeControls needs, captured at construction. */
interface ServiceControlState {
  readonly readOnly: boolean;
  readonly tmpfs: string[];
  readonly capAdd: string[];
  readonly memoryBytes: number;
  readonly memoryReservation: number;
  readonly nanoCpus: number;
  readonly reservedNanoCpus: number;
  readonly restart: string;
  readonly rollout: string;
  readonly logging: { driver: string; options: { [k: string]: string } };
  readonly healthcheck: boolean;
  readonly secrets: string[];
  readonly secretsInState: string[];
  readonly env: number;
  readonly networks: ReadonlyArray<{ readonly target: string; readonly aliases: string[]; readonly grant?: ServiceGrant }>;
  readonly ports: string[];
  readonly rootUser: boolean;
  readonly numericUser: boolean;
  readonly mounts: Array<{ type: string; source: string; target: string; readOnly: boolean }>;
}

/** A DNS label from the construct path: readable part, then 8 hex of sha256(path). */
function defaultServiceName(path: string): string {
  const readable = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 54).replace(/-+$/, '');
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 8);
  return readable ? `${readable}-${hash}` : `service-${hash}`;
}

function defaultSecretName(path: string, fileName: string): string {
  const readable = `${path}-${fileName}`.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 55);
  const hash = createHash('sha256').update(`${path}\0${fileName}`).digest('hex').slice(0, 8);
  return `${readable}-${hash}`;
}
