import { Threat } from '../../../report/control';
import { CheckedResource, HardeningRule, RuleFinding, StackView } from '../../rule';

/** The namespace attributes of docker_container that can name the host's namespace. */
const NAMESPACES: Array<{ attribute: string; what: string; joinable: boolean }> = [
  { attribute: 'network_mode', what: 'network namespace (every host interface and port, localhost services, abstract sockets)', joinable: true },
  { attribute: 'pid_mode', what: 'PID namespace (every host process visible, signals, /proc/<pid>/root)', joinable: true },
  { attribute: 'ipc_mode', what: 'IPC namespace (host shared memory and semaphores)', joinable: true },
  { attribute: 'userns_mode', what: 'user namespace (daemon userns-remap disabled: container uid 0 is host uid 0)', joinable: false },
  { attribute: 'cgroupns_mode', what: 'cgroup namespace (the host cgroup tree visible)', joinable: false },
];

function mode(v: unknown): string {
  return typeof v === 'string' ? v.trim().toLowerCase() : '';
}

/**
 * Whether the container ends up in the host namespace: `host`, or `container:<c>`
 * where `<c>` is a container of this stack that is (transitively) in it.
 */
function inHostNamespace(r: CheckedResource, attribute: string, stack: StackView, seen: Set<CheckedResource>): string | undefined {
  if (seen.has(r)) return undefined;
  seen.add(r);
  const raw = r.attributes[attribute];
  const m = mode(raw);
  if (m === 'host') return `${attribute} = ${JSON.stringify(raw)}`;
  // a network data source named host is the host network (a service's networks_advanced, a container's network_mode)
  const data = attribute === 'network_mode' ? stack.referenced(raw, 'data.docker_network') : undefined;
  if (data) return data.attributes.name === 'host' ? `${attribute} = data.docker_network.${data.name} (the host network)` : undefined;
  // `container:` is matched exactly by the engine (moby NetworkMode.IsContainer, IpcMode/PidMode.Container)
  const other = stack.referenced(typeof raw === 'string' ? raw.trim() : raw, 'docker_container', 'container:');
  if (other?.type !== 'docker_container') return undefined;
  const via = inHostNamespace(other, attribute, stack, seen);
  return via ? `${attribute} = ${JSON.stringify(raw)} joins ${other.name}, whose ${via}` : undefined;
}

/** A shared host namespace removes one of the walls between the container and the host. */
export const C11HostNamespaces: HardeningRule = {
  id: 'HD-C11',
  title: 'Host namespace shared',
  cis: ['CIS 5.10', 'CIS 5.16', 'CIS 5.17', 'CIS 5.31'],
  sources: ['KICS 071a71ff', 'KICS 4f31dd9f', 'KICS baa3890f', 'KICS 8af7162d', 'catalogue extension: cgroupns_mode = host'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'network_mode, pid_mode, ipc_mode, userns_mode or cgroupns_mode = host puts the container in the host\'s ' +
    'namespace: host network services and interfaces, host processes, host shared memory, no user-namespace remapping, the host ' +
    'cgroup tree. `container:<name>` of a container in the host namespace is the same. Values are compared in any case.',
  fix: 'Remove the override: HardenedContainer sets ipc_mode and cgroupns_mode private, refuses the host network (use ' +
    '`networks`, or `ports` on loopback) and leaves pid and userns private. On a raw Container leave these attributes unset ' +
    '(or private).',
  check: (r, stack) => {
    const out: RuleFinding[] = [];
    for (const ns of NAMESPACES) {
      const via = ns.joinable ? inHostNamespace(r, ns.attribute, stack, new Set()) : mode(r.attributes[ns.attribute]) === 'host'
        ? `${ns.attribute} = ${JSON.stringify(r.attributes[ns.attribute])}` : undefined;
      if (via) out.push({ findingId: ns.attribute, message: `${via}: the container shares the host ${ns.what}` });
    }
    return out;
  },
};
