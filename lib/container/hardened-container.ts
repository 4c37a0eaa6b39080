import { createHash } from 'crypto';
import { Container, ContainerConfig, ContainerMounts } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Annotations, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Capability } from './capability';
import { allocateDefaultUser, reserveUid } from './default-user';
import { secretLikeName, secretLikeValue } from './environment';
import { HealthCheck } from './health-check';
import { ContainerLogging, LogDriver } from './logging';
import { BindMount, SecretFile, TmpfsMount, VolumeMount } from './mounts';
import { IContainerNetwork, NetworkAttachment, NetworkPurpose, recordJoin } from './network';
import { claimHostPort, PortMapping, Protocol } from './ports';
import { MAX_RESTART_RETRIES, RestartPolicy } from './restart-policy';
import { sharedImage } from './shared-image';
import { parseUser } from './user';
import { AppArmorProfile } from '../apparmor/apparmor-profile';
import { Duration } from '../core/duration';
import { invalidProp } from '../core/errors';
import { portFindingId, publishedPortFindingId, seccompFindingId } from '../core/finding-ids';
import { deterministicName, fixedAddressProblem, isIPv4, isIPv6, isLoopback, TRUST_ZONE_RE } from '../core/net';
import { OptOut, OptOutRecord, recordOptOut } from '../core/opt-out';
import { checkAddedCapabilities, checkArgv, checkContainerPath, checkHostPath, checkInteger, checkVolumeName } from '../core/prop-checks';
import { Size } from '../core/size';
import { CARRIABLE_TEXT, escapeTemplate, isCarriableText, requireLiteral, terraformNameProblems } from '../core/tokens';
import { ControlStatus, HardeningControl, Threat } from '../report/control';
import { SeccompProfile } from '../seccomp/seccomp-profile';

/** A type's properties without `readonly`, for the fields `resolve()` sets while the constructor runs. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

const ID_REFERENCES = new WeakMap<Image, string>();
const NAME_REFERENCES = new WeakMap<TerraformResource, string>();

/**
 * `image.imageId`, one token per image: the getter makes a new token (and cdktf captures a stack trace for it) on
 * every call, and a shared image is referenced by every container that runs it. Tokens are plain references
 * resolved at synthesis, so one may appear in any number of resources.
 */
function imageIdReference(image: Image): string {
  let ref = ID_REFERENCES.get(image);
  if (ref === undefined) ID_REFERENCES.set(image, ref = image.imageId);
  return ref;
}

/** The `name` attribute of a managed network, one token per network (as for images). */
function nameReference(network: TerraformResource): string {
  let ref = NAME_REFERENCES.get(network);
  if (ref === undefined) NAME_REFERENCES.set(network, ref = network.getStringAttribute('name'));
  return ref;
}

/** CFS period used to express CPU limits, in microseconds. */
export const CPU_PERIOD_MICROS = 100000;
/** Prefix of the labels this library sets on containers. */
export const LABEL_PREFIX = 'io.cdktf-hardened-docker.';
/** The trust zone of a container or network that does not name one. */
export const DEFAULT_TRUST_ZONE = 'default';
/** Where secret files are mounted. */
export const SECRETS_DIR = '/run/secrets';

const DEFAULT_MEMORY = Size.mebibytes(256);
const DEFAULT_TMP_SIZE = Size.mebibytes(64);
const DEFAULT_CPUS = 1;
const DEFAULT_PROCESS_LIMIT = 1024;
const DEFAULT_OPEN_FILES_LIMIT = 4096;
const DEFAULT_LOG_MAX_SIZE = Size.mebibytes(10);
const DEFAULT_LOG_MAX_FILES = 3;
/** Docker's default CPU weight; set explicitly so the limit is visible to docker-bench's 5.12 check. */
const CPU_SHARES = 1024;
/**
 * Docker (>= 20.10) sets `ip_unprivileged_port_start=0` and `ping_group_range=0 2147483647` in every
 * container with its own network namespace, so that any user may bind ports below 1024 and open ICMP
 * sockets without a capability. We restore the kernel defaults, so that both need the capability again.
 */
const NETWORK_SYSCTLS: { [key: string]: string } = {
  'net.ipv4.ip_unprivileged_port_start': '1024',
  'net.ipv4.ping_group_range': '1 0',
};
/** The engine refuses memory limits below 6 MiB. */
const MIN_MEMORY_MIB = 6;

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const SECRET_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOSTNAME_RE = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const LABEL_KEY_RE = /^[a-zA-Z0-9][a-zA-Z0-9_./-]{0,254}$/;
const IMAGE_REF_RE = (() => {
  const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
  const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
  const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
  const tag = '[\\w][\\w.-]{0,127}';
  return new RegExp(`^(${name})(?::(${tag}))?(?:@(sha256:[a-f0-9]{64}))?$`);
})();
/** A local image id: the digest of the image configuration, as immutable as a repository digest. */
const IMAGE_ID_RE = /^sha256:[a-f0-9]{64}$/;
const PREDEFINED_NETWORKS = ['bridge', 'host', 'none', 'default'];

/**
 * Opt-outs from the defaults of `HardenedContainer`, one per weakened control.
 *
 * Each needs a written justification, is recorded as construct metadata and
 * shows up in the hardening summary as an accepted risk.
 */
export interface HardenedContainerOptOuts {
  /**
   * Allow `user` to be root: the name `root`, uid 0, or a root group (`*:0`, `*:root`).
   * @default - none; a root user or group is refused
   */
  readonly rootUser?: OptOut;
  /**
   * Do not set a user at all and run as the image's own `USER`, which cannot be
   * checked at synth (it may be root).
   * @default - none; the container runs as `user`
   */
  readonly imageUser?: OptOut;
  /**
   * Mount the root filesystem read-write (CIS 5.13).
   * @default - none; the root filesystem is read-only
   */
  readonly writableRootFilesystem?: OptOut;
  /**
   * Drop `no-new-privileges`, so setuid binaries and file capabilities can raise privileges (CIS 5.26).
   * @default - none; no-new-privileges is set
   */
  readonly privilegeEscalation?: OptOut;
  /**
   * Accept an image reference without a `@sha256:` digest (CIS 5.28, 4.5).
   * @default - none; images must be pinned by digest
   */
  readonly mutableImageTag?: OptOut;
  /**
   * Add back the capabilities listed in `capabilities` after dropping ALL (CIS 5.4).
   * Required whenever `capabilities` is not empty.
   * @default - none; no capability is added
   */
  readonly addedCapabilities?: OptOut;
  /**
   * Use a restart policy without a retry bound (`always`, `unless-stopped`) (CIS 5.15).
   * @default - none; on-failure with at most 5 retries
   */
  readonly unboundedRestart?: OptOut;
  /**
   * Accept the listed environment variable names although they look like secrets
   * (`names`), and the values of the variables in `values` although they look like
   * keys, tokens or credential URLs (a public "anon" JWT, an SMTP URL with a query).
   * @default - none; secret-looking names and values are refused
   */
  readonly secretLikeEnvironment?: EnvironmentOptOut;
}

/**
 * An opt-out for specific environment variable names.
 */
export interface EnvironmentOptOut extends OptOut {
  /** The names that are not secrets although they look like one. */
  readonly names: string[];
  /**
   * The variables whose values are not secrets although they look like one (each must be in `environment`).
   * @default - none
   */
  readonly values?: string[];
}

/**
 * Props of `HardenedContainer`. Only `image` is required; every other prop has
 * a hardened default.
 */
export interface HardenedContainerProps {
  /**
   * The image, pinned by digest: `[registry/]repository[:tag]@sha256:<64 hex>`,
   * or a local image id `sha256:<64 hex>` (content-addressed too, but only
   * resolvable on an engine that already has the image).
   * A reference without digest needs `optOuts.mutableImageTag`.
   *
   * The image is a `docker_image` that every HardenedContainer of the stack
   * running the same reference shares (a direct child of the stack with id
   * `image-<name>-<12 hex of sha256(reference)>`), unless `privateImage` is set.
   */
  readonly image: string;

  /**
   * Give this container its own `docker_image` (a child with id `Image`)
   * instead of the stack's shared one for its reference. An escape hatch on the
   * shared image (`imageResource.addOverride(...)`) changes it for every
   * container that runs the reference; a container that needs different image
   * settings (e.g. `pull_triggers`, `keep_locally: false`) sets this and
   * overrides its own.
   * @default false - the stack's shared docker_image of the reference
   */
  readonly privateImage?: boolean;

  /**
   * The container's name on the engine.
   * @default - derived from the construct path: deterministic and unique within the app
   */
  readonly containerName?: string;

  /**
   * The user (and group) the container's processes run as: `uid`, `uid:gid`,
   * `name` or `name:group`. Numeric ids are preferred: they are verifiable at
   * synth and do not depend on the image's /etc/passwd. If the image declares
   * its own non-root `USER`, pass the same uid:gid here, or keep the image's
   * user with `optOuts.imageUser`.
   *
   * The default gives every container of a stack its own uid, because the
   * process limit (`processLimit`, the `nproc` ulimit) counts the processes of a
   * uid on the whole host: containers sharing a uid share one limit, and a fork
   * bomb in one of them leaves the others unable to fork.
   * @default - `uid:uid` with a uid in 20000–59999 derived from the construct path, distinct within the stack
   */
  readonly user?: string;

  /**
   * Command (arguments to the entrypoint).
   * @default - the image's CMD
   */
  readonly command?: string[];

  /**
   * Entrypoint.
   * @default - the image's ENTRYPOINT
   */
  readonly entrypoint?: string[];

  /**
   * Working directory inside the container (absolute).
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;

  /**
   * Host name inside the container (one DNS label).
   * @default - the engine's default (the container id)
   */
  readonly hostname?: string;

  /**
   * Environment variables. Names that look like secrets (PASSWORD, TOKEN,
   * API_KEY, …) and values that look like keys or tokens are refused: use
   * `secrets` instead. Names ending in `_FILE`/`_PATH` are fine.
   * @default - none
   */
  readonly environment?: { [name: string]: string };

  /**
   * Secrets, mounted read-only as files at /run/secrets/<name>.
   * @default - none
   */
  readonly secrets?: SecretFile[];

  /**
   * Memory limit, a whole number of MiB (at least 6). Swap is disabled:
   * `memory_swap` equals the limit.
   * @default Size.mebibytes(256)
   */
  readonly memoryLimit?: Size;

  /**
   * CPU limit in CPUs (0.01 to 1024), expressed as a CFS quota over a
   * 100 ms period because the provider's `cpus` attribute panics in 3.6.2.
   * @default 1
   */
  readonly cpuLimit?: number;

  /**
   * Process (and thread) limit, as the `nproc` ulimit: provider 3.6.2 has no
   * `pids_limit`. `nproc` counts all processes of the container's uid on the
   * host, so give each workload its own uid. See README "Process limit".
   * @default 1024
   */
  readonly processLimit?: number;

  /**
   * Open file descriptor limit (`nofile` ulimit, soft = hard).
   * @default 4096
   */
  readonly openFilesLimit?: number;

  /**
   * Writable in-memory paths, noexec/nosuid/nodev, mode 1777. A `/tmp` tmpfs
   * of 64 MiB is always present; declare `/tmp` here to change its size.
   * @default - only /tmp (64 MiB)
   */
  readonly tmpfs?: TmpfsMount[];

  /**
   * Named volumes, read-only unless opted out per volume.
   * @default - none
   */
  readonly volumes?: VolumeMount[];

  /**
   * Host bind mounts, read-only unless opted out per mount, with private
   * propagation. Sensitive host paths and engine sockets are refused.
   * @default - none
   */
  readonly bindMounts?: BindMount[];

  /**
   * Capabilities to add back after dropping ALL. Needs `optOuts.addedCapabilities`.
   * @default - none; all capabilities are dropped
   */
  readonly capabilities?: Capability[];

  /**
   * Networks to join. Docker's default bridge is never joined; with no
   * networks the container has no network at all (`network_mode = "none"`).
   * @default - no network
   */
  readonly networks?: NetworkAttachment[];

  /**
   * Ports to publish on the host, on 127.0.0.1 unless opted out per port.
   * Needs at least one network.
   * @default - none
   */
  readonly ports?: PortMapping[];

  /**
   * Restart policy.
   * @default RestartPolicy.onFailure(5)
   */
  readonly restartPolicy?: RestartPolicy;

  /**
   * Logging.
   * @default - local driver, rotated at 10 MiB, 3 files
   */
  readonly logging?: ContainerLogging;

  /**
   * Health check run by the engine (CIS 5.27).
   * @default - the image's HEALTHCHECK, if it has one
   */
  readonly healthCheck?: HealthCheck;

  /**
   * A custom seccomp profile, emitted inline as `seccomp=<json>` (the Engine
   * API takes the profile's content, not a path). It REPLACES Docker's default
   * profile: build it with `SeccompProfile.dockerDefaultMinus()` or
   * `SeccompProfile.allowList()`; an allow-by-default profile carries its own
   * justified opt-out, which is recorded here.
   * @default - Docker's default profile
   */
  readonly seccompProfile?: SeccompProfile;

  /**
   * A custom AppArmor profile, referenced as `apparmor=docker-<name>`. The host
   * must load it before the container starts (SecureDaemon ships it).
   * @default - docker-default on AppArmor hosts
   */
  readonly apparmorProfile?: AppArmorProfile;

  /**
   * The trust zone this container belongs to. Containers of different zones
   * never share an `IsolatedNetwork`, and a grant across zones needs a
   * justified opt-out. Lower-case letters, digits and `-`.
   * @default 'default'
   */
  readonly trustZone?: string;

  /**
   * Labels. Keys starting with `io.cdktf-hardened-docker.` are reserved.
   * @default - none beyond the library's own labels
   */
  readonly labels?: { [key: string]: string };

  /**
   * Justified opt-outs from hardened defaults.
   * @default - none: every default holds
   */
  readonly optOuts?: HardenedContainerOptOuts;
}

/**
 * A `docker_container` whose defaults are hardened.
 *
 * With only a digest-pinned image it runs as a non-root user on a read-only
 * root filesystem with a noexec /tmp tmpfs, with ALL capabilities dropped,
 * no-new-privileges, Docker's default seccomp and AppArmor profiles, memory
 * (no swap), CPU and process limits, a bounded on-failure restart policy, an
 * init process, rotated logs and no network. Every weakening is a per-field
 * opt-out with a justification that is kept for reports.
 *
 * The provider resource is the construct's `node.defaultChild` (id `Resource`).
 * The image it runs is `imageResource`: the stack's one `docker_image` of the
 * reference, shared by every HardenedContainer that runs it, or with
 * `privateImage` a child of its own (id `Image`).
 */
export class HardenedContainer extends Construct {
  /** The container's name on the engine. */
  public readonly containerName!: string;
  /** The image reference, as given. */
  public readonly imageReference!: string;
  /**
   * The `docker_image` this container runs: the stack's shared one for the
   * reference, or its own with `privateImage`. An override on a shared image
   * applies to every container that runs it.
   */
  public readonly imageResource: Image;
  /** The digest the image is pinned to (`sha256:…`), if any. */
  public readonly imageDigest?: string;
  /** The user the container runs as; undefined when the image's USER is kept by opt-out. */
  public readonly user?: string;
  /** The memory limit. */
  public readonly memoryLimit!: Size;
  /** The CPU limit in CPUs. */
  public readonly cpuLimit!: number;
  /** The process limit (`nproc` ulimit). */
  public readonly processLimit!: number;
  /** Every opt-out this container took, with its justification. */
  public readonly optOutRecords: OptOutRecord[];
  /** The trust zone of this container. */
  public readonly trustZone!: string;

  private readonly optOutByControl = new Map<string, OptOutRecord>();
  private readonly resource: Container;
  private readonly attachments: Array<{ network: IContainerNetwork; name: string; aliases?: string[]; ipv4Address?: string }> = [];
  private controlState!: ControlState;
  private readonly warned = new Set<string>();
  private customSeccomp?: SeccompProfile;
  private customAppArmor?: AppArmorProfile;

  /** @internal the name of the AppArmor profile the library rendered for this container, if any */
  public get _appArmorProfileName(): string | undefined {
    return this.customAppArmor?.profileName;
  }

  public constructor(scope: Construct, id: string, props: HardenedContainerProps) {
    super(scope, id);
    this.optOutRecords = [];
    // Props are resolved and validated first; the resources are then created once, with their final configuration,
    // from this short constructor: cdktf captures a full stack trace for every token the provider classes make, and
    // a trace through a long, optimized constructor costs more to capture (no later setter calls either).
    const config = this.resolve(props);
    this.imageResource = props.privateImage === true
      ? new Image(this, 'Image', { name: this.imageReference, keepLocally: true })
      : sharedImage(this, this.imageReference);
    this.resource = new Container(this, 'Resource', { ...config, image: imageIdReference(this.imageResource) });
    this.warnIccMix();
    this.node.addValidation({ validate: () => terraformNameProblems(this) });
  }

  /** Validates and resolves the props (the readonly fields too), and renders the container's configuration. */
  private resolve(props: HardenedContainerProps): Omit<ContainerConfig, 'image'> {
    const self = this as Writable<HardenedContainer>;
    const optOuts = props.optOuts ?? {};

    // ---- image --------------------------------------------------------------
    requireLiteral(this, 'image', props.image);
    const imageMatch = typeof props.image === 'string' ? IMAGE_REF_RE.exec(props.image) : null;
    const imageId = typeof props.image === 'string' && IMAGE_ID_RE.test(props.image);
    if ((!imageMatch && !imageId) || props.image.length > 512) {
      throw invalidProp(this, 'image', props.image,
        'expected "[registry/]repository[:tag]@sha256:<64 lowercase hex>" (lowercase repository path) or a local image id "sha256:<64 lowercase hex>"');
    }
    self.imageReference = props.image;
    self.imageDigest = imageId ? props.image : imageMatch![3];
    if (!this.imageDigest) {
      if (!optOuts.mutableImageTag) {
        throw invalidProp(this, 'image', props.image,
          'the image must be pinned by digest ("…@sha256:<64 hex>"); a mutable tag needs optOuts.mutableImageTag');
      }
      // answers HD-C22/HD-I01 for exactly this reference (their finding id), never an image an escape hatch points to
      this.optOut('optOuts.mutableImageTag', 'image-digest-pinned', optOuts.mutableImageTag, [props.image.trim()]);
    } else if (optOuts.mutableImageTag) {
      throw this.unusedOptOut('optOuts.mutableImageTag', 'the image is already pinned by digest');
    }

    requireLiteral(this, 'privateImage', props.privateImage);
    if (props.privateImage !== undefined && typeof props.privateImage !== 'boolean') {
      throw invalidProp(this, 'privateImage', props.privateImage, 'expected true or false');
    }

    // ---- name ---------------------------------------------------------------
    requireLiteral(this, 'containerName', props.containerName);
    self.containerName = props.containerName ?? this.defaultName();
    if (!NAME_RE.test(this.containerName)) {
      throw invalidProp(this, 'containerName', props.containerName,
        'expected 1-128 characters of [a-zA-Z0-9_.-] starting with a letter or digit');
    }

    requireLiteral(this, 'trustZone', props.trustZone);
    self.trustZone = props.trustZone ?? DEFAULT_TRUST_ZONE;
    if (typeof this.trustZone !== 'string' || !TRUST_ZONE_RE.test(this.trustZone)) {
      throw invalidProp(this, 'trustZone', props.trustZone, 'expected 1-63 of [a-z0-9-], starting with a letter or digit');
    }

    // ---- user ---------------------------------------------------------------
    self.user = this.resolveUser(props.user, optOuts);

    // ---- resources ------------------------------------------------------------
    self.memoryLimit = props.memoryLimit ?? DEFAULT_MEMORY;
    const memoryMiB = this.memoryLimit.toWholeMebibytes();
    if (memoryMiB === undefined || memoryMiB < MIN_MEMORY_MIB || memoryMiB > 1024 * 1024) {
      throw invalidProp(this, 'memoryLimit', this.memoryLimit.toString(),
        `expected a whole number of MiB from ${MIN_MEMORY_MIB} MiB to 1 TiB (the provider counts memory in MiB)`);
    }
    requireLiteral(this, 'cpuLimit', props.cpuLimit);
    self.cpuLimit = props.cpuLimit ?? DEFAULT_CPUS;
    const cpuQuota = Math.round(this.cpuLimit * CPU_PERIOD_MICROS);
    if (typeof this.cpuLimit !== 'number' || !Number.isFinite(this.cpuLimit) || this.cpuLimit < 0.01
      || this.cpuLimit > 1024 || Math.abs(cpuQuota - this.cpuLimit * CPU_PERIOD_MICROS) > 1e-6) {
      throw invalidProp(this, 'cpuLimit', props.cpuLimit,
        'expected a number of CPUs from 0.01 to 1024 with at most 5 decimal places');
    }
    requireLiteral(this, 'processLimit', props.processLimit);
    self.processLimit = props.processLimit ?? DEFAULT_PROCESS_LIMIT;
    this.checkInteger('processLimit', this.processLimit, 16, 1048576);
    requireLiteral(this, 'openFilesLimit', props.openFilesLimit);
    const openFiles = props.openFilesLimit ?? DEFAULT_OPEN_FILES_LIMIT;
    this.checkInteger('openFilesLimit', openFiles, 64, 1048576);

    // ---- root filesystem and writable paths -----------------------------------
    const readOnly = !optOuts.writableRootFilesystem;
    if (optOuts.writableRootFilesystem) {
      this.optOut('optOuts.writableRootFilesystem', 'read-only-rootfs', optOuts.writableRootFilesystem);
    }
    const tmpfs = this.resolveTmpfs(props.tmpfs ?? [], this.user);

    // ---- privileges -----------------------------------------------------------
    const securityOpts: string[] = [];
    if (optOuts.privilegeEscalation) {
      this.optOut('optOuts.privilegeEscalation', 'no-new-privileges', optOuts.privilegeEscalation);
    } else {
      // Bare form: accepted by every daemon version and recognised by every scanner.
      securityOpts.push('no-new-privileges');
    }
    if (props.seccompProfile !== undefined) {
      if (!(props.seccompProfile instanceof SeccompProfile)) {
        throw invalidProp(this, 'seccompProfile', String(props.seccompProfile), 'expected a SeccompProfile');
      }
      if (props.seccompProfile.allowsByDefault) {
        // answers HD-C31 for exactly this profile (its finding id carries the profile's digest), never one a hatch swaps in
        this.optOut('seccompProfile', 'seccomp-default', { justification: props.seccompProfile.justification ?? '' },
          [seccompFindingId(props.seccompProfile.toJson())]);
      }
      securityOpts.push(props.seccompProfile.toSecurityOpt());
    }
    if (props.apparmorProfile !== undefined) {
      if (!(props.apparmorProfile instanceof AppArmorProfile)) {
        throw invalidProp(this, 'apparmorProfile', String(props.apparmorProfile), 'expected an AppArmorProfile');
      }
      securityOpts.push(props.apparmorProfile.securityOpt());
    }
    this.customSeccomp = props.seccompProfile;
    this.customAppArmor = props.apparmorProfile;
    const capAdd = this.resolveCapabilities(props.capabilities ?? [], optOuts.addedCapabilities);
    const runsAsUid0 = this.user !== undefined && (() => {
      const p = parseUser(this.user);
      return typeof p !== 'string' && p.isRootUser;
    })();
    if (capAdd.length > 0 && this.user !== undefined && !runsAsUid0 && !optOuts.privilegeEscalation) {
      // Docker sets no ambient capabilities: for a non-root uid the added capabilities stay in the bounding
      // set and could only be gained through file capabilities, which no-new-privileges blocks.
      throw invalidProp(this, 'capabilities', props.capabilities,
        `Docker grants added capabilities to uid 0 only; for user ${JSON.stringify(this.user)} with no-new-privileges they can never ` +
        'become effective. Run as root with optOuts.rootUser (capabilities are then exactly the added ones), or remove them');
    }

    // ---- mounts, secrets, environment -----------------------------------------
    const mounts = this.resolveMounts(props.volumes ?? [], props.bindMounts ?? [], props.secrets ?? [], tmpfs);
    const env = this.resolveEnvironment(props.environment ?? {}, optOuts.secretLikeEnvironment);

    // ---- network and ports ----------------------------------------------------
    (props.networks ?? []).forEach((n, i) => this.attachments.push(this.checkAttachment(`networks[${i}]`, n)));
    for (const a of this.attachments) recordJoin(this, a.network);
    const ports = this.resolvePorts(props.ports ?? []);

    // ---- lifecycle, logging, health --------------------------------------------
    const restart = this.resolveRestart(props.restartPolicy, optOuts.unboundedRestart);
    const logging = this.resolveLogging(props.logging ?? {});
    const healthcheck = props.healthCheck ? this.resolveHealthCheck(props.healthCheck) : undefined;

    // ---- misc -------------------------------------------------------------------
    const command = this.checkArgv('command', props.command);
    const entrypoint = this.checkArgv('entrypoint', props.entrypoint);
    if (props.workingDir !== undefined) this.checkContainerPath('workingDir', props.workingDir);
    requireLiteral(this, 'hostname', props.hostname);
    if (props.hostname !== undefined && !HOSTNAME_RE.test(props.hostname)) {
      throw invalidProp(this, 'hostname', props.hostname, 'expected one DNS label: 1-63 of [a-zA-Z0-9-], not starting or ending with "-"');
    }

    // Attributes that provider 3.6.2 neither replaces nor updates on change
    // (tmpfs, healthcheck, cpu_period/cpu_quota): hashed into a ForceNew label
    // so that changing them replaces the container instead of silently doing nothing.
    const configHash = createHash('sha256')
      .update(JSON.stringify({ tmpfs, healthcheck: healthcheck ?? null, cpuQuota, cpuPeriod: CPU_PERIOD_MICROS }))
      .digest('hex')
      .slice(0, 16);
    const labels = this.resolveLabels(props.labels ?? {}, configHash, this.trustZone);

    const config: Omit<ContainerConfig, 'image'> = {
      name: this.containerName,
      user: this.user,
      readOnly,
      tmpfs,
      capabilities: { drop: ['ALL'], add: capAdd.length > 0 ? capAdd : undefined },
      securityOpts: securityOpts.length > 0 ? securityOpts : undefined,
      privileged: false,
      ipcMode: 'private',
      sysctls: { ...NETWORK_SYSCTLS },
      cgroupnsMode: 'private',
      memory: memoryMiB,
      memorySwap: memoryMiB,
      cpuPeriod: CPU_PERIOD_MICROS,
      cpuQuota,
      cpuShares: CPU_SHARES,
      ulimit: [
        { name: 'nofile', soft: openFiles, hard: openFiles },
        { name: 'nproc', soft: this.processLimit, hard: this.processLimit },
      ],
      restart: restart.mode,
      maxRetryCount: restart.maxRetries,
      init: true,
      logDriver: logging.driver,
      logOpts: logging.options,
      healthcheck,
      ...this.networkConfig(),
      ports: ports.length > 0 ? ports : undefined,
      mounts: mounts.length > 0 ? mounts : undefined,
      env: env.length > 0 ? env : undefined,
      command,
      entrypoint,
      workingDir: props.workingDir,
      hostname: props.hostname,
      labels,
    };
    this.controlState = {
      readOnly,
      tmpfs,
      capAdd,
      ports,
      restart,
      logging,
      healthcheck: healthcheck !== undefined,
      mounts,
      secrets: (props.secrets ?? []).length,
      env: env.length,
      memoryMiB,
      cpuQuota,
      openFiles,
      noNewPrivileges: securityOpts.includes('no-new-privileges'),
    };
    return config;
  }

  /** The state of every hardening control on this container. */
  public get controls(): HardeningControl[] {
    return this.describeControls(this.controlState);
  }

  /** @internal the network objects this container joined, for the networks' own validation */
  public get _networkObjects(): IContainerNetwork[] {
    return this.attachments.map((a) => a.network);
  }

  /** The names of the networks this container joins, in attachment order. */
  public get networkNames(): string[] {
    return this.attachments.map((a) => a.name);
  }

  /**
   * Joins one more network (used by `IsolatedNetwork.allow()` for grant networks).
   * The same rules as the `networks` prop apply: no predefined networks, each
   * network once, and an `IsolatedNetwork` only of this container's trust zone.
   */
  public addNetwork(attachment: NetworkAttachment): void {
    // Joining the same grant network again only adds aliases (a second grant between the same pair).
    const existing = this.attachments.find((a) => a.network === attachment?.network && a.network.purpose === NetworkPurpose.GRANT);
    if (existing) {
      this.checkAttachment(`addNetwork(${existing.name})`, { ...attachment, network: { networkName: `${existing.name}-aliases` } });
      const merged = new Set([...(existing.aliases ?? []), ...(attachment.aliases ?? [])]);
      existing.aliases = merged.size > 0 ? [...merged].sort() : undefined;
    } else {
      const added = this.checkAttachment(`addNetwork(${attachment?.network?.networkName ?? '?'})`, attachment);
      this.attachments.push(added);
      recordJoin(this, added.network);
    }
    this.renderNetworks();
  }

  // ---------------------------------------------------------------------------------
  // user

  private resolveUser(user: string | undefined, optOuts: HardenedContainerOptOuts): string | undefined {
    requireLiteral(this, 'user', user);
    if (optOuts.imageUser) {
      if (user !== undefined) {
        throw invalidProp(this, 'user', user, 'optOuts.imageUser keeps the image\'s USER, so user must not be set as well');
      }
      this.optOut('optOuts.imageUser', 'non-root-user', optOuts.imageUser);
      if (optOuts.rootUser) throw this.unusedOptOut('optOuts.rootUser', 'no user is set (optOuts.imageUser)');
      return undefined;
    }
    const value = user ?? allocateDefaultUser(this);
    const parsed = parseUser(value);
    if (user !== undefined && typeof parsed !== 'string' && /^[0-9]+$/.test(parsed.user)) reserveUid(this, Number(parsed.user));
    if (typeof parsed === 'string') {
      throw invalidProp(this, 'user', user, `${parsed}; expected "uid", "uid:gid", "name" or "name:group", e.g. "1500:1500"`);
    }
    if (/^[0-9]+$/.test(parsed.user) && parsed.group === undefined) {
      throw invalidProp(this, 'user', user,
        `give the group too ("${parsed.user}:${parsed.user}"): with a bare uid the runtime takes the group from the image's /etc/passwd, ` +
        'and when the uid has no entry there the process runs with group 0 (root)');
    }
    if (parsed.isRootUser || parsed.isRootGroup) {
      if (!optOuts.rootUser) {
        throw invalidProp(this, 'user', user,
          'root (name "root", uid 0, or group 0/root) is refused; use a non-root uid:gid such as "1500:1500" or opt out with optOuts.rootUser');
      }
      this.optOut('optOuts.rootUser', 'non-root-user', optOuts.rootUser);
    } else if (optOuts.rootUser) {
      throw this.unusedOptOut('optOuts.rootUser', `user ${JSON.stringify(value)} is not root`);
    }
    return value;
  }

  // ---------------------------------------------------------------------------------
  // capabilities

  private resolveCapabilities(caps: Capability[], optOut: OptOut | undefined): string[] {
    const seen = new Set(checkAddedCapabilities(this, caps));
    if (caps.length > 0) {
      if (!optOut) {
        throw invalidProp(this, 'capabilities', caps,
          'adding capabilities back after dropping ALL needs optOuts.addedCapabilities with a justification');
      }
      // answers HD-C15 for exactly these capabilities, never one an escape hatch adds
      this.optOut('optOuts.addedCapabilities', 'capabilities-dropped', optOut, [...seen].map((c) => (c.startsWith('CAP_') ? c : `CAP_${c}`)));
    } else if (optOut) {
      throw this.unusedOptOut('optOuts.addedCapabilities', 'no capability is added');
    }
    // Sorted, upper case, CAP_ prefixed: exactly what the provider reads back.
    return [...seen].sort();
  }

  // ---------------------------------------------------------------------------------
  // tmpfs, volumes, binds, secrets

  private resolveTmpfs(mounts: TmpfsMount[], user: string | undefined): { [path: string]: string } {
    // runc re-applies the mode of a directory that already exists in the image to the tmpfs root, so
    // mode=1777 alone does not make e.g. a 0755 root-owned directory writable. With a numeric user the
    // tmpfs is owned by that uid (and gid) instead, which works whatever the image's directory mode.
    const parsed = user === undefined ? undefined : parseUser(user);
    const owner: string[] = [];
    if (parsed && typeof parsed !== 'string' && /^[0-9]+$/.test(parsed.user)) {
      owner.push(`uid=${Number(parsed.user)}`);
      if (parsed.group !== undefined && /^[0-9]+$/.test(parsed.group)) owner.push(`gid=${Number(parsed.group)}`);
    }
    const byPath = new Map<string, string>();
    const all = mounts.some((m) => m?.containerPath === '/tmp')
      ? mounts
      : [{ containerPath: '/tmp', size: DEFAULT_TMP_SIZE }, ...mounts];
    for (const mount of all) {
      const prop = mounts.includes(mount) ? `tmpfs[${mounts.indexOf(mount)}]` : 'tmpfs (default /tmp)';
      this.checkContainerPath(`${prop}.containerPath`, mount.containerPath);
      if (byPath.has(mount.containerPath)) {
        throw invalidProp(this, `${prop}.containerPath`, mount.containerPath, 'each tmpfs path may be declared once');
      }
      const size = mount.size ?? DEFAULT_TMP_SIZE;
      if (size.toBytes() < 4096 || size.toBytes() > 64 * 1024 ** 3) {
        throw invalidProp(this, `${prop}.size`, size.toString(), 'expected 4 KiB to 64 GiB');
      }
      const options = ['rw'];
      if (mount.allowExec) {
        // answers HD-C36 for exactly this path's exec, never another tmpfs option or path an escape hatch adds
        this.optOut(`${prop}.allowExec`, 'writable-paths-noexec', mount.allowExec, [`${mount.containerPath}:exec`]);
        options.push('exec');
      } else {
        options.push('noexec');
      }
      options.push('nosuid', 'nodev', `size=${size.toSuffixedString()}`, ...owner, 'mode=1777');
      byPath.set(mount.containerPath, options.join(','));
    }
    const sorted: { [path: string]: string } = {};
    for (const path of [...byPath.keys()].sort()) sorted[path] = byPath.get(path)!;
    return sorted;
  }

  private resolveMounts(volumes: VolumeMount[], binds: BindMount[], secrets: SecretFile[], tmpfs: { [path: string]: string }): ContainerMounts[] {
    const out: Array<{ target: string; config: ContainerMounts }> = [];
    const targets = new Map<string, string>(Object.keys(tmpfs).map((p) => [p, 'tmpfs']));
    const claim = (prop: string, target: string) => {
      this.checkContainerPath(prop, target);
      const owner = targets.get(target);
      if (owner) throw invalidProp(this, prop, target, `the path is already used by ${owner}`);
      targets.set(target, prop);
    };

    for (const [i, v] of volumes.entries()) {
      const prop = `volumes[${i}]`;
      checkVolumeName(this, `${prop}.volumeName`, v.volumeName);
      claim(`${prop}.containerPath`, v.containerPath);
      if (v.writable) this.optOut(`${prop}.writable`, 'read-only-mounts', v.writable);
      out.push({ target: v.containerPath, config: { type: 'volume', source: v.volumeName, target: v.containerPath, readOnly: !v.writable } });
    }
    for (const [i, b] of binds.entries()) {
      const prop = `bindMounts[${i}]`;
      this.checkHostPath(`${prop}.hostPath`, b.hostPath);
      claim(`${prop}.containerPath`, b.containerPath);
      if (b.writable) this.optOut(`${prop}.writable`, 'read-only-mounts', b.writable);
      out.push({
        target: b.containerPath,
        config: { type: 'bind', source: b.hostPath, target: b.containerPath, readOnly: !b.writable, bindOptions: { propagation: 'rprivate' } },
      });
    }
    const names = new Set<string>();
    for (const [i, s] of secrets.entries()) {
      const prop = `secrets[${i}]`;
      requireLiteral(this, `${prop}.name`, s.name);
      if (typeof s.name !== 'string' || !SECRET_NAME_RE.test(s.name)) {
        throw invalidProp(this, `${prop}.name`, s.name, 'expected 1-128 characters of [a-zA-Z0-9_.-] starting with a letter or digit');
      }
      if (names.has(s.name)) throw invalidProp(this, `${prop}.name`, s.name, 'each secret name may be used once');
      names.add(s.name);
      this.checkHostPath(`${prop}.hostPath`, s.hostPath);
      const target = `${SECRETS_DIR}/${s.name}`;
      claim(`${prop}.name`, target);
      out.push({
        target,
        config: { type: 'bind', source: s.hostPath, target, readOnly: true, bindOptions: { propagation: 'rprivate' } },
      });
    }
    return out.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0)).map((m) => m.config);
  }

  private checkContainerPath(prop: string, path: string): void {
    checkContainerPath(this, prop, path);
  }

  private checkHostPath(prop: string, path: string): void {
    checkHostPath(this, prop, path);
  }

  // ---------------------------------------------------------------------------------
  // environment

  private resolveEnvironment(env: { [name: string]: string }, optOut: EnvironmentOptOut | undefined): string[] {
    requireLiteral(this, 'environment', env);
    const exempt = new Set(optOut?.names ?? []);
    const exemptValues = new Set(optOut?.values ?? []);
    const used = new Set<string>();
    const out: string[] = [];
    for (const name of Object.keys(env).sort()) {
      const prop = `environment.${name}`;
      const value = env[name];
      if (!ENV_NAME_RE.test(name)) {
        throw invalidProp(this, 'environment', name, 'variable names must match [A-Za-z_][A-Za-z0-9_]*');
      }
      requireLiteral(this, prop, value);
      if (!isCarriableText(value)) throw invalidProp(this, prop, value, `expected ${CARRIABLE_TEXT}`);
      const valueReason = secretLikeValue(value);
      if (valueReason && !exemptValues.has(name)) {
        throw invalidProp(this, prop, '<redacted>',
          `${valueReason}; secrets must not be environment variables, use secrets: [{ name, hostPath }] (mounted at ${SECRETS_DIR}/<name>), ` +
          'or list the name in optOuts.secretLikeEnvironment.values if the value is public');
      }
      if (valueReason) used.add(name);
      const nameReason = secretLikeName(name);
      if (nameReason) {
        if (!exempt.has(name)) {
          throw invalidProp(this, 'environment', name,
            `looks like a secret (${nameReason}); secrets must not be environment variables (they show in state, inspect and /proc). ` +
            `Use secrets: [{ name, hostPath }] and point the app at ${SECRETS_DIR}/<name> (e.g. ${name}_FILE), ` +
            'or list the name in optOuts.secretLikeEnvironment if it is not a secret');
        }
        used.add(name);
      }
      out.push(escapeTemplate(`${name}=${value}`));
    }
    if (optOut) {
      const unused = [...exempt, ...exemptValues].filter((n) => !used.has(n));
      if (unused.length > 0 || exempt.size + exemptValues.size === 0) {
        throw this.unusedOptOut('optOuts.secretLikeEnvironment', `names ${JSON.stringify(unused)} are not secret-looking environment variables of this container`);
      }
      this.optOut('optOuts.secretLikeEnvironment', 'secrets-as-files', optOut, [...new Set([...exempt, ...exemptValues])]);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------
  // networks and ports

  private checkAttachment(prop: string, n: NetworkAttachment) {
    const name = n?.network?.networkName;
    if (typeof name !== 'string' || name.length === 0) {
      throw invalidProp(this, `${prop}.network`, name, 'expected a network with a name');
    }
    // A token here is a reference to a docker_network's name: never a predefined network.
    if (PREDEFINED_NETWORKS.includes(name)) {
      throw invalidProp(this, `${prop}.network`, name,
        'Docker\'s predefined networks (bridge, host, none) are refused: join a user-defined network, or pass no network for none');
    }
    if (this.attachments.some((a) => a.name === name)) throw invalidProp(this, `${prop}.network`, name, 'each network may be joined once');
    if (n.network.purpose === NetworkPurpose.GRANT) {
      const isMember = (n.network as { _isMember?: (c: unknown) => boolean })._isMember;
      if (!isMember || !isMember.call(n.network, this)) {
        throw invalidProp(this, `${prop}.network`, name,
          'a grant network is joined only by the two containers of its grant; ask for a grant with IsolatedNetwork.allow()');
      }
    }
    const zone = n.network.trustZone;
    if (n.network.purpose === NetworkPurpose.ISOLATED && zone !== undefined && zone !== this.trustZone) {
      throw invalidProp(this, `${prop}.network`, name,
        `the network belongs to trust zone "${zone}" and this container to "${this.trustZone}"; containers of different trust zones never ` +
        'share a network: use a network of this zone and an explicit grant (IsolatedNetwork.allow) with crossTrustZone');
    }
    for (const [j, alias] of (n.aliases ?? []).entries()) {
      if (!HOSTNAME_RE.test(alias) && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,252}$/.test(alias)) {
        throw invalidProp(this, `${prop}.aliases[${j}]`, alias, 'expected a DNS name');
      }
    }
    if (n.ipv4Address !== undefined && !isIPv4(n.ipv4Address)) {
      throw invalidProp(this, `${prop}.ipv4Address`, n.ipv4Address, 'expected a dotted IPv4 address');
    }
    if (n.ipv4Address !== undefined) {
      // otherwise the engine refuses at apply ("user specified IP address is supported only when connecting to
      // networks with user configured subnets", or an address outside the pool)
      const subnet = n.network.ipv4Subnet;
      if (subnet === undefined && n.network.networkResource !== undefined) {
        throw invalidProp(this, `${prop}.ipv4Address`, n.ipv4Address,
          `Docker gives fixed addresses only on networks with a configured subnet: set subnet on the network ${name}`);
      }
      const problem = subnet !== undefined ? fixedAddressProblem(n.ipv4Address, subnet) : undefined;
      if (problem) throw invalidProp(this, `${prop}.ipv4Address`, n.ipv4Address, `expected a usable address of ${subnet}; this one is ${problem}`);
    }
    return {
      network: n.network,
      name,
      aliases: n.aliases && n.aliases.length > 0 ? [...n.aliases].sort() : undefined,
      ipv4Address: n.ipv4Address,
    };
  }

  /** Writes the attachments to the provider resource and re-checks the icc mix. */
  /**
   * The network attributes of the container resource: `network_mode none` without networks; with networks, no
   * network mode (the provider creates on bridge, then disconnects it before start) and `networks_advanced`.
   * Managed networks are referenced (implicit dependency), and replacing one replaces the container too:
   * provider 3.6.2 cannot delete a network with endpoints, and never moves a container to a new network.
   */
  private networkConfig(): Pick<ContainerConfig, 'networkMode' | 'networksAdvanced' | 'lifecycle'> {
    if (this.attachments.length === 0) return { networkMode: 'none' };
    const managed = this.attachments.map((a) => a.network.networkResource).filter((r): r is TerraformResource => r !== undefined);
    return {
      networksAdvanced: this.attachments.map((a) => ({
        name: a.network.networkResource ? nameReference(a.network.networkResource) : a.name,
        aliases: a.aliases,
        ipv4Address: a.ipv4Address,
      })),
      lifecycle: managed.length > 0 ? { replaceTriggeredBy: managed } : undefined,
    };
  }

  /** After a later join (`addNetwork`): the resource's network attributes again, and the warnings. */
  private renderNetworks(): void {
    const config = this.networkConfig();
    this.resource.resetNetworkMode();
    this.resource.putNetworksAdvanced(config.networksAdvanced!);
    if (config.lifecycle) this.resource.lifecycle = config.lifecycle;
    this.warnIccMix();
  }

  private warnIccMix(): void {
    const isolated = this.attachments.filter((a) => a.network.interContainerCommunication === false);
    if (isolated.length === 0) return;
    for (const a of this.attachments) {
      if (a.network.interContainerCommunication === false || a.network.purpose === NetworkPurpose.GRANT) continue;
      const key = `icc-mix:${a.name}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      Annotations.of(this).addWarning(
        `[network-icc-mix] joins ${isolated.map((i) => i.name).join(', ')} (inter-container communication off) and ${a.name} ` +
        `(${a.network.interContainerCommunication === true ? 'icc on' : 'icc unknown'}), which is not a grant network: peers on ${a.name} ` +
        'are reachable past the isolation, and DNS may answer with addresses on the blocked network (moby#46162). ' +
        'Prefer IsolatedNetwork.allow() for each peer this container needs.',
      );
    }
  }

  private resolvePorts(ports: PortMapping[]) {
    if (ports.length > 0 && this.attachments.length === 0) {
      throw invalidProp(this, 'ports', ports.map((p) => p.containerPort),
        'a container without networks cannot publish ports; add a network to networks');
    }
    if (ports.length > 0 && this.attachments.every((a) => a.network.internal === true)) {
      throw invalidProp(this, 'ports', ports.map((p) => p.containerPort),
        `every network of this container is internal (${this.networkNames.join(', ')}), so published ports would be unreachable; ` +
        'join a network with an egress opt-out to publish');
    }
    const seen = new Set<string>();
    return ports.map((p, i) => {
      const prop = `ports[${i}]`;
      requireLiteral(this, prop, p);
      this.checkInteger(`${prop}.containerPort`, p.containerPort, 1, 65535);
      if (p.hostPort !== undefined) {
        this.checkInteger(`${prop}.hostPort`, p.hostPort, 1, 65535);
        if (p.hostPort < 1024) {
          if (!p.privilegedHostPort) {
            throw invalidProp(this, `${prop}.hostPort`, p.hostPort,
              'host ports below 1024 are refused (CIS 5.8); use 1024-65535 or opt out with privilegedHostPort');
          }
          this.optOut(`${prop}.privilegedHostPort`, 'unprivileged-host-ports', p.privilegedHostPort, [portFindingId(p.hostPort, p.protocol ?? Protocol.TCP)]);
        } else if (p.privilegedHostPort) {
          throw this.unusedOptOut(`${prop}.privilegedHostPort`, `host port ${p.hostPort} is not below 1024`);
        }
      } else if (p.privilegedHostPort) {
        throw this.unusedOptOut(`${prop}.privilegedHostPort`, 'no host port is given');
      }
      const protocol = p.protocol ?? Protocol.TCP;
      if (!Object.values(Protocol).includes(protocol)) {
        throw invalidProp(this, `${prop}.protocol`, p.protocol, 'expected Protocol.TCP, UDP or SCTP');
      }
      const ip = p.hostIp ?? '127.0.0.1';
      if (!isIPv4(ip) && !isIPv6(ip)) {
        throw invalidProp(this, `${prop}.hostIp`, p.hostIp, 'expected an IPv4 or IPv6 address');
      }
      if (!isLoopback(ip)) {
        if (!p.nonLoopbackBinding) {
          throw invalidProp(this, `${prop}.hostIp`, p.hostIp,
            'ports are published on loopback only (127.0.0.1, ::1); another host address needs nonLoopbackBinding (CIS 5.14)');
        }
        // answers HD-C14 for exactly this address and host port (C14's finding id), never a port an escape hatch adds
        this.optOut(`${prop}.nonLoopbackBinding`, 'loopback-ports', p.nonLoopbackBinding,
          [publishedPortFindingId(ip, p.hostPort, p.containerPort, p.protocol ?? Protocol.TCP)]);
      } else if (p.nonLoopbackBinding) {
        throw this.unusedOptOut(`${prop}.nonLoopbackBinding`, `host address ${ip} is loopback`);
      }
      const key = `${ip}|${p.hostPort ?? `auto:${p.containerPort}`}|${protocol}`;
      if (seen.has(key)) throw invalidProp(this, prop, p, 'the same host address, port and protocol is published twice');
      seen.add(key);
      const taken = p.hostPort !== undefined ? claimHostPort(this, ip, p.hostPort, protocol) : undefined;
      if (taken) {
        throw invalidProp(this, `${prop}.hostPort`, p.hostPort,
          `${taken.node.path} already publishes ${protocol} port ${p.hostPort} on an overlapping address of this stack's engine ` +
          '(the engine would refuse the second binding at apply); pick another host port');
      }
      return { internal: p.containerPort, external: p.hostPort, ip, protocol };
    });
  }

  // ---------------------------------------------------------------------------------
  // restart, logging, health

  private resolveRestart(policy: RestartPolicy | undefined, optOut: OptOut | undefined): RestartPolicy {
    const p = policy ?? RestartPolicy.onFailure(MAX_RESTART_RETRIES);
    if (p.mode === 'on-failure') {
      this.checkInteger('restartPolicy.maxRetries', p.maxRetries, 1, MAX_RESTART_RETRIES);
    }
    if (p.isUnbounded) {
      if (!optOut) {
        throw invalidProp(this, 'restartPolicy', p.mode,
          `expected RestartPolicy.onFailure(1-${MAX_RESTART_RETRIES}) or never(); "${p.mode}" restarts without bound and needs optOuts.unboundedRestart (CIS 5.15)`);
      }
      this.optOut('optOuts.unboundedRestart', 'bounded-restart', optOut);
    } else if (optOut) {
      throw this.unusedOptOut('optOuts.unboundedRestart', `restart policy "${p.mode}" is bounded`);
    }
    return p;
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
      if (!/^[a-z0-9][a-z0-9_.-]*$/.test(key) || typeof value !== 'string') {
        throw invalidProp(this, `logging.options.${key}`, value, 'expected a lower-case option name and a string value');
      }
      options[key] = value;
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

  private resolveHealthCheck(check: HealthCheck) {
    if (check.kind === 'CMD') {
      if (check.args.length === 0 || !check.args.every(isCarriableText) || check.args[0].length === 0) {
        throw invalidProp(this, 'healthCheck', check.args, `HealthCheck.exec needs a non-empty argv, each ${CARRIABLE_TEXT}`);
      }
    } else if (!isCarriableText(check.args[0]) || check.args[0].trim().length === 0) {
      throw invalidProp(this, 'healthCheck', check.args[0], 'HealthCheck.shell needs a non-empty command line');
    }
    const o = check.options;
    const duration = (prop: string, d: Duration | undefined, dflt: Duration, min: number) => {
      const value = d ?? dflt;
      const ms = value.toMilliseconds();
      if (ms !== 0 && ms < min) {
        throw invalidProp(this, `healthCheck.${prop}`, value.toGoString(), `expected 0 or at least ${min} ms`);
      }
      return value.toGoString();
    };
    const retries = o.retries ?? 3;
    this.checkInteger('healthCheck.retries', retries, 0, 100);
    const interval = duration('interval', o.interval, Duration.seconds(30), 1000);
    const timeout = duration('timeout', o.timeout, Duration.seconds(5), 1000);
    if (timeout === '0s' || interval === '0s') {
      throw invalidProp(this, 'healthCheck', { interval, timeout }, 'interval and timeout must be at least 1s');
    }
    return {
      test: [check.kind, ...check.args.map(escapeTemplate)],
      interval,
      timeout,
      startPeriod: duration('startPeriod', o.startPeriod, Duration.seconds(0), 1000),
      retries,
    };
  }

  // ---------------------------------------------------------------------------------
  // labels, names, helpers

  private resolveLabels(labels: { [key: string]: string }, configHash: string, trustZone: string) {
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
    all[`${LABEL_PREFIX}config-hash`] = configHash;
    all[`${LABEL_PREFIX}hardened`] = 'true';
    all[`${LABEL_PREFIX}trust-zone`] = trustZone;
    return Object.keys(all).sort().map((label) => ({ label, value: escapeTemplate(all[label]) }));
  }

  private defaultName(): string {
    return deterministicName(this.node.path, 'container', 100);
  }

  private checkArgv(prop: string, argv: string[] | undefined): string[] | undefined {
    return checkArgv(this, prop, argv);
  }

  private checkInteger(prop: string, value: number | undefined, min: number, max: number): void {
    checkInteger(this, prop, value, min, max);
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

  private describeControls(s: ControlState): HardeningControl[] {
    const T = Threat;
    const controls: HardeningControl[] = [];
    const add = (id: string, title: string, cis: string[], threats: Threat[], detail: string, status = ControlStatus.ENFORCED) => {
      const opt = this.optOutByControl.get(id);
      controls.push({
        id,
        title,
        cis,
        threats,
        status: opt ? ControlStatus.OPTED_OUT : status,
        detail: opt ? `${detail} (opted out via ${opt.prop})` : detail,
        justification: opt?.justification,
      });
    };
    const parsedUser = this.user === undefined ? undefined : parseUser(this.user);
    const numericUser = typeof parsedUser === 'object' && parsedUser.isNumeric;
    const uid0 = typeof parsedUser === 'object' && parsedUser.isRootUser;
    add('non-root-user', 'Runs as a non-root user', ['CIS 4.1'], [T.CONTAINER_BREAKOUT, T.KERNEL_EXPLOIT],
      this.user === undefined ? 'image USER kept (not verifiable at synth)'
        : numericUser ? `user ${this.user}` : `user ${this.user} (a name: its uid is only known inside the image)`,
      numericUser ? ControlStatus.ENFORCED : ControlStatus.PARTIAL);
    add('read-only-rootfs', 'Read-only root filesystem', ['CIS 5.13'], [T.CONTAINER_BREAKOUT, T.POISONED_IMAGE],
      s.readOnly ? 'read_only = true' : 'read_only = false');
    add('writable-paths-noexec', 'Writable paths are size-limited noexec tmpfs', [], [T.CONTAINER_BREAKOUT, T.DENIAL_OF_SERVICE],
      Object.entries(s.tmpfs).map(([p, o]) => `${p} (${o})`).join('; '));
    add('capabilities-dropped', 'All capabilities dropped', ['CIS 5.4'], [T.CONTAINER_BREAKOUT, T.KERNEL_EXPLOIT],
      s.capAdd.length === 0 ? 'drop ALL, add none' : `drop ALL, add ${s.capAdd.join(', ')}`);
    add('no-new-privileges', 'no-new-privileges', ['CIS 5.26'], [T.CONTAINER_BREAKOUT],
      s.noNewPrivileges ? 'security_opts contains no-new-privileges' : 'no-new-privileges not set');
    add('not-privileged', 'Never privileged', ['CIS 5.5'], [T.CONTAINER_BREAKOUT, T.KERNEL_EXPLOIT], 'privileged = false (no prop exists)');
    const seccomp = this.customSeccomp;
    add('seccomp-default', 'Seccomp profile in force', ['CIS 5.22'], [T.KERNEL_EXPLOIT],
      seccomp === undefined ? 'no seccomp option is emitted, so the engine applies its default profile; it cannot be disabled here'
        : seccomp.allowsByDefault ? `custom allow-by-default profile (denies ${seccomp.rules.flatMap((r) => r.names).length} syscall(s))`
          : seccomp.removedSyscalls.length > 0 ? `Docker's default profile minus ${seccomp.removedSyscalls.join(', ')}`
            : `custom deny-by-default profile allowing ${seccomp.allowedSyscalls().length} syscall(s)`);
    add('apparmor-default', 'AppArmor profile in force', ['CIS 5.2'], [T.CONTAINER_BREAKOUT],
      this.customAppArmor ? `custom profile ${this.customAppArmor.profileName} (the host must have loaded it)`
        : 'no apparmor option is emitted, so docker-default applies on AppArmor hosts; it cannot be disabled here');
    add('no-host-namespaces', 'No host namespaces', ['CIS 5.10', 'CIS 5.16', 'CIS 5.17', 'CIS 5.21', 'CIS 5.31'], [T.CONTAINER_BREAKOUT],
      'ipc_mode = private, cgroupns_mode = private; pid/uts/userns left private (no props exist)');
    add('unprivileged-ports-need-capability', 'Low ports and ICMP sockets need a capability', ['CIS 5.8'], [T.CONTAINER_BREAKOUT],
      'sysctls net.ipv4.ip_unprivileged_port_start=1024, net.ipv4.ping_group_range="1 0" (Docker opens both by default)');
    add('memory-limit', 'Memory limited, swap disabled', ['CIS 5.11'], [T.DENIAL_OF_SERVICE],
      `memory = memory_swap = ${s.memoryMiB} MiB`);
    add('cpu-limit', 'CPU limited', ['CIS 5.12'], [T.DENIAL_OF_SERVICE],
      `cpu_quota ${s.cpuQuota} µs per ${CPU_PERIOD_MICROS} µs (${this.cpuLimit} CPU), cpu_shares ${CPU_SHARES}`);
    add('process-limit', 'Process limit', ['CIS 5.29'], [T.DENIAL_OF_SERVICE],
      uid0 ? `ulimit nproc ${this.processLimit} is NOT applied: the kernel exempts uid 0 from RLIMIT_NPROC; provider 3.6.2 cannot set pids_limit`
        : `ulimit nproc ${this.processLimit} (per uid, host-wide); provider 3.6.2 cannot set pids_limit`,
      uid0 ? ControlStatus.NOT_CONFIGURED : ControlStatus.PARTIAL);
    add('file-limit', 'Open files limited', ['CIS 5.19'], [T.DENIAL_OF_SERVICE], `ulimit nofile ${s.openFiles}`);
    add('bounded-restart', 'Restart on-failure, at most 5 retries', ['CIS 5.15'], [T.DENIAL_OF_SERVICE],
      s.restart.mode === 'on-failure' ? `on-failure, max ${s.restart.maxRetries}` : s.restart.mode);
    add('init-process', 'Init process reaps zombies', [], [T.DENIAL_OF_SERVICE], 'init = true');
    const localLogs = s.logging.driver === LogDriver.LOCAL || s.logging.driver === LogDriver.JSON_FILE;
    add('log-rotation', 'Logs kept and rotated', ['CIS 2.13'], [T.DENIAL_OF_SERVICE],
      `${s.logging.driver} ${Object.entries(s.logging.options).map(([k, v]) => `${k}=${v}`).join(' ')}`.trim() +
        (localLogs ? '' : ' (shipped off the host: retention and rotation are the collector\'s)'),
      localLogs ? ControlStatus.ENFORCED : ControlStatus.PARTIAL);
    add('network-isolation', 'Never on the default bridge', ['CIS 5.30'], [T.CONTAINER_BREAKOUT],
      this.attachments.length === 0 ? 'network_mode = none' : `networks: ${this.attachments.map((a) => `${a.name} (${describeNetwork(a.network)})`).join(', ')}`);
    add('loopback-ports', 'Ports published on loopback only', ['CIS 5.14'], [T.CONTAINER_BREAKOUT],
      s.ports.length === 0 ? 'no published ports' : s.ports.map((p) => `${p.ip}:${p.external ?? 'auto'}`).join(', '));
    add('unprivileged-host-ports', 'No host ports below 1024', ['CIS 5.8'], [T.CONTAINER_BREAKOUT],
      s.ports.length === 0 ? 'no published ports' : 'host ports >= 1024 or ephemeral');
    add('read-only-mounts', 'Volumes and bind mounts read-only', ['CIS 5.6'], [T.CONTAINER_BREAKOUT],
      s.mounts.length === 0 ? 'no mounts' : `${s.mounts.filter((m) => m.readOnly !== true).length} of ${s.mounts.length} mounts writable`);
    add('no-sensitive-host-mounts', 'No sensitive host paths or engine sockets', ['CIS 5.6', 'CIS 5.32'], [T.CONTAINER_BREAKOUT],
      'bind sources checked against the sensitive path list; propagation rprivate (CIS 5.20)');
    add('image-digest-pinned', 'Image pinned by digest', ['CIS 5.28', 'CIS 4.5'], [T.POISONED_IMAGE],
      this.imageDigest ? this.imageDigest : `mutable reference ${this.imageReference}`);
    add('secrets-as-files', 'Secrets as read-only files, not environment', ['CIS 4.10'], [T.COMPROMISED_SECRET],
      `${s.secrets} secret file(s) under ${SECRETS_DIR}; ${s.env} environment variable(s) checked`);
    add('health-check', 'Health checked at runtime', ['CIS 5.27'], [T.DENIAL_OF_SERVICE],
      s.healthcheck ? 'healthcheck set' : 'none set; relies on the image HEALTHCHECK, if any',
      s.healthcheck ? ControlStatus.ENFORCED : ControlStatus.NOT_CONFIGURED);
    return controls;
  }
}

/** What describeControls needs, captured at construction. */
interface ControlState {
  readonly readOnly: boolean;
  readonly tmpfs: { [path: string]: string };
  readonly capAdd: string[];
  readonly ports: Array<{ ip: string; external?: number }>;
  readonly restart: RestartPolicy;
  readonly logging: { driver: string; options: { [k: string]: string } };
  readonly healthcheck: boolean;
  readonly mounts: ContainerMounts[];
  readonly secrets: number;
  readonly env: number;
  readonly memoryMiB: number;
  readonly cpuQuota: number;
  readonly openFiles: number;
  readonly noNewPrivileges: boolean;
}

function describeNetwork(n: IContainerNetwork): string {
  if (n.purpose === NetworkPurpose.GRANT) return 'grant';
  if (n.purpose === NetworkPurpose.ISOLATED) return `isolated${n.internal ? ', internal' : ', egress'}`;
  return 'external, settings unknown';
}
