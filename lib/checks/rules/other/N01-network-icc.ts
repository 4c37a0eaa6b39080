import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { CheckedResource, HardeningRule, StackView } from '../../rule';

/** Bridge driver option that turns inter-container communication off. */
export const ENABLE_ICC = 'com.docker.network.bridge.enable_icc';
/** Bridge driver option that turns the network's NAT route out off. */
export const ENABLE_IP_MASQUERADE = 'com.docker.network.bridge.enable_ip_masquerade';
const LIBRARY_NETWORK_LABEL = 'io.cdktf-hardened-docker.network';

/**
 * Go's strconv.ParseBool, which the bridge driver and the daemon use for their
 * options: true, false, or undefined for anything else (which Docker refuses).
 *
 * @internal
 */
export function goParseBool(v: unknown): boolean | undefined {
  const s = typeof v === 'boolean' ? String(v) : typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined;
  if (s === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** The driver of a docker_network, `bridge` when unset (Docker's default outside swarm). @internal */
export function networkDriver(a: { [k: string]: any }): string {
  const d = typeof a.driver === 'string' ? a.driver.trim() : '';
  return d === '' ? 'bridge' : d;
}

/** A driver option's value (options is a map of strings). @internal */
export function networkOption(a: { [k: string]: any }, key: string): unknown {
  const o = a.options;
  return o && typeof o === 'object' && !Array.isArray(o) ? o[key] : undefined;
}

/** The docker_containers of the stack that join `network` through networks_advanced (by name or by reference). */
/** The containers of the stack that join `network` (through a reference to it, or by its literal name). */
function joiners(network: CheckedResource, stack: StackView): CheckedResource[] {
  // one pass over the containers for all networks: by referenced network resource, and by literal name
  const index = stack.memo('HD-N01:joiners', () => {
    const byResource = new Map<CheckedResource, Set<CheckedResource>>();
    const byName = new Map<string, Set<CheckedResource>>();
    const add = <K>(map: Map<K, Set<CheckedResource>>, key: K, c: CheckedResource) => {
      const set = map.get(key) ?? new Set<CheckedResource>();
      set.add(c);
      map.set(key, set);
    };
    for (const c of stack.resources) {
      if (c.type !== 'docker_container' && c.type !== 'docker_service') continue;
      const names = normalize.blocks(c.attributes.networks_advanced).map((n) => n.name);
      if (c.type === 'docker_container' && c.attributes.network_mode !== undefined) names.push(c.attributes.network_mode);
      for (const name of names) {
        const target = stack.referenced(name, 'docker_network');
        if (target) add(byResource, target, c);
        else if (typeof name === 'string') add(byName, name, c);
      }
    }
    return { byResource, byName };
  });
  const name = network.attributes.name;
  const members = new Set([...(index.byResource.get(network) ?? []), ...(name !== undefined ? index.byName.get(String(name)) ?? [] : [])]);
  return [...members];
}

function labelValue(a: { [k: string]: any }, key: string): string | undefined {
  if (Array.isArray(a.labels)) return a.labels.find((l: any) => l?.label === key)?.value;
  return a.labels && typeof a.labels === 'object' ? a.labels[key] : undefined;
}

/** A bridge network on which every container reaches every other one (CIS 2.2 per network). */
export const N01NetworkIcc: HardeningRule = {
  id: 'HD-N01',
  title: 'Network allows inter-container communication',
  cis: ['CIS 2.2'],
  sources: ['docker-bench 2.2 (icc), applied per network'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_network'],
  suppressible: true,
  explanation: 'On a bridge network with inter-container communication on (Docker\'s default), every container can reach every ' +
    'port of every other container on it, so one compromised container can attack all its neighbours. Other drivers (overlay, ' +
    'macvlan, ipvlan, plugins) have no such switch at all. On a bridge, only an explicit ' +
    `${ENABLE_ICC} option that Go's ParseBool reads as false ("false", "0", "f", …) turns it off. A library grant network ` +
    '(internal, labelled network=grant, joined by at most two containers) is exempt: letting exactly that pair talk is its purpose.',
  fix: `Use IsolatedNetwork (icc off) and IsolatedNetwork.allow() for each path, or set docker_network.options["${ENABLE_ICC}"] = "false" ` +
    'on a bridge network.',
  check: (r, stack) => {
    const a = r.attributes;
    const driver = networkDriver(a);
    // an encrypted overlay is the swarm's per-purpose network (HardenedService): it has no switch, its purpose is its boundary
    const options = a.options && typeof a.options === 'object' && !Array.isArray(a.options) ? a.options : {};
    if (driver.toLowerCase() === 'overlay' && Object.prototype.hasOwnProperty.call(options, 'encrypted')) return [];
    if (driver.toLowerCase() !== 'bridge') {
      // only the bridge driver has an inter-container switch; on the others every member reaches every other
      const lan = ['macvlan', 'ipvlan'].includes(driver.toLowerCase()) ? ', and its containers sit directly on the host\'s LAN' : '';
      return [{
        findingId: 'driver',
        message: `driver ${JSON.stringify(driver)} has no inter-container communication switch, so every ` +
        `container on it reaches every other (${joiners(r, stack).length} container(s) of the stack join it)${lan}`,
      }];
    }
    const icc = networkOption(a, ENABLE_ICC);
    if (goParseBool(icc) === false) return [];
    const members = joiners(r, stack);
    if (normalize.bool(a.internal) && labelValue(a, LIBRARY_NETWORK_LABEL) === 'grant' && members.length <= 2) return [];
    const why = icc === undefined ? `options has no ${ENABLE_ICC}` : `${ENABLE_ICC} = ${JSON.stringify(icc)}`;
    return [{ message: `${why}, so inter-container communication is on (${members.length} container(s) of the stack join it)` }];
  },
};
