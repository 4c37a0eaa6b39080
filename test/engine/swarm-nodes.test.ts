/**
 * Trust zones as placement on a real TWO-node swarm, and SecureDaemon's daemon-wide no-new-privileges in swarm
 * task containers.
 *
 * scripts/swarm-nodes.sh starts two extra dockerds, each in a network namespace of its own (joined by a bridge in a
 * third namespace: no route to the root namespace, nothing leaves the machine), and forms a swarm: the manager
 * runs with an empty daemon.json, the worker with the daemon.json SecureDaemon renders (no-new-privileges, icc
 * off, userns-remap, default ulimits, local log driver). The manager's node is labelled zone-a, the worker's
 * zone-b, with the commands `HardenedService.nodeLabelCommand` renders. A stack with one HardenedService per zone
 * (two replicas each) is applied through the provider-faithful swarm applier; the tasks must land only on their
 * zone's node, and the kernel view inside each task shows NoNewPrivs 1 exactly where the daemon sets it.
 *
 * The main engine is not touched (the probe image is copied from it with `docker save`/`load`); `down` removes the
 * daemons, their state, mounts, cgroups and namespaces, also when a test fails.
 */
import { execFileSync } from 'child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { docker as mainEngine, engineReady, RUN, until } from './harness';
import { ProbeImage } from './image/build-image';
import { AppliedSwarmStack, SwarmApplier } from './swarm-applier';
import { EndpointMode, HardenedService, SecureDaemon, ServiceMode } from '../../lib';
import { fromJson } from '../../lib/engine/stack';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'swarm-nodes.sh');
const dir = mkdtempSync(path.join(tmpdir(), 'swarm-nodes-'));
// userns-remap (the worker's SecureDaemon settings): the remapped root must be able to traverse the data root's parents
chmodSync(dir, 0o711);
// netns names are global: a tag per run (short: interface-free, but `ip netns` names stay readable)
const tag = `hd${(process.pid % 100000).toString(36)}`;
const nodesDir = path.join(dir, 'nodes');
const manager = new Docker({ socketPath: path.join(nodesDir, 'm.sock') });
const worker = new Docker({ socketPath: path.join(nodesDir, 'w.sock') });
const nodes: { manager: string; worker: string } = { manager: '', worker: '' };
let image: ProbeImage;
let applied: AppliedSwarmStack | undefined;
let services: { a: HardenedService; b: HardenedService };
let started = false;
const rows: Array<[string, string, string]> = [];

async function execOn(engine: Docker, id: string, argv: string[]): Promise<string> {
  const e = await engine.getContainer(id).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  engine.modem.demuxStream(stream, out, new PassThrough());
  await new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  return Buffer.concat(chunks).toString().split('\n')[0];
}

/** Copies the probe image from the main engine (docker save | docker load). */
async function copyImage(to: Docker): Promise<void> {
  const tar = await mainEngine.getImage(image.tag).get();
  const res = await to.loadImage(tar);
  await new Promise<void>((resolve, reject) => {
    res.on('data', () => undefined);
    res.on('end', () => resolve());
    res.on('error', reject);
  });
}

beforeAll(async () => {
  image = await engineReady();
  const settings = new TerraformStack(Testing.app(), 'daemons');
  const secure = new SecureDaemon(settings, 'worker', {
    hostName: 'worker',
    swarm: { advertiseAddress: '10.251.0.3' },
    optOuts: { liveRestore: { justification: 'swarm mode does not support live restore; the swarm reschedules tasks' } },
  });
  writeFileSync(path.join(dir, 'manager.json'), '{}');
  writeFileSync(path.join(dir, 'worker.json'), JSON.stringify(secure.settings));
  started = true;
  let ids: string;
  try {
    ids = execFileSync('bash', [SCRIPT, 'up', nodesDir, tag, path.join(dir, 'manager.json'), path.join(dir, 'worker.json')], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000,
    }).trim();
  } catch (e) {
    throw new Error(`swarm-nodes.sh up failed: ${(e as { stderr?: string }).stderr ?? (e as Error).message}`);
  }
  const m = /manager=(\S+) worker=(\S+)/.exec(ids);
  if (!m) throw new Error(`swarm-nodes.sh up printed ${ids}`);
  [nodes.manager, nodes.worker] = [m[1], m[2]];
  await Promise.all([copyImage(manager), copyImage(worker)]);

  // label the nodes with the commands the library renders (run against the manager's socket)
  for (const [node, zone] of [[nodes.manager, 'zone-a'], [nodes.worker, 'zone-b']]) {
    const argv = HardenedService.nodeLabelCommand(node, zone).split(' ');
    expect(argv.slice(0, 4)).toEqual(['docker', 'node', 'update', '--label-add']);
    execFileSync('docker', ['-H', `unix://${path.join(dir, 'nodes', 'm.sock')}`, ...argv.slice(1)], { stdio: 'pipe', timeout: 60_000 });
  }

  const stack = new TerraformStack(Testing.app(), `swarm-nodes-${RUN}`);
  new DockerProvider(stack, 'docker', {});
  const common = {
    image: image.tag,
    command: ['/bin/probe', 'sleep-forever'],
    // this kernel has no IPVS: names resolve by DNS round robin (the README's endpointMode section)
    endpointMode: EndpointMode.DNSRR,
    optOuts: { mutableImageTag: { justification: 'test: the probe image is loaded locally on both nodes, it has no registry digest' } },
  };
  services = {
    // two replicas each: every one of them must land on its zone's node
    a: new HardenedService(stack, 'a', { ...common, trustZone: 'zone-a', mode: ServiceMode.replicated(2) }),
    b: new HardenedService(stack, 'b', { ...common, trustZone: 'zone-b', mode: ServiceMode.replicated(2) }),
  };
  const json = JSON.parse(Testing.synth(stack));
  applied = await new SwarmApplier(manager).apply(fromJson(`swarm-nodes-${RUN}`, '(memory)', json));
}, 300_000);

afterAll(async () => {
  if (applied) await new SwarmApplier(manager).destroy(applied).catch(() => undefined);
  if (started) {
    execFileSync('bash', [SCRIPT, 'down', nodesDir, tag], { stdio: 'pipe', timeout: 180_000 });
  }
  execFileSync('rm', ['-rf', dir]);
  if (rows.length > 0) {
    const w = [0, 1, 2].map((i) => Math.max(...[['task', 'node', 'kernel view'], ...rows].map((r) => r[i].length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
    // eslint-disable-next-line no-console
    console.log(['two-node swarm, task containers:', line(['task', 'node', 'kernel view']), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n'));
  }
}, 300_000);

/** The running tasks of a service: [task id, node id, container id]. */
async function runningTasks(serviceName: string, count: number): Promise<Array<{ node: string; container: string; slot: number }>> {
  return until(`${count} running tasks of ${serviceName}`, 60_000, async () => {
    const tasks = await manager.listTasks({ filters: { 'service': [serviceName], 'desired-state': ['running'] } }) as any[];
    const running = tasks.filter((t) => t.Status?.State === 'running');
    return running.length === count
      ? running.map((t) => ({ node: t.NodeID as string, container: t.Status.ContainerStatus.ContainerID as string, slot: t.Slot as number }))
      : undefined;
  });
}

describe('two swarm nodes in their own network namespaces', () => {
  test('the swarm has a manager and a worker, labelled zone-a and zone-b', async () => {
    const list = await manager.listNodes() as any[];
    const labels = Object.fromEntries(list.map((n) => [n.ID, n.Spec.Labels['cdktf-hardened-docker.trust-zone']]));
    expect(labels).toEqual({ [nodes.manager]: 'zone-a', [nodes.worker]: 'zone-b' });
  });

  test('trust zones as placement: every zone-a task on the zone-a node, every zone-b task on the zone-b node', async () => {
    const a = await runningTasks(services.a.serviceName, 2);
    const b = await runningTasks(services.b.serviceName, 2);
    expect(a.map((t) => t.node)).toEqual([nodes.manager, nodes.manager]);
    expect(b.map((t) => t.node)).toEqual([nodes.worker, nodes.worker]);
    // and the worker engine really runs the zone-b containers (the manager none of them)
    const onWorker = (await worker.listContainers()).map((c) => c.Id);
    const onManager = (await manager.listContainers()).map((c) => c.Id);
    for (const t of b) expect([onWorker.includes(t.container), onManager.includes(t.container)]).toEqual([true, false]);
    for (const t of a) expect([onManager.includes(t.container), onWorker.includes(t.container)]).toEqual([true, false]);
  });

  test('daemon-wide no-new-privileges (SecureDaemon) reaches the task containers; without it NoNewPrivs stays 0', async () => {
    const uidA = services.a.user!.split(':')[0];
    const uidB = services.b.user!.split(':')[0];
    for (const t of await runningTasks(services.a.serviceName, 2)) {
      const status = await execOn(manager, t.container, ['/bin/probe', 'status']);
      rows.push([`a.${t.slot} (zone-a)`, 'manager (no daemon.json settings)', status]);
      expect(status).toBe(`OK CapEff=0000000000000000 NoNewPrivs=0 Seccomp=2 uid=${uidA} gid=${uidA}`);
    }
    for (const t of await runningTasks(services.b.serviceName, 2)) {
      const status = await execOn(worker, t.container, ['/bin/probe', 'status']);
      rows.push([`b.${t.slot} (zone-b)`, 'worker (SecureDaemon daemon.json)', status]);
      expect(status).toBe(`OK CapEff=0000000000000000 NoNewPrivs=1 Seccomp=2 uid=${uidB} gid=${uidB}`);
    }
  });
});
