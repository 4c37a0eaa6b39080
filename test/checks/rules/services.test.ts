import { DataDockerNetwork } from '@cdktf/provider-docker/lib/data-docker-network';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Service, ServiceConfig } from '@cdktf/provider-docker/lib/service';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { HardenedService, OverlayNetwork } from '../../../lib';
import { backendNetwork, findingsOf, PINNED, runChecks, stack } from '../util';

/** A service task that satisfies every container rule the service spec can express. */
const HARDENED: ServiceConfig['taskSpec'] = {
  containerSpec: {
    image: PINNED,
    user: '10001:10001',
    readOnly: true,
    capDrop: ['ALL'],
    healthcheck: { test: ['CMD', '/app', 'health'] },
  },
  resources: { limits: { memoryBytes: 268435456, nanoCpus: 500000000 } },
  restartPolicy: { condition: 'on-failure', maxAttempts: 3 },
  logDriver: { name: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
  networksAdvanced: [{ name: 'backend' }],
};

function service(s: TerraformStack, id: string, task: ServiceConfig['taskSpec'] = HARDENED, extra: Partial<ServiceConfig> = {}): Service {
  backendNetwork(s);
  return new Service(s, id, { name: id, taskSpec: task, ...extra });
}

/** Unsuppressed errors and warnings as `rule findingId`, sorted. */
function problems(s: TerraformStack, path = 'checks/svc'): string[] {
  return runChecks(s).filter((f) => !f.suppressed && f.level !== 'info' && f.path === path).map((f) => `${f.ruleId} ${f.findingId ?? '-'}`).sort();
}

describe('docker_service tasks are judged as the containers they run (service-projection.ts)', () => {
  test('a hardened service: no error and no warning; the info says what the service spec cannot set', () => {
    const s = stack();
    service(s, 'svc');
    expect(problems(s)).toEqual([]);
    expect(findingsOf(s, 'HD-S01').map((f) => [f.level, f.findingId])).toEqual([['info', 'not-expressible']]);
  });

  test('a bare service: root, writable, capabilities kept, no limits, unbounded restarts (the swarm default)', () => {
    const s = stack();
    service(s, 'svc', { containerSpec: { image: 'nginx:latest' } });
    expect(problems(s)).toEqual([
      'HD-C07 -', 'HD-C08 drop-all', 'HD-C09 memory', 'HD-C10 no-cpu-limit', 'HD-C16 -', 'HD-C22 nginx:latest', 'HD-C27 -', 'HD-C28 -',
    ]);
  });

  test('a service without networks: each task joins its node\'s default bridge (HD-C27); an overlay network or the host network does not', () => {
    const s = stack();
    service(s, 'svc', { ...HARDENED, networksAdvanced: undefined });
    expect(findingsOf(s, 'HD-C27').map((f) => f.message)).toEqual(['the service has no task_spec.networks_advanced: each task joins its node\'s default bridge (docker0)']);
    const s2 = stack();
    service(s2, 'svc', HARDENED);
    expect(findingsOf(s2, 'HD-C27')).toEqual([]);
  });

  test('root user, root group, cap_add in any spelling, a disk group', () => {
    const s = stack();
    service(s, 'svc', { ...HARDENED, containerSpec: { ...HARDENED!.containerSpec, user: 'root', groups: ['disk'], capAdd: ['sys_admin'] } });
    expect(problems(s)).toEqual(['HD-C06 root', 'HD-C08 CAP_SYS_ADMIN', 'HD-C25 disk']);
  });

  test('mounts: the engine socket and the host root, shared propagation', () => {
    const s = stack();
    service(s, 'svc', {
      ...HARDENED,
      containerSpec: {
        ...HARDENED!.containerSpec,
        mounts: [
          { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' },
          { type: 'bind', source: '/', target: '/host', readOnly: true, bindOptions: { propagation: 'rshared' } },
        ],
      },
    });
    expect(problems(s)).toEqual(['HD-C02 /', 'HD-C02 /var/run/docker.sock', 'HD-C12 /', 'HD-C12 /var/run/docker.sock', 'HD-C13 /']);
  });

  test('SELinux separation off, secrets in the environment, a sysctl, restart any with more than 5 attempts', () => {
    const s = stack();
    service(s, 'svc', {
      ...HARDENED,
      containerSpec: {
        ...HARDENED!.containerSpec,
        privileges: { seLinuxContext: { disable: true } },
        env: { DB_PASSWORD: 'hunter2hunter2' },
      },
      restartPolicy: { condition: 'any', maxAttempts: 9 },
    });
    expect(problems(s)).toEqual(['HD-C19 DB_PASSWORD', 'HD-C24 label=disable', 'HD-C28 -']);
  });

  test('the swarm host network, by name or through a network data source named host', () => {
    const s = stack();
    service(s, 'svc', { ...HARDENED, networksAdvanced: [{ name: 'host' }] });
    const host = new DataDockerNetwork(s, 'hostnet', { name: 'host' });
    service(s, 'svc2', { ...HARDENED, networksAdvanced: [{ name: host.id }] });
    expect(problems(s)).toEqual(['HD-C11 network_mode']);
    expect(problems(s, 'checks/svc2')).toEqual(['HD-C11 network_mode']);
  });

  test('published ports: ingress (every node) and host mode, with or without a published port (HD-S02)', () => {
    const s = stack();
    service(s, 'svc', HARDENED, {
      endpointSpec: { ports: [{ targetPort: 8080, publishedPort: 80 }, { targetPort: 22, publishMode: 'host' }, { targetPort: 53, protocol: 'udp' }] },
    });
    expect(findingsOf(s, 'HD-S02').map((f) => [f.findingId, f.level])).toEqual([['80->8080/tcp', 'error'], ['auto->22/tcp', 'error'], ['auto->53/udp', 'error']]);
  });

  test('what the checks cannot know about a service is reported under the service attribute behind it', () => {
    const s = stack();
    const svc = service(s, 'svc');
    svc.addOverride('task_spec.container_spec.user', '${var.user}');
    const f = findingsOf(s, 'HD-C06').concat(findingsOf(s, 'HD-C16')).filter((x) => x.findingId?.startsWith('unverifiable'));
    expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/^cannot verify task_spec\.container_spec\.user of docker_service\.svc: `\$\{var\.user\}`/)]);
  });
});

describe('HD-N04 overlay networks not encrypted', () => {
  test('non-compliant: an overlay network without the encrypted option', () => {
    const s = stack();
    new Network(s, 'plain', { name: 'plain', driver: 'overlay', attachable: true });
    expect(findingsOf(s, 'HD-N04').map((f) => [f.path, f.level])).toEqual([['checks/plain', 'warning']]);
  });
  test('compliant: encrypted (the option\'s presence), or not an overlay', () => {
    const s = stack();
    new Network(s, 'enc', { name: 'enc', driver: 'overlay', options: { encrypted: 'true' } });
    new Network(s, 'bridge', { name: 'bridge1', internal: true });
    expect(findingsOf(s, 'HD-N04')).toEqual([]);
  });
});

describe('HD-N05 attachable overlay networks', () => {
  test('non-compliant: attachable = true on an overlay (a literal, or a string Terraform converts)', () => {
    const s = stack();
    new Network(s, 'att', { name: 'att', driver: 'overlay', attachable: true, options: { encrypted: 'true' } });
    const str = new Network(s, 'att2', { name: 'att2', driver: 'overlay', options: { encrypted: 'true' } });
    str.addOverride('attachable', 'true');
    expect(findingsOf(s, 'HD-N05').map((f) => [f.path, f.level])).toEqual([['checks/att', 'warning'], ['checks/att2', 'warning']]);
  });
  test('compliant: not attachable, or not an overlay', () => {
    const s = stack();
    new Network(s, 'svc', { name: 'svc', driver: 'overlay', attachable: false, options: { encrypted: 'true' } });
    new Network(s, 'br', { name: 'br', attachable: true, internal: true });
    expect(findingsOf(s, 'HD-N05')).toEqual([]);
  });
  test('an attachable value the checks cannot know is reported, not passed', () => {
    const s = stack();
    const n = new Network(s, 'var', { name: 'var', driver: 'overlay', options: { encrypted: 'true' } });
    n.addOverride('attachable', '${var.attach}');
    expect(findingsOf(s, 'HD-N05').map((f) => f.findingId)).toEqual(['unverifiable:attachable']);
  });
});

describe('HD-S04 trust zones as placement', () => {
  const zone = (z: string) => ({ placement: { constraints: [`node.labels.cdktf-hardened-docker.trust-zone == ${z}`] } });
  test('non-compliant: a service without a zone constraint in a stack whose services use two zones', () => {
    const s = stack();
    service(s, 'proxy', { ...HARDENED, ...zone('dmz') });
    service(s, 'db', { ...HARDENED, ...zone('internal') });
    service(s, 'svc');
    expect(findingsOf(s, 'HD-S04').map((f) => [f.path, f.level, f.findingId])).toEqual([['checks/svc', 'error', 'no-zone-constraint']]);
    expect(findingsOf(s, 'HD-S04')[0].message).toContain('trust zones dmz, internal');
  });
  test('non-compliant: a constraint that contradicts the zone the service declares; constraints no node can satisfy', () => {
    const s = stack();
    service(s, 'svc', { ...HARDENED, ...zone('dmz') }, { labels: [{ label: 'io.cdktf-hardened-docker.trust-zone', value: 'internal' }] });
    service(s, 'both', { ...HARDENED, placement: { constraints: ['node.labels.cdktf-hardened-docker.trust-zone==dmz', 'node.labels.cdktf-hardened-docker.trust-zone == internal'] } });
    expect(findingsOf(s, 'HD-S04').map((f) => [f.path, f.findingId]).sort()).toEqual([['checks/both', 'conflicting-constraints'], ['checks/svc', 'contradicts:internal']]);
  });
  test('compliant: one zone or none in the stack; every service constrained; HardenedServices with trustZone', () => {
    const s = stack();
    service(s, 'a');
    service(s, 'b');
    expect(findingsOf(s, 'HD-S04')).toEqual([]);
    const s2 = stack();
    service(s2, 'proxy', { ...HARDENED, ...zone('dmz') });
    service(s2, 'db', { ...HARDENED, ...zone('internal') });
    expect(findingsOf(s2, 'HD-S04')).toEqual([]);
  });
  test('non-compliant: one zone in the stack is enough; a service without a constraint may land on its nodes', () => {
    const s = stack();
    service(s, 'proxy', { ...HARDENED, ...zone('dmz') });
    service(s, 'svc');
    expect(findingsOf(s, 'HD-S04').map((f) => [f.path, f.findingId])).toEqual([['checks/svc', 'no-zone-constraint']]);
  });
  test('a constraint the checks cannot read is reported, not passed', () => {
    const s = stack();
    service(s, 'proxy', { ...HARDENED, ...zone('dmz') });
    const v = service(s, 'svc', { ...HARDENED, ...zone('internal') });
    v.addOverride('task_spec.placement.constraints', '${var.constraints}');
    expect(findingsOf(s, 'HD-S04').map((f) => f.findingId)).toEqual(['unverifiable:task_spec[0].placement[0].constraints']);
  });
});

describe('HD-S05 a service on a network of another trust zone', () => {
  const zone = (z: string) => ({ placement: { constraints: [`node.labels.cdktf-hardened-docker.trust-zone == ${z}`] } });
  const zoned = (s: TerraformStack, id: string, z: string) => new Network(s, id, {
    name: id, driver: 'overlay', internal: true, options: { encrypted: 'true' }, labels: [{ label: 'io.cdktf-hardened-docker.trust-zone', value: z }],
  });
  test('non-compliant: by placement, by label, by literal network name, and a zoneless service on a zoned network', () => {
    const s = stack();
    const internal = zoned(s, 'internal', 'internal');
    service(s, 'svc', { ...HARDENED, ...zone('dmz'), networksAdvanced: [{ name: internal.id }] });
    service(s, 'labelled', { ...HARDENED, networksAdvanced: [{ name: 'internal' }] }, { labels: [{ label: 'io.cdktf-hardened-docker.trust-zone', value: 'dmz' }] });
    service(s, 'zoneless', { ...HARDENED, networksAdvanced: [{ name: internal.id }] });
    expect(findingsOf(s, 'HD-S05').map((f) => [f.path, f.level, f.findingId])).toEqual([
      ['checks/labelled', 'error', 'network:docker_network.internal'],
      ['checks/svc', 'error', 'network:docker_network.internal'],
      ['checks/zoneless', 'error', 'network:docker_network.internal'],
    ]);
    expect(findingsOf(s, 'HD-S05')[1].message).toBe('the service is in trust zone "dmz" but joins docker_network.internal, a network of trust zone "internal"');
  });
  test('compliant: the own zone; a grant\'s pair network that names both zones; a network without a zone label', () => {
    const s = stack();
    const dmz = zoned(s, 'dmz', 'dmz');
    const pair = new Network(s, 'pair', {
      name: 'pair',
      driver: 'overlay',
      internal: true,
      options: { encrypted: 'true' },
      labels: [
        { label: 'io.cdktf-hardened-docker.network', value: 'grant' },
        { label: 'io.cdktf-hardened-docker.grant-pair', value: 'checks/app <-> checks/svc' },
        { label: 'io.cdktf-hardened-docker.trust-zone', value: 'dmz <-> internal' },
      ],
    });
    const plain = new Network(s, 'plain', { name: 'plain', driver: 'overlay', internal: true, options: { encrypted: 'true' } });
    service(s, 'svc', { ...HARDENED, ...zone('dmz'), networksAdvanced: [{ name: dmz.id }, { name: pair.id }, { name: plain.id }] });
    service(s, 'app', { ...HARDENED, ...zone('internal'), networksAdvanced: [{ name: pair.id }] });
    expect(findingsOf(s, 'HD-S05')).toEqual([]);
  });
  test('the L2 escape hatch: a HardenedService overridden onto another zone\'s OverlayNetwork', () => {
    const s = stack();
    const internal = new OverlayNetwork(s, 'internal', { trustZone: 'internal' });
    const proxy = new HardenedService(s, 'proxy', { image: PINNED, trustZone: 'dmz' });
    proxy.serviceResource.addOverride('task_spec.networks_advanced', [{ name: internal.networkId }]);
    expect(findingsOf(s, 'HD-S05').map((f) => [f.path, f.findingId])).toEqual([['checks/proxy', expect.stringMatching(/^network:docker_network\.internal_/)]]);
  });
});

describe('HD-N04 on services: networks the stack does not declare', () => {
  test('a literal name or a data source: encryption cannot be verified (warning); a declared network is judged itself', () => {
    const s = stack();
    const legacy = new DataDockerNetwork(s, 'legacy', { name: 'legacy' });
    service(s, 'svc', { ...HARDENED, networksAdvanced: [{ name: 'legacy-backend' }, { name: legacy.id }, { name: 'backend' }] });
    expect(findingsOf(s, 'HD-N04').filter((f) => f.path === 'checks/svc').map((f) => [f.level, f.findingId])).toEqual([
      ['warning', 'network:data.docker_network.legacy'], ['warning', 'network:legacy-backend'],
    ]);
  });
});

describe('HD-S06 secret files readable by other users', () => {
  const secret = (extra: { [k: string]: unknown } = {}) => ({ secretId: 'abc', secretName: 'db', fileName: 'db', ...extra });
  test('non-compliant: the provider default 0444, a group-readable 0440, a world-writable 0666', () => {
    const s = stack();
    service(s, 'svc', { ...HARDENED, containerSpec: { ...HARDENED.containerSpec!, secrets: [secret(), secret({ fileName: 'g', fileMode: 0o440 }), secret({ fileName: 'w', fileMode: 0o666 })] } });
    expect(findingsOf(s, 'HD-S06').map((f) => [f.level, f.findingId, f.message])).toEqual([
      ['warning', 'secret:db', 'the secret file db is mounted with mode 0444 (provider 3.6.2\'s default: file_mode is not set): every user in the task can read it'],
      ['warning', 'secret:g', 'the secret file g is mounted with mode 0440: the group in the task can read it'],
      ['warning', 'secret:w', 'the secret file w is mounted with mode 0666: every user in the task can change it'],
    ]);
  });
  test('compliant: 0400 owned by the service uid (as HardenedService mounts them)', () => {
    const s = stack();
    service(s, 'svc', { ...HARDENED, containerSpec: { ...HARDENED.containerSpec!, secrets: [secret({ fileMode: 0o400, fileUid: '10001', fileGid: '10001' })] } });
    expect(findingsOf(s, 'HD-S06')).toEqual([]);
  });
});

describe('review round: rules on the swarm surface', () => {
  test('HD-C02 does not take a network filesystem\'s remote device for a host path (ceph, glusterfs, sshfs)', () => {
    const s = stack();
    for (const [id, type, device] of [['ceph', 'ceph', 'mon1:6789:/'], ['gluster', 'glusterfs', 'gfs1:/vol0'], ['sshfs', 'fuse.sshfs', 'user@host:/srv']]) {
      new Volume(s, id, { name: id, driverOpts: { type, device } });
    }
    service(s, 'svc', {
      ...HARDENED,
      containerSpec: {
        ...HARDENED.containerSpec!,
        mounts: [
          { type: 'volume', source: 'ceph', target: '/a', readOnly: true },
          { type: 'volume', source: 'gluster', target: '/b', readOnly: true },
          { type: 'volume', source: 'sshfs', target: '/c', readOnly: true },
        ],
      },
    });
    expect(problems(s).filter((p) => /HD-C02|HD-C12/.test(p))).toEqual([]);
    // the same `host:path` spelling on a block or unknown filesystem type is resolved as a path and reported
    const s2 = stack();
    new Volume(s2, 'blk', { name: 'blk', driverOpts: { type: 'ext4', device: 'dev:x/../../dev/sda1' } });
    service(s2, 'svc', { ...HARDENED, containerSpec: { ...HARDENED.containerSpec!, mounts: [{ type: 'volume', source: 'blk', target: '/a', readOnly: true }] } });
    expect(problems(s2).filter((p) => /HD-C02|HD-C12/.test(p))).not.toEqual([]);
  });

  test('HD-S05 leaves an unknown value of an unrelated network label alone; an unknown zone label stays reported', () => {
    const s = stack();
    const v = new TerraformVariable(s, 'team', { type: 'string' });
    const net = new Network(s, 'n', {
      name: 'n',
      driver: 'overlay',
      internal: true,
      options: { encrypted: 'true' },
      labels: [
        { label: 'io.cdktf-hardened-docker.trust-zone', value: 'internal' }, { label: 'team', value: v.stringValue },
      ],
    });
    service(s, 'svc', { ...HARDENED, placement: { constraints: ['node.labels.cdktf-hardened-docker.trust-zone == internal'] }, networksAdvanced: [{ name: net.id }] });
    expect(findingsOf(s, 'HD-S05')).toEqual([]);
  });
});
