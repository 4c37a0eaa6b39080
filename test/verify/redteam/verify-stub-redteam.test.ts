/**
 * Red-team of verify.ts (EngineLookup + verifyStacks) for swarm services, against a dockerode stand-in that answers like
 * a moby v20.10 manager. A failing test is an attack that gets through.
 */
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import type Docker from 'dockerode';
import { describe, expect, test } from 'vitest';
import { HardenedService } from '../../../lib';
import { serviceCreatePlan } from '../../../lib/engine/service-mapping';
import { fromJson, resolveReferences, SynthesizedStack } from '../../../lib/engine/stack';
import { verifyStacks } from '../../../lib/verify/verify';

const IMAGE = `registry.example.com/api@sha256:${'c'.repeat(64)}`;

function synth(stackName: string, id: string): { stack: SynthesizedStack; json: any } {
  const s = new TerraformStack(Testing.app(), stackName);
  new DockerProvider(s, 'docker', {});
  new HardenedService(s, id, { image: IMAGE, trustZone: 'internal' });
  const json = JSON.parse(Testing.synth(s));
  return { stack: fromJson(stackName, `${stackName}.json`, json), json };
}

function liveSpec(json: any, netIds: Map<string, string>): any {
  const [logical, body] = Object.entries<any>(json.resource.docker_service)[0];
  const names: { [k: string]: string } = {};
  for (const [type, resources] of Object.entries<any>(json.resource)) for (const [l, b] of Object.entries<any>(resources)) names[`${type}.${l}`] = b.name;
  const p = serviceCreatePlan(logical, resolveReferences(body, (type, l) => names[`${type}.${l}`], logical) as any);
  const spec = JSON.parse(JSON.stringify(p.spec));
  spec.TaskTemplate.Networks = spec.TaskTemplate.Networks.map((n: any) => ({ ...n, Target: netIds.get(n.Target) }));
  return spec;
}

const notFound = () => Object.assign(new Error('(HTTP code 404) not found'), { statusCode: 404 });

/** A manager with: networks, services (each { ID, Spec, PreviousSpec? }), tasks (with ServiceID), nodes. */
function manager(state: { networks: any[]; services: any[]; tasks: any[]; nodes: any[] }) {
  const calls: string[] = [];
  const docker = {
    info: async () => ({ Swarm: { LocalNodeState: 'active', ControlAvailable: true } }),
    getImage: (name: string) => ({ inspect: async () => ({ Id: `sha256:${'a'.repeat(64)}`, RepoTags: [name] }) }),
    getNetwork: (name: string) => ({
      inspect: async () => {
        const n = state.networks.find((x) => x.Name === name || x.Id === name);
        if (!n) throw notFound();
        return n;
      },
    }),
    listNetworks: async () => state.networks,
    listContainers: async () => [],
    getContainer: () => ({ inspect: async () => { throw notFound(); } }),
    getService: (name: string) => ({
      inspect: async () => {
        const found = state.services.find((x) => x.Spec.Name === name || x.ID === name);
        if (!found) throw notFound();
        return found;
      },
    }),
    listServices: async () => state.services,
    listNodes: async () => state.nodes,
    getSecret: () => ({ inspect: async () => { throw notFound(); } }),
    getConfig: () => ({ inspect: async () => { throw notFound(); } }),
    // moby daemon/cluster/tasks.go: service filters are resolved by name/ID (404 when absent), desired-state filtered exactly
    listTasks: async (opts: any) => {
      calls.push(`tasks ${JSON.stringify(opts)}`);
      const f = opts?.filters ?? {};
      let ids: string[] | undefined;
      if (f.service) {
        ids = (f.service as string[]).map((n) => {
          const s = state.services.find((x) => x.Spec.Name === n || x.ID === n);
          if (!s) throw notFound();
          return s.ID;
        });
      }
      return state.tasks.filter((t) => (!ids || ids.includes(t.ServiceID)) && (!f['desired-state'] || f['desired-state'].includes(t.DesiredState)));
    },
  } as unknown as Docker;
  return { docker, calls };
}

const NODE = { ID: 'node1', Description: { Hostname: 'n1' }, Spec: { Role: 'worker', Labels: { 'cdktf-hardened-docker.trust-zone': 'internal' } } };

function world(extra: { services?: any[]; tasks?: any[] } = {}) {
  const a = synth('a', 'api');
  const b = synth('b', 'worker');
  const netName = Object.values<any>(a.json.resource.docker_network)[0].name;
  const NID = 'a'.repeat(25);
  const net = { Id: NID, Name: netName, Scope: 'swarm', Driver: 'overlay', Internal: true, Attachable: false, Options: { encrypted: 'true' }, Containers: {} };
  const spec = liveSpec(a.json, new Map([[netName, NID]]));
  const svc = { ID: 'svcA', Spec: spec };
  const task = { ID: 't'.repeat(25), ServiceID: 'svcA', NodeID: 'node1', Slot: 1, Spec: spec.TaskTemplate, DesiredState: 'running', Status: { State: 'running', ContainerStatus: { ContainerID: 'c'.repeat(64) } } };
  const bName = Object.values<any>(b.json.resource.docker_service)[0].name;
  return {
    a,
    b,
    NID,
    spec,
    bName,
    engine: manager({ networks: [net], services: [svc, ...(extra.services ?? [])], tasks: [task, ...(extra.tasks ?? [])], nodes: [NODE] }),
  };
}

const failing = (r: Awaited<ReturnType<typeof verifyStacks>>) =>
  r.stacks.flatMap((s) => s.containers.flatMap((c) => c.findings.filter((f) => f.kind !== 'drift').map((f) => `${f.kind} ${c.address} ${f.field}`)));

describe('redteam: verifyStacks with a swarm', () => {
  test('STUB-0 control: the declared service as deployed verifies clean', async () => {
    const w = world();
    expect(failing(await verifyStacks(w.engine.docker, [w.a.stack]))).toEqual([]);
  });

  test('STUB-1 an attacker service named like stack b\'s (undeployed) service joins stack a\'s network; verify --stacks a', async () => {
    const w0 = world();
    const spy = { ID: 'spy', Spec: { Name: w0.bName, TaskTemplate: { ContainerSpec: { Image: 'alpine' }, Networks: [{ Target: w0.NID }] } } };
    const w = world({ services: [spy] });
    expect(failing(await verifyStacks(w.engine.docker, [w.a.stack, w.b.stack], { stacks: ['a'] }))).not.toEqual([]);
  });

  test('STUB-1b same, stack b verified too (control: b\'s own verification reports its undeclared network)', async () => {
    const w0 = world();
    const spy = { ID: 'spy', Spec: { Name: w0.bName, TaskTemplate: { ContainerSpec: { Image: 'alpine' }, Networks: [{ Target: w0.NID }] } } };
    const w = world({ services: [spy] });
    expect(failing(await verifyStacks(w.engine.docker, [w.a.stack, w.b.stack]))).not.toEqual([]);
  });

  test('STUB-2 an attacker service whose spec left the network but whose update is paused: its old task stays attached on another node', async () => {
    const w0 = world();
    const spy = {
      ID: 'spy',
      Spec: { Name: 'spy', TaskTemplate: { ContainerSpec: { Image: 'alpine:2' } } },
      PreviousSpec: { Name: 'spy', TaskTemplate: { ContainerSpec: { Image: 'alpine' }, Networks: [{ Target: w0.NID }] } },
      UpdateStatus: { State: 'paused' },
    };
    const spyTask = {
      ID: 's'.repeat(25),
      ServiceID: 'spy',
      NodeID: 'node2',
      Slot: 1,
      Spec: spy.PreviousSpec.TaskTemplate,
      DesiredState: 'running',
      Status: { State: 'running' },
      NetworksAttachments: [{ Network: { ID: w0.NID } }],
    };
    const w = world({ services: [spy], tasks: [spyTask] });
    expect(failing(await verifyStacks(w.engine.docker, [w.a.stack]))).not.toEqual([]);
  });

  test('STUB-3 a declared service\'s old task, desired shutdown but still running (unreachable node), of a privileged spec', async () => {
    const w0 = world();
    const weak = { ...w0.spec.TaskTemplate, ContainerSpec: { ...w0.spec.TaskTemplate.ContainerSpec, User: '0', CapabilityAdd: ['CAP_SYS_ADMIN'] } };
    const old = { ID: 'o'.repeat(25), ServiceID: 'svcA', NodeID: 'node1', Slot: 1, Spec: weak, DesiredState: 'shutdown', Status: { State: 'running' } };
    const w = world({ tasks: [old] });
    expect(failing(await verifyStacks(w.engine.docker, [w.a.stack]))).not.toEqual([]);
  });

  test('STUB-4 robustness: stack b\'s declared service absent from the swarm (verify --stacks a) reports, does not throw', async () => {
    const w = world();
    await expect(verifyStacks(w.engine.docker, [w.a.stack, w.b.stack], { stacks: ['a'] })).resolves.toBeDefined();
  });
});
