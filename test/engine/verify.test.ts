/**
 * `verify` against a real Docker engine: stacks are deployed through the
 * provider-faithful applier, the live containers are then weakened by hand
 * (or the declaration changed without redeploying), and verify must say so.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, deploy, docker, engineReady, RUN } from './harness';
import { ProbeImage } from './image/build-image';
import { HardenedContainer, HardenedContainerProps, IsolatedNetwork, Size } from '../../lib';
import { main } from '../../lib/cli/main';

const MIB = 1024 * 1024;
const REPO_ROOT = path.join(__dirname, '..', '..');

let image: ProbeImage;
let work: string;
let stackCount = 0;
/** Engine objects made by hand here (the harness cleans up what it deployed). */
const handMadeContainers: string[] = [];
const handMadeImages: string[] = [];

beforeAll(async () => {
  image = await engineReady();
  work = mkdtempSync(path.join(tmpdir(), 'verify-engine-'));
});
afterAll(async () => {
  // hand-made containers first: one attached to a deployed network would keep cleanup() from removing it
  for (const name of handMadeContainers) await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  await cleanup();
  for (const name of handMadeImages) await docker.getImage(name).remove({ force: true }).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

/** A stack with one HardenedContainer `c` running the probe image; the same name gives the same container name. */
function hardenedStack(name: string, props: Partial<HardenedContainerProps> = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), name);
  new DockerProvider(stack, 'docker', {});
  new HardenedContainer(stack, 'c', { image: image.id, command: ['/bin/probe', 'sleep-forever'], ...props });
  return stack;
}

/** Writes the stack as `<dir>/stacks/<name>/cdk.tf.json` (a cdktf output directory) and returns `<dir>`. */
function writeSynth(stack: TerraformStack, dirName = `${stack.node.id}-${stackCount}`): string {
  const dir = path.join(work, dirName);
  mkdirSync(path.join(dir, 'stacks', stack.node.id), { recursive: true });
  writeFileSync(path.join(dir, 'stacks', stack.node.id, 'cdk.tf.json'), Testing.synth(stack));
  return dir;
}

/** Deploys a fresh hardened stack and writes its synth; returns the synth dir and the container name. */
async function deployed(props: Partial<HardenedContainerProps> = {}) {
  const name = `verify-${RUN}-${stackCount++}`;
  const stack = hardenedStack(name, props);
  const d = await deploy(stack);
  return { name, dir: writeSynth(stack), container: d.container('c').name };
}

/** Deploys a fresh stack with an IsolatedNetwork `net` and a HardenedContainer `c` on it. */
async function deployedOnNetwork() {
  const name = `verify-${RUN}-${stackCount++}`;
  const stack = new TerraformStack(Testing.app(), name);
  new DockerProvider(stack, 'docker', {});
  const net = new IsolatedNetwork(stack, 'net', { trustZone: 'internal' });
  new HardenedContainer(stack, 'c', { image: image.id, command: ['/bin/probe', 'sleep-forever'], trustZone: 'internal', networks: [{ network: net }] });
  const d = await deploy(stack);
  const networks = [...d.applied.networks.values()];
  expect(networks).toHaveLength(1);
  return { name, dir: writeSynth(stack), container: d.container('c').name, network: networks[0].name };
}

/** Runs `verify <dir>` (text) in-process. */
async function verifyText(dir: string, ...args: string[]) {
  let stdout = '';
  const code = await main(['verify', dir, ...args], { stdout: (t) => { stdout += t; }, stderr: (t) => { stdout += t; }, env: process.env });
  return { code, stdout };
}

/** Runs `verify <dir> --json` in-process. */
async function verify(dir: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['verify', dir, '--json', ...args], {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    env: process.env,
  });
  const doc = stdout ? JSON.parse(stdout) : undefined;
  const findings: any[] = doc ? doc.stacks.flatMap((s: any) => s.containers.flatMap((c: any) => c.findings)) : [];
  return { code, stdout, stderr, doc, findings, kinds: findings.map((f) => `${f.kind} ${f.field}`) };
}

describe('verify on a real engine', () => {
  test('a clean deploy verifies: exit 0, no findings', async () => {
    const d = await deployed();
    const r = await verify(d.dir);
    expect(r.stderr).toBe('');
    expect(r.kinds).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.doc.summary).toEqual({ containers: 1, drift: 0, failing: 0, intruder: 0, missing: 0, stacks: 1, stopped: 0, weaker: 0 });
  });

  test('docker update --memory 512m --memory-swap 512m is weaker', async () => {
    const d = await deployed();
    await docker.getContainer(d.container).update({ Memory: 512 * MIB, MemorySwap: 512 * MIB });
    const r = await verify(d.dir);
    expect(r.code).toBe(1);
    expect(r.kinds).toEqual(['weaker memory', 'weaker memory_swap']);
    expect(r.findings[0]).toMatchObject({ container: d.container, expected: 256 * MIB, actual: 512 * MIB, message: 'declared 256 MiB, live 512 MiB' });
  });

  test('a container re-created by hand under the same name, writable, with NET_RAW, on the bridge', async () => {
    const d = await deployed();
    const original = await docker.getContainer(d.container).inspect();
    await docker.getContainer(d.container).remove({ force: true });
    const replacement = await docker.createContainer({
      name: d.container,
      Image: original.Image,
      Cmd: original.Config.Cmd,
      User: original.Config.User,
      Labels: original.Config.Labels,
      HostConfig: { ...original.HostConfig, ReadonlyRootfs: false, CapAdd: ['NET_RAW'], NetworkMode: 'bridge' },
    });
    handMadeContainers.push(d.container);
    await replacement.start();
    const r = await verify(d.dir);
    expect(r.code).toBe(1);
    expect(r.kinds).toEqual(['weaker capabilities', 'weaker network_mode', 'weaker read_only']);
    expect(r.findings.map((f) => f.message)).toEqual([
      'declared add [] drop [ALL], live add [CAP_NET_RAW] drop [ALL]: live grants CAP_NET_RAW beyond the declaration',
      'declared none, live bridge: joins a network not declared',
      'declared true, live false: the root filesystem is writable',
    ]);
  });

  test('a removed container is missing', async () => {
    const d = await deployed();
    await docker.getContainer(d.container).remove({ force: true });
    const r = await verify(d.dir);
    expect(r.code).toBe(1);
    expect(r.findings).toEqual([{
      stack: d.name,
      container: d.container,
      address: expect.stringMatching(/^docker_container\.c_/),
      field: 'container',
      kind: 'missing',
      expected: d.container,
      actual: null,
      message: `no container named ${d.container} on the engine`,
    }]);
  });

  test('a changed tmpfs that provider 3.6.2 would not update: weaker tmpfs and config-hash drift', async () => {
    const d = await deployed(); // /tmp is 64 MiB
    // The declaration shrinks /tmp, but the container is not redeployed (3.6.2's update would not change it anyway).
    const smaller = writeSynth(hardenedStack(d.name, { tmpfs: [{ containerPath: '/tmp', size: Size.mebibytes(16) }] }), `${d.name}-smaller`);
    const r = await verify(smaller);
    expect(r.code).toBe(1);
    expect(r.kinds).toEqual(['drift labels.io.cdktf-hardened-docker.config-hash', 'weaker tmpfs./tmp']);
    expect(r.findings[0].message).toContain('provider 3.6.2 never updates these in place');
    expect(r.findings[1].message).toMatch(/size 16 MiB -> 64 MiB$/);

    // A larger declaration leaves the container stronger than declared: drift only, which fails only with --strict.
    const larger = writeSynth(hardenedStack(d.name, { tmpfs: [{ containerPath: '/tmp', size: Size.mebibytes(128) }] }), `${d.name}-larger`);
    const lax = await verify(larger);
    expect(lax.kinds).toEqual(['drift labels.io.cdktf-hardened-docker.config-hash', 'drift tmpfs./tmp']);
    expect(lax.code).toBe(0);
    expect((await verify(larger, '--strict')).code).toBe(1);
  });

  test('a re-tagged image (poisoned image): the live image is not the declared one', async () => {
    const repo = `cdktf-hardened-docker-verify-${RUN}`;
    await docker.getImage(image.id).tag({ repo, tag: 'v1' });
    handMadeImages.push(`${repo}:v1`);
    const d = await deployed({
      image: `${repo}:v1`,
      optOuts: { mutableImageTag: { justification: 'test of the poisoned-image check' } },
    });
    expect((await verify(d.dir)).kinds).toEqual([]);
    // Someone pushes another image under the same tag; the running container is now not what the tag names.
    const other = await docker.getContainer(d.container).commit({ changes: 'LABEL poisoned=yes' });
    handMadeImages.push(other.Id);
    await docker.getImage(other.Id).tag({ repo, tag: 'v1' });
    const r = await verify(d.dir);
    expect(r.code).toBe(1);
    expect(r.kinds).toEqual(['weaker image']);
    expect(r.findings[0]).toMatchObject({ expected: other.Id, actual: image.id });
  });

  test('--stack restricts the stacks verified', async () => {
    const a = await deployed();
    const dir = path.join(work, 'two-stacks');
    for (const stack of [hardenedStack(a.name), hardenedStack(`verify-${RUN}-absent`)]) {
      mkdirSync(path.join(dir, 'stacks', stack.node.id), { recursive: true });
      writeFileSync(path.join(dir, 'stacks', stack.node.id, 'cdk.tf.json'), Testing.synth(stack));
    }
    expect((await verify(dir)).code).toBe(1); // the second stack was never deployed
    const only = await verify(dir, '--stack', a.name);
    expect(only.code).toBe(0);
    expect(only.doc.stacks.map((s: any) => s.stack)).toEqual([a.name]);
  });

  test('the CLI entry point end to end (TypeScript entry through ts-node, as `npm test` runs before compile)', async () => {
    const d = await deployed();
    await docker.getContainer(d.container).update({ Memory: 512 * MIB, MemorySwap: 512 * MIB });
    const cli = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'lib/cli/main.ts', 'verify', d.dir, '--json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json') },
      timeout: 120_000,
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(1);
    // the same bytes as in-process: the JSON report is stable
    expect(cli.stdout).toBe((await verify(d.dir)).stdout);
    expect(JSON.parse(cli.stdout).stacks[0].containers[0].status).toBe('weaker');

    const text = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'lib/cli/main.ts', 'verify', d.dir], {
      cwd: REPO_ROOT, encoding: 'utf8', env: process.env, timeout: 120_000,
    });
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`  ✗ ${d.container} (docker_container.c_`);
    expect(text.stdout).toContain('      WEAKER memory: declared 256 MiB, live 512 MiB\n');
    expect(text.stdout).toMatch(/\nFAIL: 1 resource in 1 stack, 0 verified, 1 failing \(2 weaker, 0 missing, 0 stopped, 0 intruder, 0 drift\)\n$/);
  });

  test('an undeclared container on a declared network is an intruder (exit 1 with or without --strict), running or stopped', async () => {
    const d = await deployedOnNetwork();
    expect((await verify(d.dir, '--strict')).code).toBe(0);
    const name = `verify-${RUN}-intruder`;
    const intruder = await docker.createContainer({
      name, Image: image.tag, Cmd: ['/bin/probe', 'sleep-forever'], HostConfig: { NetworkMode: d.network },
    });
    handMadeContainers.push(name);
    try {
      await intruder.start();
      const r = await verify(d.dir);
      expect(r.code).toBe(1);
      expect(r.kinds).toEqual([`intruder containers.${name}`]);
      expect(r.findings[0]).toMatchObject({
        stack: d.name,
        container: d.network,
        address: expect.stringMatching(/^docker_network\.net_/),
        expected: null,
        actual: { id: intruder.id, image: image.tag, name, running: true, state: 'running' },
      });
      expect(r.doc.summary).toMatchObject({ containers: 2, failing: 1, intruder: 1 });
      expect((await verify(d.dir, '--strict')).code).toBe(1);
      const text = await verifyText(d.dir);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(`  ✓ ${d.container} (docker_container.c_`);
      expect(text.stdout).toContain(`  ✗ ${d.network} (docker_network.net_`);
      expect(text.stdout).toContain(`      INTRUDER containers.${name}: ${name} (${intruder.id.slice(0, 12)}, image ${image.tag}, running) is attached to ${d.network}`);
      expect(text.stdout).toMatch(/\nFAIL: 2 resources in 1 stack, 1 verified, 1 failing \(0 weaker, 0 missing, 0 stopped, 1 intruder, 0 drift\)\n$/);

      // stopped, it is still attached: it joins the network when started again
      await intruder.stop({ t: 0 });
      const stopped = await verify(d.dir);
      expect(stopped.code).toBe(1);
      expect(stopped.kinds).toEqual([`intruder containers.${name}`]);
      expect(stopped.findings[0].actual).toMatchObject({ running: false, state: 'exited' });
      expect(stopped.findings[0].message).toContain(`exited, joins ${d.network} when started`);
    } finally {
      await intruder.remove({ force: true }).catch(() => undefined);
    }
    expect((await verify(d.dir, '--strict')).code).toBe(0);
  });

  test('a stopped declared container is "stopped" (exit 1); its configuration is still compared', async () => {
    const d = await deployedOnNetwork();
    await docker.getContainer(d.container).stop({ t: 0 });
    const r = await verify(d.dir);
    expect(r.code).toBe(1);
    expect(r.kinds).toEqual(['stopped state']);
    expect(r.findings[0]).toMatchObject({ container: d.container, expected: 'running', actual: 'exited' });
    expect(r.findings[0].message).toMatch(/^declared running, live exited \(exit code \d+\): the declared workload is not running$/);
    expect(r.doc.stacks[0].containers.map((c: any) => c.status)).toEqual(['stopped', 'ok']);
    const text = await verifyText(d.dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/\nFAIL: 2 resources in 1 stack, 1 verified, 1 failing \(0 weaker, 0 missing, 1 stopped, 0 intruder, 0 drift\)\n$/);

    // a weakening of the stopped container is still found
    await docker.getContainer(d.container).update({ Memory: 512 * MIB, MemorySwap: 512 * MIB });
    expect((await verify(d.dir)).kinds).toEqual(['weaker memory', 'weaker memory_swap', 'stopped state']);

    // paused counts as not running too
    await docker.getContainer(d.container).start();
    await docker.getContainer(d.container).pause();
    try {
      const paused = await verify(d.dir);
      expect(paused.kinds).toEqual(['weaker memory', 'weaker memory_swap', 'stopped state']);
      expect(paused.findings[2].message).toBe('declared running, live paused: its processes are frozen');
    } finally {
      await docker.getContainer(d.container).unpause().catch(() => undefined);
    }
  });
});
