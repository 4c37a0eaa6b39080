/**
 * The finding ids of published ports, shared by the rules that report them
 * (HD-C14, HD-C29) and the HardenedContainer opt-outs that answer exactly
 * those ports: an opt-out for one port never covers another protocol, another
 * address or a host port an escape hatch adds.
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
