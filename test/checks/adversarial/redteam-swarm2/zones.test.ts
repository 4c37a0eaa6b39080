import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { Fn, Lazy, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { attack, fresh, net, rawSvc, zc, ZONE_LABEL } from './h2';
import { HardenedService, OverlayNetwork } from '../../../../lib';
import { runChecks } from '../../util';
import { PINNED } from '../harness';

const JUST = { justification: 'reviewed by the platform team' };
const ZONE_RULES = ['HD-S05', 'HD-S04', 'HD-U01'];

/** dmz web on a dmz network, internal db on an internal network: compliant. */
const split = (s: TerraformStack) => {
  net(s, 'dmznet', 'dmz-net', 'dmz');
  net(s, 'intnet', 'int-net', 'internal');
  rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${docker_network.dmznet.name}'] });
  rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
};

describe('redteam-swarm2: zones on raw services (S04/S05)', () => {
  attack({
    name: 'Z01 dmz and internal raw services share an overlay network with NO zone label',
    expect: ZONE_RULES,
    build: (s) => {
      net(s, 'shared', 'shared');
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${docker_network.shared.name}'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.shared.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z02 raw network self-labelled "dmz <-> internal" (no grant, no opt-out) joined by dmz web and TWO internal services',
    expect: ZONE_RULES.concat(['HD-N01']),
    build: (s) => {
      net(s, 'pair', 'pair', 'dmz <-> internal');
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${docker_network.pair.name}'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.pair.name}'] });
      rawSvc(s, 'cache', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.pair.name}'] });
    },
    baseline: (s) => { split(s); rawSvc(s, 'cache', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] }); },
  });
  attack({
    name: 'Z03 upper-case constraint key NODE.LABELS.… (swarmkit EqualFold prefix) in every service: dmz+internal on a "default" network',
    expect: ZONE_RULES,
    note: 'swarmkit constraint.go NodeMatches: strings.EqualFold(constraint.key[:len(NodeLabelPrefix)], NodeLabelPrefix)',
    build: (s) => {
      net(s, 'shared', 'shared', 'default');
      rawSvc(s, 'web', { constraints: ['NODE.LABELS.cdktf-hardened-docker.trust-zone == dmz'], networks: ['${docker_network.shared.name}'] });
      rawSvc(s, 'db', { constraints: ['Node.Labels.cdktf-hardened-docker.trust-zone == internal'], networks: ['${docker_network.shared.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z04 upper-case constraint key on one service while another uses the canonical form (control: S04 no-zone-constraint)',
    expect: ['HD-S04'],
    level: 'error',
    at: 'adv/db',
    build: (s) => {
      net(s, 'dmznet', 'dmz-net', 'dmz');
      net(s, 'intnet', 'int-net', 'internal');
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${docker_network.dmznet.name}'] });
      rawSvc(s, 'db', { constraints: ['NODE.LABELS.cdktf-hardened-docker.trust-zone == dmz'], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z05 constraint "!= internal" (lands on dmz AND unlabelled nodes) with label dmz (control)',
    expect: ['HD-S04'],
    level: 'error',
    at: 'adv/web',
    build: (s) => {
      net(s, 'dmznet', 'dmz-net', 'dmz');
      net(s, 'intnet', 'int-net', 'internal');
      rawSvc(s, 'web', { constraints: ['node.labels.cdktf-hardened-docker.trust-zone != internal'], label: 'dmz', networks: ['${docker_network.dmznet.name}'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z06 dmz service joins the internal network by ${lower(docker_network.intnet.name)}',
    expect: ZONE_RULES,
    at: 'adv/web',
    build: (s) => {
      net(s, 'dmznet', 'dmz-net', 'dmz');
      net(s, 'intnet', 'int-net', 'internal');
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${lower(docker_network.intnet.name)}'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z07 dmz service joins the internal network by literal name "int-net"',
    expect: ZONE_RULES,
    at: 'adv/web',
    build: (s) => {
      net(s, 'dmznet', 'dmz-net', 'dmz');
      net(s, 'intnet', 'int-net', 'internal');
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['int-net'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z08 internal network zone label from a variable (default "internal"): dmz service joins it',
    expect: ZONE_RULES,
    build: (s) => {
      const z = new TerraformVariable(s, 'zone', { type: 'string', default: 'internal' });
      net(s, 'dmznet', 'dmz-net', 'dmz');
      net(s, 'intnet', 'int-net', undefined, { labels: [{ label: ZONE_LABEL, value: z.stringValue }] });
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${docker_network.intnet.name}'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z09 internal network zone label via dynamic "labels" block: dmz service joins it',
    expect: ZONE_RULES,
    at: 'adv/web',
    build: (s) => {
      net(s, 'dmznet', 'dmz-net', 'dmz');
      const n = net(s, 'intnet', 'int-net');
      n.addOverride('dynamic.labels', { for_each: { [ZONE_LABEL]: 'internal' }, content: { label: '${labels.key}', value: '${labels.value}' } });
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${docker_network.intnet.name}'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z10 network has two zone label blocks (dmz first, internal second): dmz web + internal db both join',
    expect: ZONE_RULES,
    build: (s) => {
      net(s, 'shared', 'shared', undefined, { labels: [{ label: ZONE_LABEL, value: 'dmz' }, { label: ZONE_LABEL, value: 'internal' }] });
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${docker_network.shared.name}'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.shared.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z11 placement constraints from a variable with a default (tainted)',
    expect: ZONE_RULES,
    at: 'adv/web',
    build: (s) => {
      net(s, 'dmznet', 'dmz-net', 'dmz');
      net(s, 'intnet', 'int-net', 'internal');
      const c = new TerraformVariable(s, 'c', { type: 'list(string)', default: [zc('dmz')] });
      const web = rawSvc(s, 'web', { label: 'dmz', networks: ['${docker_network.dmznet.name}'] });
      web.addOverride('task_spec.placement.constraints', c.listValue);
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z12 dmz service joins a data.docker_network whose name is the stack\'s internal network (same name)',
    expect: ZONE_RULES,
    at: 'adv/web',
    build: (s) => {
      net(s, 'dmznet', 'dmz-net', 'dmz');
      net(s, 'intnet', 'int-net', 'internal');
      s.addOverride('data.docker_network.alias', { name: 'int-net' });
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${data.docker_network.alias.id}'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
  attack({
    name: 'Z13 data.docker_network "int-net" declared too: dmz service joins literal "int-net" (byName first-wins picks the data source?)',
    expect: ZONE_RULES,
    at: 'adv/web',
    build: (s) => {
      s.addOverride('data.docker_network.alias', { name: 'int-net' });
      net(s, 'dmznet', 'dmz-net', 'dmz');
      net(s, 'intnet', 'int-net', 'internal');
      rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['int-net'] });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
});

/** A HardenedService stack: proxy (dmz) -> app (internal) grant on the internal OverlayNetwork. */
const granted = (s: TerraformStack) => {
  const dmz = new OverlayNetwork(s, 'dmz', { trustZone: 'dmz' });
  const internal = new OverlayNetwork(s, 'internal', { trustZone: 'internal' });
  const proxy = new HardenedService(s, 'proxy', { image: PINNED, trustZone: 'dmz', networks: [dmz.networkId] });
  const app = new HardenedService(s, 'app', { image: PINNED, trustZone: 'internal', networks: [internal.networkId] });
  const grant = internal.allow(proxy, app, { port: 8080, crossTrustZone: JUST });
  return { dmz, internal, proxy, app, grant };
};

describe('redteam-swarm2: HardenedService / grants (L2 + S05)', () => {
  attack({
    name: 'L01 HardenedService dmz joins the internal OverlayNetwork by ${docker_network.x.name} (getStringAttribute)',
    expect: ZONE_RULES,
    at: 'adv/spy',
    build: (s) => {
      const { internal } = granted(s);
      new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz', networks: [internal.networkResource.getStringAttribute('name')] });
    },
    baseline: (s) => { granted(s); new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz' }); },
  });
  attack({
    name: 'L02 HardenedService dmz joins the internal OverlayNetwork by Lazy name',
    expect: ZONE_RULES,
    at: 'adv/spy',
    build: (s) => {
      const { internal } = granted(s);
      new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz', networks: [Lazy.stringValue({ produce: () => internal.networkName })] });
    },
    baseline: (s) => { granted(s); new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz' }); },
  });
  attack({
    name: 'L03 HardenedService dmz joins the internal OverlayNetwork by Fn.lower(networkId)',
    expect: ZONE_RULES,
    at: 'adv/spy',
    build: (s) => {
      const { internal } = granted(s);
      new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz', networks: [Fn.lower(internal.networkId)] });
    },
    baseline: (s) => { granted(s); new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz' }); },
  });
  attack({
    name: 'L04 HardenedService dmz joins via TerraformVariable whose default is the internal network name',
    expect: ZONE_RULES,
    at: 'adv/spy',
    build: (s) => {
      const { internal } = granted(s);
      const v = new TerraformVariable(s, 'n', { type: 'string', default: internal.networkName });
      new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz', networks: [v.stringValue] });
    },
    baseline: (s) => { granted(s); new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz' }); },
  });
  attack({
    name: 'L05 third HardenedService (zone dmz) joins the proxy<->app grant pair network by ${docker_network.<grant>.name}',
    expect: ZONE_RULES.concat(['HD-N01']),
    build: (s) => {
      const { grant } = granted(s);
      new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz', networks: [grant.networkResource.getStringAttribute('name')] });
    },
    baseline: (s) => { granted(s); new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz' }); },
  });
  attack({
    name: 'L06 third HardenedService (zone internal) joins the grant pair network by Lazy name',
    expect: ZONE_RULES.concat(['HD-N01']),
    build: (s) => {
      const { grant } = granted(s);
      new HardenedService(s, 'spy', { image: PINNED, trustZone: 'internal', networks: [Lazy.stringValue({ produce: () => grant.networkName })] });
    },
    baseline: (s) => { granted(s); new HardenedService(s, 'spy', { image: PINNED, trustZone: 'internal' }); },
  });
  attack({
    name: 'L07 raw dmz service joins the grant pair network by its literal name',
    expect: ZONE_RULES.concat(['HD-N01']),
    build: (s) => {
      const { grant } = granted(s);
      rawSvc(s, 'spy', { constraints: [zc('dmz')], label: 'dmz', networks: [grant.networkName] });
    },
    baseline: (s) => { const { dmz } = granted(s); rawSvc(s, 'spy', { constraints: [zc('dmz')], label: 'dmz', networks: [dmz.networkName] }); },
  });
  attack({
    name: 'L08 HardenedService joins another HardenedService\'s PRIVATE network (same zone) by ${docker_network.x.name}',
    expect: ZONE_RULES.concat(['HD-N01']),
    build: (s) => {
      const a = new HardenedService(s, 'a', { image: PINNED, trustZone: 'internal' });
      new HardenedService(s, 'spy', { image: PINNED, trustZone: 'internal', networks: [a.privateNetwork!.networkResource.getStringAttribute('name')] });
    },
    baseline: (s) => { new HardenedService(s, 'a', { image: PINNED, trustZone: 'internal' }); new HardenedService(s, 'spy', { image: PINNED, trustZone: 'internal' }); },
  });
  attack({
    name: 'L09 HardenedService joins the grant pair network by grant.networkId (control: L2 refuses)',
    expect: ZONE_RULES,
    build: (s) => {
      const { grant } = granted(s);
      new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz', networks: [grant.networkId] });
    },
  });
  attack({
    name: 'L10 HardenedService zone dmz, override the service labels to drop the zone and the constraint to NODE.LABELS…==internal',
    expect: ZONE_RULES,
    at: 'adv/spy',
    build: (s) => {
      granted(s);
      const spy = new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz' });
      spy.serviceResource.addOverride('task_spec.placement.constraints', ['NODE.LABELS.cdktf-hardened-docker.trust-zone == internal']);
    },
    baseline: (s) => { granted(s); new HardenedService(s, 'spy', { image: PINNED, trustZone: 'dmz' }); },
  });
});

describe('redteam-swarm2: false-positive probes (secure configs must draw no error)', () => {
  test('FP1 constraint value "== DMZ" (swarmkit compares values with EqualFold) on a network labelled dmz', () => {
    const s = fresh();
    net(s, 'dmznet', 'dmz-net', 'dmz');
    rawSvc(s, 'web', { constraints: ['node.labels.cdktf-hardened-docker.trust-zone == DMZ'], label: 'dmz', networks: ['${docker_network.dmznet.name}'] });
    const errors = runChecks(s).filter((f) => f.level === 'error' && !f.suppressed);
    expect(errors.map((f) => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([]);
  });
  test('FP2 network zone label "DMZ" (upper case) joined by a service constrained to dmz', () => {
    const s = fresh();
    net(s, 'dmznet', 'dmz-net', 'DMZ');
    rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: ['${docker_network.dmznet.name}'] });
    const errors = runChecks(s).filter((f) => f.level === 'error' && !f.suppressed);
    expect(errors.map((f) => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([]);
  });
});

describe('redteam-swarm2: more network-join spellings', () => {
  attack({
    name: 'Z15 dmz service joins the internal network through a dynamic networks_advanced block',
    expect: ZONE_RULES,
    at: 'adv/web',
    build: (s) => {
      net(s, 'dmznet', 'dmz-net', 'dmz');
      net(s, 'intnet', 'int-net', 'internal');
      const web = rawSvc(s, 'web', { constraints: [zc('dmz')], label: 'dmz', networks: [] });
      web.addOverride('task_spec.networks_advanced', undefined);
      web.addOverride('task_spec.dynamic.networks_advanced', { for_each: ['${docker_network.intnet.id}'], content: { name: '${networks_advanced.value}' } });
      rawSvc(s, 'db', { constraints: [zc('internal')], label: 'internal', networks: ['${docker_network.intnet.name}'] });
    },
    baseline: split,
  });
  test('L11 cross-stack: HardenedService (dmz) in stack B joins stack A\'s internal OverlayNetwork by its networkId token', () => {
    const app = Testing.app();
    const a = new TerraformStack(app, 'a');
    new DockerProvider(a, 'docker', {});
    const internal = new OverlayNetwork(a, 'internal', { trustZone: 'internal' });
    new HardenedService(a, 'db', { image: PINNED, trustZone: 'internal', networks: [internal.networkId] });
    const b = new TerraformStack(app, 'b');
    new DockerProvider(b, 'docker', {});
    let threw = false;
    try {
      new HardenedService(b, 'spy', { image: PINNED, trustZone: 'dmz', networks: [internal.networkId] });
    } catch { threw = true; }
    if (threw) return;
    const hits = runChecks(b).filter((f) => !f.suppressed && f.level !== 'info' && f.path.startsWith('b/spy'));
    expect(hits.map((f) => `${f.ruleId} ${f.level} ${f.message}`).filter((m) => /HD-S05|HD-U01|HD-N04/.test(m))).not.toEqual([]);
    if (process.env.RT_DEBUG) console.log('L11', hits.map((f) => `${f.ruleId} ${f.level} ${f.message}`));
  });
});
