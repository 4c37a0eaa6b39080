/**
 * A fork bomb in one container must not reach its neighbours. Provider 3.6.2 cannot set a pids cgroup limit, so the
 * process limit of a HardenedContainer is an nproc ulimit, which the kernel counts per uid on the whole host: with the
 * default uid:gid of its own per container (lib/container/default-user.ts) the budget is per container. The control
 * case shows the mechanism: two containers with one explicit uid share one budget, and the bomb starves the other.
 * Measured: the processes the bomb reached, and how long the neighbour's exec + 50 forks took under the bomb, against
 * the same exec without it (printed; timings are not asserted).
 */
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cgroupFile, cleanup, deploy, engineReady, exec, RUN } from './harness';
import { HardenedContainer, HardenedContainerProps } from '../../lib';
import { ProbeImage } from './image/build-image';

let image: ProbeImage;
let stacks = 0;

beforeAll(async () => {
  image = await engineReady();
});
afterAll(cleanup);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pair(props: Partial<HardenedContainerProps> = {}) {
  const stack = new TerraformStack(Testing.app(), `forkbomb-${RUN}-${stacks++}`);
  new DockerProvider(stack, 'docker', {});
  const command = ['/bin/probe', 'sleep-forever'];
  const bomb = new HardenedContainer(stack, 'bomb', { image: image.id, command, ...props });
  const neighbour = new HardenedContainer(stack, 'neighbour', { image: image.id, command, ...props });
  const deployed = await deploy(stack);
  return { bomb, neighbour, bombId: deployed.container('bomb').id, neighbourId: deployed.container('neighbour').id };
}

/** The processes in a container's cgroup (pids controller), or -1 where the engine has none. */
async function pids(id: string): Promise<number> {
  try {
    return Number((await cgroupFile(id, 'pids/pids.current', 'pids.current')).trim());
  } catch {
    return -1;
  }
}

/** Waits until the bomb's cgroup holds at least `n` processes (at most 10 s); returns the count seen. */
async function waitForPids(id: string, n: number): Promise<number> {
  let seen = 0;
  for (let i = 0; i < 100; i++) {
    seen = await pids(id);
    if (seen >= n || seen < 0) return seen;
    await sleep(100);
  }
  return seen;
}

/** exec + 50 forks in the neighbour: its line, exit code and wall time. */
async function neighbourForks(id: string): Promise<{ line: string; exitCode: number; ms: number }> {
  const t0 = process.hrtime.bigint();
  const r = await exec(id, ['/bin/probe', 'fork-bomb', '50', '0']);
  return { line: r.line, exitCode: r.exitCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

describe('fork bomb in one default HardenedContainer', () => {
  test('the bomb stops at its own limit; a second default container still forks and execs', async () => {
    const { bomb, neighbour, bombId, neighbourId } = await pair();
    expect(bomb.user).not.toBe(neighbour.user);
    expect(bomb.processLimit).toBe(1024);
    const baseline = await neighbourForks(neighbourId);
    expect(baseline.line).toBe('OK forked=50');

    const running = exec(bombId, ['/bin/probe', 'fork-bomb', '5000', '6000']);
    const atLimit = await waitForPids(bombId, 1000);
    const during = await neighbourForks(neighbourId);
    const held = await running;

    // the neighbour forked and exec'd while the bomb held its limit
    expect(during.line).toBe('OK forked=50');
    // the bomb hit its own limit (EAGAIN from fork) below the process limit of its uid
    expect(held.line).toMatch(/^FAIL EAGAIN forked=\d+/);
    const forked = Number(/forked=(\d+)/.exec(held.line)![1]);
    expect(forked).toBeLessThan(1024);
    expect(forked).toBeGreaterThan(900);
    // eslint-disable-next-line no-console
    console.log(`fork bomb (default uids ${bomb.user} / ${neighbour.user}): bomb forked ${forked} (+1 parent; cgroup pids seen ${atLimit}); `
      + `neighbour exec + 50 forks: ${during.ms.toFixed(0)} ms under the bomb vs ${baseline.ms.toFixed(0)} ms before (ratio ${(during.ms / baseline.ms).toFixed(2)})`);
  });

  test('control: with one explicit uid shared by both, the bomb starves the neighbour (what HD-C41 warns of)', async () => {
    const { bombId, neighbourId } = await pair({ user: '4300:4300', processLimit: 64 });
    const running = exec(bombId, ['/bin/probe', 'fork-bomb', '500', '4000']);
    await waitForPids(bombId, 60);
    const during = await neighbourForks(neighbourId);
    const held = await running;
    expect(held.line).toMatch(/^FAIL EAGAIN forked=\d+/);
    // the neighbour cannot fork (or the exec itself cannot start a process)
    expect(during.line.startsWith('OK')).toBe(false);
    // eslint-disable-next-line no-console
    console.log(`control (shared uid 4300, limit 64): neighbour under the bomb: exit ${during.exitCode}, "${during.line}"`);
    const after = await neighbourForks(neighbourId);
    expect(after.line).toBe('OK forked=50');
  });
});
