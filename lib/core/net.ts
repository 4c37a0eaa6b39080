import { createHash } from 'crypto';

/**
 * Small validation and naming helpers shared by the constructs.
 *
 * @internal
 */

/** A dotted IPv4 address (no leading zeros). @internal */
export function isIPv4(ip: string): boolean {
  const parts = typeof ip === 'string' ? ip.split('.') : [];
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** An IPv6 address in hex-colon form (no zone, no embedded IPv4). @internal */
export function isIPv6(ip: string): boolean {
  if (typeof ip !== 'string' || !/^[0-9a-fA-F:]+$/.test(ip) || ip.length > 39) return false;
  const halves = ip.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.length === 0 || g.length > 4)) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

/** 127.0.0.0/8 or ::1. @internal */
export function isLoopback(ip: string): boolean {
  if (isIPv4(ip)) return ip.startsWith('127.');
  return ip === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(ip);
}

/** Trust zone names (containers and networks). @internal */
export const TRUST_ZONE_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A readable, deterministic engine name from a construct path, unique by an 8-hex hash of the path. @internal */
export function deterministicName(path: string, fallback: string, maxReadable: number): string {
  const readable = path.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, maxReadable);
  return `${readable || fallback}-${createHash('sha256').update(path).digest('hex').slice(0, 8)}`;
}

/**
 * Why Docker would refuse `address` as a fixed container address in the canonical IPv4 CIDR
 * `subnet` (outside it, its network or broadcast address, or the first address, which Docker's
 * IPAM reserves for the gateway), or undefined when it is usable. Both must be valid already.
 *
 * @internal
 */
export function fixedAddressProblem(address: string, subnet: string): string | undefined {
  const toInt = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const [base, prefixText] = subnet.split('/');
  const size = 2 ** (32 - Number(prefixText));
  const first = toInt(base);
  const ip = toInt(address);
  if (ip < first || ip >= first + size) return `outside the network's subnet ${subnet}`;
  if (ip === first) return `the network address of ${subnet}`;
  if (ip === first + size - 1) return `the broadcast address of ${subnet}`;
  if (ip === first + 1) return `reserved for the gateway of ${subnet} (Docker's IPAM takes the first address)`;
  return undefined;
}
