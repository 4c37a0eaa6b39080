import { ENABLE_IP_MASQUERADE, goParseBool, networkDriver, networkOption } from './N01-network-icc';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** A network with a route out of the host, listed so that egress is a visible decision. */
export const N02NetworkEgress: HardeningRule = {
  id: 'HD-N02',
  title: 'Network has a route out',
  cis: [],
  sources: ['catalogue extension: docker_network not internal'],
  threats: [Threat.COMPROMISED_SECRET, Threat.CONTAINER_BREAKOUT],
  level: 'info',
  resourceTypes: ['docker_network'],
  suppressible: true,
  explanation: 'A network that is not internal gives its containers a route out: a bridge network NATs (masquerades) their traffic to ' +
    'anywhere the host can reach, and macvlan/ipvlan/overlay networks reach the outside directly. A compromised container can then ' +
    'exfiltrate data or fetch tools. This is an info so that every egress network shows up in the report; a bridge network with ' +
    `internal = false but ${ENABLE_IP_MASQUERADE} = "false" has no NAT route out and is not listed.`,
  fix: 'Use IsolatedNetwork (internal by default; egress is an opt-out with a justification), or set docker_network.internal = true.',
  check: (r) => {
    const a = r.attributes;
    if (normalize.bool(a.internal)) return [];
    const driver = networkDriver(a);
    if (driver.toLowerCase() === 'bridge') {
      const masquerade = networkOption(a, ENABLE_IP_MASQUERADE);
      if (goParseBool(masquerade) === false) return [];
      return [{ message: `internal is not set and IP masquerade is on (${masquerade === undefined ? 'default' : `${ENABLE_IP_MASQUERADE} = ${JSON.stringify(masquerade)}`}): containers reach the outside through NAT` }];
    }
    return [{ message: `internal is not set on ${/^[aeiou]/i.test(driver) ? 'an' : 'a'} ${driver} network: containers reach the outside through the ${driver} driver` }];
  },
};
