import { zonesOf } from './S04-service-trust-zone';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { CheckedResource, HardeningRule, RuleFinding, StackView } from '../../rule';
import { isOpaque } from '../../values/opaque';

/** The labels OverlayNetwork, IsolatedNetwork and the grants' pair networks carry (lib/network/network-options.ts). */
const ZONE_LABEL = 'io.cdktf-hardened-docker.trust-zone';
const KIND_LABEL = 'io.cdktf-hardened-docker.network';
const PAIR_LABEL = 'io.cdktf-hardened-docker.grant-pair';
const PRIVATE_LABEL = 'io.cdktf-hardened-docker.private-of';
/** A grant's pair network lists both zones and both members: `dmz <-> internal`, `stack/proxy <-> stack/app`. */
const SEPARATOR = ' <-> ';

/** A network's own labels (unreadable ones are reported as "cannot verify" on the network). */
function labelsOf(network: CheckedResource, stack: StackView): { [label: string]: string } {
  const out: { [label: string]: string } = {};
  for (const l of normalize.blocks(network.attributes.labels)) {
    // another label's unknown value is none of this rule's business; an unknown library label, or an unknown key, is
    if (!isOpaque(l?.label) && isOpaque(l?.value) && ![ZONE_LABEL, KIND_LABEL, PAIR_LABEL, PRIVATE_LABEL].includes(String(l?.label))) {
      stack.acknowledge?.(l?.value);
    }
    if (isOpaque(l?.label) || isOpaque(l?.value)) continue;
    out[String(l?.label)] = String(l?.value);
  }
  return out;
}

/**
 * The managed docker_network a networks_advanced name joins: a reference to one, or a literal name that one of the
 * stack's docker_network resources carries (a data source of the same name does not hide it). undefined for a
 * network data source or a name the stack does not declare (HD-N04 reports those).
 *
 * @internal
 */
export function joinedNetwork(name: unknown, stack: StackView, joiner?: CheckedResource): CheckedResource | undefined {
  if (typeof name === 'string') {
    const network = stack.memo('HD-S05 networks by name', () => {
      const byName = new Map<string, CheckedResource>();
      for (const r of stack.resources) {
        const n = r.type === 'docker_network' ? r.attributes.name : undefined;
        if (isOpaque(n)) stack.acknowledge?.(n); // the network's own finding
        if (typeof n === 'string' && !byName.has(n)) byName.set(n, r);
      }
      return byName;
    }).get(name);
    // a block with count/for_each may create no network of that name; one on another provider lives on another engine
    if (network && (network.instances !== undefined || network.provider !== joiner?.provider)) return undefined;
    return network;
  }
  const network = stack.referenced(name, 'docker_network');
  if (network) return network;
  // a data source names a network: when one of the stack's own networks has that name, it is that network
  const data = stack.referenced(name, 'data.docker_network');
  const dataName = data?.attributes.name;
  return typeof dataName === 'string' ? joinedNetwork(dataName, stack, joiner) : undefined;
}

/** The zones of a service (`default` when it declares none); undefined when they cannot be read. */
function serviceZones(r: CheckedResource, stack: StackView, checking: CheckedResource): string[] | undefined {
  const z = zonesOf(r, stack, checking);
  const zones = [...new Set([...z.placed, ...z.labelled])];
  if (zones.length > 0) return zones;
  return z.unknown ? undefined : ['default'];
}

/**
 * A service on a network of another trust zone (issue 17): placement keeps zones apart on nodes, networks keep them
 * apart on the wire. A dmz service on the internal zone's network reaches every internal service on it, whatever node
 * it runs on; that path must be a grant — a pair network joined by exactly its two services, whose label names both
 * zones, taken with a justified opt-out.
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
    'label), a network without a zone label joined by services of several zones, and a third service on the pair network of a ' +
    'grant, each give one zone a path into another that no grant declares.',
  fix: 'Join only networks of the service\'s own zone; connect two services across zones with OverlayNetwork.allow(from, to, ' +
    '{ crossTrustZone: { justification } }), a pair network joined by exactly those two.',
  check: (r, stack) => {
    const mine = serviceZones(r, stack, r);
    if (!mine) return [];
    const out: RuleFinding[] = [];
    const task = normalize.blocks(r.attributes.task_spec)[0];
    for (const n of normalize.blocks(task?.networks_advanced)) {
      const network = joinedNetwork(n?.name, stack, r);
      if (!network) continue;
      const address = network.address ?? `${network.type}.${network.name}`;
      const labels = labelsOf(network, stack);
      const zone = labels[ZONE_LABEL]?.toLowerCase();
      if (labels[KIND_LABEL] === 'grant') {
        const pair = (labels[PAIR_LABEL] ?? '').split(SEPARATOR);
        if (!pair.includes(r.path)) {
          out.push({
            findingId: `network:${address}`,
            message: `the service joins ${address}, the pair network of the grant between ${pair.join(' and ')}, which only those two join`,
          });
          continue;
        }
      }
      if (labels[KIND_LABEL] === 'private' && labels[PRIVATE_LABEL] !== r.path) {
        out.push({
          findingId: `network:${address}`,
          message: `the service joins ${address}, the private network of ${labels[PRIVATE_LABEL]}, which only that service joins`,
        });
        continue;
      }
      const admitted = zone === undefined ? undefined : labels[KIND_LABEL] === 'grant' ? zone.split(SEPARATOR) : [zone];
      if (admitted) {
        const outside = mine.filter((z) => !admitted.includes(z));
        if (outside.length > 0) {
          out.push({
            findingId: `network:${address}`,
            message: `the service is in trust zone ${outside.map((z) => `"${z}"`).join(', ')} but joins ${address}, a network of ` +
              `${admitted.length > 1 ? 'the grant between' : 'trust zone'} ${admitted.map((z) => `"${z}"`).join(' and ')}`,
          });
        }
        continue;
      }
      // a network without a zone: the zones of all services that join it must be one
      const zones = zonesOnNetwork(stack, r).get(network) ?? new Set<string>();
      if (zones.size > 1) {
        out.push({
          findingId: `network:${address}`,
          message: `the service joins ${address}, which has no trust zone label and is joined by services of the zones ${[...zones].sort().join(', ')}`,
        });
      }
    }
    return out;
  },
};

/** For each managed network, the zones of the services that join it (built once per stack). */
function zonesOnNetwork(stack: StackView, checking: CheckedResource): Map<CheckedResource, Set<string>> {
  return stack.memo('HD-S05 zones on networks', () => {
    const map = new Map<CheckedResource, Set<string>>();
    for (const s of stack.resources) {
      if (s.type !== 'docker_service') continue;
      const zones = serviceZones(s, stack, checking);
      if (!zones) continue;
      const task = normalize.blocks(s.attributes.task_spec)[0];
      for (const n of normalize.blocks(task?.networks_advanced)) {
        const name = n?.name;
        if (s.address !== checking.address && isOpaque(name)) stack.acknowledge?.(name); // another service's own finding
        const network = joinedNetwork(name, stack, s);
        if (!network) continue;
        const set = map.get(network) ?? new Set<string>();
        for (const z of zones) set.add(z);
        map.set(network, set);
      }
    }
    return map;
  });
}
