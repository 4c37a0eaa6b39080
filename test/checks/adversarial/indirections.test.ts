import { BuildxBuilder } from '@cdktf/provider-docker/lib/buildx-builder';
import { Container } from '@cdktf/provider-docker/lib/container';
import { DataDockerNetwork } from '@cdktf/provider-docker/lib/data-docker-network';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Plugin } from '@cdktf/provider-docker/lib/plugin';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformHclModule, TerraformStack } from 'cdktf';
import { Case, COMPLIANT, Fixture, override, PINNED, runCases, setAttr } from './harness';
import { HardenedContainer } from '../../../lib';

/**
 * Indirections (fail-closed.md §1, §2): a named volume whose driver options
 * make the engine's local driver mount host data, referenced by literal name
 * or by any reference spelling; a network data source that is the default
 * bridge. Every indirection is followed the way Terraform and the engine
 * resolve it, or it is unknown.
 */

/** A docker_volume `v` named `name` with these driver options. */
const volume = (s: TerraformStack, driverOpts: { [k: string]: string }, name = 'hostdata') =>
  new Volume(s, 'v', { name, driver: 'local', driverOpts });

/** Mounts a volume in the fixture container through volumes.volume_name. */
const viaVolumeName = (ref: string) => (f: Fixture) => setAttr(f.container, 'volumes', [{ volume_name: ref, container_path: '/data', read_only: true }]);
/** Mounts a volume in the fixture container through a mounts block of type volume. */
const viaMount = (ref: string) => (f: Fixture) => setAttr(f.container, 'mounts', [{ type: 'volume', source: ref, target: '/data', read_only: true }]);

/** The compliant counterpart: a plain local volume with no driver options, mounted the same way. */
const plainVolume = (mount: (f: Fixture) => void) => (s: TerraformStack, f: Fixture) => {
  new Volume(s, 'v', { name: 'hostdata', driver: 'local' });
  mount(f);
};

const BIND_ROOT = { type: 'none', o: 'bind', device: '/' };

/** The fixture mounts an inline local volume (no docker_volume) with these driver options (none: a plain volume). */
const inlineVolume = (driverOptions?: { [k: string]: string }) => override('mounts', [{
  type: 'volume',
  source: 'inline',
  target: '/data',
  read_only: true,
  volume_options: { driver_name: 'local', ...(driverOptions ? { driver_options: driverOptions } : {}) },
}]);

const VOLUMES: Case[] = [
  {
    name: 'docker_volume o=bind device=/ mounted by literal name (volumes.volume_name)',
    expect: ['HD-C12'],
    level: 'error',
    build: (s, f) => { volume(s, BIND_ROOT); viaVolumeName('hostdata')(f); },
    baseline: plainVolume(viaVolumeName('hostdata')),
  },
  {
    name: 'docker_volume o=bind device=/ mounted by literal name (mounts type volume)',
    expect: ['HD-C12'],
    level: 'error',
    build: (s, f) => { volume(s, BIND_ROOT); viaMount('hostdata')(f); },
    baseline: plainVolume(viaMount('hostdata')),
  },
  {
    name: 'docker_volume o=bind device=/ mounted through "${docker_volume.v.name}"',
    expect: ['HD-C12'],
    level: 'error',
    build: (s, f) => { volume(s, BIND_ROOT); viaVolumeName('${docker_volume.v.name}')(f); },
    baseline: plainVolume(viaVolumeName('${docker_volume.v.name}')),
  },
  {
    name: 'docker_volume o=bind device=/ mounted through "${ docker_volume.v.name }" (blanks)',
    expect: ['HD-C12'],
    level: 'error',
    build: (s, f) => { volume(s, BIND_ROOT); viaMount('${ docker_volume.v.name }')(f); },
    baseline: plainVolume(viaMount('${ docker_volume.v.name }')),
  },
  {
    name: 'docker_volume o=bind device=/ mounted through "${docker_volume.v.id}"',
    expect: ['HD-C12', 'HD-C02'],
    level: 'error',
    note: 'the id of a docker_volume is its name, but computed: resolved (HD-C12) or unverifiable (any mount rule) are both fine',
    build: (s, f) => { volume(s, BIND_ROOT); viaVolumeName('${docker_volume.v.id}')(f); },
    baseline: plainVolume(viaVolumeName('${docker_volume.v.name}')),
  },
  {
    name: 'docker_volume o="rbind,ro" device=/var/run (engine sockets) by literal name',
    expect: ['HD-C02'],
    level: 'error',
    build: (s, f) => { volume(s, { type: 'none', o: 'rbind,ro', device: '/var/run' }); viaMount('hostdata')(f); },
    baseline: plainVolume(viaMount('hostdata')),
  },
  {
    name: 'docker_volume o=bind device="/${""}" (a template that is "/")',
    expect: ['HD-C12'],
    level: 'error',
    build: (s, f) => { volume(s, { type: 'none', o: 'bind', device: '/${""}' }); viaMount('hostdata')(f); },
    baseline: plainVolume(viaMount('hostdata')),
  },
  {
    name: 'docker_volume type=ext4 device=/dev/sda1 (a host block device mounted by the engine)',
    expect: ['HD-C12', 'HD-C21'],
    build: (s, f) => { volume(s, { type: 'ext4', device: '/dev/sda1' }); viaMount('hostdata')(f); },
    baseline: plainVolume(viaMount('hostdata')),
  },
  {
    name: 'docker_volume type=overlay o=lowerdir=/etc,... (host /etc as the lower layer)',
    expect: ['HD-C12'],
    level: 'error',
    build: (s, f) => {
      volume(s, { type: 'overlay', device: 'overlay', o: 'lowerdir=/etc,upperdir=/srv/ovl/upper,workdir=/srv/ovl/work' });
      viaMount('hostdata')(f);
    },
    baseline: plainVolume(viaMount('hostdata')),
  },
  {
    name: 'docker_volume type=proc device=proc (the daemon\'s, i.e. the host\'s, /proc)',
    expect: ['HD-C12'],
    level: 'error',
    build: (s, f) => { volume(s, { type: 'proc', device: 'proc' }); viaMount('hostdata')(f); },
    baseline: plainVolume(viaMount('hostdata')),
  },
  {
    name: 'docker_volume type=sysfs device=sysfs',
    expect: ['HD-C12'],
    level: 'error',
    build: (s, f) => { volume(s, { type: 'sysfs', device: 'sysfs' }); viaMount('hostdata')(f); },
    baseline: plainVolume(viaMount('hostdata')),
  },
  {
    name: 'mounts.volume_options.driver_options inline: o=bind device=/etc',
    expect: ['HD-C12'],
    level: 'error',
    build: inlineVolume({ type: 'none', o: 'bind', device: '/etc' }),
    baseline: inlineVolume(),
  },
  {
    name: 'mounts.volume_options.driver_options inline: type=overlay lowerdir=/',
    expect: ['HD-C12'],
    level: 'error',
    build: inlineVolume({ type: 'overlay', device: 'overlay', o: 'lowerdir=/,upperdir=/srv/u,workdir=/srv/w' }),
    baseline: inlineVolume(),
  },
  {
    name: 'mounts.volume_options.driver_options inline: o=bind device=/var/run/docker.sock',
    expect: ['HD-C02'],
    level: 'error',
    build: inlineVolume({ type: 'none', o: 'bind', device: '/var/run/docker.sock' }),
    baseline: inlineVolume(),
  },
  {
    name: 'HardenedContainer volumes prop naming a docker_volume that binds /',
    expect: ['HD-C12'],
    level: 'error',
    build: (s) => {
      volume(s, BIND_ROOT);
      new HardenedContainer(s, 'web', { image: PINNED, user: '1000:1000', volumes: [{ volumeName: 'hostdata', containerPath: '/data' }] });
    },
    baseline: (s) => {
      new Volume(s, 'v', { name: 'hostdata', driver: 'local' });
      new HardenedContainer(s, 'web', { image: PINNED, user: '1000:1000', volumes: [{ volumeName: 'hostdata', containerPath: '/data' }] });
    },
  },
  {
    name: 'docker_volume whose driver_opts come from a variable without default (unknown)',
    expect: ['HD-C12', 'HD-C02'],
    build: (s, f) => {
      s.addOverride('variable.opts', { type: 'map(string)' });
      const v = new Volume(s, 'v', { name: 'hostdata', driver: 'local' });
      v.addOverride('driver_opts', '${var.opts}');
      viaMount('hostdata')(f);
    },
    baseline: plainVolume(viaMount('hostdata')),
  },
];

/** A compliant network attachment: an internal network with icc off, joined through networks_advanced. */
const internalNetwork = (s: TerraformStack, f: Fixture) => {
  new Network(s, 'internal', { name: 'internal', internal: true, options: { 'com.docker.network.bridge.enable_icc': 'false' } });
  setAttr(f.container, 'network_mode', undefined);
  setAttr(f.container, 'networks_advanced', [{ name: '${docker_network.internal.name}' }]);
};

const NETWORKS: Case[] = [
  {
    name: 'networks_advanced joins data.docker_network named "bridge" (by name reference)',
    expect: ['HD-C27'],
    level: 'error',
    build: (s, f) => {
      internalNetwork(s, f);
      new DataDockerNetwork(s, 'br', { name: 'bridge' });
      setAttr(f.container, 'networks_advanced', [{ name: '${data.docker_network.br.name}' }]);
    },
    baseline: internalNetwork,
  },
  {
    name: 'networks_advanced joins data.docker_network named "bridge" (by id reference)',
    expect: ['HD-C27'],
    level: 'error',
    build: (s, f) => {
      internalNetwork(s, f);
      new DataDockerNetwork(s, 'br', { name: 'bridge' });
      setAttr(f.container, 'networks_advanced', [{ name: '${data.docker_network.br.id}' }]);
    },
    baseline: internalNetwork,
  },
  {
    name: 'network_mode = data.docker_network named "bridge" and no networks_advanced',
    expect: ['HD-C27'],
    level: 'error',
    build: (s, f) => {
      new DataDockerNetwork(s, 'br', { name: 'bridge' });
      setAttr(f.container, 'network_mode', '${data.docker_network.br.name}');
    },
  },
  {
    name: 'networks_advanced name "${"bridge"}"',
    expect: ['HD-C27'],
    level: 'error',
    build: (s, f) => {
      internalNetwork(s, f);
      setAttr(f.container, 'networks_advanced', [{ name: '${"bridge"}' }]);
    },
    baseline: internalNetwork,
  },
  {
    name: 'networks_advanced joins a docker_network by literal name whose options re-enable icc',
    expect: ['HD-N01'],
    build: (s, f) => {
      internalNetwork(s, f);
      new Network(s, 'open', { name: 'open', internal: true, options: { 'com.docker.network.bridge.enable_icc': '${"true"}' } });
      setAttr(f.container, 'networks_advanced', [{ name: 'open' }]);
    },
    baseline: internalNetwork,
  },
];

/** A second container `h` of the stack, compliant unless overridden. */
const helper = (s: TerraformStack, o: { [k: string]: unknown } = {}) => {
  const h = new Container(s, 'h', { ...COMPLIANT, name: 'h' });
  for (const [k, v] of Object.entries(o)) setAttr(h, k, v);
  return h;
};

const JOINS: Case[] = [
  {
    name: 'network_mode = "container:h" (literal name) where h is on the host network',
    expect: ['HD-C11'],
    level: 'error',
    at: 'adv/app',
    build: (s, f) => { helper(s, { network_mode: 'host' }); setAttr(f.container, 'network_mode', 'container:h'); },
    baseline: (s, f) => { helper(s); setAttr(f.container, 'network_mode', 'container:h'); },
  },
  {
    name: 'pid_mode = "container:${ docker_container.h.id }" (blanks) where h shares the host PID namespace',
    expect: ['HD-C11'],
    level: 'error',
    at: 'adv/app',
    build: (s, f) => { helper(s, { pid_mode: 'host' }); setAttr(f.container, 'pid_mode', 'container:${ docker_container.h.id }'); },
    baseline: (s, f) => { helper(s); setAttr(f.container, 'pid_mode', 'container:${ docker_container.h.id }'); },
  },
  {
    name: 'ipc_mode = "container:h" (literal name) where h shares the host IPC namespace',
    expect: ['HD-C11'],
    level: 'error',
    at: 'adv/app',
    build: (s, f) => { helper(s, { ipc_mode: 'host' }); setAttr(f.container, 'ipc_mode', 'container:h'); },
    baseline: (s, f) => { helper(s, { ipc_mode: 'shareable' }); setAttr(f.container, 'ipc_mode', 'container:h'); },
  },
  {
    name: 'volumes.from_container = "h" (literal name) where h mounts the docker socket',
    expect: ['HD-C02'],
    level: 'error',
    at: 'adv/app',
    build: (s, f) => {
      helper(s, { volumes: [{ host_path: '/var/run/docker.sock', container_path: '/var/run/docker.sock' }] });
      setAttr(f.container, 'volumes', [{ from_container: 'h' }]);
    },
    baseline: (s, f) => {
      helper(s, { volumes: [{ host_path: '/srv/data', container_path: '/data', read_only: true }] });
      setAttr(f.container, 'volumes', [{ from_container: 'h' }]);
    },
  },
];

/** Things that run, or grant, what the container JSON does not describe (fail-closed.md §1, §3). */
const BEYOND: Case[] = [
  {
    name: 'a TerraformHclModule in the stack (runs resources the stack JSON does not describe)',
    expect: ['*'],
    build: (s) => new TerraformHclModule(s, 'm', { source: 'git::https://example.com/docker-workloads.git?ref=v1' }),
  },
  {
    name: 'a local-exec provisioner on the container (runs docker itself)',
    expect: ['*'],
    build: (_s, f) => f.container.addOverride('provisioner', [{ 'local-exec': { command: 'docker run --privileged -v /:/host alpine chroot /host' } }]),
  },
  {
    name: 'docker_buildx_builder with the docker-container driver (BuildKit runs privileged)',
    expect: ['*'],
    build: (s) => new BuildxBuilder(s, 'bx', { name: 'bx', driver: 'docker-container', dockerContainer: {} }),
  },
  {
    name: 'docker_plugin with grant_all_permissions',
    expect: ['*'],
    build: (s) => new Plugin(s, 'p', { name: 'vieux/sshfs:latest', grantAllPermissions: true }),
  },
  {
    name: 'docker_network gateway_mode_ipv4 = nat-unprotected (unpublished ports reachable)',
    expect: ['*'],
    build: (s) => new Network(s, 'gw', { name: 'gw', options: { 'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.bridge.gateway_mode_ipv4': 'nat-unprotected' } }),
    baseline: (s) => new Network(s, 'gw', { name: 'gw', options: { 'com.docker.network.bridge.enable_icc': 'false' } }),
  },
  {
    name: 'docker_network gateway_mode_ipv6 = routed',
    expect: ['*'],
    build: (s) => new Network(s, 'gw', {
      name: 'gw',
      ipv6: true,
      ipamConfig: [{ subnet: 'fd00:1::/64' }],
      options: { 'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.bridge.gateway_mode_ipv6': 'routed' },
    }),
    baseline: (s) => new Network(s, 'gw', { name: 'gw', ipv6: true, ipamConfig: [{ subnet: 'fd00:1::/64' }], options: { 'com.docker.network.bridge.enable_icc': 'false' } }),
  },
  {
    name: 'security_opts apparmor=<a profile name the checks cannot see> (warning accepted)',
    expect: ['HD-C34', 'HD-C04'],
    note: 'UNSURE: fail-closed.md §3 says such a name runs whatever profile the host loaded (maybe flags=(unconfined)); docker-default is the known-good name',
    build: override('security_opts', ['no-new-privileges', 'apparmor=lxc-container-default-with-nesting']),
    baseline: override('security_opts', ['no-new-privileges', 'apparmor=docker-default']),
  },
];

describe('named volumes whose driver options mount host data', () => runCases(VOLUMES));
describe('namespaces and volumes joined from another container, by any name', () => runCases(JOINS));
describe('what the container JSON does not describe', () => runCases(BEYOND));
describe('networks reached through data sources and references', () => runCases(NETWORKS));
