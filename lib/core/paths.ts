import { isCarriableText } from './tokens';

/**
 * Host paths that must never be bind-mounted into a container, neither read-write
 * nor read-only: the host's root, its configuration, kernel interfaces, devices,
 * binaries and libraries, runtime state (which holds the Docker and containerd
 * sockets) and the container engines' own state.
 *
 * A mount of the path itself or of anything below it is refused.
 *
 * @internal
 */
export const SENSITIVE_HOST_PATHS: readonly string[] = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var/lib/containerd',
  '/var/lib/docker',
  '/var/run',
];

/**
 * File names of container-engine API sockets, refused wherever they live.
 *
 * @internal
 */
export const ENGINE_SOCKET_NAMES: readonly string[] = [
  'docker.sock',
  'containerd.sock',
  'podman.sock',
  'crio.sock',
  'dockershim.sock',
  'buildkitd.sock',
];

/**
 * Container paths that must not be the target of a mount: the root and the
 * kernel interfaces that the runtime sets up itself.
 *
 * @internal
 */
export const RESERVED_CONTAINER_PATHS: readonly string[] = ['/proc', '/sys', '/dev'];

/**
 * Checks that a path is absolute and already in normal form: no empty, `.`
 * or `..` components, no trailing slash, no NUL, comma or colon (which the
 * Engine API's mount syntaxes treat as separators).
 *
 * @returns a reason when the path is not acceptable, otherwise undefined
 * @internal
 */
export function checkAbsolutePath(path: string): string | undefined {
  if (typeof path !== 'string' || path.length === 0) return 'a path is required';
  if (!path.startsWith('/')) return 'must be an absolute path starting with "/"';
  if (path.length > 4096) return 'must be at most 4096 characters';
  if (/[\0\n\r,:]/.test(path)) return 'must not contain NUL, newline, comma or colon characters';
  if (!isCarriableText(path)) return 'must not contain unpaired UTF-16 surrogates';
  if (/[$%]\{/.test(path)) return 'must not contain "${" or "%{" (Terraform would interpolate them)';
  if (path === '/') return undefined;
  if (path.endsWith('/')) return 'must not end with "/"';
  const parts = path.slice(1).split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) {
    return 'must be in normal form (no "//", "." or ".." components)';
  }
  return undefined;
}

/**
 * Whether `path` is `base` or lies below it, by whole path components.
 *
 * @internal
 */
export function isSameOrBelow(path: string, base: string): boolean {
  if (base === '/') return true;
  return path === base || path.startsWith(`${base}/`);
}

/**
 * Why a host path is sensitive, or undefined when it is not.
 *
 * @internal
 */
export function sensitiveHostPathReason(path: string): string | undefined {
  if (path === '/') return 'it is the host root filesystem';
  const hit = SENSITIVE_HOST_PATHS.find((base) => isSameOrBelow(path, base));
  if (hit) return `it is ${hit === path ? '' : 'below '}the sensitive host path ${hit}`;
  const inside = SENSITIVE_HOST_PATHS.find((base) => isSameOrBelow(base, path));
  if (inside) return `it contains the sensitive host path ${inside}`;
  if (path.split('/').some((c) => c === '.docker' || c === '.colima' || c === '.orbstack')) {
    return 'it lies in a per-user container engine directory (e.g. ~/.docker/run/docker.sock)';
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (ENGINE_SOCKET_NAMES.includes(name)) return `it is a container engine socket (${name})`;
  if (path.split('/').some((c) => c === 'docker.sock' || c === 'containerd')) {
    return 'it lies inside a container engine socket or state path';
  }
  return undefined;
}
