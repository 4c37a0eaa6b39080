import { networkDriver } from './N01-network-icc';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/**
 * An overlay network carries container traffic between swarm nodes in VXLAN,
 * in clear text, unless it was created with the `encrypted` option (moby
 * libnetwork/drivers/overlay/ov_network.go v28.5.2 L121: the option's presence
 * switches IPsec on, whatever its value).
 */
export const N04OverlayUnencrypted: HardeningRule = {
  id: 'HD-N04',
  title: 'Overlay network not encrypted',
  cis: ['CIS 7.4'],
  sources: ['docker-bench 7.4 (overlay networks encrypted)'],
  threats: [Threat.COMPROMISED_SECRET],
  level: 'warning',
  resourceTypes: ['docker_network'],
  suppressible: true,
  explanation: 'Without the encrypted option, traffic between containers on different nodes crosses the nodes\' network as plain ' +
    'VXLAN: anyone on that network reads it, and can inject packets into the overlay.',
  fix: 'Create the overlay network with options = { encrypted = "true" } (the option\'s presence turns IPsec on).',
  check: (r) => {
    if (networkDriver(r.attributes).toLowerCase() !== 'overlay') return [];
    const o = r.attributes.options;
    const encrypted = o && typeof o === 'object' && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, 'encrypted');
    return encrypted ? [] : [{ message: 'the overlay network has no encrypted option: traffic between nodes is plain VXLAN' }];
  },
};
