/**
 * A declared container (a HardenedContainer with most features, mapped to
 * provider 3.6.2's create request) and a hand-made inspect of a live container
 * that matches it exactly, as Docker 20.10 reports one.
 */
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { ContainerNetwork, Duration, HardenedContainer, HealthCheck, Size } from '../../lib';
import { containerCreatePlan, ContainerCreatePlan } from '../../lib/engine/provider-mapping';
import { resolveReferences } from '../../lib/engine/stack';
import { CompareContext } from '../../lib/verify/compare';

export const IMAGE_ID = `sha256:${'a'.repeat(64)}`;
export const OTHER_IMAGE_ID = `sha256:${'b'.repeat(64)}`;
export const IMAGE_REF = `registry.example/webapp:1.4.2@sha256:${'c'.repeat(64)}`;
export const ADDRESS = 'docker_container.web_Resource_ABCDEF12';

/** The synthesized body of the declared container (as in cdk.tf.json, references unresolved). */
export function declaredBody(): any {
  const stack = new TerraformStack(Testing.app(), 'webapp');
  new DockerProvider(stack, 'docker', {});
  new HardenedContainer(stack, 'web', {
    image: IMAGE_REF,
    containerName: 'webapp-web',
    user: '1500:1500',
    command: ['/webapp', 'serve'],
    memoryLimit: Size.mebibytes(128),
    cpuLimit: 0.5,
    tmpfs: [{ containerPath: '/tmp', size: Size.mebibytes(16) }, { containerPath: '/cache', size: Size.mebibytes(8) }],
    volumes: [{ volumeName: 'webapp-data', containerPath: '/data' }],
    bindMounts: [{ hostPath: '/srv/webapp/config', containerPath: '/config' }],
    secrets: [{ name: 'session-key', hostPath: '/srv/webapp/secrets/session-key' }],
    networks: [{ network: ContainerNetwork.fromName('webapp') }],
    ports: [{ containerPort: 8080, hostPort: 18080 }],
    environment: { SESSION_KEY_FILE: '/run/secrets/session-key' },
    healthCheck: HealthCheck.exec(['/webapp', 'healthcheck'], { interval: Duration.seconds(10) }),
  });
  const json = JSON.parse(Testing.synth(stack));
  return Object.values<any>(json.resource.docker_container)[0];
}

/** The declared container as provider 3.6.2 would create it, with the image resolved to IMAGE_ID. */
export function declaredPlan(body: any = declaredBody()): ContainerCreatePlan {
  const resolved = resolveReferences(body, (type, _name, attribute) => {
    if (type === 'docker_image' && attribute === 'image_id') return IMAGE_ID;
    throw new Error(`unexpected reference ${type}.${attribute}`);
  }, 'test') as any;
  return containerCreatePlan('web_Resource_ABCDEF12', resolved);
}

export function context(overrides: Partial<CompareContext> = {}): CompareContext {
  return {
    stack: 'webapp',
    address: ADDRESS,
    declaredImage: IMAGE_REF,
    declaredImageId: IMAGE_ID,
    liveImageConfig: { User: '', Volumes: null },
    ...overrides,
  };
}

/**
 * A live container that matches `declaredPlan()` exactly, written the way
 * Docker 20.10 reports it (defaults filled in, image config merged, nulls).
 */
export function goodInspect(plan: ContainerCreatePlan = declaredPlan()): any {
  return {
    Id: 'f'.repeat(64),
    Name: '/webapp-web',
    Image: IMAGE_ID,
    State: { Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, ExitCode: 0 },
    HostConfig: {
      Binds: null,
      LogConfig: { Type: 'local', Config: { 'max-file': '3', 'max-size': '10m' } },
      NetworkMode: 'bridge',
      PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] },
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 },
      AutoRemove: false,
      VolumesFrom: null,
      CapAdd: null,
      CapDrop: ['ALL'],
      CgroupnsMode: 'private',
      IpcMode: 'private',
      PidMode: '',
      Privileged: false,
      PublishAllPorts: false,
      ReadonlyRootfs: true,
      SecurityOpt: ['no-new-privileges'],
      Tmpfs: {
        '/cache': 'rw,noexec,nosuid,nodev,size=8m,uid=1500,gid=1500,mode=1777',
        '/tmp': 'rw,noexec,nosuid,nodev,size=16m,uid=1500,gid=1500,mode=1777',
      },
      UTSMode: '',
      UsernsMode: '',
      ShmSize: 67108864,
      Sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024', 'net.ipv4.ping_group_range': '1 0' },
      Runtime: 'runc',
      CpuShares: 1024,
      Memory: 134217728,
      NanoCpus: 0,
      CpuPeriod: 100000,
      CpuQuota: 50000,
      Devices: null,
      DeviceCgroupRules: null,
      MemorySwap: 134217728,
      OomKillDisable: false,
      PidsLimit: null,
      Ulimits: [{ Name: 'nofile', Hard: 4096, Soft: 4096 }, { Name: 'nproc', Hard: 1024, Soft: 1024 }],
      Mounts: [
        { Type: 'bind', Source: '/srv/webapp/config', Target: '/config', ReadOnly: true, BindOptions: { Propagation: 'rprivate' } },
        { Type: 'volume', Source: 'webapp-data', Target: '/data', ReadOnly: true },
        { Type: 'bind', Source: '/srv/webapp/secrets/session-key', Target: '/run/secrets/session-key', ReadOnly: true, BindOptions: { Propagation: 'rprivate' } },
      ],
      Init: true,
    },
    Mounts: [
      { Type: 'bind', Source: '/srv/webapp/config', Destination: '/config', Mode: '', RW: false, Propagation: 'rprivate' },
      { Type: 'volume', Name: 'webapp-data', Source: '/var/lib/docker/volumes/webapp-data/_data', Destination: '/data', Driver: 'local', Mode: 'z', RW: false, Propagation: '' },
      { Type: 'bind', Source: '/srv/webapp/secrets/session-key', Destination: '/run/secrets/session-key', Mode: '', RW: false, Propagation: 'rprivate' },
    ],
    Config: {
      Hostname: 'ffffffffffff',
      User: '1500:1500',
      ExposedPorts: { '8080/tcp': {} },
      Env: ['SESSION_KEY_FILE=/run/secrets/session-key', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['/webapp', 'serve'],
      Healthcheck: { Test: ['CMD', '/webapp', 'healthcheck'], Interval: 10000000000, Timeout: 5000000000, StartPeriod: 0, Retries: 3 },
      Image: IMAGE_ID,
      Volumes: null,
      WorkingDir: '',
      Entrypoint: null,
      // the declared labels (the config hash is opaque) plus one merged from the image
      Labels: { ...plan.body.Labels, 'org.opencontainers.image.title': 'webapp' },
    },
    NetworkSettings: {
      Ports: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] },
      Networks: {
        webapp: { IPAMConfig: {}, Aliases: ['ffffffffffff'], IPAddress: '172.24.0.2' },
      },
    },
  };
}
