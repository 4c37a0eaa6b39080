import { createHash } from 'crypto';

/**
 * Finding ids shared by the rules that report them (HD-C14, HD-C29, HD-C31)
 * and the HardenedContainer opt-outs that answer exactly those findings: an
 * opt-out for one port never covers another protocol, another address or a
 * host port an escape hatch adds; one for a seccomp profile never covers
 * another profile.
 */

/** `443` for tcp, `443/udp` otherwise. @internal */
export function portFindingId(hostPort: unknown, protocol: unknown): string {
  const proto = typeof protocol === 'string' && protocol.trim() !== '' ? protocol.trim().toLowerCase() : 'tcp';
  return proto === 'tcp' ? String(hostPort) : `${String(hostPort)}/${proto}`;
}

/**
 * `0.0.0.0:8080` (tcp) or `[::]:8080/udp`; an ephemeral host port is written
 * `0.0.0.0:*->8080` with the container port it publishes. @internal
 */
export function publishedPortFindingId(ip: string, hostPort: unknown, containerPort: unknown, protocol: unknown): string {
  const host = ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
  const given = hostPort !== undefined && hostPort !== null && String(hostPort) !== '' && String(hostPort) !== '0';
  return `${host}:${portFindingId(given ? hostPort : `*->${String(containerPort)}`, protocol)}`;
}

/** `allow-by-default:<12 hex of sha256>` of an inline seccomp profile's JSON (HD-C31). @internal */
export function seccompFindingId(profileJson: string): string {
  return `allow-by-default:${createHash('sha256').update(profileJson.trim()).digest('hex').slice(0, 12)}`;
}
