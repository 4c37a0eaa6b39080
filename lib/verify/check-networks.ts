/**
 * Declared docker_network resources against the live networks: a network
 * re-created under the same name with inter-container communication on, a
 * route out or an address on its bridge silently undoes an IsolatedNetwork;
 * so does a container attached to it that no stack declares (an intruder).
 *
 * @internal
 */
import { Finding } from './finding';
import { shortId } from './units';
import { NetworkCreatePlan } from '../engine/provider-mapping';

/** The bridge options whose loss weakens isolation, with the value that is the stronger one. */
const ISOLATING_OPTIONS: { [key: string]: string } = {
  'com.docker.network.bridge.enable_icc': 'false',
  'com.docker.network.bridge.enable_ip_masquerade': 'false',
  'com.docker.network.bridge.inhibit_ipv4': 'true',
};

export interface LiveNetwork {
  readonly Id?: string;
  readonly Name?: string;
  readonly Internal?: boolean;
  readonly Attachable?: boolean;
  /** `local` or `swarm`. */
  readonly Scope?: string;
  readonly Options?: { [key: string]: string } | null;
  /** The running containers' endpoints, by container ID. */
  readonly Containers?: { [id: string]: { readonly Name?: string } } | null;
}

/** A live container attached to a network (running, or stopped and joining it when started). */
export interface AttachedContainer {
  readonly id: string;
  /** Without the leading `/`. */
  readonly name: string;
  /** The image as the container was created with it (a reference or an ID). */
  readonly image: string;
  /** `running`, `exited`, `created`, `paused`, `restarting`, `dead`. */
  readonly state: string;
  /** For a swarm task's container: the service it belongs to (label com.docker.swarm.service.name). */
  readonly service?: string;
}

/**
 * One `intruder` finding per container attached to a network the stack manages that no verified
 * stack declares (`declared`: the container names every stack declares). An intruder fails
 * verification without `--strict`: it gives an undeclared process a network path to the declared
 * containers, the mirror image of a declared container on an undeclared network (weaker).
 */
export function intruders(stack: string, address: string, network: string, attached: AttachedContainer[], declared: ReadonlySet<string>,
  declaredTaskContainers: ReadonlySet<string> = new Set()): Finding[] {
  return attached
    // a declared service's task containers (by the swarm's task list, not by a label anyone can set) are that service's
    .filter((c) => !declared.has(c.name) && !declaredTaskContainers.has(c.id))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((c) => {
      const running = c.state === 'running';
      const when = running ? 'running' : `${c.state}, joins ${network} when started`;
      return {
        stack,
        container: network,
        address,
        field: `containers.${c.name}`,
        kind: 'intruder' as const,
        expected: null,
        actual: { id: c.id, image: c.image, name: c.name, running, state: c.state },
        message: `${c.name} (${shortId(c.id)}, image ${shortId(c.image)}, ${when}) is attached to ${network} but declared by no stack verified:`
          + ' an undeclared process on the workload\'s network, which can reach the declared containers there unless inter-container communication is off',
      };
    });
}

/** Findings for one declared network; `live` undefined means it does not exist. */
export function compareNetwork(stack: string, address: string, plan: NetworkCreatePlan, live: LiveNetwork | undefined): Finding[] {
  const base = { stack, container: plan.name, address };
  if (!live) {
    return [{ ...base, field: 'network', kind: 'missing', expected: plan.name, actual: null, message: `no network named ${plan.name} on the engine` }];
  }
  const out: Finding[] = [];
  const declaredOptions: { [key: string]: string } = plan.body.Options ?? {};
  const liveOptions = live.Options ?? {};
  if (plan.body.Internal === true && live.Internal !== true) {
    out.push({ ...base, field: 'internal', kind: 'weaker', expected: true, actual: live.Internal ?? false, message: 'declared internal, live network has a route out' });
  }
  // an overlay network: the data plane's encryption (the option's presence) and who can attach
  if (declaredOptions.encrypted !== undefined && liveOptions.encrypted === undefined) {
    out.push({
      ...base,
      field: 'options.encrypted',
      kind: 'weaker',
      expected: declaredOptions.encrypted,
      actual: null,
      message: 'declared encrypted, the live overlay network carries plain VXLAN between nodes',
    });
  }
  if (plan.body.Attachable !== true && live.Attachable === true) {
    out.push({
      ...base,
      field: 'attachable',
      kind: 'weaker',
      expected: false,
      actual: true,
      message: 'declared not attachable, live standalone containers on any node can join',
    });
  }
  for (const [key, strong] of Object.entries(ISOLATING_OPTIONS)) {
    if (declaredOptions[key] === strong && liveOptions[key] !== strong) {
      out.push({
        ...base,
        field: `options.${key}`,
        kind: 'weaker',
        expected: strong,
        actual: liveOptions[key] ?? null,
        message: `declared ${key}=${strong}, live ${liveOptions[key] ?? 'unset (Docker default)'}`,
      });
    }
  }
  const binding = 'com.docker.network.bridge.host_binding_ipv4';
  if (declaredOptions[binding] && liveOptions[binding] !== declaredOptions[binding]) {
    out.push({
      ...base,
      field: `options.${binding}`,
      kind: 'weaker',
      expected: declaredOptions[binding],
      actual: liveOptions[binding] ?? null,
      message: `declared published ports on ${declaredOptions[binding]}, live ${liveOptions[binding] ?? 'all interfaces'}`,
    });
  }
  return out.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/**
 * One `intruder` finding per swarm service whose tasks join a network the stack manages that no verified stack
 * declares: on an overlay network every task of it reaches the declared services, on any node.
 */
export function intruderServices(stack: string, address: string, network: string, services: Array<{ id: string; name: string; image: string }>,
  declared: ReadonlySet<string>): Finding[] {
  return services
    .filter((s) => !declared.has(s.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => ({
      stack,
      container: network,
      address,
      field: `services.${s.name}`,
      kind: 'intruder' as const,
      expected: null,
      actual: { id: s.id, image: s.image, name: s.name },
      message: `service ${s.name} (${shortId(s.id)}, image ${shortId(s.image)}) joins ${network} but is declared by no stack verified: ` +
        'its tasks reach the declared services on this network from any node',
    }));
}
