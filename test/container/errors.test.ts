import { TerraformVariable } from 'cdktf';
import { Capability, ContainerNetwork, HardenedContainer, HardenedContainerProps, HealthCheck, Duration, LogDriver, RestartPolicy, Size } from '../../lib';
import { IMAGE, newStack } from '../util';

const net = [{ network: ContainerNetwork.fromName('app-net') }];
const why = { justification: 'a justification long enough' };

/**
 * Each case: props that must be refused at synth, the prop the error must
 * name, and a fragment of what is allowed.
 */
const cases: Array<[string, Partial<HardenedContainerProps>, string, RegExp]> = [
  // image
  ['tag without digest', { image: 'nginx:1.27' }, 'image', /pinned by digest/],
  ['no tag, no digest', { image: 'nginx' }, 'image', /pinned by digest/],
  ['short digest', { image: 'nginx@sha256:abc' }, 'image', /64 lowercase hex/],
  ['upper-case digest', { image: `nginx@sha256:${'A'.repeat(64)}` }, 'image', /64 lowercase hex/],
  ['upper-case repository', { image: `Nginx@sha256:${'a'.repeat(64)}` }, 'image', /lowercase repository/],
  ['empty image', { image: '' }, 'image', /sha256/],
  ['image with spaces', { image: `ng inx@sha256:${'a'.repeat(64)}` }, 'image', /sha256/],
  ['sha512 digest', { image: `nginx@sha512:${'a'.repeat(128)}` }, 'image', /sha256/],
  // user
  ['root by name', { user: 'root' }, 'user', /root .* is refused/],
  ['uid 0', { user: '0:0' }, 'user', /refused.*optOuts.rootUser/],
  ['bare uid (group from the image, possibly 0)', { user: '1500' }, 'user', /give the group too \("1500:1500"\)/],
  ['uid 0 with group', { user: '0:1000' }, 'user', /refused/],
  ['zero-padded uid 0', { user: '000:1' }, 'user', /refused/],
  ['root group', { user: '1000:0' }, 'user', /group 0/],
  ['root group by name', { user: 'app:root' }, 'user', /refused/],
  ['malformed user', { user: 'a:b:c' }, 'user', /"uid:gid"/],
  ['empty user', { user: '' }, 'user', /uid/],
  ['user with space', { user: 'my user' }, 'user', /valid name/],
  ['uid too large', { user: '4294967296' }, 'user', /larger than/],
  // resources
  ['fractional MiB memory', { memoryLimit: Size.kibibytes(1536) }, 'memoryLimit', /whole number of MiB/],
  ['memory below engine minimum', { memoryLimit: Size.mebibytes(4) }, 'memoryLimit', /from 6 MiB/],
  ['zero cpus', { cpuLimit: 0 }, 'cpuLimit', /0.01 to 1024/],
  ['negative cpus', { cpuLimit: -1 }, 'cpuLimit', /0.01 to 1024/],
  ['too precise cpus', { cpuLimit: 0.123456 }, 'cpuLimit', /5 decimal places/],
  ['NaN cpus', { cpuLimit: NaN }, 'cpuLimit', /CPUs/],
  ['fractional process limit', { processLimit: 10.5 }, 'processLimit', /integer from 16/],
  ['tiny process limit', { processLimit: 1 }, 'processLimit', /integer from 16/],
  ['tiny file limit', { openFilesLimit: 3 }, 'openFilesLimit', /integer from 64/],
  // capabilities
  ['unknown capability', { capabilities: ['CAP_SYS_ADMIN' as Capability], optOuts: { addedCapabilities: why } }, 'capabilities[0]', /Capability enum/],
  ['lower-case capability', { capabilities: ['net_bind_service' as Capability], optOuts: { addedCapabilities: why } }, 'capabilities[0]', /Capability enum/],
  ['capability without opt-out', { capabilities: [Capability.NET_BIND_SERVICE] }, 'capabilities', /optOuts.addedCapabilities/],
  ['capability for a non-root user', { user: '1500:1500', capabilities: [Capability.NET_BIND_SERVICE], optOuts: { addedCapabilities: why } }, 'capabilities', /uid 0 only/],
  ['duplicate capability', { capabilities: [Capability.CHOWN, Capability.CHOWN], optOuts: { addedCapabilities: why } }, 'capabilities[1]', /once/],
  // tmpfs and mounts
  ['relative tmpfs', { tmpfs: [{ containerPath: 'cache' }] }, 'tmpfs[0].containerPath', /absolute/],
  ['tmpfs with ..', { tmpfs: [{ containerPath: '/var/../etc' }] }, 'tmpfs[0].containerPath', /normal form/],
  ['tmpfs on /proc', { tmpfs: [{ containerPath: '/proc/x' }] }, 'tmpfs[0].containerPath', /runtime manages/],
  ['tmpfs on /', { tmpfs: [{ containerPath: '/' }] }, 'tmpfs[0].containerPath', /must not be "\/"/],
  ['duplicate tmpfs', { tmpfs: [{ containerPath: '/cache' }, { containerPath: '/cache' }] }, 'tmpfs[1].containerPath', /once/],
  ['tiny tmpfs', { tmpfs: [{ containerPath: '/cache', size: Size.bytes(10) }] }, 'tmpfs[0].size', /4 KiB/],
  ['tmpfs path with comma', { tmpfs: [{ containerPath: '/a,b' }] }, 'tmpfs[0].containerPath', /comma/],
  ['bind of /', { bindMounts: [{ hostPath: '/', containerPath: '/host' }] }, 'bindMounts[0].hostPath', /host root/],
  ['bind of /etc', { bindMounts: [{ hostPath: '/etc', containerPath: '/cfg' }] }, 'bindMounts[0].hostPath', /\/etc/],
  ['bind below /etc', { bindMounts: [{ hostPath: '/etc/ssl/private', containerPath: '/cfg' }] }, 'bindMounts[0].hostPath', /below the sensitive host path \/etc/],
  ['bind of /proc', { bindMounts: [{ hostPath: '/proc', containerPath: '/p' }] }, 'bindMounts[0].hostPath', /\/proc/],
  ['bind of /sys', { bindMounts: [{ hostPath: '/sys/fs/cgroup', containerPath: '/c' }] }, 'bindMounts[0].hostPath', /\/sys/],
  ['bind of /dev', { bindMounts: [{ hostPath: '/dev', containerPath: '/d' }] }, 'bindMounts[0].hostPath', /\/dev/],
  ['bind of /boot', { bindMounts: [{ hostPath: '/boot', containerPath: '/b' }] }, 'bindMounts[0].hostPath', /\/boot/],
  ['bind of /usr', { bindMounts: [{ hostPath: '/usr/lib', containerPath: '/u' }] }, 'bindMounts[0].hostPath', /\/usr/],
  ['bind of /lib', { bindMounts: [{ hostPath: '/lib', containerPath: '/l' }] }, 'bindMounts[0].hostPath', /\/lib/],
  ['bind of /var/run', { bindMounts: [{ hostPath: '/var/run', containerPath: '/r' }] }, 'bindMounts[0].hostPath', /\/var\/run/],
  ['bind of /run', { bindMounts: [{ hostPath: '/run', containerPath: '/r' }] }, 'bindMounts[0].hostPath', /\/run/],
  ['docker socket', { bindMounts: [{ hostPath: '/var/run/docker.sock', containerPath: '/s' }] }, 'bindMounts[0].hostPath', /refused/],
  ['docker socket elsewhere', { bindMounts: [{ hostPath: '/home/ci/docker.sock', containerPath: '/s' }] }, 'bindMounts[0].hostPath', /engine socket/],
  ['containerd socket elsewhere', { bindMounts: [{ hostPath: '/srv/containerd.sock', containerPath: '/s' }] }, 'bindMounts[0].hostPath', /engine socket/],
  ['docker state', { bindMounts: [{ hostPath: '/var/lib/docker/volumes', containerPath: '/s' }] }, 'bindMounts[0].hostPath', /\/var\/lib\/docker/],
  ['bind with trailing slash', { bindMounts: [{ hostPath: '/srv/data/', containerPath: '/d' }] }, 'bindMounts[0].hostPath', /end with/],
  ['bind dodging with //', { bindMounts: [{ hostPath: '//etc', containerPath: '/d' }] }, 'bindMounts[0].hostPath', /normal form/],
  ['relative bind', { bindMounts: [{ hostPath: 'data', containerPath: '/d' }] }, 'bindMounts[0].hostPath', /absolute/],
  ['bind over /tmp tmpfs', { bindMounts: [{ hostPath: '/srv/x', containerPath: '/tmp' }] }, 'bindMounts[0].containerPath', /already used/],
  ['bad volume name', { volumes: [{ volumeName: 'bad/name', containerPath: '/d' }] }, 'volumes[0].volumeName', /\[a-zA-Z0-9_.-\]/],
  ['two mounts same target', { volumes: [{ volumeName: 'a', containerPath: '/d' }, { volumeName: 'b', containerPath: '/d' }] }, 'volumes[1].containerPath', /already used/],
  // secrets
  ['secret name with slash', { secrets: [{ name: '../x', hostPath: '/srv/s' }] }, 'secrets[0].name', /\[a-zA-Z0-9_.-\]/],
  ['duplicate secret', { secrets: [{ name: 'db', hostPath: '/srv/a' }, { name: 'db', hostPath: '/srv/b' }] }, 'secrets[1].name', /once/],
  ['secret from /etc', { secrets: [{ name: 'db', hostPath: '/etc/shadow' }] }, 'secrets[0].hostPath', /\/etc/],
  // environment
  ['password env', { environment: { DB_PASSWORD: 'x' } }, 'environment', /looks like a secret.*secrets: \[/],
  ['api key env', { environment: { STRIPE_API_KEY: 'x' } }, 'environment', /API_KEY/],
  ['camel-case token env', { environment: { githubToken: 'x' } }, 'environment', /TOKEN/],
  ['private key value', { environment: { CONFIG: '-----BEGIN RSA PRIVATE KEY-----\nabc' } }, 'environment.CONFIG', /PEM private key/],
  ['aws key value', { environment: { ID: 'AKIAABCDEFGHIJKLMNOP' } }, 'environment.ID', /AWS access key/],
  ['url with credentials', { environment: { DATABASE_URL: 'postgres://app:hunter2@db/app' } }, 'environment.DATABASE_URL', /embedded credentials/],
  ['bad env name', { environment: { 'A-B': 'x' } }, 'environment', /variable names/],
  ['NUL in env', { environment: { A: 'x\0y' } }, 'environment.A', /NUL/],
  ['opt-out does not cover value', { environment: { TOKEN_TTL: '-----BEGIN PRIVATE KEY-----' }, optOuts: { secretLikeEnvironment: { names: ['TOKEN_TTL'], justification: 'TTL is a number of seconds' } } }, 'environment.TOKEN_TTL', /PEM/],
  // networks and ports
  ['default bridge', { networks: [{ network: ContainerNetwork.fromName('bridge') }] }, 'networks[0].network', /predefined/],
  ['host network', { networks: [{ network: ContainerNetwork.fromName('host') }] }, 'networks[0].network', /predefined/],
  ['duplicate network', { networks: [...net, ...net] }, 'networks[1].network', /once/],
  ['bad ipv4', { networks: [{ network: ContainerNetwork.fromName('n'), ipv4Address: '300.1.1.1' }] }, 'networks[0].ipv4Address', /IPv4/],
  ['ports without network', { ports: [{ containerPort: 80 }] }, 'ports', /without networks/],
  ['port 0', { networks: net, ports: [{ containerPort: 0 }] }, 'ports[0].containerPort', /1 to 65535/],
  ['port too high', { networks: net, ports: [{ containerPort: 70000 }] }, 'ports[0].containerPort', /1 to 65535/],
  ['privileged host port', { networks: net, ports: [{ containerPort: 8080, hostPort: 80 }] }, 'ports[0].hostPort', /below 1024/],
  ['all interfaces', { networks: net, ports: [{ containerPort: 80, hostIp: '0.0.0.0' }] }, 'ports[0].hostIp', /nonLoopbackBinding/],
  ['ipv6 any', { networks: net, ports: [{ containerPort: 80, hostIp: '::' }] }, 'ports[0].hostIp', /nonLoopbackBinding/],
  ['public ip', { networks: net, ports: [{ containerPort: 80, hostIp: '192.0.2.10' }] }, 'ports[0].hostIp', /loopback only/],
  ['not an ip', { networks: net, ports: [{ containerPort: 80, hostIp: 'localhost' }] }, 'ports[0].hostIp', /IPv4 or IPv6/],
  ['duplicate port', { networks: net, ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 8080 }] }, 'ports[1]', /twice/],
  // restart
  ['too many retries', { restartPolicy: RestartPolicy.onFailure(6) }, 'restartPolicy.maxRetries', /1 to 5/],
  ['zero retries (unlimited in Docker)', { restartPolicy: RestartPolicy.onFailure(0) }, 'restartPolicy.maxRetries', /1 to 5/],
  ['always without opt-out', { restartPolicy: RestartPolicy.always() }, 'restartPolicy', /optOuts.unboundedRestart/],
  ['unless-stopped without opt-out', { restartPolicy: RestartPolicy.unlessStopped() }, 'restartPolicy', /without bound/],
  // logging
  ['none log driver', { logging: { driver: 'none' as LogDriver } }, 'logging.driver', /expected one of/],
  ['rotation on syslog', { logging: { driver: LogDriver.SYSLOG, maxFiles: 3 } }, 'logging.maxFiles', /local and json-file/],
  ['capabilities with only a root group', { user: '1500:0', capabilities: [Capability.NET_BIND_SERVICE], optOuts: { rootUser: why, addedCapabilities: why } }, 'capabilities', /uid 0 only/],
  ['bind of a parent of a sensitive path', { bindMounts: [{ hostPath: '/var', containerPath: '/v' }] }, 'bindMounts[0].hostPath', /contains the sensitive host path/],
  ['bind of a per-user docker dir', { bindMounts: [{ hostPath: '/home/alice/.docker', containerPath: '/d' }] }, 'bindMounts[0].hostPath', /per-user container engine/],
  ['raw max-size option', { logging: { options: { 'max-size': '1g' } } }, 'logging.options.max-size', /logging.maxSize/],
  ['huge log file', { logging: { maxSize: Size.gibibytes(2) } }, 'logging.maxSize', /1 MiB to 1 GiB/],
  // health check
  ['empty exec healthcheck', { healthCheck: HealthCheck.exec([]) }, 'healthCheck', /non-empty argv/],
  ['empty shell healthcheck', { healthCheck: HealthCheck.shell('  ') }, 'healthCheck', /non-empty command/],
  ['sub-second interval', { healthCheck: HealthCheck.exec(['/hc'], { interval: Duration.millis(10) }) }, 'healthCheck.interval', /at least 1000 ms/],
  ['negative retries', { healthCheck: HealthCheck.exec(['/hc'], { retries: -1 }) }, 'healthCheck.retries', /integer from 0/],
  // misc
  ['bad container name', { containerName: '-web' }, 'containerName', /\[a-zA-Z0-9_.-\]/],
  ['bad hostname', { hostname: 'a_b' }, 'hostname', /DNS label/],
  ['relative working dir', { workingDir: 'app' }, 'workingDir', /absolute/],
  ['reserved label', { labels: { 'io.cdktf-hardened-docker.hardened': 'false' } }, 'labels', /reserved/],
  ['NUL in command', { command: ['a\0b'] }, 'command', /NUL/],
  // opt-outs
  ['short justification', { user: 'root', optOuts: { rootUser: { justification: 'because' } } }, 'optOuts.rootUser.justification', /at least 10 characters/],
  ['whitespace justification', { optOuts: { writableRootFilesystem: { justification: '            ' } } }, 'optOuts.writableRootFilesystem.justification', /at least 10/],
  ['unused rootUser opt-out', { user: '1000:1000', optOuts: { rootUser: why } }, 'optOuts.rootUser', /does not apply/],
  ['unused tag opt-out', { optOuts: { mutableImageTag: why } }, 'optOuts.mutableImageTag', /does not apply/],
  ['unused capability opt-out', { optOuts: { addedCapabilities: why } }, 'optOuts.addedCapabilities', /does not apply/],
  ['unused restart opt-out', { optOuts: { unboundedRestart: why } }, 'optOuts.unboundedRestart', /does not apply/],
  ['unused env opt-out', { environment: { A: 'b' }, optOuts: { secretLikeEnvironment: { names: ['A'], justification: 'a justification long enough' } } }, 'optOuts.secretLikeEnvironment', /does not apply/],
  ['imageUser with user', { user: '1000', optOuts: { imageUser: why } }, 'user', /must not be set/],
  ['loopback with opt-out', { networks: net, ports: [{ containerPort: 80, nonLoopbackBinding: why }] }, 'ports[0].nonLoopbackBinding', /does not apply/],
];

describe('HardenedContainer refuses bad input at synth', () => {
  test.each(cases)('%s', (_name, props, prop, allowed) => {
    const create = () => new HardenedContainer(newStack('errs'), 'web', { image: IMAGE, ...props } as HardenedContainerProps);
    expect(create).toThrowError(allowed);
    // The message names the construct path and the prop.
    expect(create).toThrowError(new RegExp(`^errs/web: invalid ${escape(prop)} `));
  });

  test('tokens are refused where a value must be validated', () => {
    const stack = newStack('errs');
    const v = new TerraformVariable(stack, 'image', { type: 'string' });
    expect(() => new HardenedContainer(stack, 'web', { image: v.stringValue })).toThrowError(
      /^errs\/web: invalid image "<token>": must be a literal known at synth/,
    );
    const u = new TerraformVariable(stack, 'user', { type: 'string' });
    expect(() => new HardenedContainer(stack, 'web2', { image: IMAGE, user: u.stringValue })).toThrowError(/invalid user "<token>"/);
  });

  test('secret values are never echoed in errors', () => {
    const stack = newStack('errs');
    const secret = '-----BEGIN PRIVATE KEY-----MIIEvQ';
    expect(() => new HardenedContainer(stack, 'web', { image: IMAGE, environment: { X: secret } })).toThrowError(/<redacted>/);
    try {
      new HardenedContainer(stack, 'web2', { image: IMAGE, environment: { X: secret } });
    } catch (e) {
      expect(String(e)).not.toContain('MIIEvQ');
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
