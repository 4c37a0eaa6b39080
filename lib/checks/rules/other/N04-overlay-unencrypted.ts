import { networkDriver } from './N01-network-icc';
import { joinedNetwork } from './S05-service-network-zone';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { CheckedResource, HardeningRule, RuleFinding, StackView } from '../../rule';
import { isOpaque } from '../../values/opaque';

/**
 * An overlay network carries container traffic between swarm nodes in VXLAN,
 * in clear text, unless it was created with the `encrypted` option (moby
 * libnetwork/drivers/overlay/ov_network.go v28.5.2 L121: the option's presence
 * switches IPsec on, whatever its value).
 */
/**
 * The networks a service joins that the stack does not declare (a literal name, a data source): their encryption is
 * set where they were created, out of the checks' sight, so it cannot be verified. Declared networks are judged as
 * docker_network resources; host and bridge are HD-C11's and HD-C27's.
 */
function undeclaredNetworks(r: CheckedResource, stack: StackView): RuleFinding[] {
  const task = normalize.blocks(r.attributes.task_spec)[0];
  const out: RuleFinding[] = [];
  for (const n of normalize.blocks(task?.networks_advanced)) {
    const name = n?.name;
    // following a reference answers it; any other unknown name stays reported as "cannot verify"
    if (joinedNetwork(name, stack, r)) continue; // a docker_network of the stack: judged on its own
    const network = isOpaque(name) ? stack.referenced(name, 'data.docker_network') : undefined;
    if (!network && isOpaque(name)) continue;
    const shown = network ? `data.docker_network.${network.name}` : String(name);
    const engineName = network ? network.attributes.name : name;
    if (typeof engineName === 'string' && ['host', 'bridge', 'none'].includes(engineName.trim())) continue;
    out.push({
      findingId: `network:${shown}`,
      message: `the service joins ${network ? shown : `network "${shown}"`}, which this stack does not declare: whether traffic on it ` +
        'between nodes is encrypted cannot be verified',
    });
  }
  return out;
}

export const N04OverlayUnencrypted: HardeningRule = {
  id: 'HD-N04',
  title: 'Overlay network not encrypted',
  cis: ['CIS 7.4'],
  sources: ['docker-bench 7.4 (overlay networks encrypted)'],
  threats: [Threat.COMPROMISED_SECRET],
  level: 'warning',
  resourceTypes: ['docker_network', 'docker_service'],
  suppressible: true,
  explanation: 'Without the encrypted option, traffic between containers on different nodes crosses the nodes\' network as plain ' +
    'VXLAN: anyone on that network reads it, and can inject packets into the overlay.',
  fix: 'Create the overlay network with options = { encrypted = "true" } (the option\'s presence turns IPsec on), as a ' +
    'docker_network of the stack that joins it.',
  check: (r, stack) => {
    if (r.type === 'docker_service') return undeclaredNetworks(r, stack);
    if (networkDriver(r.attributes).toLowerCase() !== 'overlay') return [];
    const o = r.attributes.options;
    const encrypted = o && typeof o === 'object' && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, 'encrypted');
    return encrypted ? [] : [{ message: 'the overlay network has no encrypted option: traffic between nodes is plain VXLAN' }];
  },
};
