import { all, Case, check, expectNoNewFinding, fixture, keyOf, override, overrides, runCases, withNetwork } from './harness';

/** A compliant published port (loopback, unprivileged host port). */
const LOOPBACK_PORT = override('ports', [{ internal: 8080, external: 18080, ip: '127.0.0.1' }]);

/**
 * Terraform template evaluation and cty conversion (fail-closed.md §1).
 *
 * Every string of cdk.tf.json is an HCL template: a string that is exactly one
 * interpolation yields the value unconverted ("${true}" is the bool true,
 * "${0}" the number 0), literal parts and interpolated literals concatenate
 * ("ho${""}st" is "host"), blanks inside ${ } are allowed, %{ } directives are
 * evaluated, quoted strings inside an expression take HCL escapes ("\u0068" is
 * "h"). The result is then converted to the schema type the go-cty way:
 * "true"/"1" are true, "false"/"0" false, numeric strings are numbers.
 *
 * Only spellings Terraform accepts are listed: a string cty refuses to convert
 * (" true", "yes", "TRUE") fails at plan and is no bypass.
 */

const PRIVILEGED: Case[] = [
  { name: 'privileged = "${true}" (single interpolation: the bool true)', expect: ['HD-C01'], level: 'error', build: override('privileged', '${true}') },
  { name: 'privileged = "1" (cty: "1" converts to true)', expect: ['HD-C01'], level: 'error', build: override('privileged', '1') },
  { name: 'privileged = "${"true"}" (string "true", converted)', expect: ['HD-C01'], level: 'error', build: override('privileged', '${"true"}') },
  { name: 'privileged = "${"1"}"', expect: ['HD-C01'], level: 'error', build: override('privileged', '${"1"}') },
  { name: 'privileged = "tr${""}ue" (concatenation)', expect: ['HD-C01'], level: 'error', build: override('privileged', 'tr${""}ue') },
  { name: 'privileged = "${!false}" (operator)', expect: ['HD-C01'], level: 'error', build: override('privileged', '${!false}') },
  { name: 'privileged = "${1 == 1}" (comparison)', expect: ['HD-C01'], level: 'error', build: override('privileged', '${1 == 1}') },
  { name: 'privileged = "${ true }" (blanks inside ${ })', expect: ['HD-C01'], level: 'error', build: override('privileged', '${ true }') },
  { name: 'privileged = "%{ if true }true%{ endif }" (template directive)', expect: ['HD-C01'], level: 'error', build: override('privileged', '%{ if true }true%{ endif }') },
];

const NAMESPACES: Case[] = [
  { name: 'network_mode = "${"host"}"', expect: ['HD-C11'], level: 'error', build: override('network_mode', '${"host"}') },
  { name: 'network_mode = "${"ho"}st"', expect: ['HD-C11'], level: 'error', build: override('network_mode', '${"ho"}st') },
  { name: 'network_mode = "${"\\u0068ost"}" (HCL unicode escape inside the expression)', expect: ['HD-C11'], level: 'error', build: override('network_mode', '${"\\u0068ost"}') },
  { name: 'pid_mode = "ho${""}st"', expect: ['HD-C11'], level: 'error', build: override('pid_mode', 'ho${""}st') },
  { name: 'pid_mode = "${ "host" }" (blanks)', expect: ['HD-C11'], level: 'error', build: override('pid_mode', '${ "host" }') },
  { name: 'ipc_mode = "${"ho"}${"st"}"', expect: ['HD-C11'], level: 'error', build: override('ipc_mode', '${"ho"}${"st"}') },
  { name: 'userns_mode = "%{ if true }host%{ else }private%{ endif }"', expect: ['HD-C11'], level: 'error', build: override('userns_mode', '%{ if true }host%{ else }private%{ endif }') },
  { name: 'cgroupns_mode = "${"host"}"', expect: ['HD-C11'], level: 'error', build: override('cgroupns_mode', '${"host"}') },
  { name: 'network_mode = "%{ for p in ["ho", "st"] }${p}%{ endfor }" (for directive)', expect: ['HD-C11'], level: 'error', build: override('network_mode', '%{ for p in ["ho", "st"] }${p}%{ endfor }') },
];

const USER: Case[] = [
  { name: 'user = "${"0"}:${"0"}"', expect: ['HD-C06'], level: 'error', build: override('user', '${"0"}:${"0"}') },
  { name: 'user = "${0}" (number 0 converted to the string "0")', expect: ['HD-C06'], level: 'error', build: override('user', '${0}') },
  { name: 'user = "r${"o"}ot"', expect: ['HD-C06'], level: 'error', build: override('user', 'r${"o"}ot') },
  { name: 'user = "10001:${0}" (root group)', expect: ['HD-C06'], level: 'error', build: override('user', '10001:${0}') },
];

const READ_ONLY: Case[] = [
  { name: 'read_only = "0"', expect: ['HD-C07'], level: 'error', build: override('read_only', '0') },
  { name: 'read_only = "false"', expect: ['HD-C07'], level: 'error', build: override('read_only', 'false') },
  { name: 'read_only = "${false}"', expect: ['HD-C07'], level: 'error', build: override('read_only', '${false}') },
  { name: 'read_only = "${"0"}"', expect: ['HD-C07'], level: 'error', build: override('read_only', '${"0"}') },
];

const MOUNTS: Case[] = [
  {
    name: 'bind mount source "/var/run/${"docker.sock"}"',
    expect: ['HD-C02'],
    level: 'error',
    build: override('mounts', [{ type: 'bind', source: '/var/run/${"docker.sock"}', target: '/sock', read_only: true }]),
  },
  {
    name: 'bind mount type "${"bind"}" with source /etc',
    expect: ['HD-C12'],
    level: 'error',
    build: override('mounts', [{ type: '${"bind"}', source: '/etc', target: '/host-etc', read_only: true }]),
  },
  { name: 'volumes host_path "/${""}" (the host root)', expect: ['HD-C12'], level: 'error', build: override('volumes', [{ host_path: '/${""}', container_path: '/host', read_only: true }]) },
  { name: 'volumes host_path "${"/etc"}"', expect: ['HD-C12'], level: 'error', build: override('volumes', [{ host_path: '${"/etc"}', container_path: '/host-etc', read_only: true }]) },
  {
    name: 'bind propagation "${"rshared"}"',
    expect: ['HD-C13'],
    level: 'error',
    build: override('mounts', [{ type: 'bind', source: '/srv/data', target: '/data', read_only: true, bind_options: { propagation: '${"rshared"}' } }]),
    baseline: override('mounts', [{ type: 'bind', source: '/srv/data', target: '/data', read_only: true, bind_options: { propagation: 'rprivate' } }]),
  },
];

const CAPS_AND_OPTS: Case[] = [
  { name: 'capabilities.add ["${"SYS_ADMIN"}"]', expect: ['HD-C08'], level: 'error', build: override('capabilities', { drop: ['ALL'], add: ['${"SYS_ADMIN"}'] }) },
  { name: 'capabilities.add ["SYS_${"ADMIN"}"]', expect: ['HD-C08'], level: 'error', build: override('capabilities', { drop: ['ALL'], add: ['SYS_${"ADMIN"}'] }) },
  { name: 'capabilities.drop ["AL${"L"}"] (still ALL) with add ["SYS_ADMIN"]', expect: ['HD-C08'], level: 'error', build: override('capabilities', { drop: ['AL${"L"}'], add: ['SYS_ADMIN'] }) },
  { name: 'security_opts "seccomp=${"unconfined"}"', expect: ['HD-C03'], level: 'error', build: override('security_opts', ['no-new-privileges', 'seccomp=${"unconfined"}']) },
  { name: 'security_opts "${"apparmor=unconfined"}"', expect: ['HD-C04'], level: 'error', build: override('security_opts', ['no-new-privileges', '${"apparmor=unconfined"}']) },
  { name: 'security_opts "label=${"disable"}"', expect: ['HD-C24'], level: 'error', build: override('security_opts', ['no-new-privileges', 'label=${"disable"}']) },
  { name: 'security_opts "no-new-privileges=${false}"', expect: ['HD-C05'], level: 'error', build: override('security_opts', ['no-new-privileges=${false}']) },
  { name: 'security_opts ["${"no-new-privileges"}", "seccomp=${"uncon"}fined"]', expect: ['HD-C03'], level: 'error', build: override('security_opts', ['${"no-new-privileges"}', 'seccomp=${"uncon"}fined']) },
];

const PORTS_AND_LIMITS: Case[] = [
  { name: 'ports ip "${"0.0.0.0"}"', expect: ['HD-C14'], level: 'error', build: all(withNetwork, override('ports', [{ internal: 8080, external: 18080, ip: '${"0.0.0.0"}' }])), baseline: all(withNetwork, LOOPBACK_PORT) },
  { name: 'ports ip "0.0.0.${"0"}"', expect: ['HD-C14'], level: 'error', build: all(withNetwork, override('ports', [{ internal: 8080, external: 18080, ip: '0.0.0.${"0"}' }])), baseline: all(withNetwork, LOOPBACK_PORT) },
  { name: 'ports ip "${"::"}"', expect: ['HD-C14'], level: 'error', build: all(withNetwork, override('ports', [{ internal: 8080, external: 18080, ip: '${"::"}' }])), baseline: all(withNetwork, LOOPBACK_PORT) },
  { name: 'ports external = "${80}" (warning rule)', expect: ['HD-C29'], build: all(withNetwork, override('ports', [{ internal: 8080, external: '${80}', ip: '127.0.0.1' }])), baseline: all(withNetwork, LOOPBACK_PORT) },
  { name: 'publish_all_ports = "${true}"', expect: ['HD-C14'], level: 'error', build: all(withNetwork, override('publish_all_ports', '${true}')), baseline: withNetwork },
  { name: 'publish_all_ports = "1"', expect: ['HD-C14'], level: 'error', build: all(withNetwork, override('publish_all_ports', '1')), baseline: withNetwork },
  { name: 'memory = "${0}" (0 is unlimited)', expect: ['HD-C09'], level: 'error', build: override('memory', '${0}') },
  { name: 'memory = "0"', expect: ['HD-C09'], level: 'error', build: override('memory', '0') },
  { name: 'memory_swap = "${-1}" (unlimited swap)', expect: ['HD-C35'], build: override('memory_swap', '${-1}') },
  { name: 'memory_swap = "-1"', expect: ['HD-C35'], build: override('memory_swap', '-1') },
  { name: 'memory_swap = "${256 * 4}" (arithmetic: swap above memory)', expect: ['HD-C35'], build: override('memory_swap', '${256 * 4}') },
  { name: 'memory = "0.0" (cty parses it to 0)', expect: ['HD-C09'], level: 'error', build: override('memory', '0.0') },
  { name: 'memory = "${0.0}"', expect: ['HD-C09'], level: 'error', build: override('memory', '${0.0}') },
  { name: 'memory_swap = "-1.0"', expect: ['HD-C35'], build: override('memory_swap', '-1.0') },
  { name: 'memory_swap = "-1e0" (exponent notation)', expect: ['HD-C35'], build: override('memory_swap', '-1e0'), note: 'cty parses numeric strings with big.Float: exponents accepted' },
  { name: 'max_retry_count = "5e1" (warning rule)', expect: ['HD-C28'], build: override('max_retry_count', '5e1') },
  { name: 'ports external = "8e1" (host port 80, warning rule)', expect: ['HD-C29'], build: all(withNetwork, override('ports', [{ internal: 8080, external: '8e1', ip: '127.0.0.1' }])), baseline: all(withNetwork, LOOPBACK_PORT) },
  { name: 'cpu_quota = "${0}" and no other CPU limit', expect: ['HD-C10'], level: 'error', build: override('cpu_quota', '${0}') },
  { name: 'log_driver = "${"none"}"', expect: ['HD-C23'], level: 'error', build: override('log_driver', '${"none"}') },
  { name: 'group_add ["${"disk"}"]', expect: ['HD-C25'], level: 'error', build: override('group_add', ['${"disk"}']) },
  { name: 'group_add ["${0}"]', expect: ['HD-C25'], level: 'error', build: override('group_add', ['${0}']) },
  { name: 'image = "${"nginx:latest"}"', expect: ['HD-C22'], level: 'error', build: override('image', '${"nginx:latest"}') },
  { name: 'restart = "${"always"}" (warning rule)', expect: ['HD-C28'], build: override('restart', '${"always"}') },
  { name: 'max_retry_count = "${50}" (warning rule)', expect: ['HD-C28'], build: override('max_retry_count', '${50}') },
  { name: 'sysctls ip_unprivileged_port_start = "${0}" (warning rule)', expect: ['HD-C26'], build: override('sysctls', { 'net.ipv4.ip_unprivileged_port_start': '${0}', 'net.ipv4.ping_group_range': '1 0' }) },
  { name: 'cgroup_parent = "${"/machine.slice"}" (warning rule)', expect: ['HD-C20'], build: override('cgroup_parent', '${"/machine.slice"}') },
];

test('the harness fixture is clean: no unsuppressed error or warning (so every new finding comes from the case)', () => {
  expect(check(fixture().s).filter((f) => f.level !== 'info' && f.suppressed === undefined).map(keyOf)).toEqual([]);
});

describe('templates: a value spelled as a template is evaluated the way Terraform evaluates it', () => {
  describe('privileged (bool)', () => runCases(PRIVILEGED));
  describe('namespaces', () => runCases(NAMESPACES));
  describe('user', () => runCases(USER));
  describe('read_only (bool)', () => runCases(READ_ONLY));
  describe('mounts and volumes', () => runCases(MOUNTS));
  describe('capabilities and security_opts', () => runCases(CAPS_AND_OPTS));
  describe('ports, limits and the rest', () => runCases(PORTS_AND_LIMITS));
});

/**
 * `$${` is an escaped literal `${` and `%%{` an escaped `%{`: no expression, so
 * nothing unknown. A literal in a harmless place must not draw a finding.
 */
describe('escapes are literals, not expressions (negative cases)', () => {
  const NEGATIVE = [
    { name: 'env ["GREETING=$${HOME}"]', build: override('env', ['GREETING=$${HOME}']) },
    { name: 'env ["TEMPLATE=%%{ if x }y%%{ endif }"]', build: override('env', ['TEMPLATE=%%{ if x }y%%{ endif }']) },
    { name: 'working_dir "/srv/$${app}"', build: override('working_dir', '/srv/$${app}') },
    { name: 'labels value "$${var.secret}"', build: override('labels', [{ label: 'note', value: '$${var.secret}' }]) },
    { name: 'command ["sh", "-c", "echo $${USER}"]', build: override('command', ['sh', '-c', 'echo $${USER}']) },
    { name: 'a pure-literal template "${"10001:10001"}" for user is just that user', build: override('user', '${"10001:10001"}') },
    { name: 'read_only = "${true}" is read-only', build: override('read_only', '${true}') },
    { name: 'privileged = "${false}" is not privileged', build: override('privileged', '${false}') },
    { name: 'privileged = "0" is not privileged', build: override('privileged', '0') },
    { name: 'memory = "256" and memory_swap = "${256}" are the same 256 MB', build: overrides({ memory: '256', memory_swap: '${256}' }) },
  ];
  test.each(NEGATIVE.map((c) => [c.name, c] as const))('%s', (_n, c) => expectNoNewFinding(c));
});
