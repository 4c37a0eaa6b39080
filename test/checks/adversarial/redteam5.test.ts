import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack } from 'cdktf';
import { all, Case, Fixture, override, PINNED, runCases, setAttr, withNetwork } from './harness';

/**
 * Red-team round 5: try() over a function call that the value layer marks as a Terraform ERROR although Terraform
 * evaluates it fine. lib/checks/values/functions.ts returns `fail(...)` (error: true) for these, and expression.ts
 * makes try() skip an erroring argument, so the checks pick try()'s SAFE fallback while Terraform applies the
 * first argument. Without try() the same calls are merely unknown (reported); inside try() they are a silent bypass.
 *
 * Upstream (mirror zclconf/go-cty v1.18.1, dcb5db6; Terraform's function table maps these names to cty stdlib):
 * - SPLIT: cty/function/stdlib/string.go SplitFunc (L333-362) is `strings.Split(str, sep)` with no check of the
 *   separator; Go's strings.Split with "" splits after each UTF-8 sequence, so join("", split("", "host")) is "host".
 *   functions.ts split(): `sep !== '' ? ... : fail('split() of non-strings')`.
 * - FORMAT: cty/function/stdlib/format.go formatAppend (L344-362) supports flags and width (format_fsm.rl flags
 *   `0#-+ `, width) for every verb and the verbs %t (formatAppendBool), %b %o %x %X %e %f %g (formatAppendNumber);
 *   %v of a collection is its JSON (formatAppendAsIs L385-391). functions.ts format() fails on anything but a bare
 *   %s %d %v %q, and %v of a list.
 * - NON-STRING ARGUMENTS: hcl hclsyntax FunctionCallExpr.Value converts each argument to the parameter type
 *   (convert.Convert), and lower/upper/trimspace/trimprefix/replace/join/split/substr/base64encode declare
 *   cty.String parameters, so lower(0) is "0", lower(true) "true". functions.ts rejects any non-JS-string argument
 *   with fail().
 * - __proto__: an HCL object key "__proto__" is an ordinary attribute; the value layer builds objects with
 *   `out[key] = v` on a plain {} (expression.ts case 'object'), which sets the JS prototype instead, so the key is
 *   missing (index → error → try fallback; lookup → its default).
 */

const TRY_NOTE = 'try() (tryfunc) returns the first argument that evaluates without error; Terraform evaluates the first ' +
  'argument (see file header), the checks call it an error and judge the fallback.';

/** try(join("", split("", v)), safe) */
const SPLIT = (v: string, safe: string) => `\${try(join("", split("", "${v}")), "${safe}")}`;
/** try(format("%1s", v), safe): width 1 pads nothing */
const WIDTH = (v: string, safe: string) => `\${try(format("%1s", "${v}"), "${safe}")}`;
/** try(lower(<number or bool literal>), <fallback expression>) */
const LOWER = (v: string, safe: string) => `\${try(lower(${v}), ${safe})}`;

const provider = (config: { [k: string]: unknown }) => (_s: TerraformStack, f: Fixture) => {
  for (const [k, v] of Object.entries(config)) f.provider.addOverride(k, v);
};
const mountVolume = (f: Fixture) => setAttr(f.container, 'volumes', [{ volume_name: 'hostdata', container_path: '/d', read_only: true }]);

type Target = {
  /** Acceptable rule ids: the rule of the weakness, and the most severe reader of the attribute (it carries "cannot verify"). */
  what: string;
  bad: string;
  safe: string;
  expect: string[];
  /** builds the weak configuration from the spelled string */
  build: (spelled: string) => (s: TerraformStack, f: Fixture) => void;
  baseline?: (s: TerraformStack, f: Fixture) => void;
};
const attr = (name: string, wrap: (x: string) => unknown = (x) => x, pre?: (s: TerraformStack, f: Fixture) => void) =>
  (x: string) => all(pre ?? (() => {}), override(name, wrap(x)));
const NNP = (x: string) => ['no-new-privileges', x];

/** Every security-relevant string attribute, with an insecure value and the safe fallback the checks judge instead. */
const TARGETS: Target[] = [
  { what: 'network_mode host', bad: 'host', safe: 'none', expect: ['HD-C11'], build: attr('network_mode') },
  { what: 'pid_mode host', bad: 'host', safe: 'private', expect: ['HD-C11'], build: attr('pid_mode') },
  { what: 'ipc_mode host', bad: 'host', safe: 'private', expect: ['HD-C11'], build: attr('ipc_mode') },
  { what: 'userns_mode host', bad: 'host', safe: '', expect: ['HD-C11'], build: attr('userns_mode') },
  { what: 'cgroupns_mode host', bad: 'host', safe: 'private', expect: ['HD-C11'], build: attr('cgroupns_mode') },
  { what: 'user 0', bad: '0', safe: '10001:10001', expect: ['HD-C06'], build: attr('user') },
  { what: 'cgroup_parent /', bad: '/', safe: '', expect: ['HD-C20'], build: attr('cgroup_parent') },
  { what: 'log_driver none', bad: 'none', safe: 'json-file', expect: ['HD-C23'], build: attr('log_driver') },
  { what: 'restart always', bad: 'always', safe: 'on-failure', expect: ['HD-C28'], build: attr('restart') },
  { what: 'runtime nvidia', bad: 'nvidia', safe: 'runc', expect: ['HD-C39'], build: attr('runtime') },
  { what: 'image busybox:latest', bad: 'busybox:latest', safe: PINNED, expect: ['HD-C22', 'HD-I01'], build: attr('image') },
  { what: 'security_opts seccomp=unconfined', bad: 'seccomp=unconfined', safe: 'no-new-privileges', expect: ['HD-C03'], build: attr('security_opts', NNP) },
  { what: 'security_opts apparmor=unconfined', bad: 'apparmor=unconfined', safe: 'no-new-privileges', expect: ['HD-C04', 'HD-C03'], build: attr('security_opts', NNP) },
  { what: 'security_opts label=disable', bad: 'label=disable', safe: 'no-new-privileges', expect: ['HD-C24', 'HD-C03'], build: attr('security_opts', NNP) },
  { what: 'security_opts no-new-privileges=false', bad: 'no-new-privileges=false', safe: 'no-new-privileges', expect: ['HD-C05'], build: attr('security_opts', (x) => [x]) },
  { what: 'capabilities.drop NET_RAW (not ALL)', bad: 'NET_RAW', safe: 'ALL', expect: ['HD-C08'], build: attr('capabilities', (x) => ({ drop: [x] })) },
  { what: 'group_add disk', bad: 'disk', safe: '10001', expect: ['HD-C25'], build: attr('group_add', (x) => [x]) },
  {
    what: 'sysctls ip_unprivileged_port_start 0',
    bad: '0',
    safe: '1024',
    expect: ['HD-C26', 'HD-C38'],
    build: attr('sysctls', (x) => ({ 'net.ipv4.ip_unprivileged_port_start': x, 'net.ipv4.ping_group_range': '1 0' })),
  },
  { what: 'tmpfs rw,exec', bad: 'rw,exec', safe: 'rw,noexec', expect: ['HD-C36'], build: attr('tmpfs', (x) => ({ '/tmp': x })) },
  {
    what: 'healthcheck test NONE',
    bad: 'NONE',
    safe: 'CMD',
    expect: ['HD-C40', 'HD-C18'],
    build: attr('healthcheck', (x) => ({ test: [x, '/app/healthcheck'], interval: '30s', timeout: '5s', retries: 3 })),
  },
  { what: 'mounts bind source docker.sock', bad: '/var/run/docker.sock', safe: '/srv/data', expect: ['HD-C02'], build: attr('mounts', (x) => [{ type: 'bind', source: x, target: '/d', read_only: true }]) },
  { what: 'mounts type bind of /etc', bad: 'bind', safe: 'tmpfs', expect: ['HD-C12', 'HD-C02'], build: attr('mounts', (x) => [{ type: x, source: '/etc', target: '/d', read_only: true }]) },
  {
    what: 'mounts bind propagation rshared',
    bad: 'rshared',
    safe: 'rprivate',
    expect: ['HD-C13'],
    build: attr('mounts', (x) => [{ type: 'bind', source: '/srv/data', target: '/d', read_only: true, bind_options: { propagation: x } }]),
  },
  { what: 'volumes host_path /etc', bad: '/etc', safe: '/srv/data', expect: ['HD-C12', 'HD-C02'], build: attr('volumes', (x) => [{ host_path: x, container_path: '/d', read_only: true }]) },
  { what: 'volumes volume_name /etc (a bind)', bad: '/etc', safe: 'data', expect: ['HD-C12', 'HD-C02'], build: attr('volumes', (x) => [{ volume_name: x, container_path: '/d', read_only: true }]) },
  {
    what: 'ports ip 0.0.0.0',
    bad: '0.0.0.0',
    safe: '127.0.0.1',
    expect: ['HD-C14'],
    baseline: withNetwork,
    build: attr('ports', (x) => [{ internal: 8080, external: 18080, ip: x }], withNetwork),
  },
  { what: 'networks_advanced name bridge', bad: 'bridge', safe: 'net', expect: ['HD-C27'], baseline: withNetwork, build: attr('networks_advanced', (x) => [{ name: x }], withNetwork) },
  { what: 'provider host tcp://…:2375', bad: 'tcp://10.0.0.5:2375', safe: 'unix:///var/run/docker.sock', expect: ['HD-P01'], build: (x) => provider({ host: x }) },
  {
    what: 'provider ssh_opts StrictHostKeyChecking=no',
    bad: 'StrictHostKeyChecking=no',
    safe: 'StrictHostKeyChecking=yes',
    expect: ['HD-P02'],
    build: (x) => provider({ host: 'ssh://u@h', ssh_opts: ['-o', x] }),
    baseline: provider({ host: 'ssh://u@h', ssh_opts: ['-o', 'StrictHostKeyChecking=yes'] }),
  },
  {
    what: 'docker_network gateway_mode_ipv4 nat-unprotected',
    bad: 'nat-unprotected',
    safe: 'nat',
    expect: ['HD-N03'],
    build: (x) => (s) => { new Network(s, 'gw', { name: 'gw', options: { 'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.bridge.gateway_mode_ipv4': x } }); },
    baseline: (s) => { new Network(s, 'gw', { name: 'gw', options: { 'com.docker.network.bridge.enable_icc': 'false' } }); },
  },
  {
    what: 'docker_volume o=bind device /etc mounted by name',
    bad: '/etc',
    safe: '',
    expect: ['HD-C12', 'HD-C02'],
    build: (x) => (s, f) => { new Volume(s, 'v', { name: 'hostdata', driver: 'local', driverOpts: { type: 'none', o: 'bind', device: x } }); mountVolume(f); },
    baseline: (s, f) => { new Volume(s, 'v', { name: 'hostdata', driver: 'local' }); mountVolume(f); },
  },
];

const sweep = (tag: string, spell: (v: string, safe: string) => string, why: string): Case[] => TARGETS.map((t) => ({
  name: `${tag} ${t.what}`,
  expect: t.expect,
  build: t.build(spell(t.bad, t.safe)),
  baseline: t.baseline,
  note: `${why} ${TRY_NOTE}`,
}));

const SPLIT_CASES = sweep('try(join("", split("", v)), safe):', SPLIT,
  'cty SplitFunc = strings.Split(str, sep); an empty separator is allowed and yields the characters.');
const WIDTH_CASES = sweep('try(format("%1s", v), safe):', WIDTH,
  'cty format supports a width (format_fsm.rl `width`; formatPadWidth pads only up to it), so format("%1s", v) is v.');

/** Non-string literals given to string functions, and the other format verbs, on bool/number/string attributes. */
const CONVERSIONS: Case[] = [
  { name: 'privileged = try(lower(true), false)', expect: ['HD-C01'], build: override('privileged', LOWER('true', 'false')) },
  { name: 'privileged = try(lower(1), false) ("1" converts to true)', expect: ['HD-C01'], build: override('privileged', LOWER('1', 'false')) },
  { name: 'privileged = try(format("%t", true), false)', expect: ['HD-C01'], build: override('privileged', '${try(format("%t", true), false)}') },
  { name: 'publish_all_ports = try(lower(true), false)', expect: ['HD-C14'], build: all(withNetwork, override('publish_all_ports', LOWER('true', 'false'))), baseline: withNetwork },
  { name: 'read_only = try(lower(0), true)', expect: ['HD-C07'], build: override('read_only', LOWER('0', 'true')) },
  { name: 'read_only = try(lower(false), true)', expect: ['HD-C07'], build: override('read_only', LOWER('false', 'true')) },
  { name: 'user = try(lower(0), "10001:10001")', expect: ['HD-C06'], build: override('user', LOWER('0', '"10001:10001"')) },
  { name: 'user = try(trimspace(0), …)', expect: ['HD-C06'], build: override('user', '${try(trimspace(0), "10001:10001")}') },
  { name: 'user = try(join(0, ["", ""]), …) (separator 0 converted to "0")', expect: ['HD-C06'], build: override('user', '${try(join(0, ["", ""]), "10001:10001")}') },
  { name: 'user = try(replace(0, "x", "y"), …)', expect: ['HD-C06'], build: override('user', '${try(replace(0, "x", "y"), "10001:10001")}') },
  { name: 'user = try(split(":", 0)[0], …)', expect: ['HD-C06'], build: override('user', '${try(split(":", 0)[0], "10001:10001")}') },
  { name: 'user = try(base64decode(base64encode(0)), …)', expect: ['HD-C06'], build: override('user', '${try(base64decode(base64encode(0)), "10001:10001")}') },
  { name: 'user = try(trimprefix(10, 1), …)', expect: ['HD-C06'], build: override('user', '${try(trimprefix(10, 1), "10001:10001")}') },
  { name: 'user = try(substr(0, 0, 1), …)', expect: ['HD-C06'], build: override('user', '${try(substr(0, 0, 1), "10001:10001")}') },
  { name: 'user = try(format("%x", 0), …)', expect: ['HD-C06'], build: override('user', '${try(format("%x", 0), "10001:10001")}') },
  { name: 'memory = try(lower(0), 256) (0 is no limit)', expect: ['HD-C09'], build: override('memory', LOWER('0', '256')) },
  { name: 'memory_swap = try(lower(-1), 256) (unlimited swap)', expect: ['HD-C35'], build: override('memory_swap', LOWER('-1', '256')) },
  { name: 'cpu_quota = try(lower(0), 100000)', expect: ['HD-C10'], build: override('cpu_quota', LOWER('0', '100000')) },
  { name: 'max_retry_count = try(lower(100), 3)', expect: ['HD-C28'], build: override('max_retry_count', LOWER('100', '3')) },
  {
    name: 'ports internal = try(lower(22), 8080) (SSH published)',
    expect: ['HD-C30'],
    build: all(withNetwork, override('ports', [{ internal: LOWER('22', '8080'), external: 18022, ip: '127.0.0.1' }])),
    baseline: all(withNetwork, override('ports', [{ internal: 8080, external: 18022, ip: '127.0.0.1' }])),
  },
  {
    name: 'ports external = try(lower(80), 18080) (privileged host port)',
    expect: ['HD-C29'],
    build: all(withNetwork, override('ports', [{ internal: 8080, external: LOWER('80', '18080'), ip: '127.0.0.1' }])),
    baseline: all(withNetwork, override('ports', [{ internal: 8080, external: 18080, ip: '127.0.0.1' }])),
  },
  {
    name: 'network_mode = try(trimsuffix(trimprefix(format("%v", ["host"]), "[\\""), "\\"]"), "none") (%v of a list is JSON)',
    expect: ['HD-C11'],
    build: override('network_mode', '${try(trimsuffix(trimprefix(format("%v", ["host"]), "[\\""), "\\"]"), "none")}'),
  },
].map((c) => ({ ...c, note: `cty converts the argument (hclsyntax FunctionCallExpr → convert.Convert to the cty.String/Bool/Number parameter), or format supports the verb (format.go formatAppend). ${TRY_NOTE}` }));

const PROTO: Case[] = [
  {
    name: 'network_mode = try({"__proto__" = "host"}["__proto__"], "none") (a JS prototype key, not an attribute)',
    expect: ['HD-C11'],
    note: `HCL objects are maps of attribute names: "__proto__" is an ordinary key whose value is "host". expression.ts builds the object with out[key] = v on {}, which sets the prototype (ignored for a string), so the index is "no attribute" (error) and try() falls back. ${TRY_NOTE}`,
    build: override('network_mode', '${try({"__proto__" = "host"}["__proto__"], "none")}'),
  },
  {
    name: 'network_mode = lookup(merge({"__proto__" = "host"}), "__proto__", "none") (no try needed)',
    expect: ['HD-C11'],
    note: 'Terraform lookup finds the attribute "__proto__" = "host"; the value layer lost the key when building the object (JS prototype setter), so lookup() returns its default "none".',
    build: override('network_mode', '${lookup(merge({"__proto__" = "host"}), "__proto__", "none")}'),
  },
];

runCases([...SPLIT_CASES, ...WIDTH_CASES, ...CONVERSIONS, ...PROTO]);
