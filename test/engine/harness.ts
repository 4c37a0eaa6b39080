/**
 * Real-engine test harness: a Docker client, the locally built probe image,
 * applying synthesized stacks through the provider-faithful applier, exec with
 * exit codes, and plain (unhardened) baseline containers.
 *
 * Engine tests never skip: when the engine is unreachable they fail, in CI
 * and locally (start one with `npm run engine:up`).
 */
import { execFileSync } from 'child_process';
import { PassThrough } from 'stream';
import { TerraformStack, Testing } from 'cdktf';
import Docker from 'dockerode';
import { AppliedStack, EngineApplier } from './applier';
import { buildProbeImage, ProbeImage } from './image/build-image';
import { fromJson } from '../../lib/engine/stack';

export const docker = new Docker();
export const applier = new EngineApplier(docker);

let ready: Promise<ProbeImage> | undefined;

/** Pings the engine (failing loudly) and builds/reuses the probe image. */
export function engineReady(): Promise<ProbeImage> {
  ready ??= (async () => {
    try {
      await docker.ping();
    } catch (e) {
      throw new Error(
        `Docker engine not reachable (${(e as Error).message}). Engine tests never skip: start one with ` +
        '`npm run engine:up` (installs docker.io if needed and starts dockerd), then re-run.',
      );
    }
    return buildProbeImage();
  })();
  return ready;
}

/** A unique, short suffix for engine object names in this run. */
export const RUN = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

const appliedStacks: AppliedStack[] = [];
const plainContainers: string[] = [];

export interface Deployed {
  readonly applied: AppliedStack;
  readonly json: any;
  /** Container id by construct id (the resource's logical name prefix). */
  container(constructId: string): { id: string; name: string };
}

/** Named volumes the engine created for containers this file deployed (a `volume_name` with no docker_volume). */
const createdVolumes = new Set<string>();

async function volumeNames(): Promise<Set<string>> {
  return new Set(((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name));
}

/** Synthesizes a stack and applies it to the engine. */
export async function deploy(stack: TerraformStack): Promise<Deployed> {
  const json = JSON.parse(Testing.synth(stack));
  const existing = await volumeNames();
  const applied = await applier.apply(fromJson(stack.node.id, '(memory)', json));
  appliedStacks.push(applied);
  // the provider (and the applier, faithful to it) never removes a named volume the engine created implicitly:
  // remember the ones this deployment made, for cleanup()
  for (const c of applied.containers.values()) {
    const mounts = (await docker.getContainer(c.id).inspect()).Mounts ?? [];
    for (const m of mounts) if (m.Type === 'volume' && m.Name && !existing.has(m.Name)) createdVolumes.add(m.Name);
  }
  return {
    applied,
    json,
    container(constructId: string) {
      const hits = [...applied.containers.entries()].filter(([logical]) => logical.startsWith(`${constructId}_`));
      if (hits.length !== 1) throw new Error(`expected one container for ${constructId}, got ${hits.map(([k]) => k).join(', ')}`);
      return hits[0][1];
    },
  };
}

/** Destroys everything deployed or started by this file. */
export async function cleanup(): Promise<void> {
  while (appliedStacks.length > 0) await applier.destroy(appliedStacks.pop()!);
  while (plainContainers.length > 0) {
    await docker.getContainer(plainContainers.pop()!).remove({ force: true }).catch(() => undefined);
  }
  for (const name of [...createdVolumes]) {
    createdVolumes.delete(name);
    // an anonymous volume went with its container (remove_volumes); a named one still in use by another test file's
    // container (a shared name) is left to that file
    await docker.getVolume(name).remove().catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 404 && e.statusCode !== 409) throw e;
    });
  }
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** First stdout line. */
  readonly line: string;
}

/** Runs argv in a running container and waits for it. */
export async function exec(containerId: string, argv: string[], options: { user?: string } = {}): Promise<ExecResult> {
  const e = await docker.getContainer(containerId).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, User: options.user });
  const stream = await e.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  err.on('data', (c: Buffer) => errChunks.push(c));
  docker.modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  let info = await e.inspect();
  for (let i = 0; info.Running && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    info = await e.inspect();
  }
  const stdout = Buffer.concat(chunks).toString();
  return { exitCode: info.ExitCode ?? -1, stdout, stderr: Buffer.concat(errChunks).toString(), line: stdout.split('\n')[0] };
}

/**
 * Starts a plain container from the probe image with Docker's defaults plus
 * `hostConfig` (the unhardened baseline that proves a probe is real).
 */
export async function runPlain(
  image: string, hostConfig: Docker.HostConfig = {}, config: Partial<Docker.ContainerCreateOptions> = {},
): Promise<string> {
  const c = await docker.createContainer({
    Image: image,
    Cmd: ['/bin/probe', 'sleep-forever'],
    name: `plain-${RUN}-${plainContainers.length}`,
    HostConfig: { NetworkMode: 'none', ...hostConfig },
    ...config,
  });
  plainContainers.push(c.id);
  await c.start();
  return c.id;
}

/** Runs a command on the host and returns whether it succeeded. */
export function hostCommandSucceeds(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Reads a file inside a container (busybox cat). */
export async function readFile(containerId: string, path: string): Promise<string> {
  const r = await exec(containerId, ['/bin/cat', path]);
  if (r.exitCode !== 0) throw new Error(`cat ${path} failed: ${r.stderr}`);
  return r.stdout;
}

/** cgroup v1 or v2 file of the container's own cgroup (cgroupns private). */
export async function cgroupFile(containerId: string, v1: string, v2: string): Promise<string> {
  const r = await exec(containerId, ['/bin/cat', `/sys/fs/cgroup/${v1}`]);
  if (r.exitCode === 0) return r.stdout.trim();
  return (await readFile(containerId, `/sys/fs/cgroup/${v2}`)).trim();
}

/** Polls `probe` every 250 ms until it returns a value, or fails after `ms`. */
export async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
