/**
 * IsolatedNetwork and grants on a real engine, with the three-tier example
 * (proxy -> app -> db) plus a worker that holds no grant.
 *
 * Only loopback and the engine's own bridges are probed: "outside" is a host
 * listener reached through another bridge's address, never a foreign host.
 */
import { AddressInfo, createServer, Server } from 'net';
import { Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, deploy, docker, engineReady, exec, RUN, runPlain } from './harness';
import { ThreeTierStack } from '../../examples/three-tier';
import { HardenedContainer } from '../../lib';

let proxy: string;
let app: string;
let db: string;
let worker: string;
let stack: ThreeTierStack;
let hostListener: Server;
let hostPort: number;

const listen = (port: number) => ['/bin/probe', 'listen', String(port)];
const connect = (id: string, host: string, port: number) => exec(id, ['/bin/probe', 'connect', host, String(port), '1500']);
const containerName = (c: HardenedContainer) => c.containerName;

beforeAll(async () => {
  const image = await engineReady();
  hostListener = createServer((s) => s.end('host\n'));
  await new Promise<void>((r) => hostListener.listen(0, '0.0.0.0', () => r()));
  hostPort = (hostListener.address() as AddressInfo).port;

  stack = new ThreeTierStack(Testing.app(), `tier-${RUN}`, {
    image: image.id,
    hostPort: 20000 + ((process.pid + 7) % 10000),
    commands: { proxy: listen(8443), app: listen(8080), db: listen(5432) },
  });
  new HardenedContainer(stack, 'worker', {
    image: image.id, command: ['/bin/probe', 'sleep-forever'], trustZone: 'internal', networks: [{ network: stack.tier }],
  });
  const d = await deploy(stack);
  [proxy, app, db, worker] = ['proxy', 'app', 'db', 'worker'].map((id) => d.container(id).id);
});

afterAll(async () => {
  await cleanup();
  hostListener?.close();
});

describe('three-tier: only the granted paths exist', () => {
  test('proxy reaches app through its grant alias', async () => {
    expect((await connect(proxy, 'app', 8080)).line).toMatch(/^OK connected .* read="hello\\n"/);
  });

  test('app reaches db through its grant alias', async () => {
    expect((await connect(app, 'db', 5432)).line).toMatch(/^OK connected/);
  });

  test('proxy cannot reach db: no alias, no shared network, not even by container name', async () => {
    expect((await connect(proxy, 'db', 5432)).line).toMatch(/^FAIL EAI_NONAME/);
    expect((await connect(proxy, containerName(stack.db), 5432)).line).toMatch(/^FAIL EAI_NONAME/);
  });

  test('a third container on the same isolated network reaches neither app nor db', async () => {
    // the grant aliases do not resolve for it
    expect((await connect(worker, 'app', 8080)).line).toMatch(/^FAIL EAI_NONAME/);
    expect((await connect(worker, 'db', 5432)).line).toMatch(/^FAIL EAI_NONAME/);
    // container names do resolve on the shared network (Docker's DNS ignores icc), but icc=false drops the traffic
    expect((await connect(worker, containerName(stack.app), 8080)).line).toMatch(/^FAIL (ETIMEDOUT|EHOSTUNREACH)/);
    expect((await connect(worker, containerName(stack.db), 5432)).line).toMatch(/^FAIL (ETIMEDOUT|EHOSTUNREACH)/);
  });

  test('what is NOT enforced, as documented: db can reach app back over their pair network', async () => {
    const grantNet = stack.tier.grants.find((g) => g.paths.some((p) => p.alias === 'db'))!.networkName;
    const info = await docker.getContainer(app).inspect();
    const appIpOnPair = info.NetworkSettings.Networks[grantNet].IPAddress;
    expect((await connect(db, appIpOnPair, 8080)).line).toMatch(/^OK connected/);
  });
});

/**
 * The gateway (the host's address) of a network this test created: as the engine reports it, else the first host
 * address of its subnet, where Docker's default IPAM puts it (engines differ in whether they report it).
 */
function gatewayOf(network: { IPAM?: { Config?: Array<{ Gateway?: string; Subnet?: string }> } }): string {
  const config = (network.IPAM?.Config ?? []).find((c) => c.Subnet && /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c.Subnet));
  if (config?.Gateway) return config.Gateway;
  const m = config?.Subnet ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(config.Subnet) : null;
  if (!m) throw new Error(`the engine reports no IPv4 subnet for this test's network: ${JSON.stringify(network.IPAM)}`);
  const address = m.slice(1, 5).reduce((a, o) => a * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(m[5]));
  const host = address - (address % size) + 1;
  return [24, 16, 8, 0].map((s) => Math.floor(host / 2 ** s) % 256).join('.');
}

describe('internal network: no route out', () => {
  test('the network gateway (host) is unreachable, unlike on a plain internal network', async () => {
    const gateway = gatewayOf(await docker.getNetwork(stack.tier.networkName).inspect());
    expect((await connect(app, gateway, hostPort)).line).toMatch(/^FAIL (ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNREFUSED)/);
    // baseline: Docker's plain internal network leaves the host reachable on the bridge address
    const plainNet = await docker.createNetwork({ Name: `plain-internal-${RUN}`, Internal: true });
    try {
      const gw = gatewayOf(await plainNet.inspect());
      const plain = await runPlain((await engineReady()).id, { NetworkMode: `plain-internal-${RUN}` });
      expect((await connect(plain, gw, hostPort)).line).toMatch(/^OK connected .*host/);
      await docker.getContainer(plain).remove({ force: true });
    } finally {
      await plainNet.remove().catch(() => undefined);
    }
  });

  test('an address outside the network (the host, on a bridge of this test) is unreachable; the egress network reaches it', async () => {
    // the test's own bridge with an explicit gateway (RFC 2544 benchmark range): the host's address on it is "outside"
    // for the tier, and it belongs to this machine, so no probe can leave it; nothing read from a shared engine
    const third = 18 + ((process.pid + 3) % 200);
    const outside = `198.18.${third}.1`;
    const net = await docker.createNetwork({ Name: `outside-${RUN}`, IPAM: { Config: [{ Subnet: `198.18.${third}.0/24`, Gateway: outside }] } });
    try {
      expect((await connect(app, outside, hostPort)).line).toMatch(/^FAIL (ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)/);
      expect((await connect(db, outside, hostPort)).line).toMatch(/^FAIL (ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)/);
      // the proxy's network took the egress opt-out: it has a route out (the probe is real)
      expect((await connect(proxy, outside, hostPort)).line).toMatch(/^OK connected .*host/);
    } finally {
      await net.remove().catch(() => undefined);
    }
  });

  test('the proxy is published on loopback only', async () => {
    const info = await docker.getContainer(proxy).inspect();
    const bindings = info.HostConfig.PortBindings['8443/tcp'];
    expect(bindings.map((b: any) => b.HostIp)).toEqual(['127.0.0.1']);
  });
});
