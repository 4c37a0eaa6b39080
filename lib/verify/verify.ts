/**
 * `verify`'s engine side: derives each declared container's expected state,
 * inspects the live container by name and compares (see compare.ts).
 *
 * @internal
 */
// Types only: dockerode is loaded by the CLI when `verify` runs (connection.ts).
import type Docker from 'dockerode';
import { AttachedContainer, compareNetwork, intruders, intruderServices, LiveNetwork } from './check-networks';
import { compareService, LiveNode, LiveTask } from './check-services';
import { compareContainer, missingContainer } from './compare';
import { compareFindings, ContainerVerification, StackVerification, VerifyReport } from './finding';
import { LiveContainer } from './live';
import { containerCreatePlan, ContainerCreatePlan, imageName, networkCreatePlan, ResourceBody } from '../engine/provider-mapping';
import { serviceCreatePlan, ServiceCreatePlan } from '../engine/service-mapping';
import { resolveReferences, SynthesizedStack } from '../engine/stack';

export interface VerifyOptions {
  /**
   * Only these stacks (by name); all when empty or undefined. The containers of every stack given
   * still count as declared: one attached to a network of a selected stack is not an intruder.
   */
  readonly stacks?: string[];
}

const IMAGE_ID_REF = /^\$\{docker_image\.([A-Za-z0-9_-]+)\.image_id\}$/;
/** A placeholder for an image reference the engine cannot resolve; reported as an `image` finding. */
const UNRESOLVED_IMAGE = '<declared image not on the engine>';

/**
 * Verifies every declared `docker_container` and `docker_network` of the given stacks against the
 * engine, and reports the containers attached to a declared network that no stack given declares.
 */
export async function verifyStacks(docker: Docker, stacks: SynthesizedStack[], options: VerifyOptions = {}): Promise<VerifyReport> {
  const selected = selectStacks(stacks, options.stacks ?? []);
  const engine = new EngineLookup(docker);
  const declared = declaredContainerNames(stacks);
  const services = serviceNetworks(stacks);
  const results: StackVerification[] = [];
  for (const stack of selected) results.push(await verifyStack(engine, stack, declared, services));
  return { stacks: results };
}

/**
 * The container names the stacks declare (literal `name`s: a name verify cannot resolve is an
 * error when its own stack is verified).
 */
function declaredContainerNames(stacks: SynthesizedStack[]): Set<string> {
  return literalNames(stacks, 'docker_container');
}

/**
 * For each declared service name, the names of the networks its declaration joins (literal names, or references to a
 * docker_network of the same stack): a service is at home only on those, and an intruder on any other.
 */
function serviceNetworks(stacks: SynthesizedStack[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const blocks = (v: unknown): any[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []);
  for (const stack of stacks) {
    const networkName = (ref: string): string | undefined => {
      const m = /^\$\{docker_network\.([A-Za-z0-9_-]+)\.(?:id|name)\}$/.exec(ref);
      if (!m) return ref.includes('${') ? undefined : ref;
      const body = stack.resources.docker_network?.[m[1]];
      return typeof body?.name === 'string' ? body.name : undefined;
    };
    for (const body of Object.values(stack.resources.docker_service ?? {})) {
      if (typeof body?.name !== 'string' || body.name.includes('${')) continue;
      const joined = out.get(body.name) ?? new Set<string>();
      for (const task of blocks(body.task_spec)) {
        for (const n of blocks(task?.networks_advanced)) {
          const name = typeof n?.name === 'string' ? networkName(n.name) : undefined;
          if (name) joined.add(name);
        }
      }
      out.set(body.name, joined);
    }
  }
  return out;
}

/** The literal `name`s the stacks give resources of `type`. */
function literalNames(stacks: SynthesizedStack[], type: string): Set<string> {
  const names = new Set<string>();
  for (const stack of stacks) {
    for (const body of Object.values(stack.resources[type] ?? {})) {
      if (typeof body?.name === 'string' && !body.name.includes('${')) names.add(body.name);
    }
  }
  return names;
}

/** The stacks with the given names (all when none are given); an unknown name is an error. */
export function selectStacks(stacks: SynthesizedStack[], names: string[]): SynthesizedStack[] {
  const unknown = names.filter((name) => !stacks.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new Error(`no stack named ${unknown.join(', ')} (stacks found: ${stacks.map((s) => s.name).join(', ') || 'none'})`);
  }
  return stacks.filter((s) => names.length === 0 || names.includes(s.name));
}

async function verifyStack(engine: EngineLookup, stack: SynthesizedStack, declaredNames: ReadonlySet<string>,
  declaredServices: ReadonlyMap<string, ReadonlySet<string>>): Promise<StackVerification> {
  const images = new Map<string, { name: string; id: string | null }>();
  const noImageRefs = (type: string, name: string, attribute: string): unknown => {
    throw new Error(`${stack.name}: cannot resolve \${${type}.${name}.${attribute}} in a docker_image`);
  };
  for (const [logical, body] of Object.entries(stack.resources.docker_image ?? {})) {
    const { name } = imageName(logical, resolveReferences(body, noImageRefs, `docker_image.${logical}`) as ResourceBody);
    images.set(logical, { name, id: await engine.imageId(name) });
  }
  const named = (type: string) => (logical: string): string => {
    const body = stack.resources[type]?.[logical];
    if (!body || typeof body.name !== 'string' || body.name.includes('${')) throw new Error(`${stack.name}: cannot resolve the name of ${type}.${logical}`);
    return body.name;
  };
  const lookup = (type: string, logical: string, attribute: string): unknown => {
    if (type === 'docker_image' && images.has(logical)) {
      if (attribute === 'image_id') return images.get(logical)!.id ?? UNRESOLVED_IMAGE;
      if (attribute === 'name') return images.get(logical)!.name;
    }
    if (['docker_network', 'docker_container', 'docker_volume', 'docker_secret', 'docker_config', 'docker_service'].includes(type) &&
      attribute === 'name') return named(type)(logical);
    // a swarm secret or config referenced by id is matched by name too (a service's spec names both)
    if ((type === 'docker_secret' || type === 'docker_config') && attribute === 'id') return named(type)(logical);
    // a network referenced by id is matched by name, which is how inspect reports networks
    if (type === 'docker_network' && attribute === 'id') return named(type)(logical);
    throw new Error(`${stack.name}: cannot resolve \${${type}.${logical}.${attribute}}`);
  };

  const containers: ContainerVerification[] = [];
  for (const logical of Object.keys(stack.resources.docker_container ?? {}).sort()) {
    const address = `docker_container.${logical}`;
    const body = stack.resources.docker_container[logical];
    let plan: ContainerCreatePlan;
    try {
      plan = containerCreatePlan(logical, resolveReferences(body, lookup, address) as ResourceBody);
    } catch (e) {
      throw new Error(`${stack.name}: cannot derive the declared state of ${address}: ${(e as Error).message}`);
    }
    const ref = typeof body.image === 'string' ? IMAGE_ID_REF.exec(body.image) : null;
    const declared = ref && images.has(ref[1])
      ? images.get(ref[1])!
      : { name: plan.image, id: await engine.imageId(plan.image) };
    const live = await engine.container(plan.name);
    if (!live) {
      containers.push({ address, container: plan.name, findings: [missingContainer(plan, { stack: stack.name, address })] });
      continue;
    }
    const findings = compareContainer(await engine.networkNames(plan), live, {
      stack: stack.name,
      address,
      declaredImage: declared.name,
      declaredImageId: declared.id,
      liveImageConfig: live.Image ? await engine.imageConfig(live.Image) : undefined,
    });
    containers.push({ address, container: plan.name, findings });
  }
  // declared networks are attested too (listed with the containers, by their docker_network address),
  // with every container attached to them that no stack declares. Only networks the stack manages
  // (docker_network resources) are checked for intruders: a network it only names (ContainerNetwork.fromName,
  // a literal name) belongs to someone else, whose other containers are none of this stack's business.
  for (const logical of Object.keys(stack.resources.docker_network ?? {}).sort()) {
    const address = `docker_network.${logical}`;
    const plan = networkCreatePlan(logical, resolveReferences(stack.resources.docker_network[logical], lookup, address) as ResourceBody);
    const live = await absentOn404(engine.network(plan.name));
    const findings = compareNetwork(stack.name, address, plan, live);
    // a declared service's task containers join its swarm networks; anything else (a label claiming a service included) is an intruder
    // the services some stack declares on THIS network (a declared name elsewhere is no pass here)
    const declaredHere = new Set([...declaredServices].filter(([, networks]) => networks.has(plan.name)).map(([name]) => name));
    const tasksOfDeclared = live?.Scope === 'swarm' ? await engine.taskContainerIds(declaredHere) : new Set<string>();
    if (live) findings.push(...intruders(stack.name, address, plan.name, await engine.attachedContainers(live), declaredNames, tasksOfDeclared));
    if (live?.Id && live.Scope === 'swarm') {
      findings.push(...intruderServices(stack.name, address, plan.name, await engine.servicesOn(live.Id), declaredHere));
    }
    findings.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
    containers.push({ address, container: plan.name, findings });
  }
  for (const logical of Object.keys(stack.resources.docker_service ?? {}).sort()) {
    containers.push(await verifyService(engine, stack, logical, lookup));
  }
  return { stack: stack.name, file: stack.file, containers };
}

/** One declared docker_service against the swarm: its spec, its running tasks, their nodes. */
async function verifyService(engine: EngineLookup, stack: SynthesizedStack, logical: string,
  lookup: (type: string, logical: string, attribute: string) => unknown): Promise<ContainerVerification> {
  const address = `docker_service.${logical}`;
  let plan: ServiceCreatePlan;
  try {
    plan = serviceCreatePlan(logical, resolveReferences(stack.resources.docker_service[logical], lookup, address) as ResourceBody);
  } catch (e) {
    throw new Error(`${stack.name}: cannot derive the declared state of ${address}: ${(e as Error).message}`);
  }
  const base = { stack: stack.name, container: plan.name, address };
  const missing = (message: string): ContainerVerification =>
    ({ address, container: plan.name, findings: [{ ...base, field: 'service', kind: 'missing', expected: plan.name, actual: null, message }] });
  const swarm = await engine.swarmManager();
  if (swarm !== true) return missing(`cannot inspect service ${plan.name}: ${swarm}`);
  const live = await engine.service(plan.name);
  if (!live) return missing(`no service named ${plan.name} in the swarm`);
  const tasks = await engine.tasks(String(live.ID));
  const ids = (kind: 'Secrets' | 'Configs', key: 'SecretID' | 'ConfigID') => [live.Spec?.TaskTemplate, ...tasks.map((t) => t.Spec)]
    .flatMap((t: any) => ((t?.ContainerSpec?.[kind] ?? []) as any[]).map((x) => String(x[key])));
  const findings = compareService(plan, live, {
    networkNames: await engine.networkNamesById(),
    nodes: await engine.nodes(),
    tasks,
    secretNames: await engine.swarmObjectNames('secret', ids('Secrets', 'SecretID')),
    configNames: await engine.swarmObjectNames('config', ids('Configs', 'ConfigID')),
  }).sort(compareFindings).map((f) => ({ ...base, ...f }));
  return { address, container: plan.name, findings };
}

/** Engine reads, with 404 as "absent" and every other error passed on. */
class EngineLookup {
  private readonly imageIds = new Map<string, string | null>();
  private swarmState?: Promise<true | string>;
  private networkIds?: Promise<Map<string, string>>;
  private nodeList?: Promise<LiveNode[]>;

  public constructor(private readonly docker: Docker) {}

  public async imageId(name: string): Promise<string | null> {
    if (!this.imageIds.has(name)) {
      const info = await absentOn404(this.docker.getImage(name).inspect());
      this.imageIds.set(name, info?.Id ?? null);
    }
    return this.imageIds.get(name)!;
  }

  public async imageConfig(id: string): Promise<{ User?: string; Volumes?: { [path: string]: unknown } | null } | undefined> {
    const info = await absentOn404(this.docker.getImage(id).inspect());
    return info?.Config ?? undefined;
  }

  /** The network with exactly this name. */
  public async network(name: string): Promise<LiveNetwork> {
    const info = (await this.docker.getNetwork(name).inspect()) as LiveNetwork;
    if (info.Name !== name) throw Object.assign(new Error(`no network named ${name}`), { statusCode: 404 });
    return info;
  }

  /**
   * Every container attached to the network: the running ones (the network's endpoints) and the
   * stopped ones that join it when started (the container list filtered by the network's full ID).
   */
  public async attachedContainers(network: LiveNetwork): Promise<AttachedContainer[]> {
    const found = new Map<string, AttachedContainer>();
    if (network.Id) {
      const list = await this.docker.listContainers({ all: true, filters: { network: [network.Id] } });
      for (const c of list) {
        found.set(c.Id, {
          id: c.Id,
          name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
          image: c.Image ?? c.ImageID ?? '',
          state: c.State ?? 'unknown',
          service: c.Labels?.['com.docker.swarm.service.name'],
        });
      }
    }
    for (const id of Object.keys(network.Containers ?? {})) {
      if (found.has(id)) continue;
      // an endpoint the filtered list did not return (e.g. a load-balancer endpoint) counts only if it is a container
      const info = await absentOn404(this.docker.getContainer(id).inspect());
      if (!info || info.Id !== id) continue;
      const state = info.State?.Paused ? 'paused' : info.State?.Restarting ? 'restarting' : info.State?.Status ?? 'unknown';
      found.set(id, {
        id,
        name: String(info.Name ?? id).replace(/^\//, ''),
        image: info.Config?.Image ?? info.Image ?? '',
        state,
        service: info.Config?.Labels?.['com.docker.swarm.service.name'],
      });
    }
    return [...found.values()];
  }

  /** true when the engine is a swarm manager, else why services cannot be inspected. */
  public swarmManager(): Promise<true | string> {
    this.swarmState ??= this.docker.info().then((info: any) => {
      const state = info?.Swarm?.LocalNodeState;
      if (state !== 'active') return `the engine is not in a swarm (state ${state ?? 'unknown'})`;
      return info?.Swarm?.ControlAvailable ? true : 'the engine is a swarm worker: only a manager shows services';
    });
    return this.swarmState;
  }

  /** The service with exactly this name (inspect also matches IDs and ID prefixes). */
  public async service(name: string): Promise<any | undefined> {
    const info = await absentOn404(this.docker.getService(name).inspect()) as any;
    return info?.Spec?.Name === name ? info : undefined;
  }

  /** Every network's ID -> name (service specs name networks by ID). */
  public networkNamesById(): Promise<Map<string, string>> {
    this.networkIds ??= this.docker.listNetworks().then((list) => new Map(list.map((n) => [String(n.Id), String(n.Name)])));
    return this.networkIds;
  }

  public nodes(): Promise<LiveNode[]> {
    this.nodeList ??= this.docker.listNodes().then((list) => list as LiveNode[]);
    return this.nodeList;
  }

  /** Every task of a service (by service ID): the ones wanted running and the ones still running while shut down. */
  public async tasks(serviceId: string): Promise<LiveTask[]> {
    return await this.docker.listTasks({ filters: { service: [serviceId] } }) as LiveTask[];
  }

  /** The names the swarm gives secrets or configs, by ID (absent IDs are left out: reported as not found). */
  public async swarmObjectNames(kind: 'secret' | 'config', ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) {
      const request: Promise<unknown> = kind === 'secret' ? this.docker.getSecret(id).inspect() : this.docker.getConfig(id).inspect();
      const info = await absentOn404(request) as any;
      if (info?.ID === id && typeof info.Spec?.Name === 'string') out.set(id, info.Spec.Name);
    }
    return out;
  }

  /** The containers of the tasks of these services (a declared service's own tasks are not intruders on its networks). */
  public async taskContainerIds(serviceNames: ReadonlySet<string>): Promise<Set<string>> {
    if (serviceNames.size === 0 || (await this.swarmManager()) !== true) return new Set();
    // by the IDs of the declared services that exist (a task filter naming a missing service is a 404)
    const ids = (await this.docker.listServices() as any[]).filter((s) => serviceNames.has(String(s.Spec?.Name))).map((s) => String(s.ID));
    if (ids.length === 0) return new Set();
    const tasks = await this.docker.listTasks({ filters: { service: ids } }) as LiveTask[];
    return new Set(tasks.map((t: any) => t.Status?.ContainerStatus?.ContainerID).filter((id): id is string => typeof id === 'string' && id !== ''));
  }

  /** The services whose tasks join the network (by network ID). */
  public async servicesOn(networkId: string): Promise<Array<{ id: string; name: string; image: string }>> {
    const list = await this.docker.listServices() as any[];
    // what runs: tasks still attached to the network (an update that left it has not reached every task yet)
    const attachedByTasks = new Set((await this.docker.listTasks() as any[])
      .filter((t) => t.Status?.State === 'running' && ((t.NetworksAttachments ?? []) as any[]).some((a) => a.Network?.ID === networkId))
      .map((t) => String(t.ServiceID)));
    return list
      // the task template's networks, the deprecated top-level ones moby still attaches tasks to, and running tasks' attachments
      .filter((s) => attachedByTasks.has(String(s.ID)) ||
        [...(s.Spec?.TaskTemplate?.Networks ?? []), ...(s.Spec?.Networks ?? [])].some((n: any) => n.Target === networkId))
      .map((s) => ({ id: String(s.ID), name: String(s.Spec?.Name ?? s.ID), image: String(s.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '') }));
  }

  /** The container with exactly this name (the API also matches ID prefixes, which must not count). */
  public async container(name: string): Promise<LiveContainer | undefined> {
    const info = await absentOn404(this.docker.getContainer(name).inspect());
    return info && info.Name === `/${name}` ? info : undefined;
  }

  /** The plan with `networks_advanced` given by network ID rewritten to network names, as inspect reports them. */
  public async networkNames(plan: ContainerCreatePlan): Promise<ContainerCreatePlan> {
    const networks = [];
    for (const n of plan.networks) {
      const info = /^[0-9a-f]{12,64}$/.test(n.name) ? await absentOn404(this.docker.getNetwork(n.name).inspect()) : undefined;
      networks.push(info?.Name && info.Id?.startsWith(n.name) ? { ...n, name: String(info.Name) } : n);
    }
    return { ...plan, networks };
  }
}

async function absentOn404<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}
