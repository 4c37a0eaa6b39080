import { Threat } from '../../../report/control';
import { HardeningRule, RuleFinding } from '../../rule';
import { isOpaque } from '../../values/opaque';

const JOINABLE: Array<{ attribute: string; what: string }> = [
  { attribute: 'network_mode', what: 'network namespace: it reaches every port the other container listens on, localhost included, past icc-off networks and grants' },
  { attribute: 'pid_mode', what: 'PID namespace: it sees and can signal the other container\'s processes, and read their /proc' },
  { attribute: 'ipc_mode', what: 'IPC namespace: shared memory segments and semaphores' },
];

/**
 * `container:<name>` joins another container's namespace. Not the host's
 * (that is HD-C11), but the other container's isolation no longer separates
 * the two: a sidecar in the network namespace of a database container talks
 * to it on 127.0.0.1, whatever the networks and grants say.
 */
export const C33SharedContainerNamespace: HardeningRule = {
  id: 'HD-C33',
  title: 'Namespace shared with another container',
  cis: [],
  sources: ['catalogue extension: network_mode, pid_mode or ipc_mode = container:<name>, ipc_mode = shareable'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'network_mode, pid_mode or ipc_mode = `container:<name>` puts the container into another container\'s namespace, so ' +
    'the isolation between the two is gone: one compromised container reaches the other\'s localhost services, processes or shared ' +
    'memory. ipc_mode = shareable invites other containers into this one\'s IPC namespace. Values are compared in any case.',
  fix: 'Connect the two over an IsolatedNetwork grant (IsolatedNetwork.allow()) instead: HardenedContainer never joins another ' +
    'container\'s namespace. On a raw Container leave network_mode unset (use networks_advanced), pid_mode unset and ipc_mode private.',
  check: (r, stack) => {
    const out: RuleFinding[] = [];
    for (const ns of JOINABLE) {
      const raw = r.attributes[ns.attribute];
      const m = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      // `container:${docker_container.x.id}`: a reference with the container: prefix, followed to the container it joins
      const joined = isOpaque(raw) ? stack.referenced(raw, 'docker_container', 'container:') : undefined;
      if (joined) {
        out.push({ findingId: ns.attribute, message: `${ns.attribute} = "${raw.expression}" shares ${joined.name}'s ${ns.what}` });
      } else if (m.startsWith('container:')) {
        out.push({ findingId: ns.attribute, message: `${ns.attribute} = ${JSON.stringify(raw)} shares the other container's ${ns.what}` });
      } else if (ns.attribute === 'ipc_mode' && m === 'shareable') {
        out.push({ findingId: ns.attribute, message: 'ipc_mode = "shareable" lets other containers join this container\'s IPC namespace' });
      }
    }
    return out;
  },
};
