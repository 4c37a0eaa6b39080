import { DataDockerNetwork } from '@cdktf/provider-docker/lib/data-docker-network';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Secret } from '@cdktf/provider-docker/lib/secret';
import { Service } from '@cdktf/provider-docker/lib/service';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { HardenedService, OverlayNetwork, ServiceSecret } from '../../../../lib';
import type { ReportFinding } from '../../../../lib/checks/report';
import { PINNED, runChecks, stack } from '../../util';
import { HARDENED_SPEC, HARDENED_TASK } from '../redteam-swarm/swarm-harness';

const RULES = ['HD-S03', 'HD-S04', 'HD-S05', 'HD-S06', 'HD-N04', 'HD-C02', 'HD-C12', 'HD-U01'];
const ZONE_LABEL = 'io.cdktf-hardened-docker.trust-zone';
const zc = (zone: string) => `node.labels.cdktf-hardened-docker.trust-zone == ${zone}`;
const b64 = (t: string) => Buffer.from(t, 'utf8').toString('base64');

function live(s: TerraformStack, rules = RULES): string[] {
  return runChecks(s)
    .filter((f: ReportFinding) => rules.includes(f.ruleId) && !f.suppressed && (f.level === 'error' || f.level === 'warning'))
    .map((f) => `${f.ruleId} ${f.level} ${f.path} ${f.message}`);
}

function encNet(s: TerraformStack, id: string, name: string, labels?: { [k: string]: string }): Network {
  return new Network(s, id, {
    name,
    driver: 'overlay',
    internal: true,
    attachable: false,
    options: { encrypted: 'true' },
    ...(labels ? { labels: Object.entries(labels).map(([label, value]) => ({ label, value })) } : {}),
  });
}

function raw(s: TerraformStack, id: string, o: { zone?: string; networks: string[]; spec?: object; task?: object }): Service {
  return new Service(s, id, {
    name: id,
    ...(o.zone ? { labels: [{ label: ZONE_LABEL, value: o.zone }] } : {}),
    taskSpec: {
      ...HARDENED_TASK,
      containerSpec: { ...HARDENED_SPEC, ...(o.spec ?? {}) },
      networksAdvanced: o.networks.map((name) => ({ name })),
      ...(o.zone ? { placement: { constraints: [zc(o.zone)] } } : {}),
      ...(o.task ?? {}),
    },
  });
}

describe('false positives: swarm stacks', () => {
  test('W01 L2: dmz and internal HardenedServices, each on an OverlayNetwork of its zone', () => {
    const s = stack();
    const dmz = new OverlayNetwork(s, 'dmz', { trustZone: 'dmz' });
    const internal = new OverlayNetwork(s, 'internal', { trustZone: 'internal' });
    new HardenedService(s, 'web', { image: PINNED, trustZone: 'dmz', networks: [dmz.networkId] });
    new HardenedService(s, 'api', { image: PINNED, trustZone: 'dmz', networks: [dmz.networkId] });
    new HardenedService(s, 'db', { image: PINNED, trustZone: 'internal', networks: [internal.networkId] });
    expect(live(s)).toEqual([]);
  });

  test('W02 L2: HardenedServices with trust zones and no networks (private networks)', () => {
    const s = stack();
    new HardenedService(s, 'web', { image: PINNED, trustZone: 'dmz' });
    new HardenedService(s, 'db', { image: PINNED, trustZone: 'internal' });
    expect(live(s)).toEqual([]);
  });

  test('W03 L2: a same-zone grant between two internal services', () => {
    const s = stack();
    const internal = new OverlayNetwork(s, 'internal', { trustZone: 'internal' });
    const api = new HardenedService(s, 'api', { image: PINNED, trustZone: 'internal' });
    const db = new HardenedService(s, 'db', { image: PINNED, trustZone: 'internal' });
    internal.allow(api, db, { port: 5432 });
    expect(live(s)).toEqual([]);
  });

  test('W04 L2: a cross-zone grant with its opt-out (dmz web -> internal api)', () => {
    const s = stack();
    const internal = new OverlayNetwork(s, 'internal', { trustZone: 'internal' });
    const web = new HardenedService(s, 'web', { image: PINNED, trustZone: 'dmz' });
    const api = new HardenedService(s, 'api', { image: PINNED, trustZone: 'internal' });
    internal.allow(web, api, { port: 8080, crossTrustZone: { justification: 'the web tier calls the API, reviewed' } });
    expect(live(s)).toEqual([]);
  });

  test('W05 L2: service referencing its zone network by name (networkName), not id', () => {
    const s = stack();
    const dmz = new OverlayNetwork(s, 'dmz', { trustZone: 'dmz' });
    new HardenedService(s, 'web', { image: PINNED, trustZone: 'dmz', networks: [dmz.networkName] });
    new HardenedService(s, 'db', { image: PINNED, trustZone: 'internal' });
    expect(live(s)).toEqual([]);
  });

  test('W06 raw: unlabelled encrypted overlay joined by two services of ONE zone', () => {
    const s = stack();
    encNet(s, 'appnet', 'app-net');
    encNet(s, 'dbnet', 'db-net');
    raw(s, 'web', { zone: 'dmz', networks: ['${docker_network.appnet.name}'] });
    raw(s, 'api', { zone: 'dmz', networks: ['${docker_network.appnet.name}'] });
    raw(s, 'db', { zone: 'internal', networks: ['${docker_network.dbnet.name}'] });
    expect(live(s)).toEqual([]);
  });

  test('W07 raw: network joined by its id reference', () => {
    const s = stack();
    encNet(s, 'dmznet', 'dmz-net', { [ZONE_LABEL]: 'dmz' });
    encNet(s, 'intnet', 'int-net', { [ZONE_LABEL]: 'internal' });
    raw(s, 'web', { zone: 'dmz', networks: ['${docker_network.dmznet.id}'] });
    raw(s, 'db', { zone: 'internal', networks: ['${docker_network.intnet.id}'] });
    expect(live(s)).toEqual([]);
  });

  test('W08 raw: network joined by a literal name declared in the stack', () => {
    const s = stack();
    encNet(s, 'dmznet', 'dmz-net', { [ZONE_LABEL]: 'dmz' });
    encNet(s, 'intnet', 'int-net', { [ZONE_LABEL]: 'internal' });
    raw(s, 'web', { zone: 'dmz', networks: ['dmz-net'] });
    raw(s, 'db', { zone: 'internal', networks: ['int-net'] });
    expect(live(s)).toEqual([]);
  });

  test('W09 raw: zone network labelled with upper-case zone value ("DMZ") and service constraint "dmz"', () => {
    const s = stack();
    encNet(s, 'dmznet', 'dmz-net', { [ZONE_LABEL]: 'DMZ' });
    raw(s, 'web', { zone: 'dmz', networks: ['${docker_network.dmznet.name}'] });
    expect(live(s)).toEqual([]);
  });

  test('W10 raw: service with two constraints (zone + node.role == worker)', () => {
    const s = stack();
    encNet(s, 'dmznet', 'dmz-net', { [ZONE_LABEL]: 'dmz' });
    const sv = raw(s, 'web', { zone: 'dmz', networks: ['${docker_network.dmznet.name}'] });
    sv.addOverride('task_spec.placement.constraints', [zc('dmz'), 'node.role == worker', 'node.platform.os == linux']);
    raw(s, 'db', { zone: 'internal', networks: [] });
    expect(live(s, ['HD-S04', 'HD-S05'])).toEqual([]);
  });

  test('W11 raw: constraint written without spaces "node.labels.cdktf-hardened-docker.trust-zone==dmz"', () => {
    const s = stack();
    encNet(s, 'dmznet', 'dmz-net', { [ZONE_LABEL]: 'dmz' });
    const sv = raw(s, 'web', { zone: 'dmz', networks: ['${docker_network.dmznet.name}'] });
    sv.addOverride('task_spec.placement.constraints', ['node.labels.cdktf-hardened-docker.trust-zone==dmz']);
    raw(s, 'db', { zone: 'internal', networks: [] });
    expect(live(s, ['HD-S04', 'HD-S05'])).toEqual([]);
  });

  test('W12 raw: constraint uses != on the other zone in addition to == own zone', () => {
    const s = stack();
    encNet(s, 'dmznet', 'dmz-net', { [ZONE_LABEL]: 'dmz' });
    const sv = raw(s, 'web', { zone: 'dmz', networks: ['${docker_network.dmznet.name}'] });
    sv.addOverride('task_spec.placement.constraints', [zc('dmz'), 'node.labels.cdktf-hardened-docker.trust-zone != internal']);
    raw(s, 'db', { zone: 'internal', networks: [] });
    expect(live(s, ['HD-S04', 'HD-S05'])).toEqual([]);
  });

  test('W13 raw: data source for a network of the stack (same name) - same zone', () => {
    const s = stack();
    encNet(s, 'dmznet', 'dmz-net', { [ZONE_LABEL]: 'dmz' });
    new DataDockerNetwork(s, 'dmzdata', { name: 'dmz-net' });
    raw(s, 'web', { zone: 'dmz', networks: ['${data.docker_network.dmzdata.id}'] });
    expect(live(s)).toEqual([]);
  });

  test('W14 (intended warning, not FP) external network via data source -> HD-N04 only', () => {
    const s = stack();
    new DataDockerNetwork(s, 'ext', { name: 'traefik-public' });
    raw(s, 'web', { networks: ['${data.docker_network.ext.id}'] });
    const found = live(s);
    expect(found.filter((f) => !f.startsWith('HD-N04'))).toEqual([]);
  });

  // 0o440 with the service gid is flagged on purpose (HD-S06: only the service's own user needs the file; use 0400)
  for (const [label, mode] of [['256', 256], ['0o400', 0o400], ['"256" string', '256'], ['0o600', 0o600]] as const) {
    test(`W15 raw: secret file_mode ${label}`, () => {
      const s = stack();
      encNet(s, 'ov', 'backend-net');
      new Secret(s, 'sec', { name: 'db', data: b64('pw') });
      const sv = raw(s, 'svc', { networks: ['${docker_network.ov.name}'] });
      sv.addOverride('task_spec.container_spec.secrets', [{ secret_id: '${docker_secret.sec.id}', secret_name: 'db', file_name: '/run/secrets/db', file_mode: mode, file_uid: '10001', file_gid: '10001' }]);
      expect(live(s, ['HD-S06'])).toEqual([]);
    });
  }

  test('W16 L2: HardenedService with ServiceSecret.fromValue and fromExisting', () => {
    const s = stack();
    const sec = new Secret(s, 'sec', { name: 'api-token', data: b64('x') });
    new HardenedService(s, 'api', {
      image: PINNED,
      secrets: [
        ServiceSecret.fromValue({ fileName: 'db_password', value: new TerraformVariable(s, 'dbpw', { type: 'string', sensitive: true }).stringValue }),
        ServiceSecret.fromExisting({ secretId: sec.id, secretName: 'api-token' }),
      ],
    });
    expect(live(s, ['HD-S06', 'HD-S03'])).toEqual([]);
  });

  const VOLUMES: Array<[string, { [k: string]: string }]> = [
    ['NFS (addr=, device :/export)', { type: 'nfs', o: 'addr=10.0.0.5,nfsvers=4.1,rw,soft', device: ':/exports/app' }],
    ['NFS4 device host:/export', { type: 'nfs4', o: 'addr=nfs.example.com,rw', device: 'nfs.example.com:/exports/app' }],
    ['CIFS //server/share', { type: 'cifs', o: 'addr=fs.example.com,username=app,file_mode=0640,vers=3.0', device: '//fs.example.com/app' }],
    ['tmpfs size', { type: 'tmpfs', device: 'tmpfs', o: 'size=100m,uid=10001,mode=0700' }],
    ['NFS with o=nfsvers first and addr later, device with port', { type: 'nfs', o: 'nfsvers=4,addr=10.0.0.5,port=2049', device: ':/srv/share' }],
    ['NFS with upper-case type "NFS"', { type: 'NFS', o: 'addr=10.0.0.5', device: ':/exports/app' }],
    ['glusterfs device host:/vol', { type: 'glusterfs', device: 'gfs1.example.com:/vol0' }],
    ['NFS with IPv6 addr', { type: 'nfs', o: 'addr=[2001:db8::5],nfsvers=4', device: '[2001:db8::5]:/exports/app' }],
    ['NFS device with host only in addr, device "/exports/app" (no colon)', { type: 'nfs', o: 'addr=10.0.0.5,nfsvers=4', device: '/exports/app' }],
    ['smb3 //server/share', { type: 'smb3', o: 'addr=fs.example.com,username=app', device: '//fs.example.com/app' }],
    ['nfs via type "nfs" and o with "ro" and device ":/"', { type: 'nfs', o: 'addr=10.0.0.5,ro', device: ':/' }],
  ];
  for (const [label, opts] of VOLUMES) {
    test(`W17 docker_volume local driver ${label} mounted by a raw service`, () => {
      const s = stack();
      encNet(s, 'ov', 'backend-net');
      new Volume(s, 'data', { name: 'data', driver: 'local', driverOpts: opts });
      const sv = raw(s, 'svc', { networks: ['${docker_network.ov.name}'] });
      sv.addOverride('task_spec.container_spec.mounts', [{ type: 'volume', source: '${docker_volume.data.name}', target: '/data', read_only: true }]);
      expect(live(s, ['HD-C02', 'HD-C12'])).toEqual([]);
    });
    test(`W18 service mount volume_options ${label}`, () => {
      const s = stack();
      encNet(s, 'ov', 'backend-net');
      const sv = raw(s, 'svc', { networks: ['${docker_network.ov.name}'] });
      sv.addOverride('task_spec.container_spec.mounts', [{ type: 'volume', source: 'data', target: '/data', read_only: true, volume_options: { driver_name: 'local', driver_options: opts } }]);
      expect(live(s, ['HD-C02', 'HD-C12'])).toEqual([]);
    });
  }
});
