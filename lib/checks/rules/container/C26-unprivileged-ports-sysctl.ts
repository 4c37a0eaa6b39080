import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';
import { isOpaque } from '../../values/opaque';

const PORT_START = 'net.ipv4.ip_unprivileged_port_start';
const PING_RANGE = 'net.ipv4.ping_group_range';

/** sysctls by dotted name (sysctl(8) also takes `net/ipv4/…`; runc writes both to the same /proc/sys file). */
function sysctls(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, value] of Object.entries(v)) out.set(k.trim().replace(/\//g, '.'), String(value ?? '').trim());
  }
  return out;
}

/** Whether the container gets its own network namespace (not host, not another container's). */
function ownNetworkNamespace(mode: unknown): boolean {
  const m = typeof mode === 'string' ? mode.trim() : '';
  return m !== 'host' && !m.startsWith('container:');
}

/** Whether a ping_group_range value lets some group open ICMP sockets (an empty range is min > max, e.g. the kernel's "1 0"). */
function pingOpen(value: string): boolean {
  const parts = value.split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 2 || !parts.every((p) => /^[0-9]+$/.test(p))) return false; // the kernel refuses it
  return Number(parts[0]) <= Number(parts[1]);
}

/** sysctls (or Docker's defaults) that let any user bind ports below 1024 or open ICMP sockets. */
export const C26UnprivilegedPortsSysctl: HardeningRule = {
  id: 'HD-C26',
  title: 'Low ports or ICMP sockets open to unprivileged users',
  cis: ['CIS 5.8'],
  sources: ['catalogue extension: sysctls net.ipv4.ip_unprivileged_port_start'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: `Docker >= 20.10 sets ${PORT_START}=0 and ${PING_RANGE}="0 2147483647" in every container with its own network ` +
    'namespace unless the container sets them itself: any user may then bind ports below 1024 (and impersonate a service on a well-' +
    `known port) and open ICMP sockets without CAP_NET_BIND_SERVICE / CAP_NET_RAW. Reported: ${PORT_START} below 1024, a non-empty ` +
    `${PING_RANGE}, and a container with its own network namespace (network_mode not host nor container:…) that does not set ` +
    `${PORT_START} at all (finding docker-default-port-0).`,
  fix: `Keep HardenedContainer's defaults (${PORT_START}=1024, ${PING_RANGE}="1 0"), or set both in docker_container.sysctls.`,
  check: (r, stack) => {
    const s = sysctls(r.attributes.sysctls);
    const findings = [];
    const start = s.get(PORT_START);
    if (start !== undefined && /^[0-9]+$/.test(start) && Number(start) < 1024) {
      findings.push({ findingId: PORT_START, message: `sysctls ${PORT_START} = ${start}: any user may bind ports from ${start}` });
    }
    const ping = s.get(PING_RANGE);
    if (ping !== undefined && pingOpen(ping)) {
      findings.push({ findingId: PING_RANGE, message: `sysctls ${PING_RANGE} = "${ping}": these groups may open ICMP sockets without CAP_NET_RAW` });
    }
    const mode = r.attributes.network_mode;
    // a network given by reference (a docker_network of the stack, or a network data source) is a network of its own
    const isNetwork = isOpaque(mode) && (stack.referenced(mode, 'docker_network') ?? stack.referenced(mode, 'data.docker_network')) !== undefined;
    if (start === undefined && (isNetwork || ownNetworkNamespace(mode))) {
      const pingToo = ping === undefined ? ` and ${PING_RANGE} to "0 2147483647"` : '';
      findings.push({
        findingId: 'docker-default-port-0',
        message: `${PORT_START} is not set, so Docker sets it to 0${pingToo}: any user may bind ports below 1024`,
      });
    }
    return findings;
  },
};
