import { TerraformStack } from 'cdktf';
import { all, Case, expectNoNewFinding, Fixture, runCases, setAttr, withNetwork } from './harness';

/**
 * `dynamic "<block>" { for_each = ..., content { ... } }` (fail-closed.md §1)
 * expands to repeated blocks at plan time. With a literal for_each the blocks
 * are known and must be checked like written-out blocks; with an unknown
 * for_each (a variable, a resource attribute) the blocks are unknown, which
 * is a finding of its own.
 *
 * Baselines use the same dynamic block with a harmless value, so a checker
 * that ignores `dynamic` also fails the baseline comparison.
 */

/** Sets `dynamic.<block>` on the fixture container (and removes the static block of the same name). */
const dynamic = (block: string, body: { [k: string]: unknown }) => (_s: TerraformStack, f: Fixture) => {
  setAttr(f.container, block, undefined);
  f.container.addOverride(`dynamic.${block}`, body);
};

/** Replacing overrides on the fixture container. */
const overridesOf = (o: { [path: string]: unknown }) => (_s: TerraformStack, f: Fixture) => {
  for (const [p, v] of Object.entries(o)) setAttr(f.container, p, v);
};

/** Declares a variable without default on the stack. */
const variable = (s: TerraformStack, name: string, type: string) => s.addOverride(`variable.${name}`, { type });

const bindMounts = (sources: unknown) => dynamic('mounts', {
  for_each: sources,
  content: { type: 'bind', source: '${mounts.value}', target: '/x${mounts.value}', read_only: true },
});

const MOUNTS: Case[] = [
  {
    name: 'dynamic "mounts" over a literal list containing /var/run/docker.sock',
    expect: ['HD-C02'],
    level: 'error',
    build: bindMounts(['/srv/data', '/var/run/docker.sock']),
    baseline: bindMounts(['/srv/data']),
  },
  {
    name: 'dynamic "mounts" over a literal map whose value is /etc',
    expect: ['HD-C12'],
    level: 'error',
    build: bindMounts({ data: '/srv/data', cfg: '/etc' }),
    baseline: bindMounts({ data: '/srv/data' }),
  },
  {
    name: 'dynamic "mounts" with an iterator name',
    expect: ['HD-C02'],
    level: 'error',
    build: dynamic('mounts', { for_each: ['/run/docker.sock'], iterator: 'm', content: { type: 'bind', source: '${m.value}', target: '/s', read_only: true } }),
    baseline: dynamic('mounts', { for_each: ['/srv/data'], iterator: 'm', content: { type: 'bind', source: '${m.value}', target: '/s', read_only: true } }),
  },
  {
    name: 'dynamic "mounts" over toset(["/"]) (a function in for_each)',
    expect: ['HD-C12'],
    level: 'error',
    build: bindMounts('${toset(["/"])}'),
    baseline: bindMounts('${toset(["/srv/data"])}'),
  },
  {
    name: 'dynamic "mounts" whose for_each is a variable without default (unknown blocks)',
    expect: ['HD-C02', 'HD-C12', 'HD-C13'],
    build: (s, f) => { variable(s, 'paths', 'list(string)'); bindMounts('${var.paths}')(s, f); },
    baseline: bindMounts(['/srv/data']),
  },
  {
    name: 'dynamic "mounts" whose for_each is a local holding /proc',
    expect: ['HD-C12'],
    level: 'error',
    build: (s, f) => { s.addOverride('locals.paths', ['/proc']); bindMounts('${local.paths}')(s, f); },
    baseline: (s, f) => { s.addOverride('locals.paths', ['/srv/data']); bindMounts('${local.paths}')(s, f); },
  },
  {
    name: 'dynamic "volumes" with host_path from the iterator',
    expect: ['HD-C12'],
    level: 'error',
    build: dynamic('volumes', { for_each: ['/etc'], content: { host_path: '${volumes.value}', container_path: '/v', read_only: true } }),
    baseline: dynamic('volumes', { for_each: ['/srv/data'], content: { host_path: '${volumes.value}', container_path: '/v', read_only: true } }),
  },
  {
    name: 'dynamic "mounts" with a nested dynamic "bind_options" propagation rshared',
    expect: ['HD-C13'],
    level: 'error',
    build: dynamic('mounts', {
      for_each: ['/srv/data'],
      content: {
        type: 'bind',
        source: '${mounts.value}',
        target: '/d',
        read_only: true,
        dynamic: { bind_options: { for_each: ['rshared'], content: { propagation: '${bind_options.value}' } } },
      },
    }),
    baseline: dynamic('mounts', {
      for_each: ['/srv/data'],
      content: {
        type: 'bind',
        source: '${mounts.value}',
        target: '/d',
        read_only: true,
        dynamic: { bind_options: { for_each: ['rprivate'], content: { propagation: '${bind_options.value}' } } },
      },
    }),
  },
];

const caps = (add: unknown[], forEach: unknown = [1]) => dynamic('capabilities', { for_each: forEach, content: { drop: ['ALL'], add } });

const OTHER_BLOCKS: Case[] = [
  {
    name: 'dynamic "capabilities" adding SYS_ADMIN',
    expect: ['HD-C08'],
    level: 'error',
    build: caps(['SYS_ADMIN']),
    baseline: caps([]),
  },
  {
    name: 'dynamic "capabilities" whose add list is the iterator value',
    expect: ['HD-C08'],
    level: 'error',
    build: dynamic('capabilities', { for_each: [['NET_ADMIN']], content: { drop: ['ALL'], add: '${capabilities.value}' } }),
    baseline: dynamic('capabilities', { for_each: [[]], content: { drop: ['ALL'], add: '${capabilities.value}' } }),
  },
  {
    name: 'dynamic "capabilities" with for_each a variable without default',
    expect: ['HD-C08', 'HD-C15'],
    build: (s, f) => { variable(s, 'caps', 'list(string)'); caps(['SYS_ADMIN'], '${var.caps}')(s, f); },
    baseline: caps([]),
    note: 'for_each unknown: zero or many capabilities blocks; with zero, nothing is dropped',
  },
  {
    name: 'dynamic "ports" on 0.0.0.0',
    expect: ['HD-C14'],
    level: 'error',
    build: all(withNetwork, dynamic('ports', { for_each: [18080, 18081], content: { internal: '${ports.value}', external: '${ports.value}', ip: '0.0.0.0' } })),
    baseline: all(withNetwork, dynamic('ports', { for_each: [18080, 18081], content: { internal: '${ports.value}', external: '${ports.value}', ip: '127.0.0.1' } })),
  },
  {
    name: 'dynamic "ports" without ip (provider default 0.0.0.0)',
    expect: ['HD-C14'],
    level: 'error',
    build: all(withNetwork, dynamic('ports', { for_each: [18080], content: { internal: '${ports.value}', external: '${ports.value}' } })),
    baseline: all(withNetwork, dynamic('ports', { for_each: [18080], content: { internal: '${ports.value}', external: '${ports.value}', ip: '127.0.0.1' } })),
  },
  {
    name: 'dynamic "ports" whose ip comes from a map value',
    expect: ['HD-C14'],
    level: 'error',
    build: all(withNetwork, dynamic('ports', { for_each: { 18080: '0.0.0.0' }, content: { internal: '${ports.key}', external: '${ports.key}', ip: '${ports.value}' } })),
    baseline: all(withNetwork, dynamic('ports', { for_each: { 18080: '127.0.0.1' }, content: { internal: '${ports.key}', external: '${ports.key}', ip: '${ports.value}' } })),
  },
  {
    name: 'dynamic "ports" with for_each a variable without default',
    expect: ['HD-C14', 'HD-C29', 'HD-C30'],
    build: (s, f) => {
      variable(s, 'ports', 'list(number)');
      withNetwork(s, f);
      dynamic('ports', { for_each: '${var.ports}', content: { internal: '${ports.value}', external: '${ports.value}', ip: '127.0.0.1' } })(s, f);
    },
    baseline: all(withNetwork, dynamic('ports', { for_each: [18080], content: { internal: '${ports.value}', external: '${ports.value}', ip: '127.0.0.1' } })),
    note: 'loopback, but the host ports are unknown (HD-C29 reads them); a finding of any port rule is accepted',
  },
  {
    name: 'dynamic "devices" passing /dev/mem (warning rule)',
    expect: ['HD-C21'],
    build: dynamic('devices', { for_each: ['/dev/mem'], content: { host_path: '${devices.value}' } }),
    baseline: dynamic('devices', { for_each: [], content: { host_path: '${devices.value}' } }),
  },
  {
    name: 'dynamic "networks_advanced" joining "bridge"',
    expect: ['HD-C27'],
    level: 'error',
    build: (s, f) => {
      setAttr(f.container, 'network_mode', undefined);
      dynamic('networks_advanced', { for_each: ['bridge'], content: { name: '${networks_advanced.value}' } })(s, f);
    },
    baseline: (s, f) => {
      s.addOverride('resource.docker_network.internal', { name: 'internal', internal: true, options: { 'com.docker.network.bridge.enable_icc': 'false' } });
      setAttr(f.container, 'network_mode', undefined);
      dynamic('networks_advanced', { for_each: ['${docker_network.internal.name}'], content: { name: '${networks_advanced.value}' } })(s, f);
    },
  },
];

/** Resource-level count and for_each: each instance is a container, with each.key/each.value/count.index evaluated. */
const META: Case[] = [
  {
    name: 'for_each = {a = "none", b = "host"} with network_mode = each.value',
    expect: ['HD-C11', 'HD-C27', 'HD-C33', 'HD-C26'],
    level: 'error',
    note: 'each.value of a literal map is knowable (HD-C11); reported as unverifiable by a network_mode rule is fail-closed too',
    build: overridesOf({ for_each: { a: 'none', b: 'host' }, network_mode: '${each.value}', name: 'app-${each.key}' }),
    baseline: overridesOf({ for_each: { a: 'none', b: 'none' }, name: 'app-${each.key}' }),
  },
  {
    name: 'for_each = toset(["host"]) with pid_mode = each.key',
    expect: ['HD-C11', 'HD-C33'],
    level: 'error',
    build: overridesOf({ for_each: '${toset(["host"])}', pid_mode: '${each.key}', name: 'app-${each.key}' }),
    baseline: overridesOf({ for_each: '${toset(["host"])}', name: 'app-${each.key}' }),
  },
  {
    name: 'count = 2 with privileged = count.index == 1',
    expect: ['HD-C01'],
    level: 'error',
    build: overridesOf({ count: 2, privileged: '${count.index == 1}', name: 'app-${count.index}' }),
    baseline: overridesOf({ count: 2, name: 'app-${count.index}' }),
  },
  {
    name: 'for_each = var.modes (no default) with network_mode = each.value (unknown)',
    expect: ['HD-C11', 'HD-C27', 'HD-C33', 'HD-C26'],
    build: (s, f) => { variable(s, 'modes', 'map(string)'); overridesOf({ for_each: '${var.modes}', network_mode: '${each.value}', name: 'app-${each.key}' })(s, f); },
    baseline: (s, f) => { variable(s, 'modes', 'map(string)'); overridesOf({ for_each: '${var.modes}', name: 'app-${each.key}' })(s, f); },
  },
];

describe('dynamic mounts and volumes', () => runCases(MOUNTS));
describe('resource-level count and for_each', () => runCases(META));
describe('dynamic capabilities, ports and other blocks', () => runCases(OTHER_BLOCKS));

describe('dynamic blocks that expand to compliant blocks (negative cases)', () => {
  test('dynamic "mounts" over an empty list adds nothing', () => expectNoNewFinding({ name: 'empty dynamic', build: bindMounts([]) }));
  test('dynamic "ulimit" with a literal nofile limit', () => expectNoNewFinding({
    name: 'dynamic ulimit',
    build: (_s, f) => f.container.addOverride('dynamic.ulimit', { for_each: ['nofile'], content: { name: '${ulimit.value}', soft: 1024, hard: 1024 } }),
  }));
});
