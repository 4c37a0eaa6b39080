import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { CheckedResource, HardeningRule, RuleFinding, StackView } from '../../rule';

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

/** `o=bind` (among other options) with an absolute `device`: the local driver bind-mounts a host path. */
function boundDevice(opts: unknown): string | undefined {
  if (!opts || typeof opts !== 'object') return undefined;
  const o = opts as { [k: string]: unknown };
  const device = o.device;
  const options = String(o.o ?? '').split(',').map((x) => x.trim().toLowerCase());
  if (typeof device !== 'string' || !device.startsWith('/')) return undefined;
  return options.includes('bind') || options.includes('rbind') ? normalize.path(device) : undefined;
}

/** The host path behind a named volume that is a `docker_volume` of this stack with bind driver options. */
function volumeDevice(name: unknown, stack: StackView): string | undefined {
  const volume = stack.referenced(name, 'docker_volume');
  return volume?.type === 'docker_volume' ? boundDevice(volume.attributes.driver_opts) : undefined;
}

/**
 * Every host path a container mounts, read-only or not. Also follows local
 * volumes that bind a host device and `volumes.from_container` (whose mounts
 * Docker copies), so that indirection cannot hide a host path.
 *
 * @internal
 */
export function hostSources(resource: CheckedResource, stack: StackView, seen: Set<CheckedResource> = new Set()): HostSource[] {
  if (seen.has(resource)) return [];
  seen.add(resource);
  const a = resource.attributes;
  const out: HostSource[] = [];
  for (const v of normalize.blocks(a.volumes)) {
    if (v.host_path !== undefined && v.host_path !== null && v.host_path !== '') {
      out.push({ path: normalize.path(v.host_path), via: 'volumes.host_path' });
    }
    const device = v.volume_name ? volumeDevice(v.volume_name, stack) : undefined;
    if (device) out.push({ path: device, via: `volumes.volume_name (docker_volume binding ${device})` });
    const from = v.from_container ? stack.referenced(v.from_container, 'docker_container') : undefined;
    if (from?.type === 'docker_container') {
      for (const s of hostSources(from, stack, seen)) out.push({ path: s.path, via: `volumes.from_container ${from.name}: ${s.via}` });
    }
  }
  for (const m of normalize.blocks(a.mounts)) {
    const type = String(m.type ?? '').toLowerCase();
    const source = m.source;
    if (type === 'bind' || (type === '' && typeof source === 'string' && source.startsWith('/'))) {
      out.push({ path: normalize.path(source), via: 'mounts.source (bind)' });
    } else if (type === 'volume') {
      const inline = boundDevice(normalize.block(m.volume_options)?.driver_options);
      if (inline) out.push({ path: inline, via: 'mounts.volume_options.driver_options (o=bind)' });
      const device = volumeDevice(source, stack);
      if (device) out.push({ path: device, via: `mounts.source (docker_volume binding ${device})` });
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
    const from = v.from_container ? stack.referenced(v.from_container, 'docker_container') : undefined;
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
const SOCKET_NAME = /^(docker|containerd|podman|crio|cri-dockerd|dockershim|buildkitd|containerd-shim)\.sock(\..*)?$/i;
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
  resourceTypes: ['docker_container'],
  suppressible: false,
  explanation: 'Whoever can talk to the Docker, containerd, podman or CRI-O API can start a privileged container with the host ' +
    'root mounted: an engine socket in a container is root on the host. read_only does not help (it stops writes to the ' +
    'socket inode, not connect(2)), and mounting /run, /var/run or a parent of them brings every socket along.',
  fix: 'Remove the mount (HardenedContainer bindMounts refuses engine sockets, /run and /var/run; an escape-hatch override ' +
    'must go). To manage the engine from a container, reach a TLS-protected daemon (TlsDockerHost) or an authorizing socket proxy.',
  check: (r, stack) => {
    const hits = new Map<string, string[]>();
    const hit = (path: string, what: string) => (hits.get(path) ?? hits.set(path, []).get(path)!).push(what);
    for (const s of hostSources(r, stack)) {
      const reason = engineSocketReason(s.path);
      if (reason) hit(s.path, `host path via ${s.via}: ${reason}`);
    }
    for (const t of containerTargets(r, stack)) {
      const name = t.path.slice(t.path.lastIndexOf('/') + 1);
      if (SOCKET_NAME.test(name)) hit(t.path, `container path via ${t.via}: an engine socket is mounted there (${name})`);
    }
    return [...hits.entries()].map(([path, what]): RuleFinding => ({ findingId: path, message: `${path}: ${what.join('; ')}` }));
  },
};
