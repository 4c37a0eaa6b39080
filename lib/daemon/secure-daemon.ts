import { mkdirSync, writeFileSync, chmodSync } from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { AppArmorProfile } from '../apparmor/apparmor-profile';
import { recordCreationSite } from '../checks/source-location';
import { Duration } from '../core/duration';
import { invalidProp } from '../core/errors';
import { isIPv4 } from '../core/net';
import { OptOut, OptOutRecord, recordOptOut } from '../core/opt-out';
import { requireLiteral } from '../core/tokens';
import { SeccompProfile } from '../seccomp/seccomp-profile';
import { TlsDockerHost } from '../tls/tls-docker-host';

/** Where the daemon-wide seccomp profile is installed. */
export const SECCOMP_PROFILE_PATH = '/etc/docker/seccomp/cdktf-hardened-docker.json';

/** The ulimit names dockerd accepts in `default-ulimits` (go-units); any other name stops dockerd from starting. */
export const DAEMON_ULIMIT_NAMES = [
  'as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime',
  'sigpending', 'stack',
];

/**
 * Host paths the daemon configuration names (sockets, directories, files): absolute and normalised (no empty, `.` or
 * `..` components, no trailing slash), each component of a deliberately small set of characters, because the paths
 * end up in daemon.json, in MANIFEST.json and in install.sh, which runs as root.
 */
const HOST_PATH_RE = /^(\/[A-Za-z0-9_.@%+=:,~-]+)+$/;
const HOST_PATH_RULES = 'an absolute, normalised path (no empty, "." or ".." components, no trailing "/") of A-Z a-z 0-9 _ . @ % + = : , ~ -';
/** Linux interface names: 1-15 characters, here of a safe set; `none` would remove the default bridge. */
const BRIDGE_NAME_RE = /^[A-Za-z0-9_.-]{1,15}$/;

/** dockerd log levels CIS 2.3 accepts. */
export enum DaemonLogLevel {
  /** info (CIS 2.3). */
  INFO = 'info',
  /** warn */
  WARN = 'warn',
  /** error */
  ERROR = 'error',
}

/** Opt-outs from SecureDaemon's defaults, each with a justification. */
export interface SecureDaemonOptOuts {
  /**
   * Keep inter-container communication on the default bridge (CIS 2.2).
   * @default - none: icc false
   */
  readonly interContainerCommunication?: OptOut;
  /**
   * Run without user-namespace remapping (CIS 2.9).
   * @default - none: userns-remap "default"
   */
  readonly userNamespaceRemap?: OptOut;
  /**
   * No daemon-wide no-new-privileges (CIS 2.14).
   * @default - none: no-new-privileges true
   */
  readonly noNewPrivileges?: OptOut;
  /**
   * No live restore (CIS 2.15), e.g. for a swarm manager.
   * @default - none: live-restore true
   */
  readonly liveRestore?: OptOut;
  /**
   * Keep the userland proxy (CIS 2.16).
   * @default - none: userland-proxy false
   */
  readonly userlandProxy?: OptOut;
  /**
   * A swarm manager without autolock (CIS 7.6): its Raft keys (and with them the swarm's secrets) are then readable
   * from the disk of a stopped manager.
   * @default - none: autolock on
   */
  readonly swarmAutolock?: OptOut;
}

/**
 * How this host runs as a swarm manager (CIS Docker Benchmark section 7), rendered as `swarm.sh` next to
 * `install.sh`: `docker swarm init` with these settings on a host not yet in a swarm, `docker swarm update` on one
 * that is.
 */
export interface SwarmManagerSettings {
  /**
   * The manager's IPv4 address on the management network: `--advertise-addr` and `--listen-addr <address>:2377`
   * (CIS 7.3: the swarm's management port bound to one interface, not all).
   */
  readonly advertiseAddress: string;
  /**
   * The IPv4 address for data-plane traffic between nodes (`--data-path-addr`), on another interface than the
   * management traffic (CIS 7.10).
   * @default - the advertise address: management and data traffic share one interface (reported, HD-D21)
   */
  readonly dataPathAddress?: string;
  /**
   * How long node certificates are valid (`--cert-expiry`); nodes renew theirs before they expire (CIS 7.8).
   * @default Duration.days(30)
   */
  readonly certificateExpiry?: Duration;
}

/** A ulimit, as daemon.json `default-ulimits` holds it. */
export interface DaemonUlimit {
  /** e.g. `nofile`, `nproc`. */
  readonly name: string;
  /** Soft limit. */
  readonly soft: number;
  /** Hard limit. */
  readonly hard: number;
}

/**
 * Props of `SecureDaemon`.
 */
export interface SecureDaemonProps {
  /** A name for the host, used for the rendered files' directory (`host-files/<hostName>`). */
  readonly hostName: string;
  /**
   * Mutual TLS on a TCP socket. Without it the daemon listens on its unix socket only.
   * @default - unix socket only
   */
  readonly tls?: TlsDockerHost;
  /**
   * Address the TLS socket binds to (with `tls`).
   * @default '0.0.0.0'
   */
  readonly tcpListenAddress?: string;
  /**
   * The unix socket.
   * @default '/var/run/docker.sock'
   */
  readonly unixSocket?: string;
  /**
   * Directory of the TLS files on the host.
   * @default '/etc/docker/tls'
   */
  readonly tlsDirectory?: string;
  /**
   * Log driver; its options must match the containers' (see README) and are `max-size`/`max-file`.
   * @default 'local', max-size 10m, max-file 3 (the HardenedContainer defaults)
   */
  readonly logDriver?: string;
  /** @default '10m' */
  readonly logMaxSize?: string;
  /** @default 3 */
  readonly logMaxFiles?: number;
  /** @default DaemonLogLevel.INFO */
  readonly logLevel?: DaemonLogLevel;
  /**
   * `default-ulimits`. Every container must set each of these names itself, or the
   * provider (3.6.2 reads merged ulimits back) replaces it on every plan.
   * @default nofile 4096 and nproc 1024 (the HardenedContainer defaults)
   */
  readonly defaultUlimits?: DaemonUlimit[];
  /**
   * The user-namespace remap user (`default` creates `dockremap`).
   * @default 'default'
   */
  readonly userNamespaceRemapUser?: string;
  /**
   * Whether the host runs in swarm mode (live restore is not supported there).
   * @default - true when `swarm` is given, else false
   */
  readonly swarmMode?: boolean;
  /**
   * Run the host as a swarm manager with these settings (autolock on unless `optOuts.swarmAutolock`), rendered as
   * `swarm.sh`. Without it a host in swarm mode is initialized elsewhere, and its swarm settings cannot be verified.
   * @default - not a swarm manager of this stack
   */
  readonly swarm?: SwarmManagerSettings;
  /**
   * The Docker Engine version the host runs (`default-network-opts` needs >= 25).
   * @default '28.0'
   */
  readonly engineVersion?: string;
  /**
   * Name of the default bridge interface (`bridge`); for hosts that run more than one daemon.
   * @default - docker0
   */
  readonly bridgeName?: string;
  /** @default - /var/lib/docker */
  readonly dataRoot?: string;
  /** @default - /var/run/docker */
  readonly execRoot?: string;
  /** @default - /var/run/docker.pid */
  readonly pidFile?: string;
  /**
   * A daemon-wide seccomp profile (`seccomp-profile`), shipped as a host file. It
   * replaces Docker's built-in default for every container that does not bring its own.
   * @default - Docker's built-in default profile (CIS 2.17)
   */
  readonly seccompProfile?: SeccompProfile;
  /**
   * AppArmor profiles to ship and load on the host (`apparmor_parser -r -W`) before
   * containers that reference them start.
   * @default - none
   */
  readonly apparmorProfiles?: AppArmorProfile[];
  /** Justified opt-outs. @default - none */
  readonly optOuts?: SecureDaemonOptOuts;
}

/** A file to install on the Docker host. */
export interface HostFile {
  /** Absolute path on the host. */
  readonly path: string;
  /** Octal mode, e.g. `0644`. */
  readonly mode: string;
  /** Owner, always `root:root`. */
  readonly owner: string;
  /** The content, when known at synth. */
  readonly content?: string;
  /** Where the content comes from when it is only known after apply (e.g. a Terraform output). */
  readonly contentFrom?: string;
}

/**
 * A hardened `daemon.json` for a Docker host, with CIS Docker Benchmark v1.6.0
 * §2 defaults, the systemd drop-in that makes its `hosts` work, and the TLS
 * files with the modes CIS §3 asks for. Docker's daemon configuration is not a
 * Terraform resource: the files are rendered as artifacts for a pipeline to ship
 * (`writeFiles()`), and the stack's containers are checked against the daemon's
 * defaults at synth so that provider 3.6.2 does not replace them on every plan.
 */
export class SecureDaemon extends Construct {
  /** The rendered daemon.json settings. */
  public readonly settings: { [key: string]: unknown };
  /** Opt-outs taken. */
  public readonly optOutRecords: OptOutRecord[] = [];
  /** The host name of the rendered files. */
  public readonly hostName: string;
  /** Whether the host runs in swarm mode. */
  public readonly swarmMode: boolean;

  /** @internal the swarm manager settings rendered in swarm.sh, when this stack initializes the swarm */
  public readonly _swarm?: ResolvedSwarm;

  private readonly tls?: TlsDockerHost;
  private readonly tlsDirectory: string;
  private readonly seccompProfile?: SeccompProfile;
  private readonly apparmorProfiles: AppArmorProfile[];

  /** @internal the names of the AppArmor profiles this daemon's host loads (rendered by the library) */
  public get _appArmorProfileNames(): string[] {
    return this.apparmorProfiles.map((p) => p.profileName);
  }

  public constructor(scope: Construct, id: string, props: SecureDaemonProps) {
    super(scope, id);
    recordCreationSite(this);
    if (props === null || typeof props !== 'object') throw invalidProp(this, 'props', props, 'expected SecureDaemonProps with at least hostName');
    requireLiteral(this, 'hostName', props.hostName);
    if (typeof props.hostName !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9.-]{0,252}$/.test(props.hostName)) {
      throw invalidProp(this, 'hostName', props.hostName, 'expected a host name of [a-zA-Z0-9.-]');
    }
    // the host files go to <directory>/<hostName>/: a second daemon of the same name would overwrite them
    const sameHost = DAEMONS.get(this.node.root)?.get(props.hostName);
    if (sameHost) {
      throw invalidProp(this, 'hostName', props.hostName, `${sameHost.node.path} already renders the files of this host; one SecureDaemon per host`);
    }
    this.hostName = props.hostName;
    const o = props.optOuts ?? {};
    // undefined and null mean "no opt-out"; anything else is an opt-out and needs a justification (never a silent weakening)
    const take = (key: keyof SecureDaemonOptOuts, control: string) => {
      const v = o[key];
      if (v === undefined || v === null) return false;
      this.optOutRecords.push(recordOptOut(this, `optOuts.${key}`, control, v));
      return true;
    };
    const iccOn = take('interContainerCommunication', 'daemon-icc');
    const noRemap = take('userNamespaceRemap', 'daemon-userns-remap');
    const noNnp = take('noNewPrivileges', 'daemon-no-new-privileges');
    const noLiveRestore = take('liveRestore', 'daemon-live-restore');
    const userlandProxy = take('userlandProxy', 'daemon-userland-proxy');
    const noAutolock = take('swarmAutolock', 'swarm-autolock');
    if (props.swarm !== undefined && props.swarm !== null) {
      if (props.swarmMode === false) throw invalidProp(this, 'swarmMode', false, 'swarm settings make this host a swarm manager; remove swarmMode: false');
      this._swarm = this.resolveSwarm(props.swarm, noAutolock);
    } else if (noAutolock) {
      throw invalidProp(this, 'optOuts.swarmAutolock', 'set', 'only applies with swarm (this stack does not initialize a swarm); remove it');
    }
    this.swarmMode = props.swarmMode ?? this._swarm !== undefined;
    if (this.swarmMode && !noLiveRestore) {
      throw invalidProp(this, 'swarmMode', true, 'live-restore is not supported in swarm mode; opt out with optOuts.liveRestore, giving the reason');
    }

    const logDriver = props.logDriver ?? 'local';
    if (!['local', 'json-file', 'journald', 'syslog', 'fluentd', 'gelf'].includes(logDriver)) {
      throw invalidProp(this, 'logDriver', logDriver, 'expected local, json-file, journald, syslog, fluentd or gelf (never none)');
    }
    const rotating = logDriver === 'local' || logDriver === 'json-file';
    const logOpts: { [k: string]: string } = {};
    for (const [prop, value] of [['logMaxSize', props.logMaxSize], ['logMaxFiles', props.logMaxFiles]] as const) {
      if (!rotating && value !== undefined) {
        throw invalidProp(this, prop, value, `only the local and json-file log drivers rotate; ${logDriver} ignores it, remove it`);
      }
    }
    if (rotating) {
      const maxSize = props.logMaxSize ?? '10m';
      if (!/^[1-9][0-9]*[kmg]$/.test(maxSize)) throw invalidProp(this, 'logMaxSize', maxSize, 'expected a size like 10m');
      const maxFiles = props.logMaxFiles ?? 3;
      if (!Number.isInteger(maxFiles) || maxFiles < 1 || maxFiles > 100) throw invalidProp(this, 'logMaxFiles', maxFiles, 'expected 1-100');
      logOpts['max-file'] = String(maxFiles);
      logOpts['max-size'] = maxSize;
    }
    const logLevel = props.logLevel ?? DaemonLogLevel.INFO;
    if (!Object.values(DaemonLogLevel).includes(logLevel)) throw invalidProp(this, 'logLevel', logLevel, 'expected info, warn or error (CIS 2.3)');

    const ulimits = props.defaultUlimits ?? [{ name: 'nofile', soft: 4096, hard: 4096 }, { name: 'nproc', soft: 1024, hard: 1024 }];
    if (!Array.isArray(ulimits)) throw invalidProp(this, 'defaultUlimits', ulimits, 'expected a list of { name, soft, hard }');
    const defaultUlimits: { [k: string]: unknown } = {};
    ulimits.forEach((u, i) => {
      if (u === null || typeof u !== 'object' || !DAEMON_ULIMIT_NAMES.includes(u.name)
        || !Number.isSafeInteger(u.soft) || !Number.isSafeInteger(u.hard) || u.soft < 0 || u.soft > u.hard) {
        throw invalidProp(this, `defaultUlimits[${i}]`, u, `expected a name of ${DAEMON_ULIMIT_NAMES.join(', ')} and integers 0 <= soft <= hard`);
      }
      // daemon.json keys them by name: a second entry would silently replace the first
      if (defaultUlimits[u.name] !== undefined) throw invalidProp(this, `defaultUlimits[${i}]`, u, 'each ulimit name once');
      defaultUlimits[u.name] = { Hard: u.hard, Name: u.name, Soft: u.soft };
    });

    if (noRemap && props.userNamespaceRemapUser !== undefined) {
      throw invalidProp(this, 'userNamespaceRemapUser', props.userNamespaceRemapUser,
        'does not apply with optOuts.userNamespaceRemap (no remapping is configured); remove one of them');
    }
    const remapUser = props.userNamespaceRemapUser ?? 'default';
    if (typeof remapUser !== 'string' || !/^[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?$/.test(remapUser)) {
      throw invalidProp(this, 'userNamespaceRemapUser', remapUser, 'expected "default" or user[:group]');
    }
    if (remapUser.split(':')[0] === 'root') {
      // dockerd: "User namespaces: root cannot be remapped with itself; user namespaces are OFF", a silent opt-out
      throw invalidProp(this, 'userNamespaceRemapUser', remapUser,
        'root cannot be remapped to itself (dockerd then turns user namespaces off); use "default" or a dedicated user with subordinate ids');
    }
    const major = Number(/^(\d+)/.exec(props.engineVersion ?? '28.0')?.[1]);
    if (!Number.isFinite(major)) throw invalidProp(this, 'engineVersion', props.engineVersion, 'expected a version like 28.0');

    const s: { [key: string]: unknown } = {
      'experimental': false,
      'icc': iccOn,
      'insecure-registries': [],
      'iptables': true,
      'live-restore': !noLiveRestore,
      'log-driver': logDriver,
      'log-level': logLevel,
      'no-new-privileges': !noNnp,
      'userland-proxy': userlandProxy,
    };
    if (rotating) s['log-opts'] = logOpts;
    if (ulimits.length > 0) s['default-ulimits'] = defaultUlimits;
    if (!noRemap) s['userns-remap'] = remapUser;
    if (major >= 25 && !iccOn) {
      // keeps icc off on every network created without options (daemon.json "icc" covers docker0 only)
      s['default-network-opts'] = { bridge: { 'com.docker.network.bridge.enable_icc': 'false' } };
    }
    if (props.seccompProfile !== undefined) {
      if (!(props.seccompProfile instanceof SeccompProfile)) throw invalidProp(this, 'seccompProfile', String(props.seccompProfile), 'expected a SeccompProfile');
      if (props.seccompProfile.allowsByDefault) {
        this.optOutRecords.push(recordOptOut(this, 'seccompProfile', 'daemon-seccomp', { justification: props.seccompProfile.justification ?? '' }));
      }
      this.seccompProfile = props.seccompProfile;
      s['seccomp-profile'] = SECCOMP_PROFILE_PATH;
    }
    if (props.apparmorProfiles !== undefined && !Array.isArray(props.apparmorProfiles)) {
      throw invalidProp(this, 'apparmorProfiles', String(props.apparmorProfiles), 'expected a list of AppArmorProfile');
    }
    this.apparmorProfiles = [...(props.apparmorProfiles ?? [])];
    this.apparmorProfiles.forEach((p, i) => {
      if (!(p instanceof AppArmorProfile)) throw invalidProp(this, `apparmorProfiles[${i}]`, String(p), 'expected an AppArmorProfile');
      if (this.apparmorProfiles.findIndex((q) => q.profileName === p.profileName) !== i) {
        throw invalidProp(this, `apparmorProfiles[${i}]`, p.profileName, 'each profile name once');
      }
    });
    if (props.bridgeName !== undefined) {
      requireLiteral(this, 'bridgeName', props.bridgeName);
      if (typeof props.bridgeName !== 'string' || !BRIDGE_NAME_RE.test(props.bridgeName) || ['.', '..', 'none'].includes(props.bridgeName)) {
        throw invalidProp(this, 'bridgeName', props.bridgeName,
          'expected an existing interface name of 1-15 of [A-Za-z0-9_.-]; "none" (no default bridge) is refused: HardenedContainer needs it');
      }
      s.bridge = props.bridgeName;
    }

    const unixSocket = props.unixSocket ?? '/var/run/docker.sock';
    this.tlsDirectory = props.tlsDirectory ?? '/etc/docker/tls';
    for (const [prop, p] of [['unixSocket', unixSocket], ['tlsDirectory', this.tlsDirectory], ['dataRoot', props.dataRoot],
      ['execRoot', props.execRoot], ['pidFile', props.pidFile]] as const) {
      requireLiteral(this, prop, p);
      if (p !== undefined && (typeof p !== 'string' || !HOST_PATH_RE.test(p) || p.split('/').some((c) => c === '.' || c === '..'))) {
        throw invalidProp(this, prop, p, `expected ${HOST_PATH_RULES}`);
      }
    }
    if (props.dataRoot !== undefined) s['data-root'] = props.dataRoot;
    if (props.execRoot !== undefined) s['exec-root'] = props.execRoot;
    if (props.pidFile !== undefined) s.pidfile = props.pidFile;
    if (props.tls !== undefined && props.tls !== null && !(props.tls instanceof TlsDockerHost)) {
      throw invalidProp(this, 'tls', String(props.tls), 'expected a TlsDockerHost');
    }
    if (props.tls) {
      this.tls = props.tls;
      const listen = props.tcpListenAddress ?? '0.0.0.0';
      if (!isIPv4(listen)) throw invalidProp(this, 'tcpListenAddress', listen, 'expected an IPv4 address');
      s.hosts = [`unix://${unixSocket}`, `tcp://${listen}:${props.tls.port}`];
      s.tls = true;
      s.tlsverify = true;
      s.tlscacert = `${this.tlsDirectory}/ca.pem`;
      s.tlscert = `${this.tlsDirectory}/server-cert.pem`;
      s.tlskey = `${this.tlsDirectory}/server-key.pem`;
    } else {
      if (props.tcpListenAddress !== undefined) {
        throw invalidProp(this, 'tcpListenAddress', props.tcpListenAddress, 'a TCP socket without TLS verification is refused (CIS 2.7); pass tls');
      }
      if (props.tlsDirectory !== undefined) {
        throw invalidProp(this, 'tlsDirectory', props.tlsDirectory, 'only applies with tls (no TLS files are installed without it); remove it');
      }
      if (props.unixSocket !== undefined) s.hosts = [`unix://${unixSocket}`];
    }
    this.settings = sortKeys(s);

    this.node.addValidation({ validate: () => this.checkStack() });
    if (!DAEMONS.has(this.node.root)) DAEMONS.set(this.node.root, new Map());
    DAEMONS.get(this.node.root)!.set(this.hostName, this);
  }

  /** daemon.json, as rendered (sorted keys, two-space indent, trailing newline). */
  public get daemonJson(): string {
    return `${JSON.stringify(this.settings, null, 2)}\n`;
  }

  /** The files to install on the host, with modes and owners (CIS 3.10/3.12/3.14/3.18). */
  public get files(): HostFile[] {
    const files: HostFile[] = [{ path: '/etc/docker/daemon.json', mode: '0644', owner: 'root:root', content: this.daemonJson }];
    if (this.settings.hosts) {
      files.push({
        path: '/etc/systemd/system/docker.service.d/10-cdktf-hardened-docker.conf',
        mode: '0644',
        owner: 'root:root',
        // daemon.json "hosts" conflicts with the packaged unit's -H flag: drop every flag from ExecStart.
        content: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --config-file=/etc/docker/daemon.json\n',
      });
    }
    if (this.seccompProfile) {
      files.push({ path: SECCOMP_PROFILE_PATH, mode: '0644', owner: 'root:root', content: `${this.seccompProfile.toJson()}\n` });
    }
    for (const p of this.apparmorProfiles) {
      const f = p.toFile();
      files.push({ path: f.path, mode: f.mode, owner: 'root:root', content: f.content });
    }
    if (this.tls) {
      const pkiDir = `cdktf.out/stacks/${TerraformStack.of(this.tls).node.id}`;
      const out = this.tls.outputNames;
      files.push(
        // contentFrom is a shell command (install.sh runs it): the stack id may hold any character but whitespace
        { path: `${this.tlsDirectory}/ca.pem`, mode: '0444', owner: 'root:root', contentFrom: `terraform ${shellWord(`-chdir=${pkiDir}`)} output -raw ${shellWord(out.caCert)}` },
        { path: `${this.tlsDirectory}/server-cert.pem`, mode: '0444', owner: 'root:root', contentFrom: `terraform ${shellWord(`-chdir=${pkiDir}`)} output -raw ${shellWord(out.serverCert)}` },
        { path: `${this.tlsDirectory}/server-key.pem`, mode: '0400', owner: 'root:root', contentFrom: `terraform ${shellWord(`-chdir=${pkiDir}`)} output -raw ${shellWord(out.serverKey)}` },
      );
    }
    return files;
  }

  /**
   * Writes the host files under `<directory>/<hostName>/` (paths mirrored, modes
   * applied), plus `MANIFEST.json` and an idempotent `install.sh`. Files whose
   * content is only known after apply are fetched by install.sh.
   *
   * @returns the paths written, relative to `directory`
   */
  public writeFiles(directory: string): string[] {
    const root = path.join(directory, this.hostName);
    const written: string[] = [];
    const put = (rel: string, content: string, mode: number) => {
      const file = path.join(root, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      chmodSync(file, mode);
      written.push(path.relative(directory, file));
    };
    for (const f of this.files) {
      if (f.content !== undefined) put(`files${f.path}`, f.content, parseInt(f.mode, 8));
    }
    put('MANIFEST.json', `${JSON.stringify(this.files.map((f) => ({ ...f, content: undefined })), null, 2)}\n`, 0o644);
    put('install.sh', this.installScript(), 0o755);
    if (this._swarm) put('swarm.sh', this.swarmScript(this._swarm), 0o755);
    return written;
  }

  private resolveSwarm(swarm: SwarmManagerSettings, noAutolock: boolean): ResolvedSwarm {
    if (typeof swarm !== 'object') throw invalidProp(this, 'swarm', swarm, 'expected SwarmManagerSettings with advertiseAddress');
    for (const [prop, value] of [['swarm.advertiseAddress', swarm.advertiseAddress], ['swarm.dataPathAddress', swarm.dataPathAddress]] as const) {
      requireLiteral(this, prop, value);
      if (value !== undefined && (!isIPv4(value) || value === '0.0.0.0')) {
        throw invalidProp(this, prop, value, 'expected the IPv4 address of one interface of the host (not 0.0.0.0: CIS 7.3 binds to one interface)');
      }
    }
    if (swarm.advertiseAddress === undefined) throw invalidProp(this, 'swarm.advertiseAddress', undefined, 'expected the manager\'s IPv4 address');
    if (swarm.certificateExpiry !== undefined && !(swarm.certificateExpiry instanceof Duration)) {
      throw invalidProp(this, 'swarm.certificateExpiry', String(swarm.certificateExpiry), 'expected a Duration');
    }
    const expiry = swarm.certificateExpiry ?? Duration.days(30);
    const hours = expiry.toMilliseconds() / 3_600_000;
    if (!Number.isInteger(hours) || hours < 1) {
      throw invalidProp(this, 'swarm.certificateExpiry', expiry.toGoString(), 'expected whole hours of at least 1h (swarmkit refuses less than an hour)');
    }
    return {
      advertiseAddress: swarm.advertiseAddress,
      dataPathAddress: swarm.dataPathAddress,
      certificateExpiryHours: hours,
      autolock: !noAutolock,
    };
  }

  /** `docker swarm init` on a host in no swarm, `docker swarm update` on a manager; never on a worker. */
  private swarmScript(swarm: ResolvedSwarm): string {
    const expiry = `${swarm.certificateExpiryHours}h`;
    const init = ['docker swarm init', swarm.autolock ? '--autolock' : '', `--cert-expiry ${expiry}`,
      `--advertise-addr ${swarm.advertiseAddress}`, `--listen-addr ${swarm.advertiseAddress}:2377`,
      swarm.dataPathAddress ? `--data-path-addr ${swarm.dataPathAddress}` : ''].filter((w) => w !== '').join(' ');
    return [
      '#!/bin/sh',
      `# Makes ${this.hostName} a swarm manager with the settings of its SecureDaemon (generated by cdktf-hardened-docker).`,
      '# Run as root on the host after install.sh. With autolock, `docker swarm init` prints the unlock key ONCE: keep it in',
      '# your secrets manager (every restarted manager needs it: `docker swarm unlock`) and rotate it periodically with',
      '# `docker swarm unlock-key --rotate` (CIS 7.7).',
      'set -eu',
      'state=$(docker info --format \'{{.Swarm.LocalNodeState}}/{{.Swarm.ControlAvailable}}\')',
      'case "$state" in',
      `  inactive/*) ${init} ;;`,
      `  active/true) docker swarm update --autolock=${swarm.autolock} --cert-expiry ${expiry} ;;`,
      '  *) echo "this host is in a swarm but not a manager (state $state): not changed" >&2; exit 1 ;;',
      'esac',
      '',
    ].join('\n');
  }

  private installScript(): string {
    const lines = [
      '#!/bin/sh',
      `# Installs the hardened Docker daemon configuration for ${this.hostName} (generated by cdktf-hardened-docker).`,
      '# Run as root on the host from this directory; for TLS files run it where the PKI stack\'s state is reachable.',
      'set -eu',
      'umask 077',
      'cd "$(dirname "$0")"',
    ];
    // install.sh runs as root: every path and name in it is quoted (shellPath, shellWord), none can be read as shell syntax
    const made = new Set<string>();
    for (const f of this.files) {
      const [owner, group] = f.owner.split(':'); // the library's own constants (root:root), as is the mode
      const dir = path.posix.dirname(f.path);
      // only a missing directory is created: `install -d` would also reset an existing one's mode and owner
      // (a tlsDirectory under /tmp or a home directory would lose its sticky bit or change hands)
      if (!made.has(dir)) lines.push(`[ -d ${shellPath(dir)} ] || install -d -m 0755 -o root -g root ${shellPath(dir)}`);
      made.add(dir);
      if (f.content !== undefined) {
        lines.push(`install -m ${f.mode} -o ${owner} -g ${group} ${shellPath(`files${f.path}`)} ${shellPath(f.path)}`);
      } else {
        lines.push(`tmp=$(mktemp) && ${f.contentFrom} > "$tmp" && install -m ${f.mode} -o ${owner} -g ${group} "$tmp" ${shellPath(f.path)} && rm -f "$tmp"`);
      }
    }
    for (const p of this.apparmorProfiles) lines.push(`apparmor_parser -r -W ${shellPath(p.toFile().path)}`);
    lines.push('if dockerd --help 2>/dev/null | grep -q -- "--validate"; then dockerd --validate --config-file=/etc/docker/daemon.json; fi');
    lines.push('if command -v systemctl >/dev/null 2>&1; then systemctl daemon-reload && systemctl restart docker; fi');
    return `${lines.join('\n')}\n`;
  }

  /** Checks the containers of this daemon's stack against its defaults. */
  private checkStack(): string[] {
    const errors: string[] = [];
    const logOpts = (this.settings['log-opts'] ?? {}) as { [k: string]: string };
    const logDriver = this.settings['log-driver'] as string;
    const ulimitNames = Object.keys((this.settings['default-ulimits'] ?? {}) as object);
    const remap = this.settings['userns-remap'] !== undefined;
    for (const c of containersOf(TerraformStack.of(this))) {
      const a = c.attributes;
      const driver = (a.log_driver as string | undefined) ?? logDriver;
      if (driver === logDriver) {
        const missing = Object.keys(logOpts).filter((k) => (a.log_opts as { [k: string]: string } | undefined)?.[k] === undefined);
        if (missing.length > 0) {
          errors.push(`${c.path}: log_opts lacks ${missing.join(', ')}, which the daemon (${this.node.path}) merges in for the ${logDriver} driver; ` +
            'provider 3.6.2 then replaces the container on every plan. Set the same keys on the container (HardenedContainer does)');
        }
      }
      const names = ((a.ulimit as Array<{ name: string }> | undefined) ?? []).map((u) => u.name);
      const missingUlimits = ulimitNames.filter((n) => !names.includes(n));
      if (missingUlimits.length > 0) {
        errors.push(`${c.path}: ulimit lacks ${missingUlimits.join(', ')} from the daemon's default-ulimits (${this.node.path}); ` +
          'provider 3.6.2 reads merged ulimits back and replaces the container on every plan. Set them on the container');
      }
      if (remap && a.userns_mode !== 'host') {
        const hostNs = [
          a.privileged === true ? 'privileged' : undefined,
          a.pid_mode === 'host' ? 'pid_mode=host' : undefined,
          a.network_mode === 'host' ? 'network_mode=host' : undefined,
          a.ipc_mode === 'host' ? 'ipc_mode=host' : undefined,
        ].filter((x): x is string => x !== undefined);
        if (hostNs.length > 0) {
          errors.push(`${c.path}: ${hostNs.join(', ')} conflicts with the daemon's userns-remap (${this.node.path}); the engine refuses it ` +
            'unless the container also sets userns_mode=host, which opts it out of the remap');
        }
      }
    }
    return errors;
  }
}

/** Every docker_container of a stack with its final, resolved attributes (after overrides). */
function containersOf(stack: TerraformStack): Array<{ path: string; attributes: { [k: string]: unknown } }> {
  const resources = (stack.toTerraform() as { resource?: { docker_container?: { [id: string]: { [k: string]: any } } } }).resource;
  return Object.entries(resources?.docker_container ?? {}).map(([id, attributes]) => {
    const constructPath = String(attributes['//']?.metadata?.path ?? id).replace(/\/Resource$/, '');
    return { path: constructPath, attributes };
  });
}

/** The SecureDaemons of each app by host name. */
const DAEMONS = new WeakMap<IConstruct, Map<string, SecureDaemon>>();

/** Characters that mean nothing to a POSIX shell, bare or in double quotes (not `~`: bash expands it after `=`). */
const SHELL_SAFE = /^[A-Za-z0-9_./=:,@%+-]+$/;

/** A POSIX shell word that is exactly `text`, single-quoted (`'` as `'\''`). */
function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, () => "'\\''")}'`;
}

/** An argument word that is exactly `text`: bare when plainly safe, else single-quoted. */
function shellWord(text: string): string {
  return SHELL_SAFE.test(text) ? text : singleQuoted(text);
}

/** A path word that is exactly `path`: in double quotes when plainly safe (as install.sh always wrote them), else single-quoted. */
function shellPath(p: string): string {
  return SHELL_SAFE.test(p) ? `"${p}"` : singleQuoted(p);
}

function sortKeys(o: { [key: string]: unknown }): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const k of Object.keys(o).sort()) {
    const v = o[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? sortKeys(v as { [key: string]: unknown }) : v;
  }
  return out;
}

/** The swarm settings of a SecureDaemon, as rendered and checked. @internal */
export interface ResolvedSwarm {
  readonly advertiseAddress: string;
  readonly dataPathAddress?: string;
  readonly certificateExpiryHours: number;
  readonly autolock: boolean;
}
