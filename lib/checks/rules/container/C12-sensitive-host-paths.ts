import { fromContainer, hostSources, sameOrBelow } from './C02-engine-socket';
import { SENSITIVE_HOST_PATHS } from '../../../core/paths';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';

/**
 * Host paths never to bind-mount, read-only or not: the list HardenedContainer
 * refuses (/, /boot, /dev, /etc, /lib*, /proc, /sys, /usr, /bin, /sbin, /root,
 * /run, /var/run, /var/lib/docker, /var/lib/containerd) plus podman/CRI-O state.
 */
export const C12_SENSITIVE_PATHS: readonly string[] = [...new Set([...SENSITIVE_HOST_PATHS, '/var/lib/containers', '/var/lib/kubelet',
  '/var/spool/cron', '/var/lib/lxd', '/var/lib/incus', '/var/snap/lxd'])].sort();

/**
 * Host paths sensitive as a whole, not every directory below them: all users' homes (and the credential directories
 * in any home), all host logs (an application's own log directory below /var/log is fine).
 */
const WHOLE_ONLY: readonly string[] = ['/home', '/var/log'];
const CREDENTIAL_DIRS: readonly string[] = ['.ssh', '.gnupg', '.aws', '.kube', '.azure', '.config/gcloud'];

/** Host paths below sensitive ones that hold only public data: a read-only bind of them is not reported. */
export const PUBLIC_READ_ONLY: readonly string[] = ['/etc/localtime', '/etc/timezone', '/usr/share/zoneinfo', '/etc/ssl/certs',
  '/etc/pki/ca-trust/extracted', '/etc/pki/tls/certs', '/etc/ca-certificates', '/usr/share/ca-certificates'];

/** Raw block devices and memory devices of the host (CIS 5.18 names them as the dangerous case of --device). */
const RAW_DEVICES = /^\/dev\/(sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+n\d+(p\d+)?|mmcblk\d+(p\d+)?|dm-\d+|md\d+|mapper\/.+|disk\/.+|loop\d+|mem|kmem|port)$/;

/** Why a normalised host path is sensitive: it is, lies below or contains a sensitive path. */
export function sensitiveReason(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  if (path === '/') return 'it is the host root filesystem';
  const base = C12_SENSITIVE_PATHS.find((p) => sameOrBelow(path, p));
  if (base) return base === path ? `it is ${base}` : `it lies below ${base}`;
  const whole = WHOLE_ONLY.find((p) => sameOrBelow(p, path));
  if (whole) return whole === path ? `it is ${whole}` : `it contains ${whole}`;
  const cred = CREDENTIAL_DIRS.find((d) => path.includes(`/${d}/`) || path.endsWith(`/${d}`));
  if (cred) return `it is or lies in a credential directory (${cred})`;
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
    'normalised first and compared by whole components (/etcetera is not /etc). Read-only binds of public data below them (the time ' +
    'zone, /etc/localtime, and the CA certificates, /etc/ssl/certs) are not reported.',
  fix: 'Mount a dedicated data directory or a named volume instead (HardenedContainer bindMounts refuses these paths; an ' +
    'escape-hatch override must go). Give secrets as files with HardenedContainer `secrets`.',
  check: (r, stack) => {
    const hits = new Map<string, string[]>();
    for (const s of hostSources(r, stack)) {
      // public host data below a sensitive path, mounted read-only: the time zone and the CA certificates
      if (s.readOnly && PUBLIC_READ_ONLY.some((p) => sameOrBelow(s.path, p))) continue;
      const state = (stack.daemonPaths?.state ?? []).find((d) => sameOrBelow(s.path, d) || sameOrBelow(d, s.path));
      const reason = state ? `it ${state === s.path ? 'is' : sameOrBelow(s.path, state) ? 'lies below' : 'contains'} ${state}, the state of a SecureDaemon of this stack`
        : sensitiveReason(s.path);
      if (reason) (hits.get(s.path) ?? hits.set(s.path, []).get(s.path)!).push(`via ${s.via}: ${reason}`);
    }
    const out = [...hits.entries()].map(([path, what]): RuleFinding => ({ findingId: path, message: `host path ${path} ${what.join('; ')}` }));
    // a raw disk, partition or the host's memory given as a device: the host's data and kernel, read and written directly
    for (const d of normalize.blocks(r.attributes.devices)) {
      const host = typeof d.host_path === 'string' ? normalize.path(d.host_path) : '';
      if (RAW_DEVICES.test(host)) out.push({ findingId: `device:${host}`, message: `host device ${host} is a raw disk or the host's memory: the container reads and writes the host directly` });
    }
    // volumes_from a container the stack does not declare: whatever it mounts (the engine socket, /) comes along unseen
    for (const v of normalize.blocks(r.attributes.volumes)) {
      if (typeof v.from_container !== 'string' || v.from_container === '' || fromContainer(v.from_container, stack)) continue;
      out.push({
        findingId: `from_container:${v.from_container}`,
        message: `volumes.from_container "${v.from_container}" is not a container of this stack: the mounts it passes on cannot be verified`,
      });
    }
    return out;
  },
};
