import { zonesOf } from './S04-service-trust-zone';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { CheckedResource, HardeningRule, RuleFinding } from '../../rule';
import { isOpaque } from '../../values/opaque';

/** The label OverlayNetwork, IsolatedNetwork and the grants' pair networks carry their trust zone(s) in. */
const ZONE_LABEL = 'io.cdktf-hardened-docker.trust-zone';
/** A grant's pair network lists both zones: `dmz <-> internal`. */
const ZONE_SEPARATOR = ' <-> ';

/** The zones a network admits, from its label; undefined when it has none (or it cannot be read). */
function networkZones(network: CheckedResource): string[] | undefined {
  for (const l of normalize.blocks(network.attributes.labels)) {
    if (isOpaque(l?.label) || isOpaque(l?.value)) continue; // reported as "cannot verify" on the network
    if (String(l?.label) === ZONE_LABEL) return String(l?.value).split(ZONE_SEPARATOR).map((z) => z.trim());
  }
  return undefined;
}

/**
 * A service on a network of another trust zone (issue 17): placement keeps zones apart on nodes, networks keep them
 * apart on the wire. A dmz service on the internal zone's network reaches every internal service on it, whatever node
 * it runs on; that path must be a grant (a pair network whose label names both zones, taken with a justified opt-out).
 */
export const S05ServiceNetworkZone: HardeningRule = {
  id: 'HD-S05',
  title: 'Service on a network of another trust zone',
  cis: [],
  sources: ['catalogue extension: docker_service task_spec.networks_advanced vs trust zones'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_service'],
  suppressible: true,
  explanation: 'A network is a trust boundary: every service on it reaches every other one. A service whose trust zone (its ' +
    'placement constraint on node.labels.cdktf-hardened-docker.trust-zone, or its io.cdktf-hardened-docker.trust-zone label; ' +
    '"default" when it has neither) differs from the zone of a network it joins (the network\'s io.cdktf-hardened-docker.trust-zone ' +
    'label) gives that zone a path into another one that no grant declares.',
  fix: 'Join only networks of the service\'s own zone; connect two services across zones with OverlayNetwork.allow(from, to, ' +
    '{ crossTrustZone: { justification } }), a pair network joined by exactly those two.',
  check: (r, stack) => {
    const mine = zonesOf(r, stack, r);
    if (mine.unknown && mine.placed.length === 0 && mine.labelled.length === 0) return [];
    const zones = [...new Set([...mine.placed, ...mine.labelled])];
    const serviceZones = zones.length > 0 ? zones : ['default'];
    const out: RuleFinding[] = [];
    const task = normalize.blocks(r.attributes.task_spec)[0];
    for (const n of normalize.blocks(task?.networks_advanced)) {
      const network = stack.referenced(n?.name, 'docker_network');
      // a network data source carries no zone of the stack's (following the reference answers it)
      if (!network && stack.referenced(n?.name, 'data.docker_network')) continue;
      if (!network || network.type !== 'docker_network') continue;
      const admitted = networkZones(network);
      if (!admitted) continue;
      const outside = serviceZones.filter((z) => !admitted.includes(z));
      if (outside.length === 0) continue;
      const address = `${network.type}.${network.name}`;
      out.push({
        findingId: `network:${address}`,
        message: `the service is in trust zone ${outside.map((z) => `"${z}"`).join(', ')} but joins ${address}, a network of ` +
          `${admitted.length > 1 ? 'the grant between' : 'trust zone'} ${admitted.map((z) => `"${z}"`).join(' and ')}`,
      });
    }
    return out;
  },
};
