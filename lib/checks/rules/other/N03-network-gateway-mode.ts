import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

const MODES = ['com.docker.network.bridge.gateway_mode_ipv4', 'com.docker.network.bridge.gateway_mode_ipv6'];
const TRUSTED = 'com.docker.network.bridge.trusted_host_interfaces';

/**
 * Docker 28's bridge gateway modes `nat-unprotected` and `routed` let the
 * host's networks reach container ports that were never published.
 */
export const N03NetworkGatewayMode: HardeningRule = {
  id: 'HD-N03',
  title: 'Bridge network routes unpublished ports',
  cis: ['CIS 5.14'],
  sources: ['catalogue extension: docker_network options com.docker.network.bridge.gateway_mode_ipv4/ipv6'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_network'],
  suppressible: true,
  explanation: 'With gateway_mode_ipv4/ipv6 = nat-unprotected the engine NATs but does not filter direct access to container ' +
    'addresses, and with routed it does not NAT at all: anything on the host\'s networks that routes to the bridge subnet reaches ' +
    'every port a container listens on, published or not, past the loopback-only publishing of HardenedContainer. ' +
    'trusted_host_interfaces does the same for the hosts on the interfaces it names.',
  fix: 'Remove the option (the default, nat, only lets published ports in), or use an internal network.',
  check: (r) => {
    const o = r.attributes.options;
    if (!o || typeof o !== 'object' || Array.isArray(o)) return [];
    const out = MODES
      .filter((k) => typeof o[k] === 'string' && ['nat-unprotected', 'routed'].includes(o[k].trim().toLowerCase()))
      .map((k) => ({ findingId: k, message: `options ${k} = "${o[k]}": container ports are reachable from the host's networks without being published` }));
    // moby v28: traffic arriving on these host interfaces may reach container addresses directly, loopback-published ports too
    const trusted = o[TRUSTED];
    if (typeof trusted === 'string' && trusted.trim() !== '') {
      out.push({ findingId: TRUSTED, message: `options ${TRUSTED} = "${trusted}": hosts on those interfaces reach the containers' ports directly` });
    }
    return out;
  },
};
