import { TerraformStack, Testing } from 'cdktf';
import { ThreeTierStack } from '../../examples/three-tier';
import { ContainerNetwork, HardenedContainer, IsolatedNetwork, OPT_OUT_METADATA_TYPE, Protocol } from '../../lib';
import { IMAGE, newStack, onlyContainer, synth } from '../util';

const why = (justification: string) => ({ justification });
const labelsOf = (r: any) => Object.fromEntries(r.labels.map((l: any) => [l.label, l.value]));

describe('IsolatedNetwork defaults', () => {
  const stack = newStack('n');
  const net = new IsolatedNetwork(stack, 'tier');
  const out = synth(stack).parsed.resource.docker_network;
  const r: any = Object.values(out)[0];

  test('snapshot', () => {
    expect(out).toMatchSnapshot();
  });

  test('bridge, icc off, internal, no masquerade, no host address, loopback publishing', () => {
    expect(r.driver).toBe('bridge');
    expect(r.internal).toBe(true);
    expect(r.options).toEqual({
      'com.docker.network.bridge.enable_icc': 'false',
      'com.docker.network.bridge.enable_ip_masquerade': 'false',
      'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1',
      'com.docker.network.bridge.inhibit_ipv4': 'true',
    });
  });

  test('deterministic name and labels identifying the stack', () => {
    expect(r.name).toMatch(/^n-tier-[0-9a-f]{8}$/);
    expect(net.networkName).toBe(r.name);
    expect(labelsOf(r)).toEqual({
      'io.cdktf-hardened-docker.network': 'isolated',
      'io.cdktf-hardened-docker.stack': 'n',
      'io.cdktf-hardened-docker.trust-zone': 'default',
    });
    const again = newStack('n');
    expect(new IsolatedNetwork(again, 'tier').networkName).toBe(net.networkName);
  });
});

describe('IsolatedNetwork opt-outs and validation', () => {
  test('egress is an explicit, recorded opt-out: routed and masqueraded', () => {
    const stack = newStack('n');
    const net = new IsolatedNetwork(stack, 'edge', { egress: why('proxy needs to publish on loopback') });
    const r: any = Object.values(synth(stack).parsed.resource.docker_network)[0];
    expect(r.internal).toBe(false);
    expect(r.options['com.docker.network.bridge.enable_ip_masquerade']).toBe('true');
    expect(r.options['com.docker.network.bridge.enable_icc']).toBe('false');
    expect(r.options['com.docker.network.bridge.inhibit_ipv4']).toBeUndefined();
    expect(net.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE).map((m) => (m.data as any).prop)).toEqual(['egress']);
  });

  test.each([
    [{ egress: why('short') }, /egress.justification/],
    [{ subnet: '10.0.0.0' }, /invalid subnet/],
    [{ subnet: '300.0.0.0/24' }, /invalid subnet/],
    [{ networkName: 'bad name' }, /invalid networkName/],
    [{ trustZone: 'DMZ' }, /invalid trustZone/],
    [{ labels: { 'io.cdktf-hardened-docker.stack': 'x' } }, /reserved/],
  ])('%j is refused', (props, error) => {
    expect(() => new IsolatedNetwork(newStack('n'), 'net', props as any)).toThrow(error);
  });

  test('a subnet becomes the IPAM config', () => {
    const stack = newStack('n');
    new IsolatedNetwork(stack, 'net', { subnet: '10.20.0.0/24' });
    expect((Object.values(synth(stack).parsed.resource.docker_network)[0] as any).ipam_config).toEqual([{ subnet: '10.20.0.0/24' }]);
  });
});

describe('membership rules', () => {
  test('containers of another trust zone cannot join', () => {
    const stack = newStack('n');
    const net = new IsolatedNetwork(stack, 'tier', { trustZone: 'internal' });
    expect(() => new HardenedContainer(stack, 'web', { image: IMAGE, trustZone: 'dmz', networks: [{ network: net }] }))
      .toThrow(/^n\/web: invalid networks\[0\].network "n-tier-[0-9a-f]+": the network belongs to trust zone "internal" and this container to "dmz"/);
  });

  test('ports on internal-only networks are refused (they would be unreachable)', () => {
    const stack = newStack('n');
    const net = new IsolatedNetwork(stack, 'tier');
    expect(() => new HardenedContainer(stack, 'web', { image: IMAGE, networks: [{ network: net }], ports: [{ containerPort: 80, hostPort: 8080 }] }))
      .toThrow(/every network of this container is internal/);
  });

  test('joining an icc-off network and an icc-on/unknown network that is not a grant warns', () => {
    const stack = newStack('n');
    const net = new IsolatedNetwork(stack, 'tier');
    const c = new HardenedContainer(stack, 'web', { image: IMAGE, networks: [{ network: net }, { network: ContainerNetwork.fromName('legacy') }] });
    const warnings = c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/\[network-icc-mix\] joins n-tier-\w+ .* and legacy \(icc unknown\)/);
    const quiet = new HardenedContainer(stack, 'web2', { image: IMAGE, networks: [{ network: net }] });
    expect(quiet.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });
});

describe('connection grants', () => {
  function trio() {
    const stack = newStack('g');
    const net = new IsolatedNetwork(stack, 'tier');
    const mk = (id: string) => new HardenedContainer(stack, id, { image: IMAGE, networks: [{ network: net }] });
    return { stack, net, a: mk('a'), b: mk('b'), c: mk('c') };
  }

  test('a grant is a pair network joined by exactly the two containers, alias on the target', () => {
    const { stack, net, a, b, c } = trio();
    const grant = net.allow(a, b, { port: 5432 });
    const out = synth(stack).parsed.resource;
    const grantNet: any = Object.values(out.docker_network).find((n: any) => n.name === grant.networkName);
    expect(grantNet).toMatchObject({ driver: 'bridge', internal: true });
    expect(grantNet.options).toEqual({
      'com.docker.network.bridge.enable_icc': 'true',
      'com.docker.network.bridge.enable_ip_masquerade': 'false',
      'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1',
      'com.docker.network.bridge.inhibit_ipv4': 'true',
    });
    const byName = Object.fromEntries(Object.values<any>(out.docker_container).map((x) => [x.name, x]));
    const ref = (n: any) => `\${docker_network.${Object.entries<any>(out.docker_network).find(([, v]) => v.name === n.networkName)![0]}.name}`;
    expect(byName[a.containerName].networks_advanced).toEqual([{ name: ref(net) }, { name: ref(grant) }]);
    expect(byName[b.containerName].networks_advanced).toEqual([{ name: ref(net) }, { name: ref(grant), aliases: ['b'] }]);
    expect(byName[c.containerName].networks_advanced).toEqual([{ name: ref(net) }]);
    // replacing a network replaces its containers (3.6.2 cannot delete a network with endpoints)
    expect(byName[b.containerName].lifecycle).toEqual({ replace_triggered_by: [ref(net).slice(0, -6) + '}', ref(grant).slice(0, -6) + '}'] });
    expect(grant.paths).toEqual([expect.objectContaining({ from: 'g/a', to: 'g/b', alias: 'b', port: 5432, protocol: 'tcp' })]);
    expect(grant.paths[0].enforcement).toMatch(/does not restrict the direction .* or the port \(5432\/tcp is declared, all ports are open\)/);
  });

  test('more grants between the same pair reuse the pair network; reverse grants add the alias', () => {
    const { net, a, b } = trio();
    const g1 = net.allow(a, b, { port: 5432 });
    const g2 = net.allow(a, b, { port: 6379, alias: 'cache' });
    const g3 = net.allow(b, a, { protocol: Protocol.UDP });
    expect(g2).toBe(g1);
    expect(g3).toBe(g1);
    expect(net.grants).toHaveLength(1);
    expect(g1.paths.map((p) => `${p.from}->${p.to}:${p.alias}`)).toEqual(['g/a->g/b:b', 'g/a->g/b:cache', 'g/b->g/a:a']);
  });

  test.each([
    ['same path twice', (t: any) => { t.net.allow(t.a, t.b); t.net.allow(t.a, t.b); }, /already granted/],
    ['self grant', (t: any) => t.net.allow(t.a, t.a), /needs no grant to reach itself/],
    ['bad alias', (t: any) => t.net.allow(t.a, t.b, { alias: 'Not_DNS' }), /one lower-case DNS label/],
    ['bad port', (t: any) => t.net.allow(t.a, t.b, { port: 70000 }), /1 to 65535/],
    ['alias clash', (t: any) => { t.net.allow(t.a, t.b, { alias: 'x' }); t.net.allow(t.b, t.a, { alias: 'x' }); }, /already names g\/b/],
    ['unused cross-zone opt-out', (t: any) => t.net.allow(t.a, t.b, { crossTrustZone: why('not needed at all') }), /does not apply/],
  ])('%s is refused', (_n, act, error) => {
    expect(() => act(trio())).toThrow(error);
  });

  test('a grant to a container of another stack is refused', () => {
    const app = Testing.app();
    const s1 = new TerraformStack(app, 's1');
    const s2 = new TerraformStack(app, 's2');
    const net = new IsolatedNetwork(s1, 'tier');
    const a = new HardenedContainer(s1, 'a', { image: IMAGE });
    const b = new HardenedContainer(s2, 'b', { image: IMAGE });
    expect(() => net.allow(a, b)).toThrow(/^s1\/tier: invalid allow\(to\) "s2\/b": the container is in stack "s2", this network in "s1"/);
  });

  test('cross-zone grants need a justified opt-out, which is recorded', () => {
    const stack = newStack('z');
    const net = new IsolatedNetwork(stack, 'tier', { trustZone: 'internal' });
    const proxy = new HardenedContainer(stack, 'proxy', { image: IMAGE, trustZone: 'dmz' });
    const app = new HardenedContainer(stack, 'app', { image: IMAGE, trustZone: 'internal', networks: [{ network: net }] });
    expect(() => net.allow(proxy, app)).toThrow(/between trust zones needs the crossTrustZone opt-out/);
    const g = net.allow(proxy, app, { crossTrustZone: why('the proxy is the only way into the zone') });
    expect(g.optOutRecords.map((r) => r.control)).toEqual(['trust-zones']);
  });
});

describe('grant and name rules', () => {
  test('a container outside a grant cannot join its pair network', () => {
    const stack = newStack('g');
    const net = new IsolatedNetwork(stack, 'tier');
    const a = new HardenedContainer(stack, 'a', { image: IMAGE });
    const b = new HardenedContainer(stack, 'b', { image: IMAGE });
    const grant = net.allow(a, b);
    expect(() => new HardenedContainer(stack, 'intruder', { image: IMAGE, networks: [{ network: grant, aliases: ['b'] }] }))
      .toThrow(/a grant network is joined only by the two containers of its grant/);
  });

  test('joining a managed network by its name only is refused at synth', () => {
    const stack = newStack('g');
    const net = new IsolatedNetwork(stack, 'tier', { trustZone: 'internal' });
    new HardenedContainer(stack, 'sneaky', { image: IMAGE, trustZone: 'dmz', networks: [{ network: ContainerNetwork.fromName(net.networkName) }] });
    expect(() => Testing.synth(stack, true)).toThrow(/g\/sneaky: invalid networks "g-tier-\w+": joined by name, which bypasses the rules of g\/tier/);
  });
});

describe('three-tier example', () => {
  test('only proxy->app and app->db exist (snapshot of networks and attachments)', () => {
    const stack = new ThreeTierStack(Testing.app(), 'three-tier');
    const out = JSON.parse(Testing.synth(stack)).resource;
    const attachments = Object.fromEntries(Object.values<any>(out.docker_container).map((c) => [c.name, c.networks_advanced]));
    expect({ networks: out.docker_network, attachments }).toMatchSnapshot();
    expect(stack.tier.grants.flatMap((g) => g.paths.map((p) => `${p.from} -> ${p.to}`))).toEqual([
      'three-tier/proxy -> three-tier/app', 'three-tier/app -> three-tier/db',
    ]);
    const shared = (x: any, y: any) => x.networkNames.filter((n: string) => y.networkNames.includes(n));
    expect(shared(stack.proxy, stack.db)).toEqual([]);
    expect(shared(stack.proxy, stack.app)).toHaveLength(1);
    expect(shared(stack.app, stack.db)).toHaveLength(2); // tier (icc off) + their grant network
  });
});

describe('regressions found by the property test (isolated-network.property.test.ts)', () => {
  const netOf = (stack: TerraformStack) => Object.values<any>(synth(stack).parsed.resource.docker_network);

  test('a bad label key is the value of the error, never part of its prop', () => {
    expect(() => new IsolatedNetwork(newStack('n'), 'net', { labels: { 'a: b': 'x' } }))
      .toThrow(/^n\/net: invalid labels "a: b": label keys must be 1-255 characters/);
  });

  test('label values reach Terraform escaped: ${…} and %{…} stay literal text, on the network and on the grant-pair label', () => {
    const stack = newStack('n');
    const net = new IsolatedNetwork(stack, 'net', { labels: { team: '${var.x} %{ if true }' } });
    const a = new HardenedContainer(stack, 'a${x}', { image: IMAGE, networks: [{ network: net }] });
    const b = new HardenedContainer(stack, 'b', { image: IMAGE, networks: [{ network: net }] });
    net.allow(a, b);
    const labels = netOf(stack).map(labelsOf);
    expect(labels.find((l) => l.team !== undefined)!.team).toBe('$${var.x} %%{ if true }');
    expect(labels.find((l) => l['io.cdktf-hardened-docker.grant-pair'] !== undefined)!['io.cdktf-hardened-docker.grant-pair']).toBe('n/a$${x} <-> n/b');
  });

  test('label values Terraform would change are refused (NUL, unpaired surrogate)', () => {
    expect(() => new IsolatedNetwork(newStack('n'), 'net', { labels: { team: 'x\u0000y' } })).toThrow(/^n\/net: invalid labels \{"team":"x\\u0000y"\}: /);
    expect(() => new IsolatedNetwork(newStack('n'), 'net', { labels: { team: '\ud800' } })).toThrow(/^n\/net: invalid labels .*unpaired UTF-16 surrogates/);
  });

  test.each(['bridge', 'host', 'none', 'default'])('Docker\'s predefined network name %s is refused', (name) => {
    expect(() => new IsolatedNetwork(newStack('n'), 'net', { networkName: name })).toThrow(/^n\/net: invalid networkName ".*": .*predefined networks/);
  });

  test('two networks of a stack cannot have the same name', () => {
    const stack = newStack('n');
    new IsolatedNetwork(stack, 'one', { networkName: 'shared' });
    expect(() => new IsolatedNetwork(stack, 'two', { networkName: 'shared' }))
      .toThrow(/^n\/two: invalid networkName "shared": n\/one already has this name/);
  });

  test.each(['10.20.0.5/24', '010.20.0.0/24', '10.20.0.0/08'])('a subnet Docker refuses (%s: host bits or leading zeros) is refused', (subnet) => {
    expect(() => new IsolatedNetwork(newStack('n'), 'net', { subnet })).toThrow(/^n\/net: invalid subnet .*canonical IPv4 CIDR/);
  });

  test('overlapping subnets in one stack are refused', () => {
    const stack = newStack('n');
    new IsolatedNetwork(stack, 'one', { subnet: '10.20.0.0/16' });
    expect(() => new IsolatedNetwork(stack, 'two', { subnet: '10.20.5.0/24' })).toThrow(/^n\/two: invalid subnet "10.20.5.0\/24": overlaps n\/one's subnet/);
    expect(() => new IsolatedNetwork(stack, 'three', { subnet: '10.21.0.0/24' })).not.toThrow();
  });

  test('a refused allow() leaves no pair network and no attachment behind', () => {
    const stack = newStack('g');
    const net = new IsolatedNetwork(stack, 'tier');
    const a = new HardenedContainer(stack, 'a', { image: IMAGE, networks: [{ network: net }] });
    const b = new HardenedContainer(stack, 'b', { image: IMAGE, networks: [{ network: net }] });
    expect(() => net.allow(a, b, { alias: 'Not_DNS' })).toThrow(/one lower-case DNS label/);
    expect(() => net.allow(a, b, { crossTrustZone: why('not needed at all') })).toThrow(/does not apply/);
    expect(net.grants).toEqual([]);
    expect(a.networkNames).toEqual([net.networkName]);
    expect(b.networkNames).toEqual([net.networkName]);
    expect(netOf(stack)).toHaveLength(1);
  });

  test('grant errors keep their prop readable for construct ids with spaces or non-ASCII characters', () => {
    const stack = newStack('g');
    const net = new IsolatedNetwork(stack, 'tier');
    const a = new HardenedContainer(stack, 'web server', { image: IMAGE, networks: [{ network: net }] });
    const b = new HardenedContainer(stack, 'dB-Ä', { image: IMAGE, networks: [{ network: net }] });
    expect(() => net.allow(a, b, { port: 70000 })).toThrow(/^g\/tier: invalid allow\(web_server -> dB-_\)\.port 70000: /);
  });

  test('allow() with null options or something that is not a container is refused with a named error', () => {
    const stack = newStack('g');
    const net = new IsolatedNetwork(stack, 'tier');
    const a = new HardenedContainer(stack, 'a', { image: IMAGE, networks: [{ network: net }] });
    const b = new HardenedContainer(stack, 'b', { image: IMAGE, networks: [{ network: net }] });
    expect(() => net.allow(a, b, null as any)).toThrow(/^g\/tier: invalid allow\(a -> b\)\.options null: expected GrantOptions/);
    expect(() => net.allow(Object.create(null), b)).toThrow(/^g\/tier: invalid allow\(from\) "object": expected a HardenedContainer/);
  });

  test('a network id that gives an invalid Terraform name is refused at synth', () => {
    const stack = newStack('n');
    new IsolatedNetwork(stack, '-tier');
    expect(() => Testing.synth(stack, true)).toThrow(/n\/-tier: invalid id "-tier": its Terraform name "-tier_[0-9A-F]+"/);
  });

  test('the default alias of a long construct id is cut to 63 characters without a trailing hyphen', () => {
    const stack = newStack('g');
    const net = new IsolatedNetwork(stack, 'tier');
    const a = new HardenedContainer(stack, 'a', { image: IMAGE, networks: [{ network: net }] });
    const b = new HardenedContainer(stack, `${'n'.repeat(62)}_b`, { image: IMAGE, networks: [{ network: net }] });
    expect(net.allow(a, b).paths[0].alias).toBe('n'.repeat(62));
  });
});

describe('fixed container addresses', () => {
  const build = (subnet: string | undefined, ipv4Address: string) => {
    const stack = newStack('fixed');
    const net = new IsolatedNetwork(stack, 'net', subnet ? { subnet } : {});
    return () => new HardenedContainer(stack, 'web', { image: IMAGE, user: '1000:1000', networks: [{ network: net, ipv4Address }] });
  };
  test('a usable address of the network\'s subnet is emitted', () => {
    const stack = newStack('fixed');
    const net = new IsolatedNetwork(stack, 'net', { subnet: '10.30.0.0/24' });
    new HardenedContainer(stack, 'web', { image: IMAGE, user: '1000:1000', networks: [{ network: net, ipv4Address: '10.30.0.10' }] });
    expect(net.ipv4Subnet).toBe('10.30.0.0/24');
    expect(onlyContainer(stack).networks_advanced[0].ipv4_address).toBe('10.30.0.10');
  });
  test.each([
    ['no subnet on the network', undefined, '10.30.0.10', /configured subnet: set subnet on the network/],
    ['outside the subnet', '10.30.0.0/24', '10.31.0.10', /outside the network's subnet 10\.30\.0\.0\/24/],
    ['the network address', '10.30.0.0/24', '10.30.0.0', /the network address/],
    ['the broadcast address', '10.30.0.0/24', '10.30.0.255', /the broadcast address/],
    ['the gateway', '10.30.0.0/24', '10.30.0.1', /reserved for the gateway/],
  ])('refused at synth (Docker would refuse at apply): %s', (_name, subnet, address, reason) => {
    expect(build(subnet, address)).toThrow(new RegExp(`^fixed/web: invalid networks\\[0\\]\\.ipv4Address "${address.replace(/\./g, '\\.')}": `));
    expect(build(subnet, address)).toThrow(reason);
  });
  test('an external network (subnet unknown) takes any dotted address', () => {
    const stack = newStack('fixed');
    new HardenedContainer(stack, 'web', { image: IMAGE, user: '1000:1000', networks: [{ network: ContainerNetwork.fromName('ext'), ipv4Address: '10.0.0.1' }] });
    expect(onlyContainer(stack).networks_advanced[0].ipv4_address).toBe('10.0.0.1');
  });
});

describe('host ports across containers of a stack', () => {
  const web = (stack: TerraformStack, id: string, hostIp: string | undefined, hostPort: number, protocol?: Protocol) =>
    new HardenedContainer(stack, id, {
      image: IMAGE,
      user: '1000:1000',
      networks: [{ network: ContainerNetwork.fromName('front') }],
      ports: [{ containerPort: 8080, hostPort, hostIp, protocol, ...(hostIp && !hostIp.startsWith('127.') && hostIp !== '::1' ? { nonLoopbackBinding: { justification: 'test of port clashes across containers' } } : {}) }],
    });
  test('a second container on the same host address and port is refused, naming the first', () => {
    const stack = newStack('ports');
    web(stack, 'a', undefined, 8443);
    expect(() => web(stack, 'b', '127.0.0.1', 8443)).toThrow(/^ports\/b: invalid ports\[0\]\.hostPort 8443: ports\/a already publishes tcp port 8443/);
    expect(() => web(stack, 'c', '0.0.0.0', 8443)).toThrow(/ports\/a already publishes/);
  });
  test('other ports, protocols, addresses and families do not clash', () => {
    const stack = newStack('ports');
    web(stack, 'a', '127.0.0.1', 8443);
    web(stack, 'b', '127.0.0.2', 8443);
    web(stack, 'c', '127.0.0.1', 8443, Protocol.UDP);
    web(stack, 'd', '::1', 8443);
    web(stack, 'e', '127.0.0.1', 9443);
    expect(Object.keys(synth(stack).containers)).toHaveLength(5);
  });
});
