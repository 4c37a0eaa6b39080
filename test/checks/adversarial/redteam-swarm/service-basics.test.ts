import { Config } from '@cdktf/provider-docker/lib/config';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Secret } from '@cdktf/provider-docker/lib/secret';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformVariable } from 'cdktf';
import { Case, PINNED, runCases } from '../harness';

/**
 * Red team (swarm): raw docker_service, docker_secret, docker_config and overlay docker_network.
 * Every case: a hardened service `adv/svc` (baseline) vs the same with one weakness. A case fails when the
 * weakness draws no new unsuppressed error/warning of an acceptable rule.
 */

import { service, SVC_PATH, svc, svcWith } from './swarm-harness';
const base = svc();

const CS = 'task_spec.container_spec';

const USER_CASES: Case[] = [
  { name: 'user unset', expect: ['HD-C16', 'HD-C06'], at: SVC_PATH, build: svc({ user: undefined }), baseline: base },
  { name: 'user "0"', expect: ['HD-C06'], level: 'error', at: SVC_PATH, build: svc({ user: '0' }), baseline: base },
  { name: 'user "root"', expect: ['HD-C06'], level: 'error', at: SVC_PATH, build: svc({ user: 'root' }), baseline: base },
  { name: 'user "0:0"', expect: ['HD-C06'], level: 'error', at: SVC_PATH, build: svc({ user: '0:0' }), baseline: base },
  { name: 'user " root"', expect: ['HD-C06'], level: 'error', at: SVC_PATH, build: svc({ user: ' root' }), baseline: base },
  { name: 'user "10001:0" (root group)', expect: ['HD-C06'], level: 'error', at: SVC_PATH, build: svc({ user: '10001:0' }), baseline: base },
  { name: 'user "" (empty)', expect: ['HD-C16', 'HD-C06'], at: SVC_PATH, build: svc({ user: '' }), baseline: base },
  {
    name: 'user via addOverride "${lower("ROOT")}"',
    expect: ['HD-C06'],
    level: 'error',
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride(`${CS}.user`, '${lower("ROOT")}')),
    baseline: base,
  },
  {
    name: 'user via local',
    expect: ['HD-C06'],
    level: 'error',
    at: SVC_PATH,
    build: svcWith((sv, s) => { s.addOverride('locals.u', '0:0'); sv.addOverride(`${CS}.user`, '${local.u}'); }),
    baseline: base,
  },
  {
    name: 'user via TerraformVariable with safe default (can be root at plan)',
    expect: ['HD-C06', 'HD-U01', 'HD-C16'],
    at: SVC_PATH,
    build: svcWith((sv, s) => { const v = new TerraformVariable(s, 'u', { type: 'string', default: '10001:10001' }); sv.addOverride(`${CS}.user`, v.stringValue); }),
    baseline: base,
  },
  {
    name: 'user via TerraformVariable without default',
    expect: ['HD-C06', 'HD-U01', 'HD-C16'],
    at: SVC_PATH,
    build: svcWith((sv, s) => { const v = new TerraformVariable(s, 'u', { type: 'string' }); sv.addOverride(`${CS}.user`, v.stringValue); }),
    baseline: base,
  },
  {
    name: 'lifecycle ignore_changes = [task_spec] (the spec can change after the checks)',
    expect: ['*'],
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride('lifecycle.ignore_changes', ['task_spec'])),
    baseline: base,
  },
  { name: 'read_only false', expect: ['HD-C07'], level: 'error', at: SVC_PATH, build: svc({ readOnly: false }), baseline: base },
  { name: 'read_only unset', expect: ['HD-C07'], level: 'error', at: SVC_PATH, build: svc({ readOnly: undefined }), baseline: base },
  {
    name: 'read_only = "${false}" override',
    expect: ['HD-C07'],
    level: 'error',
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride(`${CS}.read_only`, '${false}')),
    baseline: base,
  },
  {
    name: 'read_only = "0" override (cty string->bool)',
    expect: ['HD-C07'],
    level: 'error',
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride(`${CS}.read_only`, '0')),
    baseline: base,
  },
];

const CAP_CASES: Case[] = [
  { name: 'cap_drop unset', expect: ['HD-C08'], level: 'error', at: SVC_PATH, build: svc({ capDrop: undefined }), baseline: base },
  { name: 'cap_add ["sys_admin"] (lower case, no CAP_)', expect: ['HD-C08'], level: 'error', at: SVC_PATH, build: svc({ capAdd: ['sys_admin'] }), baseline: base },
  { name: 'cap_add ["Cap_Sys_Admin"]', expect: ['HD-C08'], level: 'error', at: SVC_PATH, build: svc({ capAdd: ['Cap_Sys_Admin'] }), baseline: base },
  { name: 'cap_add ["all"]', expect: ['HD-C08'], level: 'error', at: SVC_PATH, build: svc({ capAdd: ['all'] }), baseline: base },
  { name: 'cap_add ["NET_RAW"] (outside default)', expect: ['HD-C08', 'HD-C15'], at: SVC_PATH, build: svc({ capAdd: ['NET_RAW'] }), baseline: base },
  { name: 'cap_drop ["CAP_NET_RAW"] only', expect: ['HD-C08'], level: 'error', at: SVC_PATH, build: svc({ capDrop: ['CAP_NET_RAW'] }), baseline: base },
  {
    name: 'cap_add via dynamic-ish override to a local list',
    expect: ['HD-C08'],
    level: 'error',
    at: SVC_PATH,
    build: svcWith((sv, s) => { s.addOverride('locals.caps', ['SYS_PTRACE']); sv.addOverride(`${CS}.cap_add`, '${local.caps}'); }),
    baseline: base,
  },
  {
    name: 'cap_add via concat()',
    expect: ['HD-C08', 'HD-U01'],
    level: undefined,
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride(`${CS}.cap_add`, '${concat(["CHOWN"], ["SYS_ADMIN"])}')),
    baseline: base,
  },
];

const bind = (source: string, readOnly = true) => svc({ mounts: [{ type: 'bind', source, target: '/host', readOnly }] });
const MOUNT_CASES: Case[] = [
  { name: 'bind "/"', expect: ['HD-C12'], level: 'error', at: SVC_PATH, build: bind('/'), baseline: base },
  { name: 'bind "//"', expect: ['HD-C12'], level: 'error', at: SVC_PATH, build: bind('//'), baseline: base },
  { name: 'bind "/var/run/../run/docker.sock"', expect: ['HD-C02'], level: 'error', at: SVC_PATH, build: bind('/var/run/../run/docker.sock'), baseline: base },
  { name: 'bind "/run/docker.sock"', expect: ['HD-C02'], level: 'error', at: SVC_PATH, build: bind('/run/docker.sock'), baseline: base },
  { name: 'bind "/run/docker/swarm/control.sock" (swarmkit control API)', expect: ['HD-C02'], level: 'error', at: SVC_PATH, build: bind('/run/docker/swarm/control.sock'), baseline: base },
  { name: 'bind "/var/lib/docker/swarm" (raft keys)', expect: ['HD-C12', 'HD-C02'], level: 'error', at: SVC_PATH, build: bind('/var/lib/docker/swarm'), baseline: base },
  { name: 'bind "/run/containerd/containerd.sock"', expect: ['HD-C02'], level: 'error', at: SVC_PATH, build: bind('/run/containerd/containerd.sock'), baseline: base },
  { name: 'bind "/etc/" trailing slash', expect: ['HD-C12'], level: 'error', at: SVC_PATH, build: bind('/etc/'), baseline: base },
  { name: 'bind "/proc/1/root"', expect: ['HD-C12'], level: 'error', at: SVC_PATH, build: bind('/proc/1/root'), baseline: base },
  {
    name: 'bind propagation rshared',
    expect: ['HD-C13'],
    level: 'error',
    at: SVC_PATH,
    build: svc({ mounts: [{ type: 'bind', source: '/srv/data', target: '/d', readOnly: true, bindOptions: { propagation: 'rshared' } }] }),
    baseline: svc({ mounts: [{ type: 'bind', source: '/srv/data', target: '/d', readOnly: true }] }),
  },
  {
    name: 'inline volume local o=bind device=/',
    expect: ['HD-C12'],
    level: 'error',
    at: SVC_PATH,
    build: svc({ mounts: [{ type: 'volume', source: 'v', target: '/d', volumeOptions: { driverOptions: { type: 'none', o: 'bind', device: '/' } } }] }),
    baseline: svc({ mounts: [{ type: 'volume', source: 'v', target: '/d' }] }),
  },
  {
    name: 'inline volume local o=rbind device=/var/run',
    expect: ['HD-C02'],
    level: 'error',
    at: SVC_PATH,
    build: svc({ mounts: [{ type: 'volume', source: 'v', target: '/d', volumeOptions: { driverName: 'local', driverOptions: { type: 'none', o: 'rbind', device: '/var/run' } } }] }),
    baseline: svc({ mounts: [{ type: 'volume', source: 'v', target: '/d' }] }),
  },
  {
    name: 'inline volume local type=ext4 o=bind device="etc" (relative device, MS_BIND ignores type: host /etc)',
    expect: ['HD-C12'],
    level: 'error',
    at: SVC_PATH,
    note: 'moby v28.5.2 volume/local/local_unix.go L188-193 mount.Mount(device, path, type, o); vendor/github.com/moby/sys/mount ' +
      'flags_unix.go L119-139 parseOptions turns "bind" into MS_BIND; mount(2) ignores type with MS_BIND and resolves a relative ' +
      'source against dockerd\'s cwd (/). C02 volumeHostData prefixes "/" to a relative device only when type is "", "none" or "bind".',
    build: svc({ mounts: [{ type: 'volume', source: 'v', target: '/d', volumeOptions: { driverOptions: { type: 'ext4', o: 'bind', device: 'etc' } } }] }),
    baseline: svc({ mounts: [{ type: 'volume', source: 'v', target: '/d' }] }),
  },
  {
    name: 'inline volume local type=tmpfs o=bind device="run" (relative device: host /run, every engine socket)',
    expect: ['HD-C02'],
    level: 'error',
    at: SVC_PATH,
    note: 'as above; type tmpfs is ignored under MS_BIND, so mount("run", path, "tmpfs", MS_BIND) binds host /run.',
    build: svc({ mounts: [{ type: 'volume', source: 'v', target: '/d', volumeOptions: { driverOptions: { type: 'tmpfs', o: 'bind', device: 'run' } } }] }),
    baseline: svc({ mounts: [{ type: 'volume', source: 'v', target: '/d', volumeOptions: { driverOptions: { type: 'tmpfs', o: 'size=64m', device: 'tmpfs' } } }] }),
  },
  {
    name: 'docker_volume type=nfs o=bind device="." mounted by name (host root)',
    expect: ['HD-C12'],
    level: 'error',
    at: SVC_PATH,
    note: 'getMountOptions (local_unix.go L138-180): nfs without addr= only breaks out of the switch; mount(".", path, "nfs", MS_BIND) binds dockerd\'s cwd.',
    build: (s) => { new Volume(s, 'vol', { name: 'data', driverOpts: { type: 'nfs', o: 'bind', device: '.' } }); service({ mounts: [{ type: 'volume', source: 'data', target: '/d' }] })(s); },
    baseline: (s) => { new Volume(s, 'vol', { name: 'data' }); service({ mounts: [{ type: 'volume', source: 'data', target: '/d' }] })(s); },
  },
  {
    name: 'docker_volume o=bind device=/etc referenced by ${docker_volume.vol.name}',
    expect: ['HD-C12'],
    level: 'error',
    at: SVC_PATH,
    build: (s) => { const v = new Volume(s, 'vol', { name: 'data', driverOpts: { type: 'none', o: 'bind', device: '/etc' } }); service({ mounts: [{ type: 'volume', source: v.name, target: '/d' }] })(s); },
    baseline: (s) => { const v = new Volume(s, 'vol', { name: 'data' }); service({ mounts: [{ type: 'volume', source: v.name, target: '/d' }] })(s); },
  },
  {
    name: 'mounts via dynamic block over literal list with /',
    expect: ['HD-C12'],
    level: 'error',
    at: SVC_PATH,
    build: svcWith((sv) => {
      sv.addOverride(`${CS}.dynamic.mounts`, { for_each: ['/'], content: { type: 'bind', source: '${mounts.value}', target: '/h', read_only: true } });
    }),
    baseline: base,
  },
  {
    name: 'mounts via dynamic block over unknown variable',
    expect: ['HD-C12', 'HD-C02', 'HD-U01', 'HD-C13'],
    at: SVC_PATH,
    build: svcWith((sv, s) => {
      new TerraformVariable(s, 'paths', { type: 'list(string)' });
      sv.addOverride(`${CS}.dynamic.mounts`, { for_each: '${var.paths}', content: { type: 'bind', source: '${mounts.value}', target: '/h', read_only: true } });
    }),
    baseline: base,
  },
];

const LIMIT_CASES: Case[] = [
  { name: 'no resources', expect: ['HD-C09'], level: 'error', at: SVC_PATH, build: svc({}, { resources: undefined }), baseline: base },
  { name: 'only reservation', expect: ['HD-C09'], level: 'error', at: SVC_PATH, build: svc({}, { resources: { reservation: { memoryBytes: 268435456 } } }), baseline: base },
  { name: 'memory_bytes 0', expect: ['HD-C09'], level: 'error', at: SVC_PATH, build: svc({}, { resources: { limits: { memoryBytes: 0, nanoCpus: 500000000 } } }), baseline: base },
  { name: 'nano_cpus unset', expect: ['HD-C10'], at: SVC_PATH, build: svc({}, { resources: { limits: { memoryBytes: 268435456 } } }), baseline: base },
  {
    name: 'memory_bytes "${0}" override',
    expect: ['HD-C09'],
    level: 'error',
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride('task_spec.resources.limits.memory_bytes', '${0}')),
    baseline: base,
  },
  {
    name: 'resources via dynamic limits with for_each []',
    expect: ['HD-C09', 'HD-U01'],
    at: SVC_PATH,
    build: svcWith((sv) => {
      sv.addOverride('task_spec.resources.limits', undefined);
      sv.addOverride('task_spec.resources.dynamic.limits', { for_each: [], content: { memory_bytes: 268435456, nano_cpus: 500000000 } });
    }),
    baseline: base,
  },
  { name: 'restart_policy unset (swarm default: any, unbounded)', expect: ['HD-C28'], at: SVC_PATH, build: svc({}, { restartPolicy: undefined }), baseline: base },
  { name: 'restart any max_attempts 0', expect: ['HD-C28'], at: SVC_PATH, build: svc({}, { restartPolicy: { condition: 'any', maxAttempts: 0 } }), baseline: base },
  { name: 'restart on-failure max_attempts 0', expect: ['HD-C28'], at: SVC_PATH, build: svc({}, { restartPolicy: { condition: 'on-failure', maxAttempts: 0 } }), baseline: base },
  { name: 'restart on-failure no max_attempts', expect: ['HD-C28'], at: SVC_PATH, build: svc({}, { restartPolicy: { condition: 'on-failure' } }), baseline: base },
  { name: 'restart on-failure window 10s', expect: ['HD-C28'], at: SVC_PATH, build: svc({}, { restartPolicy: { condition: 'on-failure', maxAttempts: 3, window: '10s' } }), baseline: base },
  { name: 'restart on-failure window "0.5s"', expect: ['HD-C28'], at: SVC_PATH, build: svc({}, { restartPolicy: { condition: 'on-failure', maxAttempts: 3, window: '0.5s' } }), baseline: base },
  { name: 'restart condition "" (empty: swarm default any)', expect: ['HD-C28'], at: SVC_PATH, build: svc({}, { restartPolicy: { condition: '', maxAttempts: 0 } }), baseline: base },
];

const ENV_CASES: Case[] = [
  { name: 'env DB_PASSWORD', expect: ['HD-C19'], at: SVC_PATH, build: svc({ env: { DB_PASSWORD: 'correct-horse-battery-staple' } }), baseline: svc({ env: { LOG_LEVEL: 'info' } }) },
  { name: 'env API_TOKEN', expect: ['HD-C19'], at: SVC_PATH, build: svc({ env: { API_TOKEN: 'x9f8a7s6d5f4g3h2j1k0' } }), baseline: svc({ env: { LOG_LEVEL: 'info' } }) },
  { name: 'env value is a github token', expect: ['HD-C19'], at: SVC_PATH, build: svc({ env: { GH: 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8' } }), baseline: svc({ env: { LOG_LEVEL: 'info' } }) },
  { name: 'env URL with credentials', expect: ['HD-C19'], at: SVC_PATH, build: svc({ env: { DATABASE_URL: 'postgres://app:s3cr3tpass@db:5432/app' } }), baseline: svc({ env: { LOG_LEVEL: 'info' } }) },
  {
    name: 'env via override lower-case key "db_password"',
    expect: ['HD-C19'],
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride(`${CS}.env`, { db_password: 'correct-horse-battery-staple' })),
    baseline: base,
  },
];

const IMAGE_CASES: Case[] = [
  { name: 'image tag only', expect: ['HD-C22'], at: SVC_PATH, build: svc({ image: 'registry.example.com/app:1.0' }), baseline: base },
  { name: 'image no tag', expect: ['HD-C22'], at: SVC_PATH, build: svc({ image: 'nginx' }), baseline: base },
  {
    name: 'image ${docker_image.i.name} of an unpinned docker_image',
    expect: ['HD-C22', 'HD-I01'],
    at: SVC_PATH,
    build: (s) => { const i = new Image(s, 'img', { name: 'nginx:latest' }); service({ image: i.name })(s); },
    baseline: (s) => { const i = new Image(s, 'img', { name: PINNED }); service({ image: i.name })(s); },
  },
  {
    name: 'image ${docker_image.i.image_id} (local id: no registry digest)',
    expect: ['HD-C22', 'HD-I01', 'HD-U01'],
    at: SVC_PATH,
    build: (s) => { const i = new Image(s, 'img', { name: 'nginx:latest' }); service({ image: i.imageId })(s); },
    baseline: (s) => { const i = new Image(s, 'img', { name: PINNED }); service({ image: i.name })(s); },
  },
];

const NET_CASES: Case[] = [
  { name: 'networks_advanced host', expect: ['HD-C11'], level: 'error', at: SVC_PATH, build: svc({}, { networksAdvanced: [{ name: 'host' }] }), baseline: base },
  { name: 'networks_advanced bridge', expect: ['HD-C27'], at: SVC_PATH, build: svc({}, { networksAdvanced: [{ name: 'bridge' }] }), baseline: base },
  { name: 'networks_advanced [backend, host]', expect: ['HD-C11'], level: 'error', at: SVC_PATH, build: svc({}, { networksAdvanced: [{ name: 'backend' }, { name: 'host' }] }), baseline: base },
  { name: 'no networks (default bridge)', expect: ['HD-C27'], at: SVC_PATH, build: svc({}, { networksAdvanced: undefined }), baseline: base },
  {
    name: 'networks_advanced = data.docker_network.h.name with name host',
    expect: ['HD-C11'],
    level: 'error',
    at: SVC_PATH,
    build: (s) => { s.addOverride('data.docker_network.h', { name: 'host' }); service({}, { networksAdvanced: [{ name: '${data.docker_network.h.name}' }] })(s); },
    baseline: base,
  },
  {
    name: 'networks_advanced = data.docker_network.h.id with name host',
    expect: ['HD-C11'],
    level: 'error',
    at: SVC_PATH,
    build: (s) => { s.addOverride('data.docker_network.h', { name: 'host' }); service({}, { networksAdvanced: [{ name: '${data.docker_network.h.id}' }] })(s); },
    baseline: base,
  },
  {
    name: 'networks_advanced via dynamic over ["host"]',
    expect: ['HD-C11'],
    level: 'error',
    at: SVC_PATH,
    build: svcWith((sv) => {
      sv.addOverride('task_spec.networks_advanced', undefined);
      sv.addOverride('task_spec.dynamic.networks_advanced', { for_each: ['host'], content: { name: '${networks_advanced.value}' } });
    }),
    baseline: base,
  },
  {
    name: 'networks_advanced name "ho${""}st"',
    expect: ['HD-C11'],
    level: 'error',
    at: SVC_PATH,
    build: svc({}, { networksAdvanced: [{ name: 'ho${""}st' }] }),
    baseline: base,
  },
  {
    name: 'published port ingress',
    expect: ['HD-S02'],
    level: 'error',
    at: SVC_PATH,
    build: svc({}, {}, { endpointSpec: { ports: [{ targetPort: 8080, publishedPort: 8080 }] } }),
    baseline: base,
  },
  {
    name: 'published port host mode auto',
    expect: ['HD-S02'],
    level: 'error',
    at: SVC_PATH,
    build: svc({}, {}, { endpointSpec: { ports: [{ targetPort: 8080, publishMode: 'host' }] } }),
    baseline: base,
  },
  {
    name: 'published ports via dynamic "ports" in endpoint_spec',
    expect: ['HD-S02'],
    level: 'error',
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride('endpoint_spec.dynamic.ports', { for_each: [8080], content: { target_port: '${ports.value}', published_port: '${ports.value}' } })),
    baseline: base,
  },
  {
    name: 'published ports via dynamic "ports" over unknown variable',
    expect: ['HD-S02', 'HD-U01'],
    at: SVC_PATH,
    build: svcWith((sv, s) => {
      new TerraformVariable(s, 'ports', { type: 'list(number)' });
      sv.addOverride('endpoint_spec.dynamic.ports', { for_each: '${var.ports}', content: { target_port: '${ports.value}', published_port: '${ports.value}' } });
    }),
    baseline: base,
  },
  {
    name: 'published port whose target_port is a variable without default',
    expect: ['HD-S02', 'HD-U01'],
    at: SVC_PATH,
    build: svcWith((sv, s) => {
      const v = new TerraformVariable(s, 'tp', { type: 'number' });
      sv.addOverride('endpoint_spec.ports', [{ target_port: v.numberValue, published_port: 8080 }]);
    }),
    baseline: base,
  },
];

const MISC_CASES: Case[] = [
  { name: 'groups ["0"]', expect: ['HD-C25', 'HD-C06'], at: SVC_PATH, build: svc({ groups: ['0'] }), baseline: base },
  { name: 'sysctl ip_unprivileged_port_start=0', expect: ['HD-C26'], at: SVC_PATH, build: svc({ sysctl: { 'net.ipv4.ip_unprivileged_port_start': '0' } }), baseline: base },
  { name: 'se_linux_context disable', expect: ['HD-C24'], level: 'error', at: SVC_PATH, build: svc({ privileges: { seLinuxContext: { disable: true } } }), baseline: base },
  { name: 'se_linux_context type spc_t', expect: ['HD-C24'], level: 'error', at: SVC_PATH, build: svc({ privileges: { seLinuxContext: { type: 'spc_t' } } }), baseline: base },
  { name: 'se_linux_context type unconfined_t', expect: ['HD-C24'], level: 'error', at: SVC_PATH, build: svc({ privileges: { seLinuxContext: { type: 'unconfined_t' } } }), baseline: base },
  { name: 'healthcheck NONE', expect: ['HD-C40', 'HD-C18'], at: SVC_PATH, build: svc({ healthcheck: { test: ['NONE'] } }), baseline: base },
  { name: 'log_driver none', expect: ['HD-C23'], at: SVC_PATH, build: svc({}, { logDriver: { name: 'none' } }), baseline: base },
  { name: 'log_driver json-file without rotation', expect: ['HD-C37'], at: SVC_PATH, build: svc({}, { logDriver: { name: 'json-file' } }), baseline: base },
  {
    name: 'unknown attribute task_spec.container_spec.privileged = true (override)',
    expect: ['HD-U01'],
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride(`${CS}.privileged`, true)),
    baseline: base,
  },
  {
    name: 'unknown attribute task_spec.container_spec.privileges.no_new_privileges = false (override, newer provider)',
    expect: ['HD-U01'],
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride(`${CS}.privileges.no_new_privileges`, false)),
    baseline: base,
  },
  {
    name: 'unknown attribute task_spec.container_spec.privileges.seccomp (newer provider)',
    expect: ['HD-U01'],
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride(`${CS}.privileges.seccomp`, { mode: 'unconfined' })),
    baseline: base,
  },
  {
    name: 'whole task_spec from a variable without default',
    expect: ['*'],
    at: SVC_PATH,
    build: svcWith((sv, s) => { new TerraformVariable(s, 'ts', { type: 'any' }); sv.addOverride('task_spec', '${var.ts}'); }),
    baseline: base,
  },
  {
    name: 'container_spec via dynamic block with unknown for_each',
    expect: ['*'],
    at: SVC_PATH,
    build: svcWith((sv, s) => {
      new TerraformVariable(s, 'specs', { type: 'list(any)' });
      sv.addOverride(`${CS}`, undefined);
      sv.addOverride('task_spec.dynamic.container_spec', { for_each: '${var.specs}', content: { image: PINNED, user: '${container_spec.value}', read_only: true, cap_drop: ['ALL'] } });
    }),
    baseline: base,
  },
  {
    name: 'count = 2 with user from count.index ("${count.index}": task 0 is root)',
    expect: ['HD-C06', 'HD-U01'],
    at: SVC_PATH,
    build: svcWith((sv) => { sv.addOverride('count', 2); sv.addOverride(`${CS}.user`, '${count.index}'); sv.addOverride('name', 'svc-${count.index}'); }),
    baseline: base,
  },
  {
    name: 'for_each over {a="0:0"} with user = each.value',
    expect: ['HD-C06', 'HD-U01'],
    at: SVC_PATH,
    build: svcWith((sv) => { sv.addOverride('for_each', { a: '0:0' }); sv.addOverride(`${CS}.user`, '${each.value}'); sv.addOverride('name', 'svc-${each.key}'); }),
    baseline: base,
  },
];

const NETWORK_RES: Case[] = [
  { name: 'overlay without encrypted', expect: ['HD-N04'], build: (s) => { new Network(s, 'ov', { name: 'o', driver: 'overlay', internal: true }); } },
  {
    name: 'overlay with options.encrypted deleted by override on an encrypted network',
    expect: ['HD-N04'],
    build: (s) => { const n = new Network(s, 'ov', { name: 'o', driver: 'overlay', internal: true, options: { encrypted: 'true' } }); n.addOverride('options', undefined); },
    baseline: (s) => { new Network(s, 'ov', { name: 'o', driver: 'overlay', internal: true, options: { encrypted: 'true' } }); },
  },
  {
    name: 'overlay with options from a variable with default {encrypted="true"}',
    expect: ['*'],
    build: (s) => { const v = new TerraformVariable(s, 'o', { type: 'map(string)', default: { encrypted: 'true' } }); new Network(s, 'ov', { name: 'o', driver: 'overlay', internal: true, options: v.value }); },
    baseline: (s) => { new Network(s, 'ov', { name: 'o', driver: 'overlay', internal: true, options: { encrypted: 'true' } }); },
  },
  { name: 'overlay attachable', expect: ['HD-N05'], build: (s) => { new Network(s, 'ov', { name: 'o', driver: 'overlay', internal: true, attachable: true, options: { encrypted: 'true' } }); } },
  {
    name: 'overlay attachable from variable default false',
    expect: ['HD-N05', 'HD-U01'],
    build: (s) => { const v = new TerraformVariable(s, 'a', { type: 'bool', default: false }); new Network(s, 'ov', { name: 'o', driver: 'overlay', internal: true, attachable: v.booleanValue, options: { encrypted: 'true' } }); },
    baseline: (s) => { new Network(s, 'ov', { name: 'o', driver: 'overlay', internal: true, options: { encrypted: 'true' } }); },
  },
  { name: 'overlay driver "${lower("OVERLAY")}" unencrypted', expect: ['HD-N04'], build: (s) => { new Network(s, 'ov', { name: 'o', driver: '${lower("OVERLAY")}', internal: true }); } },
  { name: 'ingress=true overlay unencrypted', expect: ['HD-N04'], build: (s) => { new Network(s, 'ov', { name: 'ing', driver: 'overlay', ingress: true }); } },
];

const CONFIG_CASES: Case[] = [
  {
    name: 'docker_config data = JSON {"db_password": "..."} (one line)',
    expect: ['HD-S03'],
    note: 'S03 configSecrets: a JSON line starts with `{` or `"`, which its KEY=VALUE regex never matches.',
    build: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('{"db_password":"correct-horse-battery-staple"}').toString('base64') }); },
    baseline: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('{"log_level":"info"}').toString('base64') }); },
  },
  {
    name: 'docker_config data = pretty JSON with "password" key',
    expect: ['HD-S03'],
    build: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('{\n  "db": {\n    "password": "correct-horse-battery-staple"\n  }\n}\n').toString('base64') }); },
    baseline: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('{\n  "db": {\n    "host": "db"\n  }\n}\n').toString('base64') }); },
  },
  {
    name: 'docker_config data = YAML nested password',
    expect: ['HD-S03'],
    build: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('db:\n  host: db\n  password: correct-horse-battery-staple\n').toString('base64') }); },
    baseline: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('db:\n  host: db\n').toString('base64') }); },
  },
  {
    name: 'docker_config data = XML <password>',
    expect: ['HD-S03'],
    build: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('<db><password>correct-horse-battery-staple</password></db>').toString('base64') }); },
    baseline: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('<db><host>db</host></db>').toString('base64') }); },
  },
  {
    name: 'docker_config data = .netrc line',
    expect: ['HD-S03'],
    build: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('machine registry.example.com login ci password correct-horse-battery-staple\n').toString('base64') }); },
    baseline: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('machine registry.example.com\n').toString('base64') }); },
  },
  {
    name: 'docker_config data = PEM private key',
    expect: ['HD-S03'],
    build: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n').toString('base64') }); },
    baseline: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('log_level=info\n').toString('base64') }); },
  },
  {
    name: 'docker_config data = ${filebase64("secrets.env")} (unknown content)',
    expect: ['HD-S03', 'HD-U01'],
    build: (s) => { new Config(s, 'cfg', { name: 'c', data: '${filebase64("secrets.env")}' }); },
    baseline: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from('log_level=info\n').toString('base64') }); },
  },
  {
    name: 'docker_config data = base64encode(jsonencode({password=...}))',
    expect: ['HD-S03'],
    build: (s) => { new Config(s, 'cfg', { name: 'c', data: '${base64encode(jsonencode({"password" = "correct-horse-battery-staple"}))}' }); },
    baseline: (s) => { new Config(s, 'cfg', { name: 'c', data: '${base64encode(jsonencode({"level" = "info"}))}' }); },
  },
];

const SECRET_CASES: Case[] = [
  {
    name: 'secret mounted with provider default mode 0444 (file_mode unset, world-readable in the task)',
    expect: ['*'],
    at: SVC_PATH,
    note: 'provider 3.6.2 resource_docker_service.go L442-448 (secrets.file_mode Default 0o444), L430-441 (file_uid/file_gid Default "0"); moby ' +
      'daemon/container_operations_unix.go L341-344 chowns/chmods the secret file to them. schema-classification.ts lists ' +
      'secrets.file_mode as harmless (CONFIG_FILE).',
    build: (s) => { const sec = new Secret(s, 'sec', { name: 'db', data: Buffer.from('pw').toString('base64') }); service({ secrets: [{ secretId: sec.id, fileName: '/run/secrets/db' }] })(s); },
    baseline: (s) => { const sec = new Secret(s, 'sec', { name: 'db', data: Buffer.from('pw').toString('base64') }); service({ secrets: [{ secretId: sec.id, fileName: '/run/secrets/db', fileMode: 0o400, fileUid: '10001', fileGid: '10001' }] })(s); },
  },
  {
    name: 'secret mounted with file_mode 511 (0777)',
    expect: ['*'],
    at: SVC_PATH,
    build: (s) => { const sec = new Secret(s, 'sec', { name: 'db', data: Buffer.from('pw').toString('base64') }); service({ secrets: [{ secretId: sec.id, fileName: '/run/secrets/db', fileMode: 511, fileUid: '10001', fileGid: '10001' }] })(s); },
    baseline: (s) => { const sec = new Secret(s, 'sec', { name: 'db', data: Buffer.from('pw').toString('base64') }); service({ secrets: [{ secretId: sec.id, fileName: '/run/secrets/db', fileMode: 0o400, fileUid: '10001', fileGid: '10001' }] })(s); },
  },
];

describe('swarm red team: user / rootfs', () => runCases(USER_CASES));
describe('swarm red team: capabilities', () => runCases(CAP_CASES));
describe('swarm red team: mounts', () => runCases(MOUNT_CASES));
describe('swarm red team: limits and restart', () => runCases(LIMIT_CASES));
describe('swarm red team: env', () => runCases(ENV_CASES));
describe('swarm red team: image', () => runCases(IMAGE_CASES));
describe('swarm red team: networks and ports', () => runCases(NET_CASES));
describe('swarm red team: misc', () => runCases(MISC_CASES));
describe('swarm red team: network resources', () => runCases(NETWORK_RES));
describe('swarm red team: configs', () => runCases(CONFIG_CASES));
describe('swarm red team: secrets', () => runCases(SECRET_CASES));
