import { sysctls } from './C26-unprivileged-ports-sysctl';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';
import { isOpaque } from '../../values/opaque';

const PORT_START = 'net.ipv4.ip_unprivileged_port_start';
const PING_RANGE = 'net.ipv4.ping_group_range';

/**
 * Docker (>= 20.10) opens ports below 1024 and ICMP sockets to every user of a
 * container that has a network namespace of its own, unless the container sets
 * the sysctls itself. Inside that namespace only; CIS 5.8 is about host ports,
 * which HD-C29 checks, so this is an info without a CIS id.
 */
export const C38UnprivilegedPortsDefault: HardeningRule = {
  id: 'HD-C38',
  title: 'Docker\'s default lets any user bind low ports in the container',
  cis: [],
  sources: ['catalogue extension: sysctls net.ipv4.ip_unprivileged_port_start unset'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'info',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: `Docker sets ${PORT_START}=0 and ${PING_RANGE}="0 2147483647" in every container with its own network namespace ` +
    'unless the container sets them: any process may bind ports below 1024 (and impersonate a well-known service to its ' +
    'neighbours) and open ICMP sockets without CAP_NET_BIND_SERVICE / CAP_NET_RAW. A container without a network (network_mode ' +
    'none) or in another namespace is not concerned.',
  fix: `Keep HardenedContainer's sysctls (${PORT_START}=1024, ${PING_RANGE}="1 0"), or set them in docker_container.sysctls.`,
  check: (r, stack) => {
    if (sysctls(r.attributes.sysctls).has(PORT_START)) return [];
    const mode = r.attributes.network_mode;
    const isNetwork = isOpaque(mode) && (stack.referenced(mode, 'docker_network') ?? stack.referenced(mode, 'data.docker_network')) !== undefined;
    const m = typeof mode === 'string' ? mode.trim() : '';
    if (!isNetwork && (m === 'host' || m === 'none' || m.startsWith('container:') || isOpaque(mode))) return [];
    return [{ findingId: 'docker-default-port-0', message: `${PORT_START} is not set, so Docker sets it to 0: any user in the container may bind ports below 1024` }];
  },
};
