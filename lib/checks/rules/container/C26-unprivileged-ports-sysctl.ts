import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

const PORT_START = 'net.ipv4.ip_unprivileged_port_start';
const PING_RANGE = 'net.ipv4.ping_group_range';

/** sysctls by dotted name (sysctl(8) also takes `net/ipv4/…`; runc writes both to the same /proc/sys file). @internal */
export function sysctls(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, value] of Object.entries(v)) out.set(k.trim().replace(/\//g, '.'), String(value ?? '').trim());
  }
  return out;
}

/**
 * An integer as the kernel reads a sysctl (proc_dointvec: base 0, so `0x10` is hex and `010` octal), or undefined
 * when the kernel refuses it.
 */
export function kernelInt(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
  if (/^[+-]?0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^[+-]?[0-9]+$/.test(t)) return parseInt(t, 10);
  return undefined;
}

/** Whether a ping_group_range value lets some group open ICMP sockets (an empty range is min > max, e.g. the kernel's "1 0"). */
function pingOpen(value: string): boolean {
  const parts = value.split(/\s+/).filter((p) => p !== '').map(kernelInt);
  if (parts.length !== 2 || parts.some((p) => p === undefined)) return false; // the kernel refuses it
  return parts[0]! <= parts[1]!;
}

/** sysctls (or Docker's defaults) that let any user bind ports below 1024 or open ICMP sockets. */
export const C26UnprivilegedPortsSysctl: HardeningRule = {
  id: 'HD-C26',
  title: 'Low ports or ICMP sockets open to unprivileged users',
  cis: [],
  sources: ['catalogue extension: sysctls net.ipv4.ip_unprivileged_port_start'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: `Docker >= 20.10 sets ${PORT_START}=0 and ${PING_RANGE}="0 2147483647" in every container with its own network ` +
    'namespace unless the container sets them itself: any user may then bind ports below 1024 (and impersonate a service on a well-' +
    `known port) and open ICMP sockets without CAP_NET_BIND_SERVICE / CAP_NET_RAW. Reported: ${PORT_START} set below 1024, and a ` +
    `non-empty ${PING_RANGE}, read as the kernel reads them (0x.. hex, 0.. octal). Leaving them unset is HD-C38 (info).`,
  fix: `Keep HardenedContainer's defaults (${PORT_START}=1024, ${PING_RANGE}="1 0"), or set both in docker_container.sysctls.`,
  check: (r) => {
    const s = sysctls(r.attributes.sysctls);
    const findings = [];
    const start = s.get(PORT_START);
    const startValue = start === undefined ? undefined : kernelInt(start);
    if (startValue !== undefined && startValue < 1024) {
      findings.push({ findingId: PORT_START, message: `sysctls ${PORT_START} = ${start}: any user may bind ports from ${startValue}` });
    }
    const ping = s.get(PING_RANGE);
    if (ping !== undefined && pingOpen(ping)) {
      findings.push({ findingId: PING_RANGE, message: `sysctls ${PING_RANGE} = "${ping}": these groups may open ICMP sockets without CAP_NET_RAW` });
    }
    return findings;
  },
};
