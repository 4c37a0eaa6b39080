/**
 * Applies the swarm resources of a synthesized stack (`docker_secret`,
 * `docker_config`, `docker_network` (overlay), `docker_service`, plus
 * `docker_image` lookups) to a Docker engine that is a swarm manager, the way
 * kreuzwerker/terraform-provider-docker **v3.6.2** does: the requests come from
 * lib/engine/service-mapping.ts (sources cited there). Like applier.ts it
 * exists because Terraform providers cannot be downloaded in CI; it is not a
 * Terraform replacement: no state, no plan, no update.
 *
 * @internal
 */
import Docker from 'dockerode';
import { EngineApplier } from './applier';
import { imageName, networkCreatePlan, ResourceBody } from '../../lib/engine/provider-mapping';
import { configCreateSpec, durationOrZero, secretCreateSpec, serviceCreatePlan, ServiceCreatePlan } from '../../lib/engine/service-mapping';
import { resolveReferences, SynthesizedStack } from '../../lib/engine/stack';

export { imageWithTag, serviceCreatePlan } from '../../lib/engine/service-mapping';
export type { ServiceCreatePlan } from '../../lib/engine/service-mapping';

/** What the swarm applier created, so that it can be destroyed again. */
export interface AppliedSwarmStack {
  readonly stack: string;
  readonly images: Map<string, { id: string; name: string; keepLocally: boolean }>;
  readonly secrets: Map<string, { id: string; name: string }>;
  readonly configs: Map<string, { id: string; name: string }>;
  readonly networks: Map<string, { id: string; name: string }>;
  readonly services: Map<string, { id: string; name: string; stopGracePeriod: string }>;
  /** Warnings the engine returned for service creates. */
  readonly warnings: string[];
}

/**
 * Applies `docker_image` (lookup), `docker_secret`, `docker_config`, `docker_network`
 * and `docker_service` resources to a swarm manager. The engine must already be
 * a swarm manager; this class never changes swarm membership.
 *
 * @internal
 */
export class SwarmApplier {
  private readonly images: EngineApplier;

  public constructor(private readonly docker: Docker) {
    this.images = new EngineApplier(docker);
  }

  /** Applies a stack. On failure, whatever was created is destroyed again and the error rethrown. */
  public async apply(stack: SynthesizedStack): Promise<AppliedSwarmStack> {
    const applied: AppliedSwarmStack = {
      stack: stack.name, images: new Map(), secrets: new Map(), configs: new Map(), networks: new Map(), services: new Map(), warnings: [],
    };
    const known = new Set(['docker_image', 'docker_secret', 'docker_config', 'docker_network', 'docker_service']);
    for (const type of Object.keys(stack.resources)) {
      if (!known.has(type)) throw new Error(`${stack.name}: resource type ${type} is not supported by the swarm applier`);
    }
    const lookup = (type: string, name: string, attribute: string): unknown => {
      const where = `\${${type}.${name}.${attribute}}`;
      const table: { [t: string]: Map<string, { id: string; name: string }> | undefined } = {
        docker_secret: applied.secrets, docker_config: applied.configs, docker_network: applied.networks, docker_service: applied.services,
      };
      if (type === 'docker_image' && attribute === 'image_id') return must(applied.images.get(name), where).id;
      if (type === 'docker_image' && attribute === 'name') return must(applied.images.get(name), where).name;
      const map = table[type];
      if (map && (attribute === 'id' || attribute === 'name')) return must(map.get(name), where)[attribute as 'id' | 'name'];
      throw new Error(`${stack.name}: cannot resolve ${where}`);
    };
    try {
      for (const [name, body] of Object.entries(stack.resources.docker_image ?? {})) {
        const image = imageName(name, resolveReferences(body, lookup, `docker_image.${name}`) as ResourceBody);
        applied.images.set(name, { id: await this.images.findImage(image.name), name: image.name, keepLocally: image.keepLocally });
      }
      for (const [name, body] of Object.entries(stack.resources.docker_secret ?? {})) {
        const s = secretCreateSpec(name, resolveReferences(body, lookup, `docker_secret.${name}`) as ResourceBody);
        const created = await this.docker.createSecret(s.spec as Docker.SecretSpec) as { id?: string; ID?: string };
        applied.secrets.set(name, { id: String(created.id ?? created.ID), name: s.name });
      }
      for (const [name, body] of Object.entries(stack.resources.docker_config ?? {})) {
        const s = configCreateSpec(name, resolveReferences(body, lookup, `docker_config.${name}`) as ResourceBody);
        const created = await this.docker.createConfig(s.spec) as { id?: string; ID?: string };
        applied.configs.set(name, { id: String(created.id ?? created.ID), name: s.name });
      }
      for (const [name, body] of Object.entries(stack.resources.docker_network ?? {})) {
        const plan = networkCreatePlan(name, resolveReferences(body, lookup, `docker_network.${name}`) as ResourceBody);
        const created = await this.docker.createNetwork(plan.body as Docker.NetworkCreateOptions);
        applied.networks.set(name, { id: created.id, name: plan.name });
      }
      for (const [name, body] of orderServices(stack.resources.docker_service ?? {})) {
        const plan = serviceCreatePlan(name, resolveReferences(body, lookup, `docker_service.${name}`) as ResourceBody);
        const created = (id: string) => applied.services.set(name, { id, name: plan.name, stopGracePeriod: plan.stopGracePeriod });
        await this.createService(plan, created, applied.warnings);
      }
    } catch (e) {
      await this.destroy(applied).catch(() => undefined);
      throw e;
    }
    return applied;
  }

  /**
   * Destroys what `apply` created: services first (provider `deleteService`; each then waits, beyond the provider,
   * bounded, until its task containers are gone, so that nothing is left on the engine); then secrets,
   * configs, networks (with the provider's retry on "has active endpoints"), and images not kept locally.
   */
  public async destroy(applied: AppliedSwarmStack): Promise<void> {
    const errors: string[] = [];
    // Services are deleted concurrently, as Terraform's parallel graph walk deletes independent resources
    // (depends_on between two services is not honored here).
    await Promise.all([...applied.services.entries()].map(async ([key, s]) => {
      try {
        await this.deleteService(s.id, s.name, s.stopGracePeriod);
        applied.services.delete(key);
      } catch (e) {
        errors.push(`service ${s.name}: ${(e as Error).message}`);
      }
    }));
    for (const [key, s] of [...applied.secrets.entries()].reverse()) {
      await this.docker.getSecret(s.id).remove().then(() => applied.secrets.delete(key), (e) => {
        if (notFound(e)) applied.secrets.delete(key); else errors.push(`secret ${s.name}: ${(e as Error).message}`);
      });
    }
    for (const [key, c] of [...applied.configs.entries()].reverse()) {
      await this.docker.getConfig(c.id).remove().then(() => applied.configs.delete(key), (e) => {
        if (notFound(e)) applied.configs.delete(key); else errors.push(`config ${c.name}: ${(e as Error).message}`);
      });
    }
    for (const [key, n] of [...applied.networks.entries()].reverse()) {
      try {
        await this.removeNetwork(n.id);
        applied.networks.delete(key);
      } catch (e) {
        errors.push(`network ${n.name}: ${(e as Error).message}`);
      }
    }
    for (const [key, i] of applied.images.entries()) {
      if (!i.keepLocally) await this.docker.getImage(i.name).remove().catch(() => undefined);
      applied.images.delete(key);
    }
    if (errors.length > 0) throw new Error(`destroy of ${applied.stack} incomplete: ${errors.join('; ')}`);
  }

  /** The tasks of a service (all desired states). */
  public async tasks(serviceId: string): Promise<any[]> {
    return (await this.docker.listTasks({ filters: JSON.stringify({ service: [serviceId] }) } as any)) as unknown as any[];
  }

  private async createService(plan: ServiceCreatePlan, created: (id: string) => void, warnings: string[]): Promise<void> {
    // resourceDockerServiceCreate L32-80. QueryRegistry = true makes the Go client ask the daemon for the image's
    // registry digest (GET /distribution/<image>/json) and, on failure, only add a warning and send the reference
    // unchanged. This applier takes that failure path without asking (no registry is reachable in CI, and the
    // tests use local images); with a registry the provider would send image@digest and the image's platforms
    // as placement platforms.
    type Response = { ID?: string; id?: string; Warnings?: string[] };
    const response = await this.docker.createService({ base64: plan.registryAuth } as any, plan.spec as any) as unknown as Response;
    const id = String(response.ID ?? response.id);
    for (const w of response.Warnings ?? []) warnings.push(w);
    created(id);

    if (plan.converge) {
      // converge: retry.StateChangeConf{Target: running/complete, Delay: delay, Timeout: timeout, MinTimeout: 5s}. The
      // refresh (L347-395 + replicatedConsoleLogUpdater.update L503-555) counts, per slot on active nodes, tasks whose
      // observed state is running. The poll cadence here (250 ms instead of >= 5 s) is not semantic.
      const deadline = Date.now() + plan.converge.timeoutMs;
      await sleep(plan.converge.delayMs);
      for (;;) {
        if (await this.converged(id)) break;
        if (Date.now() > deadline) {
          const why = (await this.tasks(id)).map((t) => `${t.Status?.State}${t.Status?.Err ? ` (${t.Status.Err})` : ''}`).join(', ');
          // the service is deleted when it cannot be converged (L60-64)
          await this.deleteService(id, plan.name, plan.stopGracePeriod).catch(() => undefined);
          throw new Error(`Service with ID (${id}) did not converge after ${plan.converge.timeoutRaw} [tasks: ${why || 'none'}]`);
        }
        await sleep(250);
      }
    }

    // resourceDockerServiceRead L82-101: wait (max 30 s) until the service exposes its endpoint spec mode
    const deadline = Date.now() + 30_000;
    for (;;) {
      const info = await this.docker.getService(id).inspect() as any;
      if (info.Endpoint?.Spec?.Mode || info.Spec?.EndpointSpec?.Mode) return;
      if (Date.now() > deadline) throw new Error(`service ${plan.name} did not expose its endpoint spec within 30 s`);
      await sleep(100);
    }
  }

  /** `replicatedConsoleLogUpdater.update`: running tasks (one per slot on active nodes) == replicas. */
  private async converged(serviceId: string): Promise<boolean> {
    const service = await this.docker.getService(serviceId).inspect() as any;
    const replicas = service.Spec?.Mode?.Replicated?.Replicas;
    if (replicas === undefined) throw new Error('no replica count');
    const order = ['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running', 'complete', 'shutdown', 'failed', 'rejected'];
    const rank = (s: string) => order.indexOf(s) + 1;
    const nodes = await this.docker.listNodes() as any[];
    const active = new Set(nodes.filter((n) => n.Status?.State !== 'down').map((n) => n.ID));
    const tasks = (await this.docker.listTasks({ filters: JSON.stringify({ 'service': [serviceId], 'desired-state': ['running'] }) } as any)) as unknown as any[];
    const bySlot = new Map<number, any>();
    for (const t of tasks) {
      if (rank(t.DesiredState) === 0 || rank(t.Status?.State) === 0) continue;
      const existing = bySlot.get(t.Slot);
      if (existing) {
        if (rank(existing.DesiredState) < rank(t.DesiredState)) continue;
        if (rank(existing.DesiredState) === rank(t.DesiredState) && rank(existing.Status.State) <= rank(t.Status.State)) continue;
      }
      if (t.NodeID && !active.has(t.NodeID)) continue;
      bySlot.set(t.Slot, t);
    }
    let running = 0;
    for (const t of bySlot.values()) if (rank(t.DesiredState) <= rank('running') && t.Status.State === 'running') running++;
    return running === replicas;
  }

  /** deleteService L250-331, then (beyond the provider) a bounded wait until the service's containers are gone. */
  private async deleteService(id: string, name: string, stopGracePeriod: string): Promise<void> {
    const graceful = stopGracePeriod !== '' && stopGracePeriod !== '0s';
    const containerIds: string[] = [];
    if (graceful) {
      for (const t of await this.tasks(name).catch(() => [])) {
        const cid = t.Status?.ContainerStatus?.ContainerID;
        if (cid && t.Status?.State !== 'shutdown') containerIds.push(cid);
      }
    }
    await this.docker.getService(id).remove().catch((e) => {
      if (!notFound(e)) throw new Error(`Error deleting service with ID '${id}': ${(e as Error).message}`);
    });
    if (graceful) {
      const graceMs = durationOrZero(stopGracePeriod) / 1e6;
      for (const cid of containerIds) {
        await waitRemoved(this.docker, cid, graceMs);
        await this.docker.getContainer(cid).remove({ force: true, v: true }).catch(() => undefined);
      }
    }
    // Not in the provider: swarm removes a deleted service's task containers asynchronously. Wait for that
    // (bounded), so that destroy() really leaves nothing behind, and force-remove what is left after the bound.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const left = await this.docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.id=${id}`] } });
      if (left.length === 0) return;
      if (Date.now() > deadline) {
        for (const c of left) await this.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
        return;
      }
      await sleep(200);
    }
  }

  /** resourceDockerNetworkRemoveRefreshFunc L192-213: retry while the network "has active endpoints" (30 s). */
  private async removeNetwork(id: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await this.docker.getNetwork(id).remove();
        return;
      } catch (e) {
        if (notFound(e)) return;
        if (!/has active endpoints/i.test(String((e as Error).message)) || Date.now() > deadline) throw e;
      }
      await sleep(250);
    }
  }
}

function must<T>(v: T | undefined, where: string): T {
  if (v === undefined) throw new Error(`reference ${where} points at a resource that is not (yet) applied`);
  return v;
}

function notFound(e: unknown): boolean {
  return (e as { statusCode?: number }).statusCode === 404;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** ContainerWait(removed) bounded by the grace period; a missing container counts as removed. */
async function waitRemoved(docker: Docker, id: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await docker.getContainer(id).inspect();
    } catch (e) {
      if (notFound(e)) return;
      throw e;
    }
    await sleep(100);
  }
}

/** Services in an order that respects `depends_on` between services; otherwise synthesized order. */
function orderServices(services: { [name: string]: ResourceBody }): Array<[string, ResourceBody]> {
  const done = new Set<string>();
  const out: Array<[string, ResourceBody]> = [];
  const visit = (name: string, trail: string[]) => {
    if (done.has(name)) return;
    if (trail.includes(name)) throw new Error(`dependency cycle: ${[...trail, name].join(' -> ')}`);
    for (const dep of (services[name].depends_on as string[] | undefined) ?? []) {
      const m = /^docker_service\.([^.]+)$/.exec(dep);
      if (m && services[m[1]]) visit(m[1], [...trail, name]);
    }
    done.add(name);
    out.push([name, services[name]]);
  };
  for (const n of Object.keys(services)) visit(n, []);
  return out;
}
