import { describeValue } from '../core/errors';

/**
 * A Linux capability, spelled as AppArmor's `capability` rule spells it.
 *
 * The profile only narrows what the container already has: a capability must
 * also be granted to the container (Docker's default set or `--cap-add`) and
 * allowed here to be usable. Capabilities not listed in the profile are denied.
 */
export enum AppArmorCapability {
  /** Make arbitrary changes to file UIDs and GIDs. */
  CHOWN = 'chown',
  /** Bypass file read, write and execute permission checks. */
  DAC_OVERRIDE = 'dac_override',
  /** Bypass file read and directory read/search permission checks. */
  DAC_READ_SEARCH = 'dac_read_search',
  /** Bypass permission checks on operations that require the file owner's UID. */
  FOWNER = 'fowner',
  /** Keep set-user-ID and set-group-ID bits when a file is modified. */
  FSETID = 'fsetid',
  /** Bypass permission checks for sending signals. */
  KILL = 'kill',
  /** Make arbitrary manipulations of process GIDs. */
  SETGID = 'setgid',
  /** Make arbitrary manipulations of process UIDs. */
  SETUID = 'setuid',
  /** Modify process capabilities within the bounding set. */
  SETPCAP = 'setpcap',
  /** Set the immutable and append-only file attributes. */
  LINUX_IMMUTABLE = 'linux_immutable',
  /** Bind a socket to a port below 1024. */
  NET_BIND_SERVICE = 'net_bind_service',
  /** Make socket broadcasts and listen to multicasts. */
  NET_BROADCAST = 'net_broadcast',
  /** Perform network administration (interfaces, routes, firewall). */
  NET_ADMIN = 'net_admin',
  /** Use RAW and PACKET sockets. */
  NET_RAW = 'net_raw',
  /** Lock memory (mlock, mlockall). */
  IPC_LOCK = 'ipc_lock',
  /** Bypass permission checks for System V IPC operations. */
  IPC_OWNER = 'ipc_owner',
  /** Load and unload kernel modules. */
  SYS_MODULE = 'sys_module',
  /** Perform I/O port operations and access /dev/mem. */
  SYS_RAWIO = 'sys_rawio',
  /** Use chroot(2). */
  SYS_CHROOT = 'sys_chroot',
  /** Trace arbitrary processes with ptrace(2). */
  SYS_PTRACE = 'sys_ptrace',
  /** Use acct(2). */
  SYS_PACCT = 'sys_pacct',
  /** Perform a range of system administration operations (mount, namespaces, …). */
  SYS_ADMIN = 'sys_admin',
  /** Use reboot(2) and kexec_load(2). */
  SYS_BOOT = 'sys_boot',
  /** Raise process nice values and change scheduling of other processes. */
  SYS_NICE = 'sys_nice',
  /** Override resource limits. */
  SYS_RESOURCE = 'sys_resource',
  /** Set the system clock. */
  SYS_TIME = 'sys_time',
  /** Use vhangup(2) and privileged ioctls on virtual terminals. */
  SYS_TTY_CONFIG = 'sys_tty_config',
  /** Create special files with mknod(2). */
  MKNOD = 'mknod',
  /** Establish leases on arbitrary files. */
  LEASE = 'lease',
  /** Write records to the kernel auditing log. */
  AUDIT_WRITE = 'audit_write',
  /** Configure kernel auditing. */
  AUDIT_CONTROL = 'audit_control',
  /** Set file capabilities. */
  SETFCAP = 'setfcap',
  /** Override Mandatory Access Control. */
  MAC_OVERRIDE = 'mac_override',
  /** Change Mandatory Access Control configuration. */
  MAC_ADMIN = 'mac_admin',
  /** Perform privileged syslog(2) operations. */
  SYSLOG = 'syslog',
  /** Trigger something that will wake up the system. */
  WAKE_ALARM = 'wake_alarm',
  /** Block system suspend. */
  BLOCK_SUSPEND = 'block_suspend',
  /** Read the audit log via a multicast netlink socket. */
  AUDIT_READ = 'audit_read',
  /** Use perf_event_open(2) and other performance monitoring. */
  PERFMON = 'perfmon',
  /** Use privileged BPF operations. */
  BPF = 'bpf',
  /** Use checkpoint/restore operations. */
  CHECKPOINT_RESTORE = 'checkpoint_restore',
}

/**
 * An IP protocol that `AppArmorNetworkProps.protocols` may allow.
 */
export enum AppArmorNetworkProtocol {
  /** TCP over IPv4 and IPv6 (`network inet tcp`, `network inet6 tcp`). */
  TCP = 'tcp',
  /** UDP over IPv4 and IPv6 (`network inet udp`, `network inet6 udp`). */
  UDP = 'udp',
  /**
   * ICMP datagram ("ping") sockets over IPv4 (`network inet icmp`).
   * AppArmor 3.0 has no ICMPv6 protocol keyword, so IPv6 ping is not covered.
   */
  ICMP = 'icmp',
}

/**
 * Network rules of an `AppArmorProfile`.
 */
export interface AppArmorNetworkProps {
  /**
   * Allow raw IPv4/IPv6 sockets (raw ICMP, hand-made packets).
   *
   * @default false - `deny network inet raw` and `deny network inet6 raw`
   */
  readonly raw?: boolean;

  /**
   * Allow packet (AF_PACKET) sockets, which see and forge link-layer frames.
   *
   * @default false - `deny network packet`
   */
  readonly packet?: boolean;

  /**
   * Restrict IP networking to these protocols. Unix sockets and netlink raw
   * sockets (used by glibc's `getaddrinfo`) stay allowed.
   *
   * @default - every protocol (`network,`) except raw and packet sockets
   */
  readonly protocols?: AppArmorNetworkProtocol[];
}

/**
 * Props of an `AppArmorProfile`, modelled on bane's TOML (`Name`, `[Filesystem]`,
 * `[Capabilities]`, `[Network]`).
 *
 * Paths are absolute container paths. A path without glob characters means the
 * file or directory itself and everything below it (rendered `<path>{,/**}`);
 * a path with the AppArmor globs `*` (within a path component), `**` (across
 * components) or `?` (one character) is used as written. Braces, character
 * classes, variables (`@{…}`), quotes, whitespace and commas are refused, so a
 * path can never change the structure of the profile.
 */
export interface AppArmorProfileProps {
  /**
   * The profile name: lower-case letters, digits, `_`, `.` and `-`, starting
   * with a letter or digit. Rendered as `docker-<name>` (like bane) unless it
   * already starts with `docker-`. `default` is refused because `docker-default`
   * is the profile Docker itself loads.
   */
  readonly name: string;

  /**
   * Paths that may be read but never written or hard-linked
   * (`<path> r,` plus `deny <path> wl,`). A deny rule wins over every grant.
   *
   * @default - none
   */
  readonly readOnlyPaths?: string[];

  /**
   * Paths that may be read and written (`<path> rw,`). When this list is not
   * empty, the profile grants no other writes: only these paths,
   * `logOnWritePaths` and what `abstractions/base` grants (`/dev/null`, …) are
   * writable. A writable path that lies inside a read-only path is refused.
   *
   * @default - writes everywhere except the read-only paths and the /proc and /sys denials
   */
  readonly writablePaths?: string[];

  /**
   * Paths whose writes are allowed and audited (`audit <path> w,`). An audit
   * rule also grants the write, so when `writablePaths` is set these must lie
   * inside it. Writes to a path that is also read-only stay denied (and deny
   * rules are not logged).
   *
   * @default - none
   */
  readonly logOnWritePaths?: string[];

  /**
   * Executables the container may run, inheriting this profile (`<path> ix,`).
   * When this list is not empty, the profile grants no other execution: list
   * every program the entrypoint starts. A path that is also writable is refused.
   *
   * @default - every file may be executed except `denyExec`
   */
  readonly allowExec?: string[];

  /**
   * Executables the container must never run (`deny <path> x,`), e.g. shells.
   * An `allowExec` path inside a `denyExec` path is refused.
   *
   * @default - none
   */
  readonly denyExec?: string[];

  /**
   * Paths that may not be accessed at all (`deny <path> rwlx,`, memory-mapping
   * included via `m`).
   *
   * @default - none
   */
  readonly deniedPaths?: string[];

  /**
   * Capabilities the profile allows. Every other capability is denied.
   *
   * @default - none
   */
  readonly capabilities?: AppArmorCapability[];

  /**
   * Network rules.
   *
   * @default - every protocol except raw and packet sockets
   */
  readonly network?: AppArmorNetworkProps;
}

/**
 * The file an `AppArmorProfile` is installed as on the Docker host.
 */
export interface AppArmorProfileFile {
  /** Absolute host path, `/etc/apparmor.d/containers/docker-<name>` (bane's location). */
  readonly path: string;
  /** Octal file mode, `0644`. */
  readonly mode: string;
  /** The profile text (`AppArmorProfile.toProfileText()`). */
  readonly content: string;
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]*$/;
const MAX_NAME_LENGTH = 64;
const MAX_PATH_LENGTH = 1024;
/** Characters a path may contain: a deliberately small, syntax-neutral set plus the globs `*` and `?`. */
const PATH_PATTERN = /^\/[A-Za-z0-9._+~:%=/*?-]*$/;
const GLOB_PATTERN = /[*?]/;
const PATH_RULES =
  'an absolute path without empty, "." or ".." components and without a trailing "/", at most 1024 characters ' +
  'of A-Z a-z 0-9 . _ - + ~ : % = /, optionally with the globs * (one component), ** (any depth) and ? (one character); ' +
  'braces, brackets, @{variables}, quotes, whitespace, commas and "#" are refused; use /** for everything';

const PATH_PROPS = ['readOnlyPaths', 'writablePaths', 'logOnWritePaths', 'allowExec', 'denyExec', 'deniedPaths'] as const;
type PathProp = typeof PATH_PROPS[number];

/**
 * A container AppArmor profile in the style of Docker's `docker-default` and
 * bane: `docker-default`'s protections (no writes to /proc and /sys, no mount,
 * umount or pivot_root, ptrace only within the profile) plus read-only,
 * writable, audited, executable and denied paths, an explicit capability list
 * and raw/packet socket denial.
 *
 * The rendered text is deterministic: every list is de-duplicated and sorted.
 * Installing it is a host task Terraform cannot do: copy `toFile()` to the host
 * and run `apparmor_parser -r -W <path>`, then start the container with
 * `securityOpt()` (e.g. `--security-opt apparmor=docker-nginx`).
 *
 * With only a name, the profile is `docker-default` without any capability and
 * without raw and packet sockets; that is a valid, stricter profile, so it is
 * not refused.
 */
export class AppArmorProfile {
  /** The name as given. */
  public readonly name: string;

  /** The AppArmor profile name, `docker-<name>`. */
  public readonly profileName: string;

  private readonly paths: Record<PathProp, string[]>;
  private readonly capabilities: string[];
  private readonly raw: boolean;
  private readonly packet: boolean;
  private readonly protocols: string[] | undefined;

  constructor(props: AppArmorProfileProps) {
    if (props === null || typeof props !== 'object') {
      throw invalid('props', props, 'an object with at least a name');
    }
    this.name = validateName(props.name);
    this.profileName = this.name.startsWith('docker-') ? this.name : `docker-${this.name}`;
    if (this.profileName === 'docker-default') {
      throw invalid('name', props.name, 'any name but "default"/"docker-default": docker-default is the profile Docker loads itself');
    }

    const paths = {} as Record<PathProp, string[]>;
    for (const prop of PATH_PROPS) paths[prop] = validatePaths(prop, props[prop]);
    this.paths = paths;

    checkNotInside(paths.writablePaths, 'writablePaths', paths.readOnlyPaths, 'readOnlyPaths',
      'a path is either writable or read-only; the read-only deny rule would silently win');
    checkNotInside(paths.writablePaths, 'writablePaths', paths.deniedPaths, 'deniedPaths',
      'a denied path cannot be writable; the deny rule would silently win');
    checkNotInside(paths.allowExec, 'allowExec', paths.denyExec, 'denyExec',
      'a path is either executable or denied execution; the deny rule would silently win');
    checkNotInside(paths.allowExec, 'allowExec', paths.deniedPaths, 'deniedPaths',
      'a denied path cannot be executable; the deny rule would silently win');
    if (paths.writablePaths.length > 0) {
      for (const path of paths.logOnWritePaths) {
        if (!covers(paths.writablePaths, path)) {
          throw invalid('logOnWritePaths', path,
            'a path inside writablePaths: an audit rule also grants the write, so with writablePaths set it may only log writes to writable paths');
        }
      }
    }
    const unwritable = [...paths.readOnlyPaths, ...paths.deniedPaths];
    const wxReason = 'a path both writable and executable lets the container run code it wrote (write xor execute)';
    checkNotInside(paths.allowExec.filter(path => !isInside(path, unwritable)), 'allowExec',
      paths.writablePaths, 'writablePaths', wxReason);
    checkNotInside(paths.writablePaths, 'writablePaths', paths.allowExec, 'allowExec', wxReason);

    this.capabilities = validateEnumList('capabilities', props.capabilities, Object.values(AppArmorCapability));

    const network = props.network ?? {};
    if (network === null || typeof network !== 'object') {
      throw invalid('network', network, 'an object with raw, packet and protocols');
    }
    this.raw = validateBoolean('network.raw', network.raw);
    this.packet = validateBoolean('network.packet', network.packet);
    this.protocols = network.protocols === undefined
      ? undefined
      : validateEnumList('network.protocols', network.protocols, Object.values(AppArmorNetworkProtocol));
    if (this.protocols !== undefined && this.protocols.length === 0) {
      throw invalid('network.protocols', network.protocols,
        `at least one of ${Object.values(AppArmorNetworkProtocol).join(', ')}; leave it unset to allow every protocol`);
    }
  }

  /** The `--security-opt` value that applies this profile: `apparmor=docker-<name>`. */
  public securityOpt(): string {
    return `apparmor=${this.profileName}`;
  }

  /** The profile as a file for the Docker host: `/etc/apparmor.d/containers/docker-<name>`, mode `0644`. */
  public toFile(): AppArmorProfileFile {
    return {
      path: `/etc/apparmor.d/containers/${this.profileName}`,
      mode: '0644',
      content: this.toProfileText(),
    };
  }

  /** The profile text, ready for `apparmor_parser`. Deterministic for equal props. */
  public toProfileText(): string {
    const p = this.paths;
    const name = this.profileName;
    const writeRestricted = p.writablePaths.length > 0;
    const execRestricted = p.allowExec.length > 0;
    const lines: string[] = [];
    const section = (title: string, rules: string[]) => {
      if (rules.length === 0) return;
      lines.push('', `  # ${title}`, ...rules.map(rule => `  ${rule}`));
    };

    lines.push(
      `# AppArmor profile ${name}, generated by cdktf-hardened-docker.`,
      `# Install on the Docker host as /etc/apparmor.d/containers/${name}, load it with`,
      `#   apparmor_parser -r -W /etc/apparmor.d/containers/${name}`,
      `# and run the container with --security-opt ${this.securityOpt()}.`,
      'abi <abi/3.0>,',
      '',
      '#include <tunables/global>',
      '',
      `profile ${name} flags=(attach_disconnected,mediate_deleted) {`,
      '  #include <abstractions/base>',
    );

    const networkRules: string[] = [];
    if (this.protocols === undefined) {
      networkRules.push('network,');
    } else {
      networkRules.push('network unix,', 'network netlink raw,');
      for (const protocol of this.protocols) {
        networkRules.push(`network inet ${protocol},`);
        if (protocol !== AppArmorNetworkProtocol.ICMP) networkRules.push(`network inet6 ${protocol},`);
      }
    }
    if (this.raw) {
      if (this.protocols !== undefined) networkRules.push('network inet raw,', 'network inet6 raw,');
    } else {
      networkRules.push('deny network inet raw,', 'deny network inet6 raw,');
    }
    if (this.packet) {
      if (this.protocols !== undefined) networkRules.push('network packet,');
    } else {
      networkRules.push('deny network packet,');
    }
    section('Network', networkRules);

    let baseline: string;
    let baselineTitle: string;
    if (!writeRestricted && !execRestricted) {
      baseline = 'file,';
      baselineTitle = 'Files: everything not denied below (as docker-default)';
    } else {
      baseline = `/** r${writeRestricted ? '' : 'w'}m${writeRestricted ? '' : 'l'}k${execRestricted ? '' : 'ix'},`;
      baselineTitle = [
        'Files: read everything not denied below',
        writeRestricted ? 'write only the writable paths' : 'write everything not denied',
        execRestricted ? 'execute only the allowed executables' : 'execute everything not denied',
      ].join('; ');
    }
    section(baselineTitle, [baseline]);
    section('Read-only paths', p.readOnlyPaths.flatMap(path => [`${glob(path)} r,`, `deny ${glob(path)} wl,`]));
    section('Writable paths', p.writablePaths.map(path => `${glob(path)} rw,`));
    section('Writes that are logged', p.logOnWritePaths.map(path => `audit ${glob(path)} w,`));
    section('Allowed executables (inherit this profile)', p.allowExec.map(path => `${glob(path)} ix,`));
    // Write xor execute by construction: a deny rule wins over every grant (the `file,`/`/** rw…` baseline, a
    // writable or logged path that overlaps through a glob), so the container can never replace what it may run.
    section('Allowed executables are never writable (write xor execute)', p.allowExec.map(path => `deny ${glob(path)} wl,`));
    section('Denied executables', p.denyExec.map(path => `deny ${glob(path)} x,`));
    section('Denied paths', p.deniedPaths.map(path => `deny ${glob(path)} rwlkmx,`));

    section('Capabilities (every capability not listed is denied)',
      this.capabilities.length > 0 ? this.capabilities.map(cap => `capability ${cap},`) : ['# none']);

    section('Signals: the host and dockerd (unconfined), runc and crun may signal the container; it may signal itself', [
      'signal (receive) peer=unconfined,',
      'signal (receive) peer=runc,',
      'signal (receive) peer=crun,',
      `signal (send,receive) peer=${name},`,
    ]);

    section('ptrace only within this profile; no rule grants any other peer', [
      `ptrace (trace,read,tracedby,readby) peer=${name},`,
      'deny ptrace (trace,read) peer=unconfined,',
    ]);

    section('No mount, umount or pivot_root', ['deny mount,', 'deny umount,', 'deny pivot_root,']);

    section('/proc: no writes outside /proc/<pid> and /proc/sys/kernel/shm*; no sysrq, kcore, mem, kmem', [
      'deny @{PROC}/* w,',
      'deny @{PROC}/{[^1-9],[^1-9][^0-9],[^1-9s][^0-9y][^0-9s],[^1-9][^0-9][^0-9][^0-9/]*}/** w,',
      'deny @{PROC}/sys/[^k]** w,',
      'deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,',
      'deny @{PROC}/sysrq-trigger rwklx,',
      'deny @{PROC}/kcore rwklx,',
      'deny @{PROC}/mem rwklx,',
      'deny @{PROC}/kmem rwklx,',
    ]);

    section('/sys: no writes outside /sys/fs/cgroup; no firmware, powercap or security', [
      'deny /sys/[^f]*/** wklx,',
      'deny /sys/f[^s]*/** wklx,',
      'deny /sys/fs/[^c]*/** wklx,',
      'deny /sys/fs/c[^g]*/** wklx,',
      'deny /sys/fs/cg[^r]*/** wklx,',
      'deny /sys/firmware/** rwklx,',
      'deny /sys/devices/virtual/powercap/** rwklx,',
      'deny /sys/kernel/security/** rwklx,',
    ]);

    lines.push('}', '');
    return lines.join('\n');
  }
}

function invalid(prop: string, value: unknown, allowed: string): Error {
  return new Error(`AppArmorProfile: invalid ${prop} ${describeValue(value)}: ${allowed}`);
}

function validateName(name: unknown): string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH || name === 'docker-') {
    throw invalid('name', name,
      `lower-case letters, digits, "_", "." and "-", starting with a letter or digit, at most ${MAX_NAME_LENGTH} characters (e.g. "nginx")`);
  }
  return name;
}

function validateBoolean(prop: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid(prop, value, 'true or false');
  return value;
}

function validateEnumList(prop: string, values: unknown, allowed: readonly string[]): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw invalid(prop, values, `a list of ${allowed.join(', ')}`);
  for (const value of values) {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw invalid(prop, value, `one of ${allowed.join(', ')}`);
    }
  }
  return sortedUnique(values as string[]);
}

function validatePaths(prop: PathProp, values: unknown): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw invalid(prop, values, `a list of paths: ${PATH_RULES}`);
  for (const value of values) {
    if (pathProblem(value)) throw invalid(prop, value, PATH_RULES);
  }
  return sortedUnique(values as string[]);
}

/** True when a value is not an acceptable profile path. */
function pathProblem(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_PATH_LENGTH || !PATH_PATTERN.test(value)) return true;
  if (value === '/' || value.endsWith('/') || value.includes('***')) return true;
  return value.slice(1).split('/').some(part => part === '' || part === '.' || part === '..');
}

/** The rule path: a glob as written, a plain path as itself and everything below it. */
function glob(path: string): string {
  return GLOB_PATTERN.test(path) ? path : `${path}{,/**}`;
}

/** A regular expression matching the concrete paths a profile path covers. */
function matcher(path: string): RegExp {
  if (!GLOB_PATTERN.test(path)) return new RegExp(`^${escapeRegExp(path)}(/.*)?$`);
  const source = path.split(/(\*\*|\*|\?)/).map(part => {
    if (part === '**') return '.*';
    if (part === '*') return '[^/]*';
    if (part === '?') return '[^/]';
    return escapeRegExp(part);
  }).join('');
  return new RegExp(`^${source}$`);
}

/** A concrete path covered by a profile path (each glob replaced by a sample name). */
function sample(path: string): string {
  return path.replace(/\*\*/g, 'x/x').replace(/[*?]/g, 'x');
}

/**
 * Refuses a path of `inner` that lies inside a path of `outer` (checked on a
 * sample of the inner path, so it never refuses paths that do not overlap).
 */
function checkNotInside(inner: string[], innerProp: string, outer: string[], outerProp: string, reason: string): void {
  for (const path of inner) {
    const covering = outer.find(candidate => isInside(path, [candidate]));
    if (covering !== undefined) {
      throw invalid(innerProp, path, `it lies inside ${outerProp} ${describeValue(covering)}; ${reason}`);
    }
  }
}

/** True when (a sample of) a path lies inside one of the given paths. */
function isInside(path: string, outer: string[]): boolean {
  const concrete = sample(path);
  return outer.some(candidate => matcher(candidate).test(concrete));
}

/** One step of a profile path: a literal character, `?`, `*` (within a component) or `**` (across components). */
type GlobToken = { readonly kind: 'char'; readonly ch: string } | { readonly kind: 'one' | 'star' | 'any' };

/**
 * A profile path as apparmor_parser reads it, as alternative token sequences: a plain path is itself and
 * everything below it (`<path>{,/**}`); a `*` or `**` that is a whole path component matches at least one
 * character that is not `/` (parser_regex.c: `/a/*` does not match `/a/`).
 */
function globAlternatives(path: string): GlobToken[][] {
  const tokenize = (text: string): GlobToken[] => {
    const out: GlobToken[] = [];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '?') {
        out.push({ kind: 'one' });
      } else if (text[i] === '*') {
        let end = i;
        while (text[end] === '*') end++;
        if (text[i - 1] === '/' && (end === text.length || text[end] === '/')) out.push({ kind: 'one' });
        out.push({ kind: end - i >= 2 ? 'any' : 'star' });
        i = end - 1;
      } else {
        out.push({ kind: 'char', ch: text[i] });
      }
    }
    return out;
  };
  if (GLOB_PATTERN.test(path)) return [tokenize(path)];
  // `{,/**}`: the `**` is followed by `}`, so it may be empty (the directory itself with a trailing slash)
  return [tokenize(path), [...tokenize(path), { kind: 'char', ch: '/' }, { kind: 'any' }]];
}

/** NFA states of a set of token sequences: `alternative:position`. */
type GlobStates = Set<string>;

function closure(alternatives: GlobToken[][], states: Iterable<string>): GlobStates {
  const out = new Set<string>();
  const todo = [...states];
  while (todo.length > 0) {
    const state = todo.pop()!;
    if (out.has(state)) continue;
    out.add(state);
    const [a, i] = state.split(':').map(Number);
    const token = alternatives[a][i];
    if (token && (token.kind === 'star' || token.kind === 'any')) todo.push(`${a}:${i + 1}`);
  }
  return out;
}

function step(alternatives: GlobToken[][], states: GlobStates, ch: string): GlobStates {
  const next: string[] = [];
  for (const state of states) {
    const [a, i] = state.split(':').map(Number);
    const token = alternatives[a][i];
    if (!token) continue;
    if (token.kind === 'char' ? token.ch === ch : token.kind === 'one' ? ch !== '/' : token.kind === 'star' ? ch !== '/' : true) {
      next.push(`${a}:${token.kind === 'star' || token.kind === 'any' ? i : i + 1}`);
    }
  }
  return closure(alternatives, next);
}

function accepts(alternatives: GlobToken[][], states: GlobStates): boolean {
  return [...states].some((state) => {
    const [a, i] = state.split(':').map(Number);
    return i === alternatives[a].length;
  });
}

/**
 * True when every concrete path `path` covers is covered by one of `outer` (exact, unlike `isInside`, which
 * checks one sample): the product of the two automata is explored over every character class the paths
 * distinguish. Gives up (false, "not covered") beyond a bound no realistic profile reaches.
 */
function covers(outer: string[], path: string): boolean {
  const inner = globAlternatives(path);
  const union = outer.flatMap(globAlternatives);
  const letters = new Set<string>(['/', '\u0001']); // '\u0001': any character no path spells out
  for (const seq of [...inner, ...union]) for (const t of seq) if (t.kind === 'char') letters.add(t.ch);
  const start: [GlobStates, GlobStates] = [
    closure(inner, inner.map((_, a) => `${a}:0`)),
    closure(union, union.map((_, a) => `${a}:0`)),
  ];
  const key = ([x, y]: [GlobStates, GlobStates]) => `${[...x].sort().join(',')}|${[...y].sort().join(',')}`;
  const seen = new Set<string>([key(start)]);
  const todo = [start];
  while (todo.length > 0) {
    const [x, y] = todo.pop()!;
    if (accepts(inner, x) && !accepts(union, y)) return false;
    for (const ch of letters) {
      const nx = step(inner, x, ch);
      if (nx.size === 0) continue;
      const pair: [GlobStates, GlobStates] = [nx, step(union, y, ch)];
      const k = key(pair);
      if (seen.has(k)) continue;
      if (seen.size > 20000) return false;
      seen.add(k);
      todo.push(pair);
    }
  }
  return true;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
