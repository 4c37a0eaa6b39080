import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { BuildxBuilder } from '@cdktf/provider-docker/lib/buildx-builder';
import { Config } from '@cdktf/provider-docker/lib/config';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Plugin } from '@cdktf/provider-docker/lib/plugin';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformHclModule, TerraformStack, Testing } from 'cdktf';
import { AppArmorProfile, HardenedContainer, HardeningChecks, SecureDaemon } from '../../../lib';
import { findingsOf, PINNED, rawContainer, stack } from '../util';

/** `path findingId level` of every finding of a rule, sorted. */
function ids(s: TerraformStack, ruleId: string): string[] {
  return findingsOf(s, ruleId).map((f) => `${f.path} ${f.findingId ?? '-'} ${f.level}`).sort();
}

const COMPLIANT = { user: '10001:10001', readOnly: true, capabilities: { drop: ['ALL'] } };

describe('HD-C34 AppArmor profile not in the configuration', () => {
  test('non-compliant: a host profile named by a raw container', () => {
    const s = stack();
    rawContainer(s, 'nest', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'apparmor=lxc-container-default-with-nesting'] });
    rawContainer(s, 'colon', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'apparmor:my-profile'] });
    expect(ids(s, 'HD-C34')).toEqual(['checks/colon my-profile warning', 'checks/nest lxc-container-default-with-nesting warning']);
  });
  test('compliant: docker-default, no option, a profile the library renders (also named by a raw container)', () => {
    const s = stack();
    rawContainer(s, 'default', { ...COMPLIANT, securityOpts: ['no-new-privileges', 'apparmor=docker-default'] });
    const profile = new AppArmorProfile({ name: 'web' });
    new HardenedContainer(s, 'web', { image: PINNED, apparmorProfile: profile });
    rawContainer(s, 'peer', { ...COMPLIANT, securityOpts: ['no-new-privileges', profile.securityOpt()] });
    expect(ids(s, 'HD-C34')).toEqual([]);
  });
});

describe('HD-N03 bridge gateway modes that route unpublished ports', () => {
  test('non-compliant: nat-unprotected and routed, IPv4 and IPv6', () => {
    const s = stack();
    new Network(s, 'a', { name: 'a', options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'nat-unprotected' } });
    new Network(s, 'b', { name: 'b', options: { 'com.docker.network.bridge.gateway_mode_ipv6': 'routed' } });
    expect(ids(s, 'HD-N03')).toEqual([
      'checks/a com.docker.network.bridge.gateway_mode_ipv4 error', 'checks/b com.docker.network.bridge.gateway_mode_ipv6 error',
    ]);
  });
  test('compliant: nat, isolated, unset', () => {
    const s = stack();
    new Network(s, 'a', { name: 'a', options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'nat' } });
    new Network(s, 'b', { name: 'b', internal: true, options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'isolated' } });
    new Network(s, 'c', { name: 'c' });
    expect(ids(s, 'HD-N03')).toEqual([]);
  });
});

describe('HD-B01 buildx builder runs BuildKit privileged', () => {
  test('non-compliant: the default driver, docker-container explicitly or as a block, kubernetes without rootless', () => {
    const s = stack();
    new BuildxBuilder(s, 'def', { name: 'def' });
    new BuildxBuilder(s, 'dc', { name: 'dc', driver: 'docker-container' });
    new BuildxBuilder(s, 'block', { name: 'block', dockerContainer: { image: 'moby/buildkit:v0.20.0' } });
    new BuildxBuilder(s, 'k8s', { name: 'k8s', kubernetes: { namespace: 'build' } });
    expect(ids(s, 'HD-B01')).toEqual([
      'checks/block docker-container error', 'checks/dc docker-container error', 'checks/def docker-container error', 'checks/k8s kubernetes error',
    ]);
    // the BuildKit image's pinning is HD-I01's business
    expect(ids(s, 'HD-I01')).toEqual(['checks/block moby/buildkit:v0.20.0 error']);
  });
  test('compliant: rootless kubernetes, a remote BuildKit', () => {
    const s = stack();
    new BuildxBuilder(s, 'k8s', { name: 'k8s', kubernetes: { namespace: 'build', rootless: true } });
    new BuildxBuilder(s, 'remote', { name: 'remote', remote: { cacert: '/ca.pem', cert: '/c.pem', key: '/k.pem' }, endpoint: 'tcp://buildkit:1234' });
    expect(ids(s, 'HD-B01')).toEqual([]);
  });
});

describe('HD-G01 plugin privileges', () => {
  test('non-compliant: grant_all_permissions, host network, devices, mounts, capabilities', () => {
    const s = stack();
    new Plugin(s, 'all', { name: 'vieux/sshfs:latest', grantAllPermissions: true });
    new Plugin(s, 'some', {
      name: 'vieux/sshfs:latest',
      grantPermissions: [{ name: 'network', value: ['host'] }, { name: 'mount', value: ['/var/lib/docker/plugins/'] },
        { name: 'device', value: ['/dev/fuse'] }, { name: 'capabilities', value: ['CAP_SYS_ADMIN'] }],
    });
    expect(ids(s, 'HD-G01')).toEqual([
      'checks/all grant_all_permissions error', 'checks/some capabilities error', 'checks/some device error', 'checks/some mount error', 'checks/some network error',
    ]);
  });
  test('compliant: no grants, or a network grant that is not the host', () => {
    const s = stack();
    new Plugin(s, 'none', { name: 'vieux/sshfs:latest' });
    new Plugin(s, 'net', { name: 'vieux/sshfs:latest', grantPermissions: [{ name: 'network', value: ['bridge'] }] });
    expect(ids(s, 'HD-G01')).toEqual([]);
  });
});

describe('HD-X01 configuration the checks cannot see, HD-X02 provisioners that run containers with host access', () => {
  test('non-compliant: a module, local-exec and remote-exec provisioners (on any resource type), an import block', () => {
    const s = stack();
    new TerraformHclModule(s, 'legacy', { source: 'git::https://example.com/legacy-containers.git?ref=v1' });
    const c = rawContainer(s, 'c', COMPLIANT);
    c.addOverride('provisioner', [{ 'local-exec': { command: 'docker run --privileged -v /:/host alpine' } }]);
    const n = new Network(s, 'n', { name: 'n' });
    n.addOverride('provisioner', [{ 'remote-exec': { inline: ['docker network connect n x'] } }]);
    s.addOverride('import', [{ to: 'docker_container.c', id: 'abc123' }]);
    const f = findingsOf(s, 'HD-X01');
    expect(f.map((x) => `${x.findingId} ${x.level}`).sort()).toEqual([
      'docker_container.c.provisioner[0].local-exec warning', 'docker_network.n.provisioner[0].remote-exec warning', 'import.docker_container.c warning',
      'module.legacy warning',
    ]);
    expect(f.find((x) => x.findingId === 'docker_container.c.provisioner[0].local-exec')!.message).toMatch(/docker run --privileged/);
    expect(ids(s, 'HD-X02')).toEqual([
      'docker_container.c.provisioner[0].local-exec --privileged (every capability and device) error',
      'docker_container.c.provisioner[0].local-exec the host path / mounted (it contains /run, which holds the engine sockets) error',
    ].map((x) => `checks/c ${x.replace('docker_container.c.provisioner[0].local-exec ', '')}`).sort());
  });
  test('X02 reads every way a CLI gives the container the host', () => {
    const s = stack();
    const cmds = ['podman run --net=host x', 'docker run --pid host x', 'docker -H tcp://10.0.0.1:2375 ps', 'nerdctl run --cap-add SYS_ADMIN x',
      'docker run -v /var/run/docker.sock:/s x', 'docker run --security-opt seccomp=unconfined x'];
    for (const [i, command] of cmds.entries()) rawContainer(s, `c${i}`, COMPLIANT).addOverride('provisioner', [{ 'local-exec': { command } }]);
    expect(findingsOf(s, 'HD-X02').map((f) => f.path).sort()).toEqual(cmds.map((_c, i) => `checks/c${i}`));
  });
  test('a command the checks cannot know (a variable) is reported under HD-X02, not passed', () => {
    const s = stack();
    rawContainer(s, 'c', COMPLIANT).addOverride('provisioner', [{ 'local-exec': { command: '${var.cmd}' } }]);
    expect(findingsOf(s, 'HD-X02').map((f) => [f.level, f.findingId])).toEqual([['error', 'unverifiable:command']]);
  });
  test('compliant: nothing of the kind; a file provisioner copies, it runs nothing; a harmless docker command', () => {
    const s = stack();
    rawContainer(s, 'c', COMPLIANT).addOverride('provisioner', [{ file: { source: 'a', destination: '/tmp/a' } }]);
    rawContainer(s, 'd', COMPLIANT).addOverride('provisioner', [{ 'local-exec': { command: 'docker image prune -f' } }]);
    expect(ids(s, 'HD-X01').filter((x) => x.startsWith('checks/c '))).toEqual([]);
    expect(ids(s, 'HD-X02')).toEqual([]);
  });
});

describe('HD-C36 writable tmpfs with exec, suid or dev; HD-C37 logs not rotated', () => {
  test('non-compliant: the last of exec/noexec wins over Docker\'s noexec,nosuid,nodev', () => {
    const s = stack();
    rawContainer(s, 'c', { ...COMPLIANT, tmpfs: { '/tmp': 'rw,exec', '/run': 'rw,noexec,suid', '/dev/shm': 'rw,noexec,exec,dev' } });
    expect(ids(s, 'HD-C36')).toEqual(['checks/c /dev/shm:dev warning', 'checks/c /dev/shm:exec warning', 'checks/c /run:suid warning', 'checks/c /tmp:exec warning']);
  });
  test('compliant: noexec, exec undone by a later noexec, HardenedContainer tmpfs', () => {
    const s = stack();
    rawContainer(s, 'c', { ...COMPLIANT, tmpfs: { '/tmp': 'rw,exec,noexec,size=64k', '/run': 'rw' } });
    new HardenedContainer(s, 'h', { image: PINNED });
    expect(ids(s, 'HD-C36')).toEqual([]);
  });
  test('non-compliant: json-file without max-size, max-size -1 on json-file and local', () => {
    const s = stack();
    rawContainer(s, 'a', { ...COMPLIANT, logDriver: 'json-file' });
    rawContainer(s, 'b', { ...COMPLIANT, logDriver: 'json-file', logOpts: { 'max-size': '-1' } });
    rawContainer(s, 'c', { ...COMPLIANT, logDriver: 'local', logOpts: { 'max-size': '-1' } });
    expect(ids(s, 'HD-C37')).toEqual(['checks/a max-size warning', 'checks/b max-size warning', 'checks/c max-size warning']);
  });
  test('compliant: rotated json-file, local by default, HardenedContainer, a remote driver', () => {
    const s = stack();
    rawContainer(s, 'a', { ...COMPLIANT, logDriver: 'json-file', logOpts: { 'max-size': '10m', 'max-file': '3' } });
    rawContainer(s, 'b', { ...COMPLIANT, logDriver: 'local' });
    rawContainer(s, 'c', { ...COMPLIANT, logDriver: 'journald' });
    new HardenedContainer(s, 'h', { image: PINNED });
    expect(ids(s, 'HD-C37')).toEqual([]);
  });
});

describe('HD-U01 what the schema does not know is not verified', () => {
  test('an attribute provider 3.6.2 does not have, at the top or nested or in a dynamic block; a docker_* type it does not have', () => {
    const s = stack();
    const c = rawContainer(s, 'c', COMPLIANT);
    c.addOverride('cap_add', ['SYS_ADMIN']);
    c.addOverride('mounts', [{ type: 'tmpfs', target: '/t', tmpfs_options: { exec: true } }]);
    c.addOverride('dynamic.ports', { for_each: [1], content: { internal: 80, host_ip: '0.0.0.0' } });
    s.addOverride('resource.docker_swarm_job.j', { name: 'j' });
    expect(ids(s, 'HD-U01')).toEqual(['checks/c cap_add warning', 'checks/c mounts.tmpfs_options.exec warning', 'checks/c ports.host_ip warning',
      'docker_swarm_job.j docker_swarm_job warning']);
  });
  test('compliant: every attribute known (the library\'s own resources)', () => {
    const s = stack();
    new HardenedContainer(s, 'h', { image: PINNED });
    rawContainer(s, 'c', COMPLIANT);
    expect(ids(s, 'HD-U01')).toEqual([]);
  });
});

describe('HD-I02 image builds with host access or secrets, HD-I03 locally built images, plugins pinned (HD-I01)', () => {
  test('non-compliant: host network, seccomp off, a token in build_args', () => {
    const s = stack();
    new Image(s, 'img', {
      name: 'app:dev',
      buildAttribute: { context: '.', networkMode: 'host', securityOpt: ['seccomp=unconfined'], buildArgs: { NPM_TOKEN: 'x', VERSION: '1' } },
    });
    expect(ids(s, 'HD-I02')).toEqual(['checks/img build_args.NPM_TOKEN error', 'checks/img network_mode error', 'checks/img security_opt:seccomp error']);
    // a locally built image is not "unpinned": an info says where its pins belong
    expect(ids(s, 'HD-I01')).toEqual([]);
    expect(ids(s, 'HD-I03')).toEqual(['checks/img built-locally info']);
  });
  test('a container of a locally built image is not an unpinned-image error either', () => {
    const s = stack();
    const img = new Image(s, 'img', { name: 'app:dev', buildAttribute: { context: '.' } });
    rawContainer(s, 'c', { ...COMPLIANT, image: img.imageId });
    expect(ids(s, 'HD-C22')).toEqual([]);
    expect(ids(s, 'HD-I02')).toEqual([]);
  });
  test('plugins are image references: a tag is HD-I01', () => {
    const s = stack();
    new Plugin(s, 'tagged', { name: 'vieux/sshfs:latest' });
    new Plugin(s, 'pinned', { name: `vieux/sshfs@sha256:${'c'.repeat(64)}` });
    expect(ids(s, 'HD-I01')).toEqual(['checks/tagged vieux/sshfs:latest error']);
  });
});

describe('HD-B01 what a builder lets its build steps do; HD-C39 runtimes', () => {
  test('insecure entitlements, a config file, unpinned BuildKit and QEMU images, QEMU handlers, a remote BuildKit without TLS', () => {
    const s = stack();
    new BuildxBuilder(s, 'flags', { name: 'flags', driver: 'remote', endpoint: 'tcp://buildkit:1234', buildkitFlags: '--allow-insecure-entitlement security.insecure' });
    new BuildxBuilder(s, 'cfg', { name: 'cfg', kubernetes: { rootless: true, image: 'moby/buildkit:rootless', qemu: { install: true } }, buildkitConfig: '/etc/buildkitd.toml' });
    new BuildxBuilder(s, 'net', { name: 'net', dockerContainer: { network: 'host' } });
    expect(ids(s, 'HD-B01')).toEqual([
      'checks/cfg buildkit_config error', 'checks/cfg qemu.install error', 'checks/flags entitlement:security.insecure error', 'checks/flags remote-tls error',
      'checks/net docker-container error', 'checks/net network error',
    ]);
    expect(ids(s, 'HD-I01')).toEqual(['checks/cfg moby/buildkit:rootless error']);
  });
  test('runtimes: unknown names are HD-C39 warnings; runc, crun, gVisor and Kata are not', () => {
    const s = stack();
    rawContainer(s, 'odd', { ...COMPLIANT, runtime: 'nvidia' });
    for (const runtime of ['runc', 'crun', 'runsc', 'io.containerd.kata.v2']) rawContainer(s, runtime.replace(/\W/g, ''), { ...COMPLIANT, runtime });
    expect(ids(s, 'HD-C39')).toEqual(['checks/odd nvidia warning']);
  });
  test('a CPU quota over a tiny period is no limit (HD-C10)', () => {
    const s = stack();
    rawContainer(s, 'c', { ...COMPLIANT, cpuQuota: 100000, cpuPeriod: 1000 });
    expect(ids(s, 'HD-C10')).toEqual(['checks/c cpu-period error']);
  });
});

describe('a SecureDaemon of the stack: its own socket and state are the engine\'s for every container (HD-C02, HD-C12)', () => {
  test('a custom unix socket and data-root are caught wherever they live', () => {
    const s = stack();
    new SecureDaemon(s, 'd', { hostName: 'h1', unixSocket: '/srv/engine/api', dataRoot: '/srv/engine-data' });
    rawContainer(s, 'sock', { ...COMPLIANT, mounts: [{ type: 'bind', source: '/srv/engine', target: '/e', readOnly: true }] });
    rawContainer(s, 'data', { ...COMPLIANT, volumes: [{ hostPath: '/srv/engine-data/volumes', containerPath: '/v', readOnly: true }] });
    expect(ids(s, 'HD-C02')).toEqual(['checks/sock /srv/engine error']);
    expect(ids(s, 'HD-C12')).toEqual(['checks/data /srv/engine-data/volumes error']);
  });
  test('the lists: kubelet sockets, cron spools, all homes and logs, credential directories; an app\'s own log directory is fine', () => {
    const s = stack();
    const bind = (source: string) => ({ ...COMPLIANT, mounts: [{ type: 'bind', source, target: '/m', readOnly: true }] });
    rawContainer(s, 'kubelet', bind('/var/lib/kubelet/pod-resources/kubelet.sock'));
    rawContainer(s, 'cron', bind('/var/spool/cron/crontabs'));
    rawContainer(s, 'home', bind('/home'));
    rawContainer(s, 'ssh', bind('/home/ci/.ssh'));
    rawContainer(s, 'logs', bind('/var/log'));
    rawContainer(s, 'applogs', bind('/var/log/myapp'));
    expect(ids(s, 'HD-C12').map((x) => x.split(' ')[0])).toEqual(['checks/cron', 'checks/home', 'checks/kubelet', 'checks/logs', 'checks/ssh']);
    expect(ids(s, 'HD-C02')).toEqual(['checks/kubelet /var/lib/kubelet/pod-resources/kubelet.sock error']);
  });
});

describe('cross-stack references are followed into the stack that declares the resource', () => {
  test('a digest-pinned image of one stack, run by containers of another: no HD-C22 error; a tag there still is one', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cross-')) });
    const a = new TerraformStack(app, 'images');
    new DockerProvider(a, 'docker', {});
    const b = new TerraformStack(app, 'workload');
    new DockerProvider(b, 'docker', {});
    const pinned = new Image(a, 'pinned', { name: PINNED });
    const tagged = new Image(a, 'tagged', { name: 'nginx:latest' });
    rawContainer(b, 'ok', { ...COMPLIANT, image: pinned.imageId });
    rawContainer(b, 'bad', { ...COMPLIANT, image: tagged.imageId });
    const checks = HardeningChecks.applyTo(app, { reports: false });
    // as app.synth() prepares them: the references become remote-state outputs of the images stack
    for (const st of [a, b]) st.prepareStack();
    Testing.synth(b);
    const f = checks._findingsOf('workload')!.filter((x) => x.ruleId === 'HD-C22');
    expect(f.map((x) => [x.path, x.findingId])).toEqual([['workload/bad', 'nginx:latest']]);
  });
});

describe('HD-S03 secrets in swarm configs', () => {
  test('non-compliant: a secret-looking name or value in the data; compliant: settings', () => {
    const s = stack();
    new Config(s, 'bad', { name: 'bad', data: Buffer.from('DB_PASSWORD=hunter2hunter2\n').toString('base64') });
    new Config(s, 'ok', { name: 'ok', data: Buffer.from('LOG_LEVEL=info\n').toString('base64') });
    expect(ids(s, 'HD-S03')).toEqual(['checks/bad data:DB_PASSWORD warning']);
  });
});
