import { Config } from '@cdktf/provider-docker/lib/config';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Plugin } from '@cdktf/provider-docker/lib/plugin';
import { Service, ServiceConfig } from '@cdktf/provider-docker/lib/service';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack } from 'cdktf';
import { Case, expectNoNewFinding, Fixture, PINNED, runCases } from './harness';
import { HardeningSuppressions } from '../../../lib';
import { backendNetwork } from '../util';

/**
 * Red-team round 3: docker_service, plugins, volumes, builds, swarm configs and
 * provisioners. Each case is a configuration that Terraform accepts, that
 * provider 3.6.2 passes on and that the engine applies insecurely, which the
 * checks pass today (no new unsuppressed error/warning relative to its
 * baseline). None repeats a case of the other adversarial files; `note` cites
 * the upstream fact (provider tag v3.6.2, moby tag v28.5.2 and its vendored
 * swarmkit) the case relies on.
 */

// ---------------------------------------------------------------------------------------------------------------
// A hardened docker_service (as test/checks/rules/services.test.ts): no unsuppressed error or warning of its own.
// ---------------------------------------------------------------------------------------------------------------
type Task = NonNullable<ServiceConfig['taskSpec']>;
type Spec = NonNullable<Task['containerSpec']>;

const HARDENED_SPEC: Spec = { image: PINNED, user: '10001:10001', readOnly: true, capDrop: ['ALL'], healthcheck: { test: ['CMD', '/app', 'health'] } };
const HARDENED_TASK: Task = {
  containerSpec: HARDENED_SPEC,
  resources: { limits: { memoryBytes: 268435456, nanoCpus: 500000000 } },
  restartPolicy: { condition: 'on-failure', maxAttempts: 3 },
  logDriver: { name: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
  // an overlay network (a task without networks joins its node's default bridge: HD-C27)
  networksAdvanced: [{ name: 'backend' }],
};

/** Adds the service `svc` (hardened, with the given container spec and task spec changes). */
const service = (spec: Partial<Spec> = {}, task: Partial<Task> = {}, extra: Partial<ServiceConfig> = {}) => (s: TerraformStack): Service => {
  backendNetwork(s);
  return new Service(s, 'svc', { name: 'svc', taskSpec: { ...HARDENED_TASK, containerSpec: { ...HARDENED_SPEC, ...spec }, ...task }, ...extra });
};
const svc = (spec: Partial<Spec> = {}, task: Partial<Task> = {}, extra: Partial<ServiceConfig> = {}) =>
  (s: TerraformStack, _f: Fixture) => { service(spec, task, extra)(s); };
const SVC_PATH = 'adv/svc';

// ---------------------------------------------------------------------------------------------------------------
// 1. docker_service: what the swarm does with the task spec, beyond the projection onto container attributes
// ---------------------------------------------------------------------------------------------------------------
const SERVICES: Case[] = [
  {
    name: 'service networks_advanced name = "bridge" (the swarm\'s predefined bridge: every task on docker0)',
    expect: ['HD-C27'],
    level: 'error',
    at: SVC_PATH,
    note: 'moby v28.5.2 libnetwork/cnmallocator/drivers_network_linux.go L22-27: the swarm predefines "bridge" and "host"; ' +
      'daemon/cluster/networks.go L305-330 (populateNetworkID) maps the local predefined network to the swarm one; ' +
      'daemon/cluster/executor/container/container.go L446-452 sets HostConfig.NetworkMode to the name of the first network ' +
      'labelled com.docker.swarm.predefined, so the task container runs on docker0 (icc on, CIS 5.30). Provider 3.6.2 passes ' +
      'the name verbatim as NetworkAttachmentConfig.Target (resource_docker_service_structures.go L1110-1118). HD-C27 is ' +
      'docker_container-only and service-projection.ts maps only "host" to network_mode.',
    build: svc({}, { networksAdvanced: [{ name: 'bridge' }] }),
    baseline: svc(),
  },
  {
    name: 'service restart_policy on-failure, max_attempts 3, window "10s" (the bound applies per window: restarts forever)',
    expect: ['HD-C28'],
    at: SVC_PATH,
    note: 'provider 3.6.2 createRestartPolicy passes window (resource_docker_service_structures.go L1056-1080). moby v28.5.2 ' +
      'vendor/github.com/moby/swarmkit/v2/manager/orchestrator/restart/restart.go L242-300 (shouldRestart): without a window ' +
      'the task restarts while totalRestarts < MaxAttempts; WITH a window only the restarts inside the lookback window are ' +
      'counted, so a task that fails more slowly than the window is restarted without bound (CIS 5.15). service-projection.ts ' +
      'reads condition and max_attempts only. (The provider\'s own testAccDockerServiceFullSpec.tf sets window = "10s".)',
    build: svc({}, { restartPolicy: { condition: 'on-failure', maxAttempts: 3, window: '10s' } }),
    baseline: svc(),
  },
  {
    name: 'service mounts a docker_volume of a volume plugin (driver local-persist, mountpoint=/etc)',
    expect: ['HD-U01'],
    at: SVC_PATH,
    note: 'provider 3.6.2 resource_docker_volume.go L91-100 passes driver and driver_opts verbatim to VolumeCreate; the ' +
      'local-persist plugin (driver "local-persist", option mountpoint) binds that host directory as the volume. C02 ' +
      'volumeHostData returns [] for any driver other than "local", so an option the checks cannot interpret is treated as ' +
      'no host data instead of unverifiable (fail-closed.md §5).',
    build: (s) => {
      new Volume(s, 'v', { name: 'appdata', driver: 'local-persist', driverOpts: { mountpoint: '/etc' } });
      service({ mounts: [{ type: 'volume', source: 'appdata', target: '/data', readOnly: true }] })(s);
    },
    baseline: (s) => {
      new Volume(s, 'v', { name: 'appdata', driver: 'local' });
      service({ mounts: [{ type: 'volume', source: 'appdata', target: '/data', readOnly: true }] })(s);
    },
  },
  {
    name: 'service mount volume_options.driver_name = "local-persist" with driver_options mountpoint=/var/run (inline plugin volume)',
    expect: ['HD-U01'],
    at: SVC_PATH,
    note: 'provider 3.6.2 resource_docker_service_structures.go L819-830 copies driver_name/driver_options into ' +
      'VolumeOptions.DriverConfig; the swarm executor creates the volume on each node with that driver ' +
      '(daemon/cluster/executor/container/container.go L355-363 convertMount, L458-466 volumeCreateRequest), so the plugin binds host /var/run ' +
      '(every engine socket). volumeHostData ignores non-local drivers.',
    build: svc({ mounts: [{ type: 'volume', source: 'rundata', target: '/data', readOnly: true, volumeOptions: { driverName: 'local-persist', driverOptions: { mountpoint: '/var/run' } } }] }),
    baseline: svc({ mounts: [{ type: 'volume', source: 'rundata', target: '/data', readOnly: true }] }),
  },
  {
    name: 'service log_driver splunk with splunk-insecureskipverify = "1" (TLS not verified: logs and HEC token to anyone on path)',
    expect: ['HD-C37'],
    at: SVC_PATH,
    note: 'moby v28.5.2 daemon/logger/splunk/splunk.go L176-181: strconv.ParseBool(splunk-insecureskipverify) sets ' +
      'tlsConfig.InsecureSkipVerify, so "1", "t", "TRUE" all disable verification. C37 compares the option with the exact ' +
      'string "true". Provider 3.6.2 passes log_driver options verbatim (createLogDriver L1131-1149).',
    build: svc({}, { logDriver: { name: 'splunk', options: { 'splunk-url': 'https://splunk.example.com:8088', 'splunk-token': 'hec-token', 'splunk-insecureskipverify': '1' } } }),
    baseline: svc({}, { logDriver: { name: 'splunk', options: { 'splunk-url': 'https://splunk.example.com:8088', 'splunk-token': 'hec-token' } } }),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// 2. Plugins, builds and swarm configs
// ---------------------------------------------------------------------------------------------------------------
const SSHFS = `vieux/sshfs@sha256:${'b'.repeat(64)}`;
/** vieux/sshfs with exactly the privileges its manifest asks for, reviewed and suppressed (HD-G01). */
const sshfs = (env: string[]) => (s: TerraformStack) => {
  const p = new Plugin(s, 'p', {
    name: SSHFS,
    alias: 'sshfs',
    grantPermissions: [
      { name: 'network', value: ['host'] },
      { name: 'mount', value: ['/var/lib/docker/plugins/'] },
      { name: 'device', value: ['/dev/fuse'] },
      { name: 'capabilities', value: ['CAP_SYS_ADMIN'] },
    ],
    env,
  });
  // the reviewed grants, by name: a suppression answers what was reviewed, not whatever the rule finds later
  HardeningSuppressions.addResourceSuppressions(p, [{
    id: 'HD-G01',
    reason: 'sshfs volume plugin: the manifest\'s privileges reviewed (state dir, /dev/fuse)',
    appliesTo: ['network', 'mount', 'device', 'capabilities'],
  }]);
};

const OTHER: Case[] = [
  {
    name: 'docker_plugin env ["sshkey.source=/"] re-points the plugin\'s settable mount at the host root after the grants',
    expect: ['HD-G01'],
    level: 'error',
    note: 'provider 3.6.2 resource_docker_plugin_funcs.go L23-28 passes env as PluginInstallOptions.Args; the client checks the ' +
      'privileges of the manifest first and calls PluginSet(args) afterwards (moby client/plugin_install.go L25, L53-54); ' +
      'plugin/v2/plugin.go L151-165 (Set) rewrites the source of any settable mount ("<mount>.source=<path>") and device. So ' +
      'the reviewed grants no longer describe what the root plugin mounts. schema-classification.ts lists docker_plugin.env ' +
      'as harmless ("its host privileges are the grants").',
    build: sshfs(['DEBUG=0', 'sshkey.source=/']),
    baseline: sshfs(['DEBUG=0']),
  },
  {
    name: 'docker_image build.builder = "ci-builder" (a buildx builder the stack does not declare runs the build)',
    expect: ['HD-B01', 'HD-I02'],
    note: 'provider 3.6.2 resource_docker_image_funcs.go L47-68: a non-empty build.builder switches to a buildx build with that ' +
      'builder (docker_buildx_build.go L230-231, L436-437 builder.New(WithName)). An undeclared builder may be any driver, the ' +
      'default docker-container one runs BuildKit privileged (HD-B01); schema-classification.ts lists build.builder as ' +
      'harmless ("how the image is built") and nothing reports that it cannot be verified.',
    build: (s) => { new Image(s, 'img', { name: 'registry.example.com/app:1.0', buildAttribute: { context: '.', builder: 'ci-builder' } }); },
    baseline: (s) => { new Image(s, 'img', { name: 'registry.example.com/app:1.0', buildAttribute: { context: '.' } }); },
  },
  {
    name: 'docker_config data = base64encode("DB_PASSWORD=…") (a secret in a swarm config: returned by config inspect, in state)',
    expect: ['HD-S03'],
    note: 'provider 3.6.2 resource_docker_config.go L44-52 base64-decodes data into the config payload; unlike a docker_secret, swarm returns a ' +
      'config\'s data to anyone with API access (ConfigInspect Spec.Data) and mounts it unencrypted, and the state keeps it. ' +
      'The value is a literal the checks evaluate; HD-C19 judges env only, docker_config.data is classified harmless.',
    build: (s) => { new Config(s, 'cfg', { name: 'app-cfg', data: '${base64encode("DB_PASSWORD=correct-horse-battery-staple")}' }); },
    baseline: (s) => { new Config(s, 'cfg', { name: 'app-cfg', data: '${base64encode("LOG_LEVEL=info")}' }); },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// 3. Provisioners: what a local-exec runs besides `command`, and CLI spellings HD-X02's patterns miss. Baseline and
//    weak stack have the same provisioner (so the same HD-X01 warning); only HD-X02 can tell them apart.
// ---------------------------------------------------------------------------------------------------------------
const IMG = `registry.example.com/tools@sha256:${'c'.repeat(64)}`;
const prov = (body: { [k: string]: unknown }) => (_s: TerraformStack, f: Fixture) => { f.container.addOverride('provisioner', [{ 'local-exec': body }]); };
const plainRun = prov({ command: `docker run --rm ${IMG} true` });

const PROVISIONERS: Case[] = [
  {
    name: 'local-exec interpreter = ["docker", "run", "--privileged", …, "sh", "-c"] (the interpreter is the container)',
    expect: ['HD-X02'],
    level: 'error',
    note: 'Terraform local-exec: interpreter is the argv the command is appended to (internal/builtin/provisioners/local-exec). ' +
      'hardening-checks.ts collects command/inline/script/scripts only, so a privileged docker run in interpreter is unseen.',
    build: prov({ command: 'true', interpreter: ['docker', 'run', '--rm', '--privileged', IMG, 'sh', '-c'] }),
    baseline: prov({ command: 'true' }),
  },
  {
    name: 'local-exec environment = {FLAGS = "--privileged"} with command "docker run $FLAGS …"',
    expect: ['HD-X02'],
    level: 'error',
    note: 'Terraform local-exec passes environment to the shell, which expands $FLAGS into --privileged. The provisioner\'s ' +
      'environment is not collected, and the command text alone has no dangerous option.',
    build: prov({ command: `docker run --rm $FLAGS ${IMG} true`, environment: { FLAGS: '--privileged' } }),
    baseline: prov({ command: `docker run --rm $FLAGS ${IMG} true`, environment: { FLAGS: '--read-only' } }),
  },
  {
    name: 'docker run --privileged=1 (the CLI parses bool flags with strconv.ParseBool)',
    expect: ['HD-X02'],
    level: 'error',
    note: 'docker/cli uses spf13/pflag, whose bool flags accept any strconv.ParseBool value (1, t, TRUE, True). X02 matches ' +
      '--privileged and --privileged=true only.',
    build: prov({ command: `docker run --rm --privileged=1 ${IMG} true` }),
    baseline: plainRun,
  },
  {
    name: 'docker run -v "/:/host" (shell quotes around the bind)',
    expect: ['HD-X02'],
    level: 'error',
    note: 'the shell removes the quotes, so docker gets -v /:/host; X02 requires `/` right after `-v `.',
    build: prov({ command: `docker run --rm -v "/:/host" ${IMG} true` }),
    baseline: plainRun,
  },
  {
    name: 'docker run --device=/dev/sda (a raw host disk)',
    expect: ['HD-X02'],
    level: 'error',
    note: 'the CLI passes --device to HostConfig.Devices; read/write access to the host\'s block device is the host\'s data ' +
      '(HD-C21 reports devices on docker_container). X02 has no pattern for devices.',
    build: prov({ command: `docker run --rm --device=/dev/sda ${IMG} true` }),
    baseline: plainRun,
  },
  {
    name: 'docker service create --mode global --mount type=bind,source=/etc,… (host /etc on every node)',
    expect: ['HD-X02'],
    level: 'error',
    note: 'X02 knows only `/` and engine sockets as host paths; HD-C12\'s sensitive paths (/etc, /root, /proc, …) are not ' +
      'checked in commands, and a global service mounts /etc of every swarm node.',
    build: prov({ command: `docker service create --mode global --mount type=bind,source=/etc,target=/host-etc ${IMG}` }),
    baseline: prov({ command: `docker service create --mode global ${IMG}` }),
  },
  {
    name: 'ctr -n moby run --privileged --mount …src=/… (containerd\'s CLI in Docker\'s namespace)',
    expect: ['HD-X02'],
    level: 'error',
    note: 'dockerd keeps its containers in containerd namespace "moby"; ctr runs a privileged container with the host root ' +
      'there. X02 looks only at commands that mention docker, podman or nerdctl.',
    build: prov({ command: `ctr -n moby run --privileged --mount type=bind,src=/,dst=/host,options=rbind:rw ${IMG} x true` }),
    baseline: prov({ command: 'true' }),
  },
  {
    name: 'curl --unix-socket /var/run/docker.sock …/containers/create {"HostConfig":{"Privileged":true}} (the Engine API)',
    expect: ['HD-X02'],
    level: 'error',
    note: 'the Engine API is the CLI\'s backend: POST /containers/create with HostConfig.Privileged creates a privileged ' +
      'container. X02 matches CLI options only.',
    build: prov({ command: `curl --unix-socket /var/run/docker.sock -H 'Content-Type: application/json' -d '{"Image":"${IMG}","HostConfig":{"Privileged":true}}' http://localhost/containers/create` }),
    baseline: prov({ command: 'true' }),
  },
  {
    name: 'DOCKER_HOST=tcp://10.0.0.5:2375 docker run … (the engine over plain TCP, chosen by the environment)',
    expect: ['HD-X02'],
    level: 'error',
    note: 'the docker CLI takes the daemon address from DOCKER_HOST when -H is absent; tcp:// without DOCKER_TLS_VERIFY is ' +
      'plain TCP (fail-closed.md §2, HD-P01 for the provider). X02 matches -H/--host tcp:// only.',
    build: prov({ command: `DOCKER_HOST=tcp://10.0.0.5:2375 docker run --rm ${IMG} true` }),
    baseline: plainRun,
  },
  {
    name: 'provisioner {"local-exec": [ {docker run --privileged}, {echo done} ]} (two local-exec blocks under one label)',
    expect: ['HD-X02'],
    level: 'error',
    note: 'hcl json/spec.md L92-95, L236-245: a block label may hold an array of bodies, each a block; Terraform runs both ' +
      'provisioners in order. collectResources does mergeBodies(body) on that array (Object.assign), so only the last ' +
      'command, "echo done", is checked.',
    build: (_s, f) => { f.container.addOverride('provisioner', [{ 'local-exec': [{ command: `docker run --rm --privileged ${IMG} true` }, { command: 'echo done' }] }]); },
    baseline: (_s, f) => { f.container.addOverride('provisioner', [{ 'local-exec': [{ command: `docker run --rm ${IMG} true` }, { command: 'echo done' }] }]); },
  },
];

describe('red team 3: docker_service tasks as the swarm runs them', () => runCases(SERVICES));
describe('red team 3: plugins, builds and swarm configs', () => runCases(OTHER));
describe('red team 3: provisioners', () => runCases(PROVISIONERS));

// ---------------------------------------------------------------------------------------------------------------
// False positives: a well-configured service on the stack's encrypted overlay network, as the provider's own
// acceptance test writes it (testdata/resources/docker_service/testAccDockerServiceFullSpec.tf L177-180:
// networks_advanced { name = docker_network.test_network.id }) and as HD-S02's fix recommends.
// ---------------------------------------------------------------------------------------------------------------
describe('false positives', () => {
  const overlay = (s: TerraformStack) => new Network(s, 'ov', { name: 'backend', driver: 'overlay', options: { encrypted: 'true' } });

  test('a hardened service joining the stack\'s encrypted overlay by docker_network.ov.id draws no error (HD-C11 "cannot verify")', () => {
    // service-projection.ts copies any opaque networks_advanced.name into network_mode; HD-C11 follows only
    // data.docker_network and container:<x>, so a reference to a docker_network of the stack (which can never be the
    // predefined host network: Docker refuses to create a second host network) is reported as unverifiable, an error.
    expectNoNewFinding({
      name: 'service on docker_network.ov.id',
      baseline: (s) => { overlay(s); },
      build: (s) => { const n = overlay(s); service({}, { networksAdvanced: [{ name: n.id, aliases: ['app'] }] })(s); },
    });
  });

  test('an encrypted overlay network (what HD-N04 and HD-S02\'s fix ask for) draws no warning (HD-N01 "no icc switch")', () => {
    // HD-N01 warns on every non-bridge driver, so the network HD-S02 tells users to create cannot be made compliant; its
    // message also counts only docker_containers as members ("0 container(s) of the stack join it") when services join.
    expectNoNewFinding({ name: 'encrypted overlay', build: (s) => { overlay(s); } });
  });
});
