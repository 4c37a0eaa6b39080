import { publishedPortFindingId } from '../../../core/finding-ids';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';

function ipv4(ip: string): number[] | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

/** The eight 16-bit groups of an IPv6 address (an embedded dotted IPv4 tail allowed), or undefined. */
function ipv6(ip: string): number[] | undefined {
  let text = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const tail = /^(.*:)([0-9.]+)$/.exec(text);
  if (tail && tail[2].includes('.')) {
    const v4 = ipv4(tail[2]);
    if (!v4) return undefined;
    text = `${tail[1]}${(v4[0] * 256 + v4[1]).toString(16)}:${(v4[2] * 256 + v4[3]).toString(16)}`;
  }
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (groups.flat().some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const count = groups.flat().length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const fill = halves.length === 2 ? new Array(8 - count).fill('0') : [];
  return [...groups[0], ...fill, ...(groups[1] ?? [])].map((g) => parseInt(g, 16));
}

/** Whether a host address is loopback: 127.0.0.0/8, ::1, or IPv4-mapped 127.0.0.0/8. */
export function isLoopbackAddress(ip: string): boolean {
  const v4 = ipv4(ip);
  if (v4) return v4[0] === 127;
  const v6 = ipv6(ip);
  if (!v6) return false;
  if (v6.slice(0, 7).every((g) => g === 0) && v6[7] === 1) return true;
  return v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff && Math.floor(v6[6] / 256) === 127;
}

/** A port published on every interface (or on a public one) is reachable from the network, firewall or not. */
export const C14PortsAllInterfaces: HardeningRule = {
  id: 'HD-C14',
  title: 'Port published on all or non-loopback interfaces',
  cis: ['CIS 5.14'],
  sources: ['KICS 451d79dc', 'catalogue extension: ports.ip = ::, publish_all_ports'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'A ports block without ip binds 0.0.0.0, the provider default, and 0.0.0.0 or :: listen on every interface; ' +
    'Docker\'s iptables rules are inserted before host firewalls such as ufw, so the port is reachable from every network the ' +
    'host is on. publish_all_ports publishes every EXPOSEd port of the image on all interfaces. Only loopback addresses ' +
    '(127.0.0.0/8, ::1) keep a port local; any other address is flagged so that exposure is a decision.',
  fix: 'HardenedContainer publishes `ports` on 127.0.0.1 unless hostIp names another address with nonLoopbackBinding ' +
    '(justified), and never sets publish_all_ports. On a raw Container set ip on every ports block and remove publishAllPorts; ' +
    'put a reverse proxy in front for remote access.',
  check: (r) => {
    const out: RuleFinding[] = [];
    for (const p of normalize.blocks(r.attributes.ports)) {
      const given = p.ip === undefined || p.ip === null ? '' : String(p.ip).trim();
      const ip = given === '' ? '0.0.0.0' : given;
      if (isLoopbackAddress(ip)) continue;
      const proto = String(p.protocol ?? 'tcp');
      const where = given === '' ? 'ip unset (provider default 0.0.0.0: all interfaces)'
        : ip === '0.0.0.0' || /^(\[?::\]?|(0{1,4}:){7}0{1,4})$/.test(ip) ? `ip ${ip}: all interfaces` : `ip ${ip}: not a loopback address`;
      out.push({
        findingId: publishedPortFindingId(ip, p.external, p.internal, p.protocol),
        message: `port ${p.internal}/${proto} published on ${p.external !== undefined && p.external !== null ? `host port ${p.external}` : 'an ephemeral host port'}, ${where}`,
      });
    }
    if (normalize.bool(r.attributes.publish_all_ports)) {
      out.push({ findingId: 'publish_all_ports', message: 'publish_all_ports = true publishes every exposed port of the image on all interfaces' });
    }
    return out;
  },
};
