/**
 * A failing and a passing example for every hardening rule, rendered into the
 * rule pages (docs/rules/<id>.md, scripts/rule-docs.ts) and held to the rules
 * by test/checks/rule-examples.test.ts: each failing example gets at least one
 * unsuppressed finding of its rule, each passing example none.
 *
 * Terraform rules take a fragment of a synthesized cdk.tf.json (its `resource`,
 * `data`, `provider`, `terraform`, `module` blocks). The daemon rules (HD-D*)
 * check a SecureDaemon, not Terraform JSON: their examples are the daemon.json
 * settings (and, for the file rules, the host files with mode and owner) that
 * HardeningChecks reads from a SecureDaemon of the stack.
 *
 * @internal
 */

/** A part of a cdk.tf.json: top-level block (`resource`, `data`, `provider`, …) to its content. @internal */
export interface TerraformFragment {
  readonly [block: string]: unknown;
}

/** A host file of a Docker daemon, as SecureDaemon lists it (`files`). @internal */
export interface DaemonHostFileExample {
  readonly path: string;
  readonly mode: string;
  readonly owner: string;
}

/** The daemon side of an example: daemon.json settings and host files. @internal */
export interface DaemonExample {
  /** The daemon.json settings. */
  readonly settings: { readonly [key: string]: unknown };
  /**
   * The host files with mode and owner (only the file rules read them).
   * @default - none
   */
  readonly files?: DaemonHostFileExample[];
  /**
   * The swarm manager settings swarm.sh renders (SecureDaemon `swarm`), or null for a host in swarm mode whose swarm is
   * initialized elsewhere.
   * @default - not in swarm mode
   */
  readonly swarm?: {
    readonly autolock: boolean; readonly advertiseAddress: string; readonly dataPathAddress?: string; readonly certificateExpiryHours: number;
  } | null;
}

/**
 * One example: a one-line description and either a Terraform JSON fragment or
 * daemon settings.
 *
 * @internal
 */
export type RuleExample =
  | { readonly description: string; readonly terraform: TerraformFragment; readonly daemon?: undefined }
  | { readonly description: string; readonly daemon: DaemonExample; readonly terraform?: undefined };

/** The examples of one rule. @internal */
export interface RuleExamples {
  /** Examples with at least one finding of the rule. */
  readonly failing: RuleExample[];
  /** Examples without any finding of the rule (other rules may report them). */
  readonly passing: RuleExample[];
  /**
   * Set for the rules that report every resource they look at (there is then
   * no passing example): why.
   */
  readonly alwaysReported?: string;
}

/** A 64-hex sha256 digest (of the empty string): any pinned image reference. */
const DIGEST = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const IMAGE = `registry.example.com/app@${DIGEST}`;

/** A docker_container `web` with a pinned image and `attributes`. */
function container(description: string, attributes: { [k: string]: unknown } = {}): RuleExample {
  return { description, terraform: { resource: { docker_container: { web: { name: 'web', image: IMAGE, ...attributes } } } } };
}

/** A fragment of resources of one type each. */
function resource(description: string, type: string, name: string, attributes: { [k: string]: unknown }): RuleExample {
  return { description, terraform: { resource: { [type]: { [name]: attributes } } } };
}

function daemon(description: string, settings: { [key: string]: unknown }, files?: DaemonHostFileExample[]): RuleExample {
  return { description, daemon: files ? { settings, files } : { settings } };
}

/** A swarm manager's SecureDaemon (compliant daemon.json) with the given swarm settings. */
function daemonSwarm(description: string, swarm: DaemonExample['swarm']): RuleExample {
  return {
    description,
    daemon: {
      settings: { 'icc': false, 'live-restore': false, 'no-new-privileges': true, 'userns-remap': 'default', 'userland-proxy': false },
      swarm,
    },
  };
}

/** A docker_service `web` running a pinned image, with extra service attributes. */
function service(description: string, attributes: { [k: string]: unknown } = {}): RuleExample {
  return resource(description, 'docker_service', 'web', { name: 'web', task_spec: { container_spec: { image: IMAGE } }, ...attributes });
}

/** A seccomp=<json> security option with an inline profile. */
const seccomp = (profile: object) => `seccomp=${JSON.stringify(profile)}`;

const TLS_SETTINGS = {
  hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376'],
  tlsverify: true,
  tlscacert: '/etc/docker/tls/ca.pem',
  tlscert: '/etc/docker/tls/server-cert.pem',
  tlskey: '/etc/docker/tls/server-key.pem',
};

/**
 * Every rule's examples, by rule id.
 *
 * @internal
 */
export const RULE_EXAMPLES: { readonly [ruleId: string]: RuleExamples } = {
  'HD-B01': {
    failing: [
      resource('A buildx builder with the docker-container driver runs BuildKit in a privileged container.', 'docker_buildx_builder', 'builder', {
        name: 'builder', driver: 'docker-container',
      }),
    ],
    passing: [
      resource('A buildx builder on Kubernetes with rootless BuildKit.', 'docker_buildx_builder', 'builder', {
        name: 'builder', kubernetes: { rootless: true, image: `moby/buildkit@${DIGEST}` },
      }),
    ],
  },
  'HD-C01': {
    failing: [container('A privileged container.', { privileged: true })],
    passing: [container('privileged is false (or unset).', { privileged: false })],
  },
  'HD-C02': {
    failing: [
      container('The Docker socket bind-mounted into the container.', {
        volumes: [{ host_path: '/var/run/docker.sock', container_path: '/var/run/docker.sock' }],
      }),
      container('The socket mounted read-only is still the engine API.', {
        mounts: [{ type: 'bind', source: '/run/docker.sock', target: '/var/run/docker.sock', read_only: true }],
      }),
    ],
    passing: [container('Only an application data directory is mounted.', { volumes: [{ host_path: '/srv/app/data', container_path: '/data' }] })],
  },
  'HD-C03': {
    failing: [
      container('seccomp switched off.', { security_opts: ['seccomp=unconfined'] }),
      container('An inline profile that allows every system call.', { security_opts: [seccomp({ defaultAction: 'SCMP_ACT_ALLOW' })] }),
    ],
    passing: [container('No seccomp option: Docker\'s default profile applies.', { security_opts: ['no-new-privileges'] })],
  },
  'HD-C04': {
    failing: [container('AppArmor switched off.', { security_opts: ['apparmor=unconfined'] })],
    passing: [container('Docker\'s default AppArmor profile.', { security_opts: ['apparmor=docker-default'] })],
  },
  'HD-C05': {
    failing: [
      container('No security_opts: no-new-privileges is not set.'),
      container('no-new-privileges explicitly disabled.', { security_opts: ['no-new-privileges=false'] }),
    ],
    passing: [container('no-new-privileges set on the container.', { security_opts: ['no-new-privileges'] })],
  },
  'HD-C06': {
    failing: [
      container('The container runs as root.', { user: 'root' }),
      container('A non-root uid with the root group.', { user: '10001:0' }),
    ],
    passing: [container('A numeric non-root uid:gid.', { user: '10001:10001' })],
  },
  'HD-C07': {
    failing: [container('read_only unset: the root filesystem is writable.')],
    passing: [container('A read-only root filesystem with a size-limited tmpfs for /tmp.', { read_only: true, tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=65536k' } })],
  },
  'HD-C08': {
    failing: [
      container('No capabilities block: Docker\'s 14 default capabilities remain.'),
      container('ALL dropped, but SYS_ADMIN added back.', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }),
    ],
    passing: [container('Every capability dropped.', { capabilities: { drop: ['ALL'] } })],
  },
  'HD-C09': {
    failing: [container('No memory limit.')],
    passing: [container('A 256 MB memory limit (and no swap).', { memory: 256, memory_swap: 256 })],
  },
  'HD-C10': {
    failing: [
      container('No CPU limit.'),
      container('cpus, which provider 3.6.2 panics on.', { cpus: '0.5' }),
    ],
    passing: [container('Half a CPU as CFS quota.', { cpu_quota: 50000, cpu_period: 100000 })],
  },
  'HD-C11': {
    failing: [
      container('The host network namespace.', { network_mode: 'host' }),
      container('The host PID namespace.', { pid_mode: 'host', networks_advanced: [{ name: 'app' }] }),
    ],
    passing: [container('A user-defined network, no host namespace.', { networks_advanced: [{ name: 'app' }] })],
  },
  'HD-C12': {
    failing: [container('The host\'s /etc mounted into the container.', { volumes: [{ host_path: '/etc', container_path: '/host/etc' }] })],
    passing: [container('An application data directory mounted.', { volumes: [{ host_path: '/srv/app/data', container_path: '/data' }] })],
  },
  'HD-C13': {
    failing: [
      container('A bind mount with rshared propagation.', {
        mounts: [{ type: 'bind', source: '/srv/app/data', target: '/data', bind_options: { propagation: 'rshared' } }],
      }),
    ],
    passing: [
      container('A bind mount with rprivate propagation.', {
        mounts: [{ type: 'bind', source: '/srv/app/data', target: '/data', bind_options: { propagation: 'rprivate' } }],
      }),
    ],
  },
  'HD-C14': {
    failing: [
      container('A port published without ip: on 0.0.0.0, every interface.', { ports: [{ internal: 8080, external: 8080 }] }),
      container('publish_all_ports publishes every exposed port on every interface.', { publish_all_ports: true }),
    ],
    passing: [container('A port published on loopback only.', { ports: [{ internal: 8080, external: 8080, ip: '127.0.0.1' }] })],
  },
  'HD-C15': {
    failing: [container('NET_BIND_SERVICE added back after dropping ALL.', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })],
    passing: [container('Every capability dropped, none added.', { capabilities: { drop: ['ALL'] } })],
  },
  'HD-C16': {
    failing: [
      container('No user: the image\'s USER applies.'),
      container('A uid without a group: the image\'s /etc/passwd decides the group.', { user: '10001' }),
    ],
    passing: [container('A numeric uid:gid.', { user: '10001:10001' })],
  },
  'HD-C17': {
    failing: [
      container('No nproc ulimit: the container\'s processes are not limited at all.'),
      container('The mitigation in place (nproc ulimit, non-root user): still reported, as info.', {
        user: '10001:10001', ulimit: [{ name: 'nproc', soft: 1024, hard: 1024 }],
      }),
    ],
    passing: [],
    alwaysReported: 'kreuzwerker/docker 3.6.2 has no pids_limit attribute, so every docker_container is reported (as info); ' +
      'the message says whether the nproc ulimit mitigation is in place.',
  },
  'HD-C18': {
    failing: [container('No healthcheck block.')],
    passing: [container('A health check command.', { healthcheck: { test: ['CMD', '/app', 'healthcheck'], interval: '30s', retries: 3 } })],
  },
  'HD-C19': {
    failing: [container('A password in an environment variable.', { env: ['DB_PASSWORD=correct-horse-battery-staple'] })],
    passing: [container('The variable points at a secret file instead.', { env: ['DB_PASSWORD_FILE=/run/secrets/db-password'] })],
  },
  'HD-C20': {
    failing: [container('A custom cgroup parent.', { cgroup_parent: '/custom.slice' })],
    passing: [container('No cgroup_parent: the engine\'s default applies.')],
  },
  'HD-C21': {
    failing: [
      container('A host device passed into the container.', { devices: [{ host_path: '/dev/ttyUSB0', container_path: '/dev/ttyUSB0', permissions: 'rw' }] }),
      container('Every host GPU.', { gpus: 'all' }),
    ],
    passing: [container('No devices block, no gpus.')],
  },
  'HD-C22': {
    failing: [
      resource('An image by tag: the registry can move the tag.', 'docker_container', 'web', { name: 'web', image: 'nginx:1.27' }),
      resource('No tag, no digest: the mutable :latest.', 'docker_container', 'web', { name: 'web', image: 'nginx' }),
    ],
    passing: [resource('An image pinned by digest.', 'docker_container', 'web', { name: 'web', image: `nginx@${DIGEST}` })],
  },
  'HD-C23': {
    failing: [container('log_driver none discards the logs.', { log_driver: 'none' })],
    passing: [container('The local log driver, rotated.', { log_driver: 'local', log_opts: { 'max-size': '10m', 'max-file': '3' } })],
  },
  'HD-C24': {
    failing: [
      container('/proc and /sys paths unmasked.', { security_opts: ['systempaths=unconfined'] }),
      container('SELinux labelling disabled.', { security_opts: ['label=disable'] }),
    ],
    passing: [container('Only no-new-privileges among the security options.', { security_opts: ['no-new-privileges'] })],
  },
  'HD-C25': {
    failing: [container('The disk group: raw access to block devices.', { user: '10001:10001', group_add: ['disk'] })],
    passing: [container('A supplementary group of the application.', { user: '10001:10001', group_add: ['10002'] })],
  },
  'HD-C26': {
    failing: [container('Every user may bind ports from 0.', { sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' } })],
    passing: [
      container('Low ports and ICMP sockets kept privileged.', {
        sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024', 'net.ipv4.ping_group_range': '1 0' },
      }),
    ],
  },
  'HD-C27': {
    failing: [
      container('No network given: the container joins the default bridge (docker0).'),
      container('The default bridge named explicitly.', { network_mode: 'bridge' }),
    ],
    passing: [
      {
        description: 'A user-defined network of the stack.',
        terraform: {
          resource: {
            docker_network: { app: { name: 'app', internal: true, options: { 'com.docker.network.bridge.enable_icc': 'false' } } },
            docker_container: { web: { name: 'web', image: IMAGE, networks_advanced: [{ name: '${docker_network.app.name}' }] } },
          },
        },
      },
    ],
  },
  'HD-C28': {
    failing: [
      container('restart always restarts without bound.', { restart: 'always' }),
      container('on-failure without max_retry_count retries without bound.', { restart: 'on-failure' }),
    ],
    passing: [container('on-failure with at most 3 retries.', { restart: 'on-failure', max_retry_count: 3 })],
  },
  'HD-C29': {
    failing: [container('Host port 80, below 1024.', { ports: [{ internal: 8080, external: 80, ip: '127.0.0.1' }] })],
    passing: [container('Host port 8080.', { ports: [{ internal: 8080, external: 8080, ip: '127.0.0.1' }] })],
  },
  'HD-C30': {
    failing: [container('Container port 22 published.', { ports: [{ internal: 22, external: 2222, ip: '127.0.0.1' }] })],
    passing: [container('Only the application port published.', { ports: [{ internal: 8080, external: 8080, ip: '127.0.0.1' }] })],
  },
  'HD-C31': {
    failing: [
      container('A profile that allows by default and denies one call.', {
        security_opts: [seccomp({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['kexec_load'], action: 'SCMP_ACT_ERRNO' }] })],
      }),
    ],
    passing: [
      container('A profile that denies by default and allows a list of calls.', {
        security_opts: [seccomp({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write', 'exit_group'], action: 'SCMP_ACT_ALLOW' }] })],
      }),
    ],
  },
  'HD-C32': {
    failing: [
      container('A deny-by-default profile that allows keyctl, which Docker\'s default denies.', {
        security_opts: [seccomp({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write', 'keyctl'], action: 'SCMP_ACT_ALLOW' }] })],
      }),
    ],
    passing: [
      container('A deny-by-default profile that allows only calls Docker\'s default allows.', {
        security_opts: [seccomp({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write', 'exit_group'], action: 'SCMP_ACT_ALLOW' }] })],
      }),
    ],
  },
  'HD-C33': {
    failing: [
      container('The PID namespace of another container.', { pid_mode: 'container:db' }),
      container('An IPC namespace other containers may join.', { ipc_mode: 'shareable' }),
    ],
    passing: [container('Private namespaces (the engine default).', { ipc_mode: 'private' })],
  },
  'HD-C34': {
    failing: [container('A host AppArmor profile the configuration does not contain.', { security_opts: ['apparmor=my-app-profile'] })],
    passing: [container('Docker\'s default AppArmor profile.', { security_opts: ['apparmor=docker-default'] })],
  },
  'HD-C35': {
    failing: [
      container('Unlimited swap.', { memory: 256, memory_swap: -1 }),
      container('memory_swap unset: as much swap as memory.', { memory: 256 }),
    ],
    passing: [container('memory_swap equal to memory: no swap.', { memory: 256, memory_swap: 256 })],
  },
  'HD-C36': {
    failing: [container('A writable tmpfs that allows exec.', { tmpfs: { '/tmp': 'rw,exec,size=65536k' } })],
    passing: [container('noexec, nosuid, nodev.', { tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=65536k' } })],
  },
  'HD-C37': {
    failing: [
      container('json-file without max-size: the logs grow without limit.', { log_driver: 'json-file' }),
      container('GELF ships the logs in clear text.', { log_driver: 'gelf', log_opts: { 'gelf-address': 'udp://logs.example.com:12201' } }),
    ],
    passing: [container('json-file rotated at 10 MB, 3 files.', { log_driver: 'json-file', log_opts: { 'max-size': '10m', 'max-file': '3' } })],
  },
  'HD-C38': {
    failing: [container('ip_unprivileged_port_start unset: Docker sets it to 0.')],
    passing: [container('Low ports kept privileged.', { sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024' } })],
  },
  'HD-C39': {
    failing: [container('A runtime the checks do not know.', { runtime: 'my-runtime' })],
    passing: [container('gVisor (runsc).', { runtime: 'runsc' })],
  },
  'HD-C40': {
    failing: [container('healthcheck test NONE disables the image\'s HEALTHCHECK too.', { healthcheck: { test: ['NONE'] } })],
    passing: [container('A health check command.', { healthcheck: { test: ['CMD', '/app', 'healthcheck'] } })],
  },
  'HD-C41': {
    failing: [{
      description: 'Two containers run as uid 1500 with an nproc limit: one budget of 1024 processes for both.',
      terraform: {
        resource: {
          docker_container: {
            web: { name: 'web', image: IMAGE, user: '1500:1500', ulimit: [{ name: 'nproc', soft: 1024, hard: 1024 }] },
            worker: { name: 'worker', image: IMAGE, user: '1500:1500', ulimit: [{ name: 'nproc', soft: 1024, hard: 1024 }] },
          },
        },
      },
    }],
    passing: [{
      description: 'Each container its own uid (what HardenedContainer does by default).',
      terraform: {
        resource: {
          docker_container: {
            web: { name: 'web', image: IMAGE, user: '1500:1500', ulimit: [{ name: 'nproc', soft: 1024, hard: 1024 }] },
            worker: { name: 'worker', image: IMAGE, user: '1501:1501', ulimit: [{ name: 'nproc', soft: 1024, hard: 1024 }] },
          },
        },
      },
    }],
  },
  'HD-D01': {
    failing: [daemon('icc unset: dockerd defaults to true.', {}), daemon('icc on.', { icc: true })],
    passing: [daemon('icc off.', { icc: false })],
  },
  'HD-D02': {
    failing: [daemon('Debug logging.', { 'log-level': 'debug' }), daemon('debug true overrides log-level.', { 'debug': true, 'log-level': 'info' })],
    passing: [daemon('info logging.', { 'log-level': 'info' })],
  },
  'HD-D03': {
    failing: [daemon('Docker may not change iptables.', { iptables: false })],
    passing: [daemon('iptables managed by Docker.', { iptables: true })],
  },
  'HD-D04': {
    failing: [daemon('An insecure registry.', { 'insecure-registries': ['registry.internal:5000'] })],
    passing: [daemon('No insecure registry.', { 'insecure-registries': [] })],
  },
  'HD-D05': {
    failing: [daemon('userns-remap unset.', {}), daemon('Remapped to root, which switches user namespaces off.', { 'userns-remap': 'root' })],
    passing: [daemon('userns-remap default (the dockremap user).', { 'userns-remap': 'default' })],
  },
  'HD-D06': {
    failing: [daemon('no-new-privileges unset: dockerd defaults to false.', {})],
    passing: [daemon('no-new-privileges daemon-wide.', { 'no-new-privileges': true })],
  },
  'HD-D07': {
    failing: [daemon('live-restore off.', { 'live-restore': false })],
    passing: [daemon('live-restore on.', { 'live-restore': true })],
  },
  'HD-D08': {
    failing: [daemon('userland-proxy unset: dockerd defaults to true.', {})],
    passing: [daemon('userland-proxy off.', { 'userland-proxy': false })],
  },
  'HD-D09': {
    failing: [daemon('A TCP listener without TLS.', { hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2375'] })],
    passing: [daemon('A TCP listener with tlsverify and the CA, certificate and key.', TLS_SETTINGS)],
  },
  'HD-D10': {
    failing: [daemon('default-ulimits unset.', {})],
    passing: [
      daemon('nofile and nproc limits for every container.', {
        'default-ulimits': { nofile: { Name: 'nofile', Soft: 4096, Hard: 4096 }, nproc: { Name: 'nproc', Soft: 1024, Hard: 1024 } },
      }),
    ],
  },
  'HD-D11': {
    failing: [daemon('A custom default cgroup parent.', { 'cgroup-parent': '/custom.slice' })],
    passing: [daemon('cgroup-parent unset.', {})],
  },
  'HD-D12': {
    failing: [daemon('Experimental features on.', { experimental: true })],
    passing: [daemon('Experimental features off.', { experimental: false })],
  },
  'HD-D13': {
    failing: [daemon('seccomp off for every container.', { 'seccomp-profile': 'unconfined' })],
    passing: [daemon('Docker\'s built-in profile.', { 'seccomp-profile': 'builtin' })],
  },
  'HD-D14': {
    failing: [daemon('json-file (also the default driver) without max-size.', { 'log-driver': 'json-file' })],
    passing: [daemon('The local driver rotated at 10 MB, 3 files.', { 'log-driver': 'local', 'log-opts': { 'max-size': '10m', 'max-file': '3' } })],
  },
  'HD-D15': {
    failing: [daemon('No authorization plugin.', {})],
    passing: [daemon('An authorization plugin.', { 'authorization-plugins': ['opa-docker-authz'] })],
  },
  'HD-D16': {
    failing: [
      daemon('The TLS key readable by everyone.', TLS_SETTINGS, [
        { path: '/etc/docker/tls/ca.pem', mode: '0444', owner: 'root:root' },
        { path: '/etc/docker/tls/server-cert.pem', mode: '0444', owner: 'root:root' },
        { path: '/etc/docker/tls/server-key.pem', mode: '0644', owner: 'root:root' },
      ]),
    ],
    passing: [
      daemon('CA and certificate 0444, key 0400, all root:root.', TLS_SETTINGS, [
        { path: '/etc/docker/tls/ca.pem', mode: '0444', owner: 'root:root' },
        { path: '/etc/docker/tls/server-cert.pem', mode: '0444', owner: 'root:root' },
        { path: '/etc/docker/tls/server-key.pem', mode: '0400', owner: 'root:root' },
      ]),
    ],
  },
  'HD-D17': {
    failing: [
      daemon('daemon.json writable by everyone.', {}, [{ path: '/etc/docker/daemon.json', mode: '0666', owner: 'root:root' }]),
      daemon('daemon.json owned by another user.', {}, [{ path: '/etc/docker/daemon.json', mode: '0644', owner: 'deploy:deploy' }]),
    ],
    passing: [daemon('daemon.json 0644 root:root.', {}, [{ path: '/etc/docker/daemon.json', mode: '0644', owner: 'root:root' }])],
  },
  'HD-D18': {
    failing: [daemon('The engine socket owned by the users group.', { group: 'users' })],
    passing: [daemon('The engine socket owned by the docker group.', { group: 'docker' })],
  },
  'HD-D19': {
    failing: [
      daemonSwarm('A manager initialized without --autolock.', { autolock: false, advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10', certificateExpiryHours: 720 }),
      daemonSwarm('A host in swarm mode whose swarm this stack does not initialize: autolock cannot be verified.', null),
    ],
    passing: [daemonSwarm('An auto-locked manager.', { autolock: true, advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10', certificateExpiryHours: 720 })],
  },
  'HD-D20': {
    failing: [daemonSwarm('Data-plane traffic on the management address.', { autolock: true, advertiseAddress: '10.0.0.10', certificateExpiryHours: 720 })],
    passing: [daemonSwarm('A separate data-path address.', { autolock: true, advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10', certificateExpiryHours: 720 })],
  },
  'HD-D21': {
    failing: [daemonSwarm('Node certificates valid for a year.', { autolock: true, advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10', certificateExpiryHours: 8760 })],
    passing: [daemonSwarm('Node certificates valid for 30 days.', { autolock: true, advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10', certificateExpiryHours: 720 })],
  },
  'HD-G01': {
    failing: [
      resource('A plugin granted whatever its manifest asks for.', 'docker_plugin', 'sshfs', {
        name: `vieux/sshfs@${DIGEST}`, grant_all_permissions: true,
      }),
      resource('A plugin granted the host network.', 'docker_plugin', 'sshfs', {
        name: `vieux/sshfs@${DIGEST}`, grant_permissions: [{ name: 'network', value: ['host'] }],
      }),
    ],
    passing: [resource('A plugin without grants.', 'docker_plugin', 'sshfs', { name: `vieux/sshfs@${DIGEST}` })],
  },
  'HD-I01': {
    failing: [resource('An image by tag.', 'docker_image', 'app', { name: 'nginx:1.27' })],
    passing: [resource('An image pinned by digest.', 'docker_image', 'app', { name: `nginx@${DIGEST}` })],
  },
  'HD-I02': {
    failing: [
      resource('Build steps on the host network.', 'docker_image', 'app', { name: 'app', build: { context: '.', network_mode: 'host' } }),
      resource('A token as a build argument: it is kept in the image history.', 'docker_image', 'app', {
        name: 'app', build: { context: '.', build_args: { NPM_TOKEN: 'npm_0123456789abcdefghijklmnopqrstuvwxyz' } },
      }),
    ],
    passing: [resource('A plain build.', 'docker_image', 'app', { name: 'app', build: { context: '.', build_args: { VERSION: '1.4.2' } } })],
  },
  'HD-I03': {
    failing: [resource('An image built from a local Dockerfile.', 'docker_image', 'app', { name: 'app', build: { context: '.' } })],
    passing: [resource('An image pulled by digest.', 'docker_image', 'app', { name: `nginx@${DIGEST}` })],
  },
  'HD-N01': {
    failing: [resource('A bridge network without enable_icc false.', 'docker_network', 'app', { name: 'app' })],
    passing: [
      resource('Inter-container communication off.', 'docker_network', 'app', {
        name: 'app', options: { 'com.docker.network.bridge.enable_icc': 'false' },
      }),
    ],
  },
  'HD-N02': {
    failing: [resource('A bridge network with IP masquerade (the default).', 'docker_network', 'app', { name: 'app' })],
    passing: [resource('An internal network.', 'docker_network', 'app', { name: 'app', internal: true })],
  },
  'HD-N03': {
    failing: [
      resource('Routed gateway mode: unpublished container ports are reachable.', 'docker_network', 'app', {
        name: 'app', options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'routed' },
      }),
    ],
    passing: [resource('The default gateway mode (nat).', 'docker_network', 'app', { name: 'app', options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'nat' } })],
  },
  'HD-N04': {
    failing: [resource('An overlay network without encryption.', 'docker_network', 'app', { name: 'app', driver: 'overlay' })],
    passing: [resource('An encrypted overlay network.', 'docker_network', 'app', { name: 'app', driver: 'overlay', options: { encrypted: 'true' } })],
  },
  'HD-N05': {
    failing: [resource('An attachable overlay network.', 'docker_network', 'app', { name: 'app', driver: 'overlay', attachable: true, options: { encrypted: 'true' } })],
    passing: [resource('An overlay network only services join.', 'docker_network', 'app', { name: 'app', driver: 'overlay', options: { encrypted: 'true' } })],
  },
  'HD-P01': {
    failing: [{ description: 'The daemon over plain TCP.', terraform: { provider: { docker: [{ host: 'tcp://docker.example.com:2375' }] } } }],
    passing: [
      { description: 'TCP with client certificates and the CA.', terraform: { provider: { docker: [{ host: 'tcp://docker.example.com:2376', cert_path: '/etc/docker-client' }] } } },
      { description: 'The local unix socket.', terraform: { provider: { docker: [{ host: 'unix:///var/run/docker.sock' }] } } },
    ],
  },
  'HD-P02': {
    failing: [
      {
        description: 'ssh without host key checking.',
        terraform: { provider: { docker: [{ host: 'ssh://deploy@docker.example.com', ssh_opts: ['-o', 'StrictHostKeyChecking=no'] }] } },
      },
    ],
    passing: [
      {
        description: 'ssh with strict host key checking.',
        terraform: { provider: { docker: [{ host: 'ssh://deploy@docker.example.com', ssh_opts: ['-o', 'StrictHostKeyChecking=yes'] }] } },
      },
    ],
  },
  'HD-P03': {
    failing: [
      {
        description: 'The docker local name bound to another provider.',
        terraform: { terraform: { required_providers: { docker: { source: 'example/docker', version: '1.0.0' } } } },
      },
    ],
    passing: [
      {
        description: 'kreuzwerker/docker 3.6.2.',
        terraform: { terraform: { required_providers: { docker: { source: 'kreuzwerker/docker', version: '3.6.2' } } } },
      },
    ],
  },
  'HD-R01': {
    failing: [
      {
        description: 'A registry lookup that does not verify the certificate.',
        terraform: { data: { docker_registry_image: { app: { name: 'registry.example.com/app:1.4.2', insecure_skip_verify: true } } } },
      },
    ],
    passing: [
      {
        description: 'The certificate verified (the default).',
        terraform: { data: { docker_registry_image: { app: { name: 'registry.example.com/app:1.4.2', insecure_skip_verify: false } } } },
      },
    ],
  },
  'HD-S01': {
    failing: [service('Every docker_service: the service spec cannot express these settings.')],
    passing: [],
    alwaysReported: 'the service API of provider 3.6.2 cannot set no-new-privileges, seccomp/AppArmor profiles, a pids limit or ulimits, ' +
      'so every docker_service is reported (as info).',
  },
  'HD-S02': {
    failing: [
      service('A port published through the routing mesh.', {
        endpoint_spec: { ports: [{ target_port: 8080, published_port: 8080 }] },
      }),
    ],
    passing: [service('No published port: reached over an overlay network of the stack.')],
  },
  'HD-S03': {
    failing: [
      resource('A swarm config that sets a password.', 'docker_config', 'app', {
        name: 'app-config', data: Buffer.from('DB_PASSWORD=correct-horse-battery-staple\n').toString('base64'),
      }),
    ],
    passing: [resource('A config without secrets.', 'docker_config', 'app', { name: 'app-config', data: Buffer.from('LOG_LEVEL=info\n').toString('base64') })],
  },
  'HD-S04': {
    failing: [{
      description: 'Services in two zones; the worker has no zone constraint and may land on a dmz node.',
      terraform: {
        resource: {
          docker_service: {
            proxy: { name: 'proxy', task_spec: { container_spec: { image: IMAGE }, placement: { constraints: ['node.labels.cdktf-hardened-docker.trust-zone == dmz'] } } },
            db: { name: 'db', task_spec: { container_spec: { image: IMAGE }, placement: { constraints: ['node.labels.cdktf-hardened-docker.trust-zone == internal'] } } },
            worker: { name: 'worker', task_spec: { container_spec: { image: IMAGE } } },
          },
        },
      },
    }],
    passing: [{
      description: 'Every service placed by its zone.',
      terraform: {
        resource: {
          docker_service: {
            proxy: { name: 'proxy', task_spec: { container_spec: { image: IMAGE }, placement: { constraints: ['node.labels.cdktf-hardened-docker.trust-zone == dmz'] } } },
            db: { name: 'db', task_spec: { container_spec: { image: IMAGE }, placement: { constraints: ['node.labels.cdktf-hardened-docker.trust-zone == internal'] } } },
          },
        },
      },
    }],
  },
  'HD-S05': {
    failing: [{
      description: 'A dmz service on the internal zone\'s network.',
      terraform: {
        resource: {
          docker_network: {
            internal: {
              name: 'internal',
              driver: 'overlay',
              internal: true,
              options: { encrypted: 'true' },
              labels: [{ label: 'io.cdktf-hardened-docker.trust-zone', value: 'internal' }],
            },
          },
          docker_service: {
            proxy: {
              name: 'proxy',
              task_spec: {
                container_spec: { image: IMAGE },
                placement: { constraints: ['node.labels.cdktf-hardened-docker.trust-zone == dmz'] },
                networks_advanced: [{ name: '${docker_network.internal.id}' }],
              },
            },
          },
        },
      },
    }],
    passing: [{
      description: 'The dmz service on a network of its own zone.',
      terraform: {
        resource: {
          docker_network: {
            dmz: {
              name: 'dmz',
              driver: 'overlay',
              internal: true,
              options: { encrypted: 'true' },
              labels: [{ label: 'io.cdktf-hardened-docker.trust-zone', value: 'dmz' }],
            },
          },
          docker_service: {
            proxy: {
              name: 'proxy',
              task_spec: {
                container_spec: { image: IMAGE },
                placement: { constraints: ['node.labels.cdktf-hardened-docker.trust-zone == dmz'] },
                networks_advanced: [{ name: '${docker_network.dmz.id}' }],
              },
            },
          },
        },
      },
    }],
  },
  'HD-S06': {
    failing: [
      service('A secret mounted with the provider\'s default mode 0444.', {
        task_spec: { container_spec: { image: IMAGE, secrets: [{ secret_id: 'abc', secret_name: 'db', file_name: 'db' }] } },
      }),
    ],
    passing: [
      service('The secret readable by the service\'s uid only.', {
        task_spec: { container_spec: { image: IMAGE, secrets: [{ secret_id: 'abc', secret_name: 'db', file_name: 'db', file_mode: 256, file_uid: '1500', file_gid: '1500' }] } },
      }),
    ],
  },

  'HD-U01': {
    failing: [
      container('An attribute provider 3.6.2 does not have.', { pids_limit: 100 }),
      resource('A resource type provider 3.6.2 does not have.', 'docker_compose_project', 'app', { name: 'app' }),
    ],
    passing: [container('Only attributes of the provider schema.', { memory: 256 })],
  },
  'HD-V01': {
    failing: [
      {
        description: 'Two containers mount the same named volume.',
        terraform: {
          resource: {
            docker_volume: { data: { name: 'data' } },
            docker_container: {
              web: { name: 'web', image: IMAGE, volumes: [{ volume_name: '${docker_volume.data.name}', container_path: '/data' }] },
              worker: { name: 'worker', image: IMAGE, volumes: [{ volume_name: '${docker_volume.data.name}', container_path: '/data', read_only: true }] },
            },
          },
        },
      },
    ],
    passing: [
      {
        description: 'Each container has its own volume.',
        terraform: {
          resource: {
            docker_volume: { web: { name: 'web-data' }, worker: { name: 'worker-data' } },
            docker_container: {
              web: { name: 'web', image: IMAGE, volumes: [{ volume_name: '${docker_volume.web.name}', container_path: '/data' }] },
              worker: { name: 'worker', image: IMAGE, volumes: [{ volume_name: '${docker_volume.worker.name}', container_path: '/data' }] },
            },
          },
        },
      },
    ],
  },
  'HD-X01': {
    failing: [
      { description: 'A module whose resources the checks do not see.', terraform: { module: { monitoring: { source: './modules/monitoring' } } } },
      resource('A provisioner the checks cannot verify.', 'terraform_data', 'deploy', { provisioner: [{ 'local-exec': { command: './deploy.sh' } }] }),
    ],
    passing: [container('The container described in the stack itself.', { memory: 256 })],
  },
  'HD-X02': {
    failing: [
      resource('A provisioner that runs a privileged container.', 'terraform_data', 'deploy', {
        provisioner: [{ 'local-exec': { command: 'docker run --rm --privileged busybox true' } }],
      }),
    ],
    passing: [
      resource('A provisioner that runs a confined container.', 'terraform_data', 'deploy', {
        provisioner: [{ 'local-exec': { command: `docker run --rm --read-only --cap-drop ALL ${IMAGE}` } }],
      }),
    ],
  },
};
