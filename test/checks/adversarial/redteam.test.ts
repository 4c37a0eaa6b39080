import { BuildxBuilder } from '@cdktf/provider-docker/lib/buildx-builder';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Service } from '@cdktf/provider-docker/lib/service';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack } from 'cdktf';
import {
  APP_PATH, Case, COMPLIANT, expectNoNewFinding, override, PINNED, runCases, setAttr,
} from './harness';
import { HardeningSuppressions } from '../../../lib';
import { backendNetwork } from '../util';

/**
 * Red-team cases: configurations that Terraform accepts, that provider 3.6.2
 * passes on and that the engine applies insecurely, which the checks pass
 * today (no new unsuppressed error/warning relative to the baseline). Each
 * case names the mechanism; `note` cites the upstream fact it relies on.
 * None of them duplicates a case of the other adversarial files: where a
 * mechanism is tested there, the case here is the spelling the code misses
 * (the first of two bodies instead of the last, `+0` instead of `0`, ...).
 */

// ---------------------------------------------------------------------------------------------------------------
// 1. HCL JSON bodies given as arrays: top-level bodies are now read with entriesOf, but `dynamic` (and a dynamic
//    spec) still goes through mergeBodies, a SHALLOW Object.assign: a later element replaces the earlier one.
// ---------------------------------------------------------------------------------------------------------------
const JSON_ARRAYS: Case[] = [
  {
    name: '"dynamic": [ {mounts: <docker.sock>}, {mounts: <tmpfs>} ] (two dynamic blocks as an array of bodies)',
    expect: ['HD-C02'],
    level: 'error',
    note: 'dynamic is a labelled block type; hcl json/spec.md L92-95/L236-245 allow an array of bodies at any level, and ' +
      'both dynamic blocks expand. evaluateBody does mergeBodies(raw.dynamic): the second {mounts} replaces the first.',
    build: (_s, f) => setAttr(f.container, 'dynamic', [
      { mounts: { for_each: ['/var/run/docker.sock'], content: { type: 'bind', source: '${mounts.value}', target: '/sock', read_only: true } } },
      { mounts: { for_each: ['/scratch'], content: { type: 'tmpfs', target: '${mounts.value}' } } },
    ]),
  },
  {
    name: '"dynamic": { mounts: [ <docker.sock>, <tmpfs> ] } (two dynamic "mounts" blocks at the label level)',
    expect: ['HD-C02'],
    level: 'error',
    note: 'two `dynamic "mounts"` blocks are legal HCL (both expand); in JSON they are an array under the label ' +
      '(json/spec.md L236-245). expandDynamic does mergeBodies(spec) on that array: the second spec\'s for_each/content win.',
    build: (_s, f) => setAttr(f.container, 'dynamic', {
      mounts: [
        { for_each: ['/var/run/docker.sock'], content: { type: 'bind', source: '${mounts.value}', target: '/sock', read_only: true } },
        { for_each: ['/scratch'], content: { type: 'tmpfs', target: '${mounts.value}' } },
      ],
    }),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// 2. Expression evaluation that differs from Terraform/cty
// ---------------------------------------------------------------------------------------------------------------
const EXPRESSIONS: Case[] = [
  {
    name: 'network_mode = trimspace("host\\u0085") (Go TrimSpace strips U+0085, JS trim() does not)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'cty stdlib string.go L441: trimspace is strings.TrimSpace (unicode.IsSpace, which includes U+0085 NEL). ' +
      'functions.ts uses String.prototype.trim, which keeps U+0085, and C11 compares "host\\u0085" != "host".',
    build: override('network_mode', '${trimspace("host\\u0085")}'),
  },
  {
    name: 'pid_mode = "host\\u0085${~ ""}" (strip marker trims Unicode space, the evaluator only /\\s/)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'hcl hclsyntax/parser_template.go L410: `${~` trims the preceding literal with strings.TrimRightFunc(unicode.IsSpace); ' +
      'expression.ts uses /\\s+$/, which does not match U+0085, so the checks see "host\\u0085", Terraform "host".',
    build: override('pid_mode', 'host\u0085${~ ""}'),
  },
  {
    name: 'network_mode = tolist(toset(["none", "host"]))[0] (cty sets of strings iterate sorted)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'go-cty cty/set_internals.go L114: string set elements sort lexicographically, so tolist(toset(...))[0] is "host". ' +
      'functions.ts toset keeps insertion order and answers "none".',
    build: override('network_mode', '${tolist(toset(["none", "host"]))[0]}'),
  },
  {
    name: 'network_mode = values({"😀" = "none", "Ａ" = "host"})[0] (cty sorts keys by UTF-8 bytes, JS by UTF-16 units)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'Terraform values()/keys() order object attributes with Go sort.Strings (byte order: U+FF21 EF.. < U+1F600 F0..); ' +
      'functions.ts sorts with JS Array.sort (UTF-16: surrogate D83D < FF21), so it picks "none" where Terraform picks "host".',
    build: override('network_mode', '${values({"😀" = "none", "Ａ" = "host"})[0]}'),
  },
  {
    name: 'network_mode = substr("x\u0301host", 1, 4) (cty substr counts grapheme clusters, JS code points)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'go-cty cty/function/stdlib/string.go L186-222: substr seeks with textseg.ScanGraphemeClusters, so "x\u0301" is one ' +
      'character and the result is "host". functions.ts slices code points ([...v]) and answers "\u0301hos".',
    build: override('network_mode', '${substr("x\u0301host", 1, 4)}'),
  },
  {
    name: 'privileged = {a = 1, b = 2} == {b = 2, a = 1} (object equality ignores attribute order)',
    expect: ['HD-C01'],
    level: 'error',
    note: 'cty Equals compares object attributes by name, so Terraform yields true; expression.ts compares ' +
      'JSON.stringify of both sides, which depends on key order, and yields false.',
    build: override('privileged', '${{a = 1, b = 2} == {b = 2, a = 1}}'),
  },
  {
    name: 'network_mode = try(base64decode("whee"), "host") (decoding to invalid UTF-8 is an error in Terraform)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'terraform internal/lang/funcs/encoding.go Base64DecodeFunc: !utf8.Valid -> "the result of decoding the provided string ' +
      'is not valid UTF-8" (its own test input is "whee"), so try() falls back to "host". functions.ts decodes with ' +
      'Buffer.toString (U+FFFD replacement) and try() returns that first value.',
    build: override('network_mode', '${try(base64decode("whee"), "host")}'),
  },
  {
    name: 'network_mode = try(jsondecode("{\\"m\\":\\"none\\",\\"m\\":\\"none\\"}").m, "host") (cty rejects duplicate JSON keys)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'go-cty cty/json/type_implied.go L150: duplicate property in JSON object is an error, so jsondecode fails and try() ' +
      'yields "host". functions.ts uses JSON.parse (last duplicate wins) and answers "none".',
    build: override('network_mode', '${try(jsondecode("{\\"m\\":\\"none\\",\\"m\\":\\"none\\"}").m, "host")}'),
  },
  {
    name: 'user = "${9007199254740993 - 9007199254740992 - 1}" (cty numbers are exact, JS doubles are not)',
    expect: ['HD-C06'],
    level: 'error',
    note: 'citations §11: cty numbers are big.Float with 512-bit precision, so the result is 0 and user becomes "0" (root). ' +
      'expression.ts uses JS Number: 9007199254740993 rounds to ...992, the result is -1 and C06 sees user "-1".',
    build: override('user', '${9007199254740993 - 9007199254740992 - 1}'),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// 3. Values the rules read more narrowly than the engine
// ---------------------------------------------------------------------------------------------------------------

/** A container `h` (compliant) that bind-mounts host /etc read-only, its C12 finding suppressed with a reason. */
const etcHolder = (s: TerraformStack) => {
  const h = new Container(s, 'h', { ...COMPLIANT, name: 'h', volumes: [{ hostPath: '/etc', containerPath: '/host-etc', readOnly: true }] });
  HardeningSuppressions.addResourceSuppressions(h, [{ id: 'HD-C12', reason: 'the log shipper h reads /etc/machine-id, reviewed' }]);
  return h;
};

const ENGINE_PARSING: Case[] = [
  {
    name: 'volumes.from_container = "h:z" inherits h\'s host /etc (only ":ro"/":rw" suffixes are stripped)',
    expect: ['HD-C12'],
    level: 'error',
    at: APP_PATH,
    note: 'moby volume/mounts/linux_parser.go ParseVolumesFrom: `id, mode := strings.Cut(spec, ":")` and linuxValidMountMode ' +
      'accepts label modes z/Z and consistency modes (cached, delegated), so "h:z" copies h\'s mounts. C02 hostSources strips ' +
      'only /:(ro|rw)$/ before looking h up, so "h:z" resolves to nothing. Provider 3.6.2 passes from_container verbatim ' +
      '(resource_docker_container_structures.go volumeSetToDockerVolumes).',
    build: (s, f) => {
      etcHolder(s);
      setAttr(f.container, 'volumes', [{ from_container: 'h:z' }]);
    },
    baseline: (s) => { etcHolder(s); },
  },
  {
    name: 'group_add ["+0"] (gid 0: moby/sys/user parses it with strconv.ParseInt)',
    expect: ['HD-C25'],
    level: 'error',
    note: 'moby/sys/user GetAdditionalGroups: a group that matches no /etc/group name or gid is parsed with ' +
      'strconv.ParseInt(ag, 10, 64), which accepts "+0" (and "-0"). C25 only treats /^[0-9]+$/ as numeric, ' +
      'so "+0" is not recognised as gid 0 (C06 handles the same spelling for user).',
    build: override('group_add', ['+0']),
  },
  {
    name: 'user = "10001" without a group (runs with primary gid 0 unless the image\'s /etc/passwd has uid 10001)',
    expect: ['HD-C16', 'HD-C06'],
    note: 'moby daemon getUser -> user.GetExecUserPath(username, nil, ...): with nil defaults the ExecUser starts as ' +
      '{Uid: 0, Gid: 0}; a numeric uid with no passwd entry keeps Gid 0 (`docker run --user 10001 alpine id` shows gid=0(root)). ' +
      'C06 flags "<user>:0" but not the missing group that yields it. Depends on the image (a passwd entry for 10001 gives ' +
      'its own gid), so a warning would do.',
    build: override('user', '10001'),
  },
  {
    name: 'seccomp profile key "ſyscalls" (U+017F) replaces "syscalls": Go folds ſ to S, JS toLowerCase does not',
    expect: ['HD-C32', 'HD-C31', 'HD-C03'],
    note: 'Go encoding/json matches keys with foldName (unicode.ToUpper(unicode.ToLower(r)): ſ -> S), and a later ' +
      'duplicate replaces the earlier (citations §8). go-json.ts compares k.toLowerCase() === "syscalls", and ' +
      '"ſyscalls".toLowerCase() is unchanged, so the checks read only the safe list while the engine installs the ' +
      'second one, which allows mount, unshare and bpf unconditionally.',
    build: override('security_opts', ['no-new-privileges', 'seccomp=' + JSON.stringify({
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [{ names: ['read', 'write', 'exit_group'], action: 'SCMP_ACT_ALLOW' }],
      ſyscalls: [{ names: ['read', 'write', 'exit_group', 'mount', 'unshare', 'bpf'], action: 'SCMP_ACT_ALLOW' }],
    })]),
  },
  {
    name: 'docker_volume o=bind with a RELATIVE device "." (mount(2) resolves it against dockerd\'s cwd, "/" under systemd)',
    expect: ['HD-C12', 'HD-C02'],
    level: 'error',
    note: 'citations §9: local driver passes device verbatim to mount(device, path, type, o) and only cifs devices are checked; ' +
      'a relative source is resolved from dockerd\'s working directory, "/" for the docker.service unit. volumeHostData only ' +
      'follows bind devices that start with "/". Unsure: depends on dockerd\'s cwd (a manually started dockerd binds its cwd).',
    build: (s, f) => {
      new Volume(s, 'v', { name: 'hostdata', driver: 'local', driverOpts: { type: 'none', o: 'bind', device: '.' } });
      setAttr(f.container, 'mounts', [{ type: 'volume', source: 'hostdata', target: '/data', read_only: true }]);
    },
    baseline: (s, f) => {
      new Volume(s, 'v', { name: 'hostdata', driver: 'local' });
      setAttr(f.container, 'mounts', [{ type: 'volume', source: 'hostdata', target: '/data', read_only: true }]);
    },
  },
  {
    name: 'bind mount of the LXD daemon socket /var/snap/lxd/common/lxd/unix.socket (another container engine API)',
    expect: ['HD-C02', 'HD-C12'],
    level: 'error',
    note: 'LXD\'s unix.socket gives whoever can connect full control of LXD (privileged containers, host mounts): root on ' +
      'the host, like docker.sock. C02 SOCKET_NAME only knows docker/containerd/podman/crio/... names and dirs under /run, ' +
      '/var/run; /var/snap and /var/lib/lxd are not in C12\'s list.',
    build: override('mounts', [{ type: 'bind', source: '/var/snap/lxd/common/lxd/unix.socket', target: '/lxd.sock', read_only: true }]),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// 4. Resources and attributes no rule reads
// ---------------------------------------------------------------------------------------------------------------
const UNREAD: Case[] = [
  {
    name: 'docker_buildx_builder driver = "kubernetes" given by attribute (no kubernetes block): privileged BuildKit pod',
    expect: ['HD-B01'],
    level: 'error',
    note: 'provider 3.6.2 resource_docker_buildx_builder.go L401-430: the driver comes from `driver` (with driver_options) ' +
      'unless a block overrides it. B01\'s own explanation says the kubernetes driver is privileged unless rootless, but it ' +
      'only looks at the kubernetes BLOCK; driver = "kubernetes" falls into `driver !== "docker-container"` -> no finding.',
    build: (s) => { new BuildxBuilder(s, 'bx', { name: 'bx', driver: 'kubernetes', driverOptions: { namespace: 'ci' } }); },
  },
  {
    name: 'required_providers.dockerx = "registry.example.com/kreuzwerker/docker" (re-hosted), provider dockerx on plain TCP',
    expect: ['HD-P01', 'HD-P03'],
    level: 'error',
    note: 'isDockerSource only accepts registry.terraform.io/registry.opentofu.org hosts, so the dockerx provider block is ' +
      'not evaluated at all (collectResources skips non-docker local names) and P03 only looks at the local name "docker". ' +
      'The container is created by that provider over tcp:// without TLS (or by a binary the checks do not model).',
    build: (s, f) => {
      s.addOverride('terraform.required_providers.dockerx', { source: 'registry.example.com/kreuzwerker/docker', version: '3.6.2' });
      s.addOverride('provider.dockerx', [{ host: 'tcp://10.0.0.1:2375' }]);
      setAttr(f.container, 'provider', 'dockerx');
    },
  },
];


// ---------------------------------------------------------------------------------------------------------------
// 5. Surfaces beyond docker_container (issue 13): services and image builds
// ---------------------------------------------------------------------------------------------------------------
const serviceSpec = (extra: { [k: string]: unknown }, task: { [k: string]: unknown } = {}) => (s: TerraformStack) => {
  backendNetwork(s);
  new Service(s, 'svc', {
    name: 'svc',
    taskSpec: {
      containerSpec: { image: PINNED, user: '10001:10001', readOnly: true, capDrop: ['ALL'], healthcheck: { test: ['CMD', '/app', 'health'] }, ...extra },
      resources: { limits: { memoryBytes: 268435456, nanoCpus: 500000000 } },
      restartPolicy: { condition: 'on-failure', maxAttempts: 3 },
      logDriver: { name: 'json-file', options: { 'max-size': '10m' } },
      // an overlay network (a task without networks joins its node's default bridge: HD-C27)
      networksAdvanced: [{ name: 'backend' }],
      ...task,
    },
  });
};
const serviceBaseline = serviceSpec({});

const SURFACES: Case[] = [
  {
    name: 'docker_service whose container_spec bind-mounts /var/run/docker.sock',
    expect: ['HD-C02', 'HD-C12'],
    note: 'swarm mounts task_spec.container_spec.mounts (type bind) into every task: engine socket = root on every node.',
    build: serviceSpec({ mounts: [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true }] }),
    baseline: serviceBaseline,
  },
  {
    name: 'docker_service attached to the swarm "host" network (networks_advanced name = "host")',
    expect: ['HD-C11'],
    note: 'a swarm service on the predefined "host" network runs its tasks in the node\'s network namespace.',
    build: serviceSpec({}, { networksAdvanced: [{ name: 'host' }] }),
    baseline: serviceBaseline,
  },
  {
    name: 'docker_image build.network_mode = "host" (every RUN step of the build in the host network namespace)',
    expect: ['HD-I02'],
    level: 'error',
    note: 'provider 3.6.2 passes build.network_mode to ImageBuildOptions.NetworkMode.',
    build: (s) => { new Image(s, 'img', { name: PINNED, buildAttribute: { context: '.', networkMode: 'host' } }); },
    baseline: (s) => { new Image(s, 'img', { name: PINNED, buildAttribute: { context: '.' } }); },
  },
];

describe('red team: HCL JSON arrays of bodies are merged shallowly', () => runCases(JSON_ARRAYS));
describe('red team: expressions evaluated differently from Terraform', () => runCases(EXPRESSIONS));
describe('red team: values read more narrowly than the engine', () => runCases(ENGINE_PARSING));
describe('red team: resources and attributes no rule reads', () => runCases(UNREAD));
describe('red team: services and image builds', () => runCases(SURFACES));

// ---------------------------------------------------------------------------------------------------------------
// False positives: clearly secure configurations a user commonly writes
// ---------------------------------------------------------------------------------------------------------------

describe('false positives', () => {
  // HD-C19 (an error, suppressible) judges env names by substrings: numeric tuning knobs whose names contain
  // TOKEN/PASSWORD/COOKIE/SECRET are reported as secrets, though their values (3600, 12, a cookie or secret NAME) are not.
  // Checked and NOT false positives today (so not listed): networks_advanced by docker_network .id/.name, image from a
  // pinned docker_image .image_id/.repo_digest, volume_name/mount source by docker_volume .name/.id, NFS local volumes,
  // HardenedContainers joining an IsolatedNetwork. (HardenedContainer refuses tokens for image/volumeName outright.)
  test.each([
    ['env TOKEN_TTL=3600 (a lifetime in seconds)', 'TOKEN_TTL=3600'],
    ['env PASSWORD_MIN_LENGTH=12 (a password policy setting)', 'PASSWORD_MIN_LENGTH=12'],
    ['env SESSION_COOKIE_NAME=sid (the name of a cookie)', 'SESSION_COOKIE_NAME=sid'],
    ['env SECRET_NAME=db-password (the name of a docker secret, not its value)', 'SECRET_NAME=db-password'],
  ])('%s', (name, env) => expectNoNewFinding({ name, build: override('env', [env]) }));
});
