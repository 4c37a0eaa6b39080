import { DataDockerRegistryImageManifests } from '@cdktf/provider-docker/lib/data-docker-registry-image-manifests';
import { Network } from '@cdktf/provider-docker/lib/network';
import { TerraformStack } from 'cdktf';
import {
  all, Case, expectNoNewFinding, Fixture, override, overrides, runCases, setAttr, withNetwork,
} from './harness';

/**
 * Red-team round 2: configurations that Terraform accepts, that provider 3.6.2
 * passes on and that the engine applies insecurely, which the checks pass
 * today (no new unsuppressed error/warning relative to the baseline). None
 * repeats a case of the other adversarial files (redteam.test.ts included):
 * each names a mechanism the previous rounds did not cover; `note` cites the
 * upstream fact it relies on.
 */

// ---------------------------------------------------------------------------------------------------------------
// 1. Terraform/cty evaluates differently from the value layer
// ---------------------------------------------------------------------------------------------------------------
const EXPRESSIONS: Case[] = [
  {
    name: 'security_opts += replace("", "", "apparmor=unconfined") (Go strings.Replace with an empty old string inserts `new`)',
    expect: ['HD-C04'],
    level: 'error',
    note: 'go-cty v1.16.2 cty/function/stdlib/string_replace.go L36-41 (and Terraform\'s replace) return strings.Replace(str, ' +
      'substr, replace, -1); with substr "" Go matches at the start of the string (and after each rune), so replace("", "", x) ' +
      'is x. functions.ts returns the input unchanged when `from` is "", so the checks see "" and C04 sees no option; moby ' +
      'applies apparmor=unconfined (C04, unsuppressible).',
    build: override('security_opts', ['no-new-privileges', '${replace("", "", "apparmor=unconfined")}']),
  },
  {
    name: 'volumes.host_path = chomp("/home/ci/.docker\\r") (cty chomp strips a lone CR, the value layer only \\n and \\r\\n)',
    expect: ['HD-C02'],
    level: 'error',
    note: 'go-cty v1.16.2 cty/function/stdlib/string.go L376-378: chomp removes `(?:\\r\\n?|\\n)*\\z`, so a trailing lone \\r goes. ' +
      'functions.ts uses /(\\r?\\n)+$/, so the checks see "/home/ci/.docker\\r", whose last component is not ".docker" for ' +
      'engineSocketReason (and /home is not a C12 path); Terraform binds the per-user engine directory that holds run/docker.sock.',
    build: override('volumes', [{ host_path: '${chomp("/home/ci/.docker\\r")}', container_path: '/cfg', read_only: true }]),
  },
  {
    name: 'env "API_\\u212AEY=…" (cty NFC-normalizes every string: U+212A KELVIN SIGN becomes K, so the name is API_KEY)',
    expect: ['HD-C19'],
    level: 'error',
    note: 'go-cty v1.16.2 cty/value_init.go L96-110 + cty/ctystrings/normalize.go: StringVal applies norm.NFC to every string ' +
      '(HCL JSON string literals included), and U+212A has the canonical singleton decomposition U+004B. The value layer never ' +
      'normalizes; secretLikeName upper-cases with JS toUpperCase (U+212A stays) and splits on [^A-Z0-9], giving API and EY. ' +
      'The container gets API_KEY=<secret>, stored in state and inspect.',
    build: override('env', ['API_\u212AEY=correct-horse-battery-staple']),
  },
  {
    name: 'network_mode = try(tolist([{}, "none"])[1], "host") (cty cannot convert a mixed tuple to a list; try() falls back)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'Terraform\'s tolist converts to list(any), which needs one element type: object({}) and string do not unify (go-cty ' +
      'convert.UnifyUnsafe), so tolist errors and hcl ext/tryfunc returns the next argument, "host". functions.ts tolist returns ' +
      'any array unchanged, so the checks take element [1], "none".',
    build: override('network_mode', '${try(tolist([{}, "none"])[1], "host")}'),
  },
  {
    name: 'network_mode = try(true ? "none" : {}, "host") (inconsistent conditional result types are an error in HCL)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'hcl v2.23.0 hclsyntax/expression.go L755-764: ConditionalExpr.Value unifies both result types before choosing, and ' +
      'string vs object({}) gives "Inconsistent conditional result types" (an evaluation error that try() catches, so the value ' +
      'is "host"). expression.ts evaluates only the chosen branch and answers "none".',
    build: override('network_mode', '${try(true ? "none" : {}, "host")}'),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// 2. Values read more narrowly than the kernel, OpenSSH or the engine
// ---------------------------------------------------------------------------------------------------------------
const ssh = (opts: string[]) => (_s: TerraformStack, f: Fixture) => {
  f.provider.addOverride('host', 'ssh://deploy@10.0.0.1:22');
  f.provider.addOverride('ssh_opts', opts);
};
const sshBaseline = ssh(['-o', 'StrictHostKeyChecking=yes']);

const PARSING: Case[] = [
  {
    name: 'sysctls net.ipv4.ip_unprivileged_port_start = "0x0" (the kernel parses sysctl integers with base 0)',
    expect: ['HD-C26'],
    note: 'runc writes sysctl values verbatim to /proc/sys; the kernel\'s proc_dointvec_minmax reads them with proc_get_long -> ' +
      'strtoul_lenient(p, &p, 0, val), base 0, so "0x0" is 0 (and "0x3ff" 1023). C26 only compares /^[0-9]+$/ values, and a ' +
      'set-but-unparsed value also suppresses its docker-default-port-0 finding: any user binds ports < 1024.',
    build: override('sysctls', { 'net.ipv4.ip_unprivileged_port_start': '0x0', 'net.ipv4.ping_group_range': '1 0' }),
  },
  {
    name: 'sysctls net.ipv4.ping_group_range = "0 0x7ffffffe" (hex upper bound: every group may open ICMP sockets)',
    expect: ['HD-C26'],
    note: 'ipv4_ping_group_range parses through proc_get_long (base 0) like every integer sysctl; pingOpen() requires both parts ' +
      'to match /^[0-9]+$/ and treats anything else as "the kernel refuses it".',
    build: override('sysctls', { 'net.ipv4.ip_unprivileged_port_start': '1024', 'net.ipv4.ping_group_range': '0 0x7ffffffe' }),
  },
  {
    name: 'tmpfs {"/tmp": "rw,exec,size=64m"} (a user "exec" overrides the noexec the daemon prepends)',
    expect: ['*'],
    note: 'moby v28.5.2 daemon/oci_linux.go L520-533: tmpfs options are ["noexec","nosuid","nodev",<propagation>] + the user\'s, ' +
      'merged by mount.MergeTmpfsOptions, which walks them in reverse so the LAST of noexec/exec wins. On a read-only rootfs the ' +
      'writable /tmp is then a place to drop and run tools, the control HardenedContainer names writable-paths-noexec (opt-out ' +
      'allowExec). No rule reads tmpfs.',
    build: override('tmpfs', { '/tmp': 'rw,exec,size=64m' }),
    baseline: override('tmpfs', { '/tmp': 'rw,noexec,size=64m' }),
  },
  {
    name: 'seccomp allow-list re-allows unshare and keyctl behind an always-true argument test (MASKED_EQ 0/0)',
    expect: ['HD-C32'],
    note: 'runc/libseccomp apply SCMP_CMP_MASKED_EQ as (arg & value) == valueTwo, so value 0 / valueTwo 0 matches every call. ' +
      'seccomp-profiles.ts decodeSeccompProfile ignores every allow rule that has args, so the profile counts as re-allowing ' +
      'nothing; Docker\'s default denies unshare (CLONE_NEWUSER gives a fresh user namespace with all capabilities, no cap ' +
      'needed) and keyctl (the kernel keyring is not namespaced).',
    build: override('security_opts', ['no-new-privileges', `seccomp=${JSON.stringify({
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [
        { names: ['read', 'write', 'exit_group'], action: 'SCMP_ACT_ALLOW' },
        { names: ['unshare', 'keyctl'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
      ],
    })}`]),
    baseline: override('security_opts', ['no-new-privileges', `seccomp=${JSON.stringify({
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [{ names: ['read', 'write', 'exit_group'], action: 'SCMP_ACT_ALLOW' }],
    })}`]),
  },
  {
    name: 'ssh_opts ["-o", "StrictHostKeyChecking=\'no\'"] (OpenSSH dequotes single quotes too)',
    expect: ['HD-P02'],
    note: 'openssh V_10_5_P1 readconf.c L1196 splits the argument with argv_split (misc.c L2130-2175), which removes \' and " ' +
      'quotes alike; ssh-options.ts only strips double quotes, so the value "\'no\'" is not "no".',
    build: ssh(['-o', "StrictHostKeyChecking='no'"]),
    baseline: sshBaseline,
  },
  {
    name: 'ssh_opts ["-o", "StrictHostKeyChecking=n\\"\\"o"] (quotes inside a token are removed)',
    expect: ['HD-P02'],
    note: 'misc.c argv_split L2165-2172: a quote toggles quoting mid-token and is dropped, so n""o is "no". The line regex of ' +
      'ssh-options.ts cannot match a value containing ", so the option is not read at all.',
    build: ssh(['-o', 'StrictHostKeyChecking=n""o']),
    baseline: sshBaseline,
  },
  {
    name: 'ssh_opts ["-o", "StrictHostKeyChecking=no #pinned"] (a # after blanks starts a comment)',
    expect: ['HD-P02'],
    note: 'readconf.c L1196 calls argv_split(str, …, terminate_on_comment=1): misc.c L2143-2144 stops at a # that begins a ' +
      'token, so one argument "no" remains and the "extra arguments" check (L2584) passes. ssh-options.ts reads "no #pinned".',
    build: ssh(['-o', 'StrictHostKeyChecking=no #pinned']),
    baseline: sshBaseline,
  },
  {
    name: 'ssh_opts StrictHostKeyChecking=accept-new + UserKnownHostsFile=/dev/./null (the empty file in another spelling)',
    expect: ['HD-P02'],
    note: 'ssh opens the path as given; /dev/./null is /dev/null, so no key is ever known and accept-new accepts (and "records" ' +
      'into /dev/null) whatever key is presented, every time. disabledHostKeyChecks compares the literal "/dev/null".',
    build: ssh(['-o', 'StrictHostKeyChecking=accept-new', '-o', 'UserKnownHostsFile=/dev/./null']),
    baseline: sshBaseline,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// 3. Attributes, options, references and blocks no rule reads (or reads too narrowly)
// ---------------------------------------------------------------------------------------------------------------
const UNREAD: Case[] = [
  {
    name: 'cpu_shares = 1024 as the only CPU control (Docker\'s default weight: CPU is not limited)',
    expect: ['HD-C10'],
    level: 'error',
    note: 'CIS Docker 1.6 5.12 (docker-bench/mitre check): CpuShares 0 or 1024 means CPU shares are not in place; 1024 is the ' +
      'default every container gets. C10 accepts any positive cpu_shares as a limit.',
    build: overrides({ cpu_quota: undefined, cpu_period: undefined, cpu_shares: 1024 }),
  },
  {
    name: 'networks_advanced.name = "${docker_network.n.driver}" (computed "bridge": the container joins docker0)',
    expect: ['HD-C27'],
    level: 'error',
    note: 'docker_network.driver is Optional+Computed; with it unset Read stores the engine\'s "bridge", so the container is ' +
      'connected to the network named "bridge" (the default bridge). StackView.referenced() follows a reference to the ' +
      'resource whatever attribute it names, and C27 then takes the network\'s name "appnet".',
    build: (s, f) => {
      new Network(s, 'n', { name: 'appnet', options: { 'com.docker.network.bridge.enable_icc': 'false' } });
      setAttr(f.container, 'network_mode', undefined);
      setAttr(f.container, 'networks_advanced', [{ name: '${docker_network.n.driver}' }]);
    },
    baseline: (s, f) => {
      new Network(s, 'n', { name: 'appnet', options: { 'com.docker.network.bridge.enable_icc': 'false' } });
      setAttr(f.container, 'network_mode', undefined);
      setAttr(f.container, 'networks_advanced', [{ name: '${docker_network.n.name}' }]);
    },
  },
  {
    name: 'docker_network option com.docker.network.bridge.trusted_host_interfaces = "eth0" (loopback-published ports reachable from eth0)',
    expect: ['HD-N03', 'HD-C14'],
    level: 'error',
    note: 'moby v28.5.2 libnetwork/drivers/bridge/labels.go L29 and internal/iptabler/endpoint.go L62-77: each trusted interface ' +
      'gets a raw PREROUTING ACCEPT for the container address before the "DIRECT ACCESS FILTERING - DROP" rule, the rule that ' +
      'keeps hosts on that link from reaching a port published on 127.0.0.1 at the container\'s own address. N03 reads only ' +
      'the gateway_mode options.',
    build: all(withNetwork, (s: TerraformStack, f: Fixture) => {
      s.addOverride('resource.docker_network.net.options', {
        'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.bridge.trusted_host_interfaces': 'eth0',
      });
      setAttr(f.container, 'ports', [{ internal: 8080, external: 18080, ip: '127.0.0.1' }]);
    }),
    baseline: all(withNetwork, (_s: TerraformStack, f: Fixture) => setAttr(f.container, 'ports', [{ internal: 8080, external: 18080, ip: '127.0.0.1' }])),
  },
  {
    name: 'data docker_registry_image_manifests insecure_skip_verify = true (registry credentials over unverified TLS)',
    expect: ['HD-R01'],
    level: 'error',
    note: 'provider v3.6.2 data_source_docker_registry_image_manifests.go L71-117: the same getImageManifest/buildHttpClient' +
      'ForRegistry path as data.docker_registry_image, with auth_config (or the provider\'s registry_auth) and ' +
      'InsecureSkipVerify; R01\'s resourceTypes list only data.docker_registry_image and docker_registry_image.',
    build: (s) => {
      new DataDockerRegistryImageManifests(s, 'm', {
        name: 'registry.example.com/app:1.0',
        insecureSkipVerify: true,
        authConfig: { address: 'registry.example.com', username: 'ci', password: 'ci-registry-password' },
      });
    },
  },
  {
    name: 'volumes.from_container = "legacy-tools" (a container the stack does not declare: its mounts are inherited unseen)',
    expect: ['HD-C02', 'HD-C12'],
    note: 'citations §1d: VolumesFrom copies every mount of the named container, binds included (moby linux_parser.go ' +
      'L400-403). fail-closed.md §5: an indirection is followed or it is UNKNOWN; fromContainer() finds nothing for a ' +
      'name outside the stack and hostSources() returns nothing (only the V01 info remains), so a docker.sock or / bind of ' +
      'that container passes as no mount at all.',
    build: override('volumes', [{ from_container: 'legacy-tools' }]),
  },
  {
    name: 'import block for the container (Read never reads back volumes/env/cgroup_parent/cgroupns_mode/cpu_quota)',
    expect: ['*'],
    note: 'Terraform adopts the live container given by id. provider v3.6.2 resourceDockerContainerRead (funcs.go L634-829) ' +
      'sets no volumes, env, cgroup_parent, cgroupns_mode, cpu_quota/cpu_period or networks_advanced, so after import those ' +
      'match the configuration in state and the plan keeps whatever the live container has (a docker.sock bind, secrets in ' +
      'env). The checks ignore `import` blocks (HD-X01 would fit: configuration the checks cannot see).',
    build: (_s, f) => f.container.importFrom('0123456789ab'),
  },
  {
    name: 'log_opts {"max-size": "-1"} on json-file (container logs grow without bound)',
    expect: ['*'],
    note: 'json-file reads max-size -1 as unlimited (the same fact HD-D14 reports for the daemon); a container-level log_opts ' +
      'wins over daemon.json log-opts (moby mergeAndVerifyLogConfig only fills missing keys). No container rule reads log_opts.',
    build: override('log_opts', { 'max-size': '-1' }),
  },
];

describe('red team 2: expressions evaluated differently from Terraform', () => runCases(EXPRESSIONS));
describe('red team 2: values read more narrowly than the kernel, OpenSSH or the engine', () => runCases(PARSING));
describe('red team 2: attributes, options, references and blocks no rule reads', () => runCases(UNREAD));

// ---------------------------------------------------------------------------------------------------------------
// False positives: clearly secure configurations users commonly write, reported today
// ---------------------------------------------------------------------------------------------------------------
describe('false positives', () => {
  const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0FfY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----';
  test.each([
    // HD-C19 error ("a PEM block"): a CA certificate is public; only PRIVATE KEY blocks are secrets
    ['env CA_CERT=<a public CA certificate PEM>', (_s: TerraformStack, f: Fixture) => setAttr(f.container, 'env', [`CA_CERT=${CA_PEM}`])],
    // HD-C19 error (name contains TOKEN): an OAuth token endpoint URL, no credential in it
    ['env OAUTH2_TOKEN_URL=https://idp.example.com/oauth2/token', (_s: TerraformStack, f: Fixture) => setAttr(f.container, 'env', ['OAUTH2_TOKEN_URL=https://idp.example.com/oauth2/token'])],
    // HD-C12 error: the timezone file, read-only (the most common host bind there is)
    ['volumes /etc/localtime -> /etc/localtime read-only', (_s: TerraformStack, f: Fixture) => setAttr(f.container, 'volumes', [{ host_path: '/etc/localtime', container_path: '/etc/localtime', read_only: true }])],
    // HD-C12 error: the host's public CA bundle, read-only
    ['mounts bind /etc/ssl/certs read-only', (_s: TerraformStack, f: Fixture) => setAttr(f.container, 'mounts', [{ type: 'bind', source: '/etc/ssl/certs', target: '/etc/ssl/certs', read_only: true }])],
    // HD-C26 warning (docker-default-port-0): with network_mode "none" there is only lo, so a low port bound inside
    // the container is reachable by nothing but the container itself
    ['network_mode "none" without the low-port sysctls', (_s: TerraformStack, f: Fixture) => setAttr(f.container, 'sysctls', undefined)],
  ])('%s', (name, build) => expectNoNewFinding({ name, build }));
});
