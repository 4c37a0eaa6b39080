import Docker from 'dockerode';
import { containerCreatePlan, ContainerCreatePlan, imageName, networkCreatePlan, ResourceBody } from '../../lib/engine/provider-mapping';
import { resolveReferences, SynthesizedStack } from '../../lib/engine/stack';

/**
 * What the applier created, so that it can be destroyed again.
 *
 * @internal
 */
export interface AppliedStack {
  readonly stack: string;
  /** `docker_image` name -> image id and keep_locally. */
  readonly images: Map<string, { id: string; name: string; keepLocally: boolean }>;
  /** `docker_network` name -> network id and name. */
  readonly networks: Map<string, { id: string; name: string }>;
  /** `docker_container` name -> container id and name. */
  readonly containers: Map<string, { id: string; name: string; removeVolumes: boolean; graceSeconds: number }>;
}

/**
 * Applies the `docker_image`, `docker_network` and `docker_container`
 * resources of a synthesized stack to a Docker engine through the Engine API,
 * in the sequence provider 3.6.2 uses (see provider-mapping.ts for sources).
 * It exists because Terraform providers cannot be downloaded in CI; it is not
 * a Terraform replacement: no state, no plan, no update.
 *
 * @internal
 */
export class EngineApplier {
  public constructor(private readonly docker: Docker) {}

  /** Applies a stack. On failure, whatever was created is destroyed again and the error rethrown. */
  public async apply(stack: SynthesizedStack): Promise<AppliedStack> {
    const applied: AppliedStack = { stack: stack.name, images: new Map(), networks: new Map(), containers: new Map() };
    const known = new Set(['docker_image', 'docker_network', 'docker_container']);
    for (const type of Object.keys(stack.resources)) {
      if (!known.has(type)) throw new Error(`${stack.name}: resource type ${type} is not supported by the engine applier`);
    }
    const lookup = (type: string, name: string, attribute: string): unknown => {
      const where = `\${${type}.${name}.${attribute}}`;
      if (type === 'docker_image' && attribute === 'image_id') return must(applied.images.get(name), where).id;
      if (type === 'docker_image' && attribute === 'name') return must(applied.images.get(name), where).name;
      if (type === 'docker_network' && (attribute === 'name' || attribute === 'id')) return must(applied.networks.get(name), where)[attribute as 'name' | 'id'];
      if (type === 'docker_container' && (attribute === 'name' || attribute === 'id')) return must(applied.containers.get(name), where)[attribute as 'name' | 'id'];
      throw new Error(`${stack.name}: cannot resolve ${where}`);
    };
    try {
      for (const [name, body] of Object.entries(stack.resources.docker_image ?? {})) {
        const resolved = resolveReferences(body, lookup, `docker_image.${name}`) as ResourceBody;
        const image = imageName(name, resolved);
        applied.images.set(name, { id: await this.findImage(image.name), name: image.name, keepLocally: image.keepLocally });
      }
      for (const [name, body] of Object.entries(stack.resources.docker_network ?? {})) {
        const plan = networkCreatePlan(name, resolveReferences(body, lookup, `docker_network.${name}`) as ResourceBody);
        const created = await this.docker.createNetwork(plan.body as Docker.NetworkCreateOptions);
        applied.networks.set(name, { id: created.id, name: plan.name });
      }
      for (const [name, body] of orderByDependencies(stack.resources.docker_container ?? {})) {
        const resolved = resolveReferences(body, lookup, `docker_container.${name}`) as ResourceBody;
        const plan = containerCreatePlan(name, resolved);
        await this.createContainer(plan, (cid) => applied.containers.set(name, {
          id: cid, name: plan.name, removeVolumes: resolved.remove_volumes !== false, graceSeconds: Number(resolved.destroy_grace_seconds ?? 0),
        }));
      }
    } catch (e) {
      await this.destroy(applied).catch(() => undefined);
      throw e;
    }
    return applied;
  }

  /** Destroys what `apply` created, containers first (provider Delete: stop, then force-remove). */
  public async destroy(applied: AppliedStack): Promise<void> {
    for (const c of [...applied.containers.values()].reverse()) {
      const container = this.docker.getContainer(c.id);
      await container.stop({ t: c.graceSeconds }).catch(() => undefined);
      await container.remove({ force: true, v: c.removeVolumes }).catch(ignoreNotFound);
    }
    applied.containers.clear();
    for (const n of [...applied.networks.values()].reverse()) {
      await this.docker.getNetwork(n.id).remove().catch(ignoreNotFound);
    }
    applied.networks.clear();
    for (const i of applied.images.values()) {
      if (!i.keepLocally) await this.docker.getImage(i.name).remove().catch(() => undefined);
    }
    applied.images.clear();
  }

  /** `findImage`: local lookup by name/id, else pull and look again. */
  public async findImage(name: string): Promise<string> {
    const local = await this.inspectImage(name);
    if (local) return local;
    try {
      const stream = await this.docker.pull(name);
      await new Promise<void>((resolve, reject) => this.docker.modem.followProgress(stream, (err) => (err ? reject(err) : resolve())));
    } catch {
      // the provider does not check the pull stream for errors; the lookup below decides
    }
    const pulled = await this.inspectImage(name);
    if (!pulled) throw new Error(`unable to find or pull image ${name}`);
    return pulled;
  }

  private async inspectImage(name: string): Promise<string | undefined> {
    try {
      return (await this.docker.getImage(name).inspect()).Id;
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined;
      throw e;
    }
  }

  private async createContainer(plan: ContainerCreatePlan, created: (id: string) => void): Promise<string> {
    await this.findImage(plan.image).catch((e: Error) => {
      throw new Error(`Unable to create container with image ${plan.image}: ${e.message}`);
    });
    const container = await this.docker.createContainer({ ...plan.body, name: plan.name } as Docker.ContainerCreateOptions)
      .catch((e: Error) => {
        throw new Error(`Unable to create container ${plan.name}: ${e.message}`);
      });
    created(container.id);

    if (plan.networks.length > 0) {
      try {
        await this.docker.getNetwork('bridge').disconnect({ Container: container.id, Force: false });
      } catch (e) {
        if (!/is not connected to the network bridge/i.test(String((e as Error).message))) {
          throw new Error(`Unable to disconnect the default network: ${(e as Error).message}`);
        }
      }
      // The provider iterates a Terraform set (hash order); we use the synthesized order.
      for (const n of plan.networks) {
        await this.docker.getNetwork(n.name).connect({
          Container: container.id,
          EndpointConfig: { Aliases: n.aliases, IPAMConfig: { IPv4Address: n.ipv4Address, IPv6Address: n.ipv6Address } },
        }).catch((e: Error) => {
          throw new Error(`Unable to connect to network '${n.name}': ${e.message}`);
        });
      }
    }

    if (!plan.start) return container.id;
    const creationTime = Date.now();
    await container.start();

    // resourceDockerContainerRead's wait-for-running (retry.StateChangeConf, 100 ms poll).
    const deadline = Date.now() + plan.readTimeoutMs;
    for (;;) {
      const info = await container.inspect();
      if (info.State.Running || !plan.mustRun) return container.id;
      const finished = Date.parse(info.State.FinishedAt);
      if (finished > creationTime - 1000 && info.State.FinishedAt !== '0001-01-01T00:00:00Z') {
        await container.remove({ force: true }).catch(() => undefined);
        throw new Error(`container ${plan.name} exited immediately (exit code ${info.State.ExitCode}${info.State.OOMKilled ? ', OOM-killed' : ''})`);
      }
      if (Date.now() > deadline) {
        await container.remove({ force: true }).catch(() => undefined);
        throw new Error(`container ${plan.name} failed to be in running state`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function must<T>(v: T | undefined, where: string): T {
  if (v === undefined) throw new Error(`reference ${where} points at a resource that is not (yet) applied`);
  return v;
}

function ignoreNotFound(e: unknown): void {
  if ((e as { statusCode?: number }).statusCode !== 404) throw e;
}

/** Containers in an order that respects `depends_on` between containers; otherwise synthesized order. */
function orderByDependencies(containers: { [name: string]: ResourceBody }): Array<[string, ResourceBody]> {
  const names = Object.keys(containers);
  const done = new Set<string>();
  const out: Array<[string, ResourceBody]> = [];
  const visit = (name: string, trail: string[]) => {
    if (done.has(name)) return;
    if (trail.includes(name)) throw new Error(`dependency cycle: ${[...trail, name].join(' -> ')}`);
    for (const dep of (containers[name].depends_on as string[] | undefined) ?? []) {
      const m = /^docker_container\.([^.]+)$/.exec(dep);
      if (m && containers[m[1]]) visit(m[1], [...trail, name]);
    }
    done.add(name);
    out.push([name, containers[name]]);
  };
  for (const n of names) visit(n, []);
  return out;
}
