import { hostSources, sameOrBelow } from './C02-engine-socket';
import { SENSITIVE_HOST_PATHS } from '../../../core/paths';
import { Threat } from '../../../report/control';
import { HardeningRule, RuleFinding } from '../../rule';

/**
 * Host paths never to bind-mount, read-only or not: the list HardenedContainer
 * refuses (/, /boot, /dev, /etc, /lib*, /proc, /sys, /usr, /bin, /sbin, /root,
 * /run, /var/run, /var/lib/docker, /var/lib/containerd) plus podman/CRI-O state.
 */
export const C12_SENSITIVE_PATHS: readonly string[] = [...new Set([...SENSITIVE_HOST_PATHS, '/var/lib/containers'])].sort();

/** Why a normalised host path is sensitive: it is, lies below or contains a sensitive path. */
export function sensitiveReason(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  if (path === '/') return 'it is the host root filesystem';
  const base = C12_SENSITIVE_PATHS.find((p) => sameOrBelow(path, p));
  if (base) return base === path ? `it is ${base}` : `it lies below ${base}`;
  const inside = C12_SENSITIVE_PATHS.filter((p) => sameOrBelow(p, path));
  return inside.length > 0 ? `it contains ${inside.join(', ')}` : undefined;
}

/** Host configuration, kernel interfaces, devices and binaries give a container the host, read-only or not. */
export const C12SensitiveHostPaths: HardeningRule = {
  id: 'HD-C12',
  title: 'Sensitive host path mounted',
  cis: ['CIS 5.6'],
  sources: ['KICS 1c1325ff'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'Bind-mounting /, /etc, /root, /boot, /dev, /proc, /sys, /usr, /bin, /sbin, /lib*, /run or the engine state ' +
    '(/var/lib/docker, /var/lib/containerd, /var/lib/containers), or anything below or above them, hands the container host ' +
    'secrets (/etc/shadow, SSH keys, other containers\' layers and volumes) or kernel and device interfaces; written to, it is ' +
    'root on the host. Read-only does not make them safe (secrets are read, sockets and devices still work). Paths are ' +
    'normalised first and compared by whole components (/etcetera is not /etc).',
  fix: 'Mount a dedicated data directory or a named volume instead (HardenedContainer bindMounts refuses these paths; an ' +
    'escape-hatch override must go). Give secrets as files with HardenedContainer `secrets`.',
  check: (r, stack) => {
    const hits = new Map<string, string[]>();
    for (const s of hostSources(r, stack)) {
      const reason = sensitiveReason(s.path);
      if (reason) (hits.get(s.path) ?? hits.set(s.path, []).get(s.path)!).push(`via ${s.via}: ${reason}`);
    }
    return [...hits.entries()].map(([path, what]): RuleFinding => ({ findingId: path, message: `host path ${path} ${what.join('; ')}` }));
  },
};
