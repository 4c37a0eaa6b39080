import { DataDockerRegistryImage } from '@cdktf/provider-docker/lib/data-docker-registry-image';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { RegistryImage } from '@cdktf/provider-docker/lib/registry-image';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack, Testing } from 'cdktf';
import { HardenedContainer, IsolatedNetwork } from '../../../lib';
import { findingsOf, PINNED, rawContainer, runChecks, stack } from '../util';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const JUSTIFY = { justification: 'needed for this test case only' };
const ICC = 'com.docker.network.bridge.enable_icc';
const MASQ = 'com.docker.network.bridge.enable_ip_masquerade';

/** `path findingId` of every finding of a rule, sorted. */
function ids(s: TerraformStack, ruleId: string): string[] {
  return findingsOf(s, ruleId).map((f) => `${f.path} ${f.findingId ?? '-'}`).sort();
}

const OTHER = ['HD-N01', 'HD-N02', 'HD-I01', 'HD-V01', 'HD-R01', 'HD-P02', 'HD-S01'];

describe('other rules on the library\'s defaults', () => {
  test('default HardenedContainers on an IsolatedNetwork with a grant have no finding of these rules', () => {
    const s = stack();
    const net = new IsolatedNetwork(s, 'net');
    const a = new HardenedContainer(s, 'a', { image: PINNED, networks: [{ network: net }] });
    const b = new HardenedContainer(s, 'b', { image: PINNED, networks: [{ network: net }] });
    net.allow(a, b);
    expect(runChecks(s).filter((f) => OTHER.includes(f.ruleId))).toEqual([]);
  });
});

describe('HD-N01 inter-container communication on a network', () => {
  test('non-compliant: bridge or unset driver without enable_icc=false', () => {
    const s = stack();
    new Network(s, 'plain', { name: 'plain' });
    new Network(s, 'bridge', { name: 'bridge1', driver: 'bridge', options: { [MASQ]: 'false' } });
    new Network(s, 'on', { name: 'on', driver: ' Bridge ', options: { [ICC]: 'true' } });
    new Network(s, 'junk', { name: 'junk', options: { [ICC]: 'no' } }); // not ParseBool: Docker refuses it, icc stays on in our view
    new Network(s, 'internal', { name: 'internal', internal: true });
    expect(ids(s, 'HD-N01')).toEqual(['checks/bridge -', 'checks/internal -', 'checks/junk -', 'checks/on -', 'checks/plain -']);
    const f = findingsOf(s, 'HD-N01');
    expect(f[0].level).toBe('warning');
    expect(f.find((x) => x.path === 'checks/on')!.message).toMatch(/enable_icc = "true"/);
    expect(f.find((x) => x.path === 'checks/plain')!.message).toMatch(/options has no com\.docker\.network\.bridge\.enable_icc/);
  });
  test('non-compliant: IsolatedNetwork with icc turned on through the escape hatch', () => {
    const s = stack();
    const net = new IsolatedNetwork(s, 'net');
    (net.node.defaultChild as Network).addOverride('options', { [ICC]: 'true' });
    expect(ids(s, 'HD-N01')).toEqual(['checks/net -']);
  });
  test('non-compliant: a grant-labelled network joined by three containers, or not internal', () => {
    const s = stack();
    const labels = [{ label: 'io.cdktf-hardened-docker.network', value: 'grant' }];
    const pair = new Network(s, 'pair', { name: 'pair', internal: true, labels, options: { [ICC]: 'true' } });
    for (const id of ['x', 'y', 'z']) rawContainer(s, id, { networksAdvanced: [{ name: pair.name }] });
    new Network(s, 'open', { name: 'open', labels });
    const f = findingsOf(s, 'HD-N01');
    expect(f.map((x) => x.path).sort()).toEqual(['checks/open', 'checks/pair']);
    expect(f.find((x) => x.path === 'checks/pair')!.message).toMatch(/3 container\(s\)/);
  });
  test('non-compliant: drivers without an icc switch (overlay, macvlan, ipvlan), whatever their options say', () => {
    const s = stack();
    new Network(s, 'overlay', { name: 'overlay', driver: 'overlay', options: { [ICC]: 'false' } });
    new Network(s, 'macvlan', { name: 'macvlan', driver: 'macvlan' });
    new Network(s, 'ipvlan', { name: 'ipvlan', driver: 'IPVLAN', internal: true });
    const f = findingsOf(s, 'HD-N01');
    expect(f.map((x) => `${x.path} ${x.findingId}`).sort()).toEqual(['checks/ipvlan driver', 'checks/macvlan driver', 'checks/overlay driver']);
    expect(f.find((x) => x.path === 'checks/macvlan')!.message).toMatch(/no inter-container communication switch.*host's LAN/);
    expect(f.find((x) => x.path === 'checks/overlay')!.message).not.toMatch(/LAN/);
  });
  test('compliant: every ParseBool false spelling, grant networks of two', () => {
    const s = stack();
    for (const [i, v] of ['false', 'False', 'FALSE', 'f', 'F', '0'].entries()) new Network(s, `off${i}`, { name: `off${i}`, options: { [ICC]: v } });
    const net = new IsolatedNetwork(s, 'net');
    const a = new HardenedContainer(s, 'a', { image: PINNED, networks: [{ network: net }] });
    const b = new HardenedContainer(s, 'b', { image: PINNED, networks: [{ network: net }] });
    net.allow(a, b);
    expect(findingsOf(s, 'HD-N01')).toEqual([]);
  });
});

describe('HD-N02 network with a route out', () => {
  test('non-compliant: not internal with masquerade on (default or explicit), other drivers', () => {
    const s = stack();
    new Network(s, 'plain', { name: 'plain' });
    new Network(s, 'masq', { name: 'masq', internal: false, options: { [MASQ]: 'true' } });
    new Network(s, 'macvlan', { name: 'macvlan', driver: 'macvlan' });
    const f = findingsOf(s, 'HD-N02');
    expect(f.map((x) => `${x.path} ${x.level}`).sort()).toEqual(['checks/macvlan info', 'checks/masq info', 'checks/plain info']);
    expect(f.find((x) => x.path === 'checks/macvlan')!.message).toMatch(/macvlan network/);
  });
  test('non-compliant: an IsolatedNetwork with egress, and one made non-internal through the escape hatch', () => {
    const s = stack();
    new IsolatedNetwork(s, 'egress', { egress: JUSTIFY });
    const hatch = new IsolatedNetwork(s, 'hatch');
    (hatch.node.defaultChild as Network).addOverride('internal', false);
    (hatch.node.defaultChild as Network).addOverride('options', { [MASQ]: 'true' });
    expect(ids(s, 'HD-N02')).toEqual(['checks/egress -', 'checks/hatch -']);
  });
  test('compliant: internal (bool or string), bridge without masquerade', () => {
    const s = stack();
    new Network(s, 'internal', { name: 'internal', internal: true });
    const str = new Network(s, 'str', { name: 'str' });
    str.addOverride('internal', 'true');
    new Network(s, 'nat', { name: 'nat', options: { [MASQ]: '0' } });
    new IsolatedNetwork(s, 'iso');
    expect(findingsOf(s, 'HD-N02')).toEqual([]);
  });
});

describe('HD-I01 docker_image not pinned by digest', () => {
  test('non-compliant: latest, untagged, registry port, tag, wrong digest, expressions', () => {
    const s = stack();
    const names = {
      latest: 'nginx:latest',
      untagged: 'library/nginx',
      port: 'host:5000/img',
      tag: 'host:5000/img:2',
      short: 'app@sha256:abc',
      sha512: `app@sha512:${'a'.repeat(128)}`,
      expr: '${var.image}',
      data: 'app@${data.docker_registry_image.app.sha256_digest}',
    };
    for (const [id, name] of Object.entries(names)) new Image(s, id, { name });
    const f = findingsOf(s, 'HD-I01');
    // an undeclared variable or data source cannot be verified (a finding of its own)
    const expected = Object.entries(names).map(([id, n]) => `checks/${id} ${['expr', 'data'].includes(id) ? 'unverifiable:name' : n}`);
    expect(f.map((x) => `${x.path} ${x.findingId}`).sort()).toEqual(expected.sort());
    const msg = (id: string) => f.find((x) => x.path === `checks/${id}`)!.message;
    expect(msg('port')).toBe('name "host:5000/img" has neither tag nor digest, so Docker pulls the mutable ":latest" (":5000" is the registry\'s port, not a tag)');
    expect(msg('latest')).toMatch(/mutable ":latest" tag/);
    expect(msg('sha512')).toMatch(/not sha256/);
    expect(msg('expr')).toMatch(/cannot verify name of docker_image.expr: `\$\{var.image\}` is known only at plan time/);
    expect(msg('data')).toMatch(/plan time/);
    expect(f[0].level).toBe('error');
  });
  test('non-compliant: the image of a HardenedContainer retagged through the escape hatch (shared or private)', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    c.imageResource.addOverride('name', 'app:1');
    const own = new HardenedContainer(s, 'own', { image: PINNED, privateImage: true });
    own.imageResource.addOverride('name', 'app:2');
    expect(ids(s, 'HD-I01')).toEqual([`checks/${c.imageResource.node.id} app:1`, 'checks/own/Image app:2']);
  });
  test('compliant: digest with or without tag and registry port, image ids', () => {
    const s = stack();
    new Image(s, 'a', { name: `host:5000/team/app:1.0@${DIGEST}` });
    new Image(s, 'b', { name: `app@${DIGEST}` });
    new Image(s, 'c', { name: DIGEST });
    new HardenedContainer(s, 'web', { image: PINNED });
    new HardenedContainer(s, 'byid', { image: DIGEST });
    expect(findingsOf(s, 'HD-I01')).toEqual([]);
  });
});

describe('HD-V01 volume shared between containers', () => {
  test('non-compliant: the same named volume through volumes, mounts and a docker_volume reference', () => {
    const s = stack();
    const vol = new Volume(s, 'vol', { name: 'data' });
    rawContainer(s, 'a', { volumes: [{ volumeName: 'data', containerPath: '/data' }] });
    rawContainer(s, 'b', { mounts: [{ type: 'volume', source: vol.name, target: '/d' }] });
    new HardenedContainer(s, 'c', { image: PINNED, volumes: [{ volumeName: 'data', containerPath: '/srv' }] });
    rawContainer(s, 'alone', { volumes: [{ volumeName: 'mine', containerPath: '/m' }] });
    const f = findingsOf(s, 'HD-V01');
    expect(f.map((x) => `${x.path} ${x.findingId} ${x.level}`).sort()).toEqual(['checks/a data info', 'checks/b data info', 'checks/c data info']);
    expect(f.find((x) => x.path === 'checks/a')!.message).toBe('volume "data" is also mounted by checks/b, checks/c');
  });
  test('non-compliant: host paths that are the same or nested, with different spellings', () => {
    const s = stack();
    rawContainer(s, 'a', { volumes: [{ hostPath: '/srv/app/', containerPath: '/app' }] });
    rawContainer(s, 'b', { mounts: [{ type: 'bind', source: '/srv//app/uploads', target: '/u' }] });
    new HardenedContainer(s, 'c', { image: PINNED, bindMounts: [{ hostPath: '/srv/application', containerPath: '/x' }] });
    expect(ids(s, 'HD-V01')).toEqual(['checks/a /srv/app', 'checks/b /srv/app/uploads']);
  });
  test('non-compliant: volumes.from_container, and a volume shared through the escape hatch', () => {
    const s = stack();
    const a = rawContainer(s, 'a');
    rawContainer(s, 'b', { volumes: [{ fromContainer: a.name }] });
    const c = new HardenedContainer(s, 'c', { image: PINNED, volumes: [{ volumeName: 'cdata', containerPath: '/data' }] });
    const d = new HardenedContainer(s, 'd', { image: PINNED });
    (d.node.defaultChild as any).addOverride('mounts', [{ type: 'volume', source: 'cdata', target: '/peek', read_only: true }]);
    // ${docker_container.a.name} is evaluated: the container's configured name
    expect(ids(s, 'HD-V01')).toEqual(['checks/b from_container:a', 'checks/c cdata', 'checks/d cdata']);
    expect(findingsOf(s, 'HD-V01').find((f) => f.path === 'checks/b')!.message).toBe('volumes.from_container mounts every volume of checks/a');
    expect(c).toBeDefined();
  });
  test('compliant: different volumes, tmpfs and anonymous volumes, same container twice', () => {
    const s = stack();
    rawContainer(s, 'a', {
      volumes: [{ volumeName: 'one', containerPath: '/a' }, { volumeName: 'one', containerPath: '/b' }],
      mounts: [{ type: 'tmpfs', target: '/t' }, { type: 'volume', target: '/anon' }],
    });
    rawContainer(s, 'b', { volumes: [{ volumeName: 'two', containerPath: '/a' }], mounts: [{ type: 'tmpfs', target: '/t' }, { type: 'volume', target: '/anon' }] });
    new HardenedContainer(s, 'c', { image: PINNED });
    new HardenedContainer(s, 'd', { image: PINNED });
    expect(findingsOf(s, 'HD-V01')).toEqual([]);
  });
});

describe('HD-R01 registry TLS verification skipped', () => {
  test('non-compliant: data source and push resource, bool and string', () => {
    const s = stack();
    new DataDockerRegistryImage(s, 'data', { name: 'registry.local/app:1', insecureSkipVerify: true });
    new RegistryImage(s, 'push', { name: 'registry.local/app:1', insecureSkipVerify: true });
    const str = new DataDockerRegistryImage(s, 'str', { name: 'registry.local/other:1' });
    str.addOverride('insecure_skip_verify', 'true');
    const f = findingsOf(s, 'HD-R01');
    expect(f.map((x) => `${x.resourceType} ${x.resourceName} ${x.level}`).sort()).toEqual([
      'data.docker_registry_image data error',
      'data.docker_registry_image str error',
      'docker_registry_image push error',
    ]);
    expect(f.find((x) => x.resourceName === 'data')!.message).toBe('insecure_skip_verify = true for registry.local/app:1');
  });
  test('compliant: unset or false', () => {
    const s = stack();
    new DataDockerRegistryImage(s, 'data', { name: 'registry.local/app:1' });
    new RegistryImage(s, 'push', { name: 'registry.local/app:1', insecureSkipVerify: false });
    expect(findingsOf(s, 'HD-R01')).toEqual([]);
  });
});

describe('HD-P02 ssh host key not verified', () => {
  function sshStack(...opts: string[][]): TerraformStack {
    const s = new TerraformStack(Testing.app(), 'checks');
    for (const [i, o] of opts.entries()) new DockerProvider(s, `p${i}`, { alias: `p${i}`, host: 'ssh://docker@host', sshOpts: o });
    return s;
  }
  test('non-compliant: every spelling of StrictHostKeyChecking=no/off and UserKnownHostsFile=/dev/null', () => {
    const s = sshStack(
      ['-o', 'StrictHostKeyChecking=no'],
      ['-oStrictHostKeyChecking=off'],
      ['-o', 'stricthostkeychecking No'],
      ['-o', 'StrictHostKeyChecking = NO', '-o', 'UserKnownHostsFile=/dev/null'],
    );
    const f = findingsOf(s, 'HD-P02');
    expect(f.map((x) => `${x.resourceName} ${x.findingId}`).sort()).toEqual([
      'p0 StrictHostKeyChecking', 'p1 StrictHostKeyChecking', 'p2 StrictHostKeyChecking', 'p3 StrictHostKeyChecking', 'p3 UserKnownHostsFile',
    ]);
    expect(f[0].level).toBe('warning');
    expect(f.find((x) => x.resourceName === 'p1')!.message).toBe('ssh_opts contains "StrictHostKeyChecking=off": any host key is accepted');
  });
  test('non-compliant: added through the escape hatch', () => {
    const s = new TerraformStack(Testing.app(), 'checks');
    const p = new DockerProvider(s, 'docker', { host: 'ssh://docker@host' });
    p.addOverride('ssh_opts', ['-o', 'StrictHostKeyChecking=no']);
    expect(findingsOf(s, 'HD-P02').map((x) => x.findingId)).toEqual(['StrictHostKeyChecking']);
  });
  test('compliant: yes, accept-new, a real known_hosts file, no ssh_opts', () => {
    const s = sshStack(
      ['-o', 'StrictHostKeyChecking=yes'],
      ['-o', 'StrictHostKeyChecking=accept-new', '-o', 'UserKnownHostsFile=/etc/ssh/known_docker'],
      ['-p', '2222'],
    );
    new DockerProvider(s, 'plain', { alias: 'plain' });
    expect(findingsOf(s, 'HD-P02')).toEqual([]);
  });
  test('as ssh parses argv: clustered flags, FALSE, first value wins', () => {
    const s = sshStack(
      ['-qoStrictHostKeyChecking=no'],
      ['-o', 'StrictHostKeyChecking=FALSE'],
      ['-o', 'StrictHostKeyChecking=yes', '-o', 'StrictHostKeyChecking=no'],
    );
    expect(findingsOf(s, 'HD-P02').map((x) => `${x.resourceName} ${x.findingId}`).sort()).toEqual([
      'p0 StrictHostKeyChecking', 'p1 StrictHostKeyChecking',
    ]);
  });
});

describe('HD-P03 docker provider source', () => {
  test('non-compliant: required_providers maps docker to another binary', () => {
    const s = stack();
    s.addOverride('terraform.required_providers.docker', { source: 'someone/docker', version: '1.0.0' });
    rawContainer(s, 'c');
    const f = findingsOf(s, 'HD-P03');
    expect(f.map((x) => [x.level, x.findingId])).toEqual([['error', 'someone/docker']]);
  });
  test('compliant: kreuzwerker/docker under its own name or another local name', () => {
    const s = stack();
    expect(findingsOf(s, 'HD-P03')).toEqual([]);
    const t = stack();
    t.addOverride('terraform.required_providers.dkr', { source: 'registry.terraform.io/kreuzwerker/docker' });
    t.addOverride('provider.dkr', [{ alias: 'remote', host: 'tcp://10.0.0.9:2375' }]);
    expect(findingsOf(t, 'HD-P03')).toEqual([]);
    // the provider block under the other local name is checked as a docker provider
    expect(findingsOf(t, 'HD-P01').map((x) => x.resourceName)).toEqual(['dkr.remote']);
  });
});

