import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { CheckedResource, HardeningRule, RuleFinding, StackView } from '../../rule';
import { isOpaque } from '../../values/opaque';

/**
 * A host path a container gets, however it is mounted: `volumes.host_path`,
 * `mounts[type=bind].source`, a local volume whose driver options bind a host
 * `device`, or any of these inherited through `volumes.from_container`.
 *
 * @internal
 */
export interface HostSource {
  /** Normalised host path (`.`, `..`, `//` resolved). */
  readonly path: string;
  /** Where it was found, for messages. */
  readonly via: string;
  /** Mounted read-only (as the provider passes it: volumes read_only -> `:ro`, mounts read_only). */
  readonly readOnly?: boolean;
}

/**
 * A container path a mount targets (`volumes.container_path`, `mounts.target`).
 *
 * @internal
 */
export interface ContainerTarget {
  readonly path: string;
  readonly via: string;
}

/** Kernel filesystems the local driver mounts from the host kernel: their data is the host's, not the container's. */
const KERNEL_FILESYSTEMS: { [type: string]: string } = {
  proc: '/proc',
  sysfs: '/sys',
  cgroup: '/sys/fs/cgroup',
  cgroup2: '/sys/fs/cgroup',
  devtmpfs: '/dev',
  devpts: '/dev/pts',
  debugfs: '/sys/kernel/debug',
  tracefs: '/sys/kernel/tracing',
  securityfs: '/sys/kernel/security',
  bpf: '/sys/fs/bpf',
  configfs: '/sys/kernel/config',
  efivarfs: '/sys/firmware/efi/efivars',
  pstore: '/sys/fs/pstore',
  hugetlbfs: '/dev/hugepages',
  mqueue: '/dev/mqueue',
  fusectl: '/sys/fs/fuse/connections',
  binfmt_misc: '/proc/sys/fs/binfmt_misc',
};
/** Filesystem types whose device is not host data (memory, or another machine reached over the network). */
const NOT_HOST_DATA = new Set(['tmpfs', 'ramfs', 'nfs', 'nfs4', 'cifs', 'smb3']);

/** Filesystem types whose device names a remote host or cluster (`host:/path`), not a path on this host. */
const NETWORK_FILESYSTEMS = /^(?:nfs4?|cifs|smb3|ceph|glusterfs|9p|lustre|beegfs|gpfs|fuse\.(?:sshfs|glusterfs|ceph|s3fs|rclone)|sshfs)$/i;

/**
 * The host data a `local`-driver volume mounts, from its driver options, in every way the driver allows
 * (moby volume/local/local_unix.go v28.5.2 L26-36, L111-171: opts type, o, device are passed to
 * mount(device, path, type, o) and `type` is not restricted):
 * - `o` with bind/rbind and a device (relative ones resolved against `/`): that host path, whatever the type;
 * - a kernel filesystem type (proc, sysfs, cgroup, …): the host kernel interface it exposes;
 * - `overlay` with lowerdir/upperdir/workdir: those host directories;
 * - any other filesystem type on an absolute device (ext4 on /dev/sda1, …): that host device.
 * Values that are not known at synth are skipped here (the checks report them on their own).
 *
 * @internal
 */
export function volumeHostData(driver: unknown, opts: unknown): Array<{ path: string; how: string }> {
  if (!opts || typeof opts !== 'object' || Array.isArray(opts)) return [];
  const d = typeof driver === 'string' ? driver.trim() : '';
  if (d !== '' && d !== 'local') return [];
  const o = opts as { [k: string]: unknown };
  const type = typeof o.type === 'string' ? o.type.trim() : '';
  const given = typeof o.device === 'string' ? o.device.trim() : '';
  const options = (typeof o.o === 'string' ? o.o : '').split(',').map((x) => x.trim());
  // o=bind/rbind sets MS_BIND (moby vendor/github.com/moby/sys/mount/flags_unix.go v28.5.2 L119-139 parseOptions), and
  // with MS_BIND mount(2) ignores the filesystem type: `type` (ext4, tmpfs, nfs without addr=, …) changes nothing, the
  // device is a host path. mount(2) resolves a relative source against dockerd's working directory, `/` under systemd.
  const binds = options.includes('bind') || options.includes('rbind');
  // every device that is a path is resolved like one: for a bind and for a block filesystem (ext4 on `dev/sda1`: the
  // kernel's lookup_bdev resolves it against the working directory, `/`); only tmpfs/ramfs names and network shares
  // (`addr:/path`, `//host/share`) are not host paths
  // a device naming another host (ceph `mon1:6789:/`, glusterfs `gfs1:/vol0`, sshfs `user@host:/srv`, `//host/share`)
  // of a network filesystem type is remote, unless o=bind makes it a path again; for any other type (a block
  // filesystem, an unknown one) such a device is still resolved as a path and reported
  const remote = !binds && NETWORK_FILESYSTEMS.test(type) && (/^[^/]*:/.test(given) || given.startsWith('//'));
  const pathLike = !remote && (binds || !NOT_HOST_DATA.has(type.toLowerCase()));
  const device = given !== '' && !given.startsWith('/') && pathLike ? `/${given}` : given;
  const out: Array<{ path: string; how: string }> = [];
  if (binds && device.startsWith('/')) {
    out.push({ path: normalize.path(device), how: `o=${o.o} binds host ${device}` });
  } else if (KERNEL_FILESYSTEMS[type.toLowerCase()]) {
    out.push({ path: KERNEL_FILESYSTEMS[type.toLowerCase()], how: `type=${type} mounts the host kernel's ${type}` });
  } else if (type.toLowerCase() === 'overlay') {
    for (const opt of options) {
      // lowerdir=a:b, and the newer one-layer-per-option lowerdir+=a / datadir+=a; relative layers are resolved
      // against the working directory, `/` (linux fs/overlayfs/params.c: "allowing relative paths" for mount(2))
      const m = /^(lowerdir\+?|upperdir|workdir|datadir\+)=(.*)$/i.exec(opt);
      for (const dir of m ? m[2].split(m[1].endsWith('+') ? /$^/ : ':') : []) {
        if (dir === '') continue;
        const abs = dir.startsWith('/') ? dir : `/${dir}`;
        out.push({ path: normalize.path(abs), how: `type=overlay ${m![1]} is host ${abs}` });
      }
    }
  } else if (!remote && device.startsWith('/') && type !== '' && !NOT_HOST_DATA.has(type.toLowerCase())) {
    out.push({ path: normalize.path(device), how: `type=${type} mounts host device ${device}` });
  }
  return out;
}

/**
 * Volumes whose driver is not the local driver but that are given driver options: a plugin driver (local-persist,
 * a netshare, …) does with them whatever it does, mounting host paths included; the checks cannot read them.
 *
 * @internal
 */
export function unverifiedVolumeDrivers(resource: CheckedResource, stack: StackView): Array<{ driver: string; via: string }> {
  const out: Array<{ driver: string; via: string }> = [];
  const judge = (driver: unknown, opts: unknown, via: string) => {
    const d = typeof driver === 'string' ? driver.trim() : '';
    const hasOptions = opts && typeof opts === 'object' && !Array.isArray(opts) && Object.keys(opts).length > 0;
    if (d !== '' && d !== 'local' && hasOptions) out.push({ driver: d, via });
  };
  const a = resource.attributes;
  for (const v of normalize.blocks(a.volumes)) {
    // a reference (`${docker_volume.v.name}` or `.id`, which provider 3.6.2 sets to the name) is followed too
    const named = volumeSource(v)?.kind === 'volume' || isOpaque(v.volume_name);
    const volume = named ? stack.referenced(v.volume_name, 'docker_volume') : undefined;
    if (volume) judge(volume.attributes.driver, volume.attributes.driver_opts, `volumes.volume_name (docker_volume ${volume.name})`);
  }
  for (const m of normalize.blocks(a.mounts)) {
    if (String(m.type ?? '').toLowerCase() !== 'volume') continue;
    const options = normalize.block(m.volume_options);
    judge(options?.driver_name, options?.driver_options, 'mounts.volume_options');
    const volume = stack.referenced(m.source, 'docker_volume');
    if (volume) judge(volume.attributes.driver, volume.attributes.driver_opts, `mounts.source (docker_volume ${volume.name})`);
  }
  return out;
}

/** The host data behind a named volume that is a `docker_volume` of this stack (by literal name or reference). */
function volumeData(name: unknown, stack: StackView): Array<{ path: string; how: string; volume: string }> {
  const volume = stack.referenced(name, 'docker_volume');
  if (!volume) return [];
  return volumeHostData(volume.attributes.driver, volume.attributes.driver_opts).map((h) => ({ ...h, volume: volume.name }));
}

/**
 * The container a `volumes.from_container` names: moby ParseVolumesFrom (volume/mounts/linux_parser.go L400-403)
 * takes what precedes the first `:` (`db:ro`, `db:z`), followed by name or reference.
 *
 * @internal
 */
export function fromContainer(value: unknown, stack: StackView): CheckedResource | undefined {
  if (typeof value === 'string') return value === '' ? undefined : stack.referenced(value.split(':')[0], 'docker_container');
  return stack.referenced(value, 'docker_container', '', /^(:.*)?$/s);
}

/**
 * The source a `volumes` block binds, as provider 3.6.2 builds it (resource_docker_container_structures.go
 * L206-227): `volume_name`, or `host_path` when volume_name is empty, joined into `<source>:<container_path>:rw|ro`;
 * the engine makes an absolute source a host bind and anything else a named volume (moby volume/mounts/
 * linux_parser.go L288-305, source path.Clean-ed).
 *
 * @internal
 */
export function volumeSource(v: { [k: string]: any }): { kind: 'host' | 'volume'; source: string; via: string } | undefined {
  const name = typeof v.volume_name === 'string' ? v.volume_name : '';
  const host = typeof v.host_path === 'string' ? v.host_path : '';
  const source = name !== '' ? name : host;
  const via = name !== '' ? 'volumes.volume_name' : 'volumes.host_path';
  if (source === '') return undefined;
  return source.startsWith('/') ? { kind: 'host', source: normalize.path(source), via } : { kind: 'volume', source, via };
}

/**
 * Every host path a container mounts, read-only or not. Also follows local
 * volumes whose driver options mount host data and `volumes.from_container`
 * (whose mounts Docker copies), so that indirection cannot hide a host path.
 *
 * @internal
 */
export function hostSources(resource: CheckedResource, stack: StackView, seen: Set<CheckedResource> = new Set()): HostSource[] {
  if (seen.has(resource)) return [];
  seen.add(resource);
  const a = resource.attributes;
  const out: HostSource[] = [];
  for (const v of normalize.blocks(a.volumes)) {
    const src = volumeSource(v);
    if (src?.kind === 'host') out.push({ path: src.source, via: src.via, readOnly: v.read_only === true });
    // a host_path that volume_name overrides is still reported: the two are one typo apart
    if (src?.via === 'volumes.volume_name' && typeof v.host_path === 'string' && v.host_path !== '') {
      out.push({ path: normalize.path(v.host_path), via: 'volumes.host_path (overridden by volume_name)' });
    }
    if (src?.kind === 'volume' || isOpaque(v.volume_name)) {
      for (const h of volumeData(v.volume_name, stack)) out.push({ path: h.path, via: `volumes.volume_name (docker_volume ${h.volume}: ${h.how})` });
    }
    const from = fromContainer(v.from_container, stack);
    if (from) {
      for (const s of hostSources(from, stack, seen)) out.push({ path: s.path, via: `volumes.from_container ${from.name}: ${s.via}` });
    }
  }
  for (const m of normalize.blocks(a.mounts)) {
    const type = String(m.type ?? '').toLowerCase();
    const source = m.source;
    if (type === 'bind' || (type === '' && typeof source === 'string' && source.startsWith('/'))) {
      out.push({ path: normalize.path(source), via: 'mounts.source (bind)', readOnly: m.read_only === true });
    } else if (type === 'volume') {
      const options = normalize.block(m.volume_options);
      for (const h of volumeHostData(options?.driver_name, options?.driver_options)) {
        out.push({ path: h.path, via: `mounts.volume_options.driver_options (${h.how})` });
      }
      for (const h of volumeData(source, stack)) out.push({ path: h.path, via: `mounts.source (docker_volume ${h.volume}: ${h.how})` });
    }
  }
  return out;
}

/**
 * Every container path a mount targets, including those inherited through
 * `volumes.from_container`.
 *
 * @internal
 */
export function containerTargets(resource: CheckedResource, stack: StackView, seen: Set<CheckedResource> = new Set()): ContainerTarget[] {
  if (seen.has(resource)) return [];
  seen.add(resource);
  const a = resource.attributes;
  const out: ContainerTarget[] = [];
  for (const v of normalize.blocks(a.volumes)) {
    if (v.container_path) out.push({ path: normalize.path(v.container_path), via: 'volumes.container_path' });
    const from = fromContainer(v.from_container, stack);
    if (from?.type === 'docker_container') {
      for (const t of containerTargets(from, stack, seen)) out.push({ path: t.path, via: `volumes.from_container ${from.name}: ${t.via}` });
    }
  }
  for (const m of normalize.blocks(a.mounts)) {
    if (m.target) out.push({ path: normalize.path(m.target), via: 'mounts.target' });
  }
  return out;
}

/** Whether `path` is `base` or lies below it, by whole path components. */
export function sameOrBelow(path: string, base: string): boolean {
  if (base === '/') return path.startsWith('/');
  return path === base || path.startsWith(`${base}/`);
}

/** Engine API socket names (also with suffixes such as `docker.sock.raw`, `containerd.sock.ttrpc`). */
const SOCKET_NAME = /^(docker|containerd|podman|crio|cri-dockerd|dockershim|buildkitd|containerd-shim|incus|lxd|kubelet)\.sock(\..*)?$/i;
/** Engines that keep their API socket as `unix.socket` in their state directory (LXD, Incus). */
const UNIX_SOCKET_DIRS = ['/var/snap/lxd/common/lxd', '/var/lib/lxd', '/var/lib/incus', '/var/snap/lxd/common/lxd/unix.socket'];
/** The host runtime directories that hold the engine sockets (`/var/run` is usually a link to `/run`). */
const RUNTIME_DIRS = ['/run', '/var/run'];
/** Engine runtime directories below them, and the per-user runtime directories of rootless engines. */
const ENGINE_RUN_DIRS = ['docker', 'containerd', 'podman', 'crio', 'buildkit', 'dockershim', 'cri-dockerd', 'user']
  .flatMap((d) => RUNTIME_DIRS.map((r) => `${r}/${d}`));
/** Per-user engine directories (Docker Desktop `~/.docker/run/docker.sock`, Colima, OrbStack, Rancher Desktop, Lima). */
const USER_ENGINE_DIRS = ['.docker', '.colima', '.orbstack', '.rd', '.lima'];

/** Why a host path exposes a container engine API, or undefined. */
export function engineSocketReason(path: string): string | undefined {
  if (/pipe[\\/]+docker_engine/i.test(path)) return 'it is the Docker Engine named pipe';
  if (!path.startsWith('/')) return undefined;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (SOCKET_NAME.test(name)) return `it is a container engine socket (${name})`;
  const holds = RUNTIME_DIRS.find((r) => sameOrBelow(r, path));
  if (holds) return `it ${holds === path ? 'is' : 'contains'} ${holds}, which holds the engine sockets`;
  const lxd = UNIX_SOCKET_DIRS.find((d) => sameOrBelow(path, d) || sameOrBelow(d, path));
  if (lxd) return `it ${path === lxd ? 'is' : sameOrBelow(path, lxd) ? 'lies in' : 'contains'} ${lxd}, where LXD/Incus keep their API socket (unix.socket)`;
  const engineDir = ENGINE_RUN_DIRS.find((d) => sameOrBelow(path, d));
  if (engineDir) return `it lies in ${engineDir}, where ${engineDir.endsWith('/user') ? 'rootless engines keep their sockets' : 'the engine keeps its socket'}`;
  const userDir = path.split('/').find((c) => USER_ENGINE_DIRS.includes(c));
  if (userDir) return `it lies in a per-user container engine directory (${userDir}), which holds the engine socket`;
  return undefined;
}

/** Engine sockets give whoever can write to them root on the host, read-only mount or not. */
export const C02DockerSocket: HardeningRule = {
  id: 'HD-C02',
  title: 'Container engine socket mounted',
  cis: ['CIS 5.32'],
  sources: ['KICS d6355c88', 'catalogue extension: containerd/podman/crio sockets, /run and /var/run mounts'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: false,
  explanation: 'Whoever can talk to the Docker, containerd, podman or CRI-O API can start a privileged container with the host ' +
    'root mounted: an engine socket in a container is root on the host. read_only does not help (it stops writes to the ' +
    'socket inode, not connect(2)), and mounting /run, /var/run or a parent of them brings every socket along.',
  fix: 'Remove the mount (HardenedContainer bindMounts refuses engine sockets, /run and /var/run; an escape-hatch override ' +
    'must go). To manage the engine from a container, reach a TLS-protected daemon (TlsDockerHost) or an authorizing socket proxy.',
  check: (r, stack) => {
    const hits = new Map<string, string[]>();
    const hit = (path: string, what: string) => (hits.get(path) ?? hits.set(path, []).get(path)!).push(what);
    const daemon = stack.daemonPaths?.sockets ?? [];
    for (const s of hostSources(r, stack)) {
      const own = daemon.find((d) => sameOrBelow(d, s.path));
      const reason = own ? `it ${own === s.path ? 'is' : 'contains'} ${own}, the socket of a SecureDaemon of this stack` : engineSocketReason(s.path);
      if (reason) hit(s.path, `host path via ${s.via}: ${reason}`);
    }
    for (const t of containerTargets(r, stack)) {
      const name = t.path.slice(t.path.lastIndexOf('/') + 1);
      if (SOCKET_NAME.test(name)) hit(t.path, `container path via ${t.via}: an engine socket is mounted there (${name})`);
    }
    return [...hits.entries()].map(([path, what]): RuleFinding => ({ findingId: path, message: `${path}: ${what.join('; ')}` }));
  },
};
