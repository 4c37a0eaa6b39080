import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { EndpointMode, HardenedContainer, HardenedService, HardeningSummary, OverlayNetwork, PublishMode, ServiceGrant } from '../../lib';

const IMAGE = `registry.example.com/app@sha256:${'b'.repeat(64)}`;
const JUSTIFIED = { justification: 'test: the proxy forwards requests into the internal zone' };

function stack(id = 'grants'): TerraformStack {
  const s = new TerraformStack(Testing.app(), id);
  new DockerProvider(s, 'docker', {});
  return s;
}

function synth(s: TerraformStack): any {
  return JSON.parse(Testing.synth(s)).resource;
}

/** The synthesized service of construct id `id`. */
function serviceOf(resource: any, id: string): any {
  return Object.entries<any>(resource.docker_service).find(([k]) => k.startsWith(`${id}_`))![1];
}

/** The networks_advanced of a service as [network resource name, aliases]. */
function attachments(resource: any, id: string): Array<[string, string[]]> {
  return serviceOf(resource, id).task_spec.networks_advanced.map((n: any) =>
    [/^\$\{docker_network\.([^.]+)\.id\}$/.exec(n.name)![1], n.aliases ?? []]);
}

describe('OverlayNetwork.allow: connection grants between services as pair overlay networks', () => {
  test('a grant is a pair overlay network (encrypted, internal, not attachable) joined by exactly the two; the alias only on the target', () => {
    const s = stack();
    const net = new OverlayNetwork(s, 'internal', { trustZone: 'internal' });
    const app = new HardenedService(s, 'app', { image: IMAGE, trustZone: 'internal' });
    const db = new HardenedService(s, 'db', { image: IMAGE, trustZone: 'internal' });
    const other = new HardenedService(s, 'other', { image: IMAGE, trustZone: 'internal' });
    const grant = net.allow(app, db, { port: 5432, alias: 'db' });

    const r = synth(s);
    const [pairKey, pair] = Object.entries<any>(r.docker_network).find(([, n]) => n.name === grant.networkName)!;
    expect(pair).toMatchObject({ driver: 'overlay', internal: true, attachable: false, options: { encrypted: 'true' } });
    expect(pair.labels).toEqual(expect.arrayContaining([
      { label: 'io.cdktf-hardened-docker.network', value: 'grant' },
      { label: 'io.cdktf-hardened-docker.grant-pair', value: 'grants/app <-> grants/db' },
    ]));
    // the grant's pair network replaced the private networks of app and db; `other` keeps its own
    expect(attachments(r, 'app')).toEqual([[pairKey, []]]);
    expect(attachments(r, 'db')).toEqual([[pairKey, ['db']]]);
    expect(attachments(r, 'other')).toEqual([[expect.stringMatching(/^other_Network_/), []]]);
    expect([app.privateNetwork, db.privateNetwork, other.privateNetwork?.networkName]).toEqual([undefined, undefined, expect.any(String)]);
    expect(Object.keys(r.docker_network).filter((k) => /^(app|db)_Network/.test(k))).toEqual([]);
    expect(grant.paths).toEqual([{
      from: 'grants/app',
      to: 'grants/db',
      alias: 'db',
      port: 5432,
      protocol: 'tcp',
      enforcement: expect.stringContaining('Docker does not restrict the direction (db can reach app too) or the port (5432/tcp is declared, all ports are open)'),
    }]);
    expect(s).toPassHardeningChecks();
  });

  test('both directions share one pair network; each target gets its alias; services keep their explicit networks', () => {
    const s = stack();
    const net = new OverlayNetwork(s, 'zone');
    const shared = new OverlayNetwork(s, 'shared');
    const a = new HardenedService(s, 'a', { image: IMAGE, networks: [shared.networkId] });
    const b = new HardenedService(s, 'b', { image: IMAGE });
    const g1 = net.allow(a, b, { alias: 'bee' });
    const g2 = net.allow(b, a, { port: 9000 });
    expect(g2).toBe(g1);
    expect(net.grants).toEqual([g1]);
    const r = synth(s);
    const pairKey = Object.entries<any>(r.docker_network).find(([, n]) => n.name === g1.networkName)![0];
    expect(attachments(r, 'a')).toEqual([[expect.stringMatching(/^shared_/), []], [pairKey, ['a']]]);
    expect(attachments(r, 'b')).toEqual([[pairKey, ['bee']]]);
    expect(a.networkTargets).toEqual([shared.networkId, g1.networkId]);
  });

  test('the same pair on two overlay networks gets two pair networks with distinct names', () => {
    const s = stack();
    const n1 = new OverlayNetwork(s, 'one');
    const n2 = new OverlayNetwork(s, 'two');
    const a = new HardenedService(s, 'a', { image: IMAGE });
    const b = new HardenedService(s, 'b', { image: IMAGE });
    const g1 = n1.allow(a, b);
    const g2 = n2.allow(a, b, { alias: 'b2' });
    expect(g1.networkName).not.toBe(g2.networkName);
    expect(attachments(synth(s), 'b').map(([, aliases]) => aliases)).toEqual([['b'], ['b2']]);
  });

  test('across trust zones only with a justified crossTrustZone opt-out, which shows in the summary', () => {
    const s = stack();
    const dmz = new OverlayNetwork(s, 'dmz', { trustZone: 'dmz' });
    const proxy = new HardenedService(s, 'proxy', { image: IMAGE, trustZone: 'dmz' });
    const app = new HardenedService(s, 'app', { image: IMAGE, trustZone: 'internal' });
    expect(() => dmz.allow(proxy, app)).toThrow(
      'grants/dmz: invalid allow(proxy -> app) "dmz -> internal": a grant between trust zones needs the crossTrustZone opt-out with a justification');
    expect(() => dmz.allow(proxy, app, { crossTrustZone: { justification: 'short' } })).toThrow(/invalid allow\(proxy -> app\)\.crossTrustZone\.justification/);
    // the refused calls left nothing behind
    expect(dmz.grants).toEqual([]);
    expect(Object.keys(synth(s).docker_network).some((k) => k.includes('Grant'))).toBe(false);

    const grant = dmz.allow(proxy, app, { crossTrustZone: JUSTIFIED });
    expect(grant.optOutRecords.map((o) => [o.prop, o.justification])).toEqual([['allow(proxy -> app).crossTrustZone', JUSTIFIED.justification]]);
    const text = HardeningSummary.of(s).toText();
    expect(text).toContain('grant grants/proxy -> grants/app as "app"');
    expect(text).toContain(`accepted risk (allow(proxy -> app).crossTrustZone): "${JUSTIFIED.justification}"`);
    const summary = HardeningSummary.of(s).overlayNetworks.find((n) => n.path === 'grants/dmz')!;
    expect(summary).toMatchObject({ encrypted: true, internal: true, attachable: false, grants: [expect.objectContaining({ alias: 'app' })] });
    expect(s).toPassHardeningChecks();

    // a service placed by no zone counts as the default zone, as a container does
    const s2 = stack('zoneless');
    const anywhere = new HardenedService(s2, 'anywhere', { image: IMAGE });
    const placed = new HardenedService(s2, 'placed', { image: IMAGE, trustZone: 'dmz' });
    expect(() => new OverlayNetwork(s2, 'n').allow(anywhere, placed)).toThrow('"default -> dmz"');
    expect(() => new OverlayNetwork(s2, 'd2').allow(anywhere, new HardenedService(s2, 'x', { image: IMAGE }), { crossTrustZone: JUSTIFIED }))
      .toThrow('this opt-out does not apply (both are in trust zone "default"); remove it');
  });

  test('refused: non-services, another stack\'s service, itself, a path twice, an alias naming two targets', () => {
    const s = stack();
    const net = new OverlayNetwork(s, 'net');
    const a = new HardenedService(s, 'a', { image: IMAGE });
    const b = new HardenedService(s, 'b', { image: IMAGE });
    const c = new HardenedService(s, 'c', { image: IMAGE });
    const container = new HardenedContainer(s, 'ctr', { image: IMAGE });
    expect(() => net.allow(container as any, b)).toThrow(/grants\/net: invalid allow\(from\) .*: expected a HardenedService/);
    expect(() => net.allow(a, 'b' as any)).toThrow('grants/net: invalid allow(to) "b": expected a HardenedService');
    const elsewhere = new HardenedService(stack('other'), 'e', { image: IMAGE });
    expect(() => net.allow(a, elsewhere)).toThrow('the service is in stack "other", this network in "grants"');
    expect(() => net.allow(a, a)).toThrow('grants/net: invalid allow(to) "grants/a": a service needs no grant to reach itself');
    net.allow(a, b, { port: 80 });
    expect(() => net.allow(a, b, { port: 80 })).toThrow('this path is already granted');
    net.allow(c, b, { alias: 'beta' });
    // on the b <-> c pair network "beta" already names b
    expect(() => net.allow(b, c, { alias: 'beta' })).toThrow(/grants\/net\/Grant-[0-9a-f]{8}: invalid allow\(b -> c\)\.alias "beta": the alias already names grants\/b/);
    // on the a <-> c pair network it is free; a second path to the same target may repeat its alias
    net.allow(a, c, { alias: 'beta', port: 1 });
    expect(() => net.allow(a, c, { alias: 'beta', port: 2 })).not.toThrow();
    expect(net.grants.map((g) => g.paths.length)).toEqual([1, 1, 2]);
  });

  test('networks that bypass the grant rules are refused: a grant\'s pair network, another service\'s private network, another zone\'s network', () => {
    const s = stack();
    const net = new OverlayNetwork(s, 'net', { trustZone: 'internal' });
    const a = new HardenedService(s, 'a', { image: IMAGE, trustZone: 'internal' });
    const b = new HardenedService(s, 'b', { image: IMAGE, trustZone: 'internal' });
    const lone = new HardenedService(s, 'lone', { image: IMAGE, trustZone: 'internal' });
    const grant = net.allow(a, b);
    for (const target of [grant.networkId, grant.networkName]) {
      expect(() => new HardenedService(s, `third${target.length}`, { image: IMAGE, trustZone: 'internal', networks: [target] }))
        .toThrow(`invalid networks[0] ${JSON.stringify(target)}: this is the pair network of grants/net/Grant-`);
    }
    expect(() => new HardenedService(s, 'sneak', { image: IMAGE, trustZone: 'internal', networks: [lone.privateNetwork!.networkId] }))
      .toThrow('this is the private network of grants/lone; ask for a grant with OverlayNetwork.allow()');
    const dmz = new OverlayNetwork(s, 'dmz', { trustZone: 'dmz' });
    expect(() => new HardenedService(s, 'mixed', { image: IMAGE, trustZone: 'internal', networks: [dmz.networkId] }))
      .toThrow('grants/dmz is in trust zone "dmz", this service in "internal"; services of different trust zones never share a network');
    expect(() => new HardenedService(s, 'byname', { image: IMAGE, networks: [net.networkName] }))
      .toThrow('grants/net is in trust zone "internal", this service in "default"');
    expect(() => new HardenedService(s, 'ok', { image: IMAGE, trustZone: 'dmz', networks: [dmz.networkId] })).not.toThrow();
  });

  test('deterministic: the same program synthesizes byte-identical files', () => {
    const build = () => {
      const s = new TerraformStack(new App(), 'det');
      new DockerProvider(s, 'docker', {});
      const net = new OverlayNetwork(s, 'net');
      const a = new HardenedService(s, 'a', { image: IMAGE });
      const b = new HardenedService(s, 'b', { image: IMAGE });
      net.allow(a, b, { port: 443 });
      net.allow(b, a);
      return Testing.synth(s);
    };
    expect(build()).toBe(build());
  });
});

describe('HardenedService endpointMode', () => {
  test('VIP by default (no endpoint_spec); DNSRR is rendered; DNSRR with an ingress port is refused, with a host-mode port allowed', () => {
    const s = stack('endpoint');
    new HardenedService(s, 'vip', { image: IMAGE });
    new HardenedService(s, 'rr', { image: IMAGE, endpointMode: EndpointMode.DNSRR });
    const published = { publishedPorts: { justification: 'test: the entry point of the swarm, published on purpose' } };
    new HardenedService(s, 'rrhost', {
      image: IMAGE,
      endpointMode: EndpointMode.DNSRR,
      ports: [{ targetPort: 8443, publishedPort: 443, publishMode: PublishMode.HOST }],
      optOuts: published,
    });
    const r = synth(s);
    expect(serviceOf(r, 'vip').endpoint_spec).toBeUndefined();
    expect(serviceOf(r, 'rr').endpoint_spec).toEqual({ mode: 'dnsrr' });
    expect(serviceOf(r, 'rrhost').endpoint_spec).toMatchObject({ mode: 'dnsrr', ports: [{ target_port: 8443, publish_mode: 'host' }] });
    expect(() => new HardenedService(s, 'bad', {
      image: IMAGE, endpointMode: EndpointMode.DNSRR, ports: [{ targetPort: 80 }], optOuts: published,
    })).toThrow('endpoint/bad: invalid endpointMode "dnsrr": ports[0] is published through the ingress routing mesh, which needs a virtual IP');
    expect(() => new HardenedService(s, 'typo', { image: IMAGE, endpointMode: 'rr' as any }))
      .toThrow('endpoint/typo: invalid endpointMode "rr": expected EndpointMode.VIP or EndpointMode.DNSRR');
  });
});

describe('grants cannot be made around allow()', () => {
  test('a ServiceGrant constructed directly fails validation; allow() on a service\'s private network is refused', () => {
    const s = stack('around');
    const net = new OverlayNetwork(s, 'net');
    const a = new HardenedService(s, 'a', { image: IMAGE, trustZone: 'dmz' });
    const b = new HardenedService(s, 'b', { image: IMAGE, trustZone: 'internal' });
    new ServiceGrant(net, 'forged', { network: net, a, b });
    expect(() => Testing.synth(s, true)).toThrow(/around\/net\/forged: invalid ServiceGrant: created outside OverlayNetwork\.allow\(\)/);
    const s2 = stack('private');
    const c = new HardenedService(s2, 'c', { image: IMAGE });
    const d = new HardenedService(s2, 'd', { image: IMAGE });
    expect(() => c.privateNetwork!.allow(c, d)).toThrow('private/c/Network: invalid allow() "private/c/Network": this is the private network of private/c');
  });

  test('a private network replaced by a grant is forgotten: its name is refused as unknown no more, and nothing references it', () => {
    const s = stack('replaced');
    const net = new OverlayNetwork(s, 'net');
    const a = new HardenedService(s, 'a', { image: IMAGE });
    const b = new HardenedService(s, 'b', { image: IMAGE });
    const oldName = a.privateNetwork!.networkName;
    net.allow(a, b);
    expect(a.privateNetwork).toBeUndefined();
    expect(Testing.synth(s)).not.toContain(oldName);
    expect(s).toPassHardeningChecks();
  });
});
