import { DataDockerNetwork } from '@cdktf/provider-docker/lib/data-docker-network';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Service } from '@cdktf/provider-docker/lib/service';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack, Testing } from 'cdktf';
import { HARDENED_SPEC, HARDENED_TASK, service, SVC_PATH, svc, svcWith } from './swarm-harness';
import { Capability, HardenedService, OverlayNetwork, ServiceConfigFile, ServiceSecret } from '../../../../lib';
import { Case, Fixture, PINNED, runCases } from '../harness';

const JUST = { justification: 'reviewed by the platform team' };
const CS = 'task_spec.container_spec';

/** A default HardenedService `hs` (own encrypted overlay), then `fn` on its resource. */
type ServiceProps = Partial<ConstructorParameters<typeof HardenedService>[2]>;
const hs = (fn: (r: Service, s: TerraformStack, l2: HardenedService) => void = () => undefined, props: ServiceProps = {}) =>
  (s: TerraformStack, _f: Fixture) => {
    const l2 = new HardenedService(s, 'hs', { image: PINNED, ...props });
    fn(l2.serviceResource, s, l2);
  };
const HS = 'adv/hs';
const hsBase = hs();

const L2_CASES: Case[] = [
  { name: 'HardenedService override user "0:0"', expect: ['HD-C06'], level: 'error', at: HS, build: hs((r) => r.addOverride(`${CS}.user`, '0:0')), baseline: hsBase },
  { name: 'HardenedService override read_only false', expect: ['HD-C07'], level: 'error', at: HS, build: hs((r) => r.addOverride(`${CS}.read_only`, false)), baseline: hsBase },
  { name: 'HardenedService override cap_drop null', expect: ['HD-C08'], level: 'error', at: HS, build: hs((r) => r.addOverride(`${CS}.cap_drop`, null)), baseline: hsBase },
  {
    name: 'HardenedService opt-out NET_BIND_SERVICE, override cap_add += SYS_ADMIN',
    expect: ['HD-C08'],
    level: 'error',
    at: HS,
    build: hs((r) => r.addOverride(`${CS}.cap_add`, ['CAP_NET_BIND_SERVICE', 'sys_admin']), { capabilities: [Capability.NET_BIND_SERVICE], optOuts: { addedCapabilities: JUST } }),
    baseline: hs(() => undefined, { capabilities: [Capability.NET_BIND_SERVICE], optOuts: { addedCapabilities: JUST } }),
  },
  { name: 'HardenedService override networks_advanced host', expect: ['HD-C11'], level: 'error', at: HS, build: hs((r) => r.addOverride('task_spec.networks_advanced', [{ name: 'host' }])), baseline: hsBase },
  { name: 'HardenedService override limits removed', expect: ['HD-C09'], level: 'error', at: HS, build: hs((r) => r.addOverride('task_spec.resources', undefined)), baseline: hsBase },
  { name: 'HardenedService override restart_policy removed', expect: ['HD-C28'], at: HS, build: hs((r) => r.addOverride('task_spec.restart_policy', undefined)), baseline: hsBase },
  { name: 'HardenedService override bind /', expect: ['HD-C12'], level: 'error', at: HS, build: hs((r) => r.addOverride(`${CS}.mounts`, [{ type: 'bind', source: '/', target: '/host' }])), baseline: hsBase },
  {
    name: 'HardenedService publishedPorts opt-out for 443, override adds 22',
    expect: ['HD-S02'],
    level: 'error',
    at: HS,
    build: hs((r) => r.addOverride('endpoint_spec.ports', [{ target_port: 443, published_port: 443, protocol: 'tcp', publish_mode: 'ingress' }, { target_port: 22, published_port: 22 }]),
      { ports: [{ targetPort: 443, publishedPort: 443 }], optOuts: { publishedPorts: JUST } }),
    baseline: hs(() => undefined, { ports: [{ targetPort: 443, publishedPort: 443 }], optOuts: { publishedPorts: JUST } }),
  },
  {
    name: 'HardenedService mutableImageTag opt-out for app:1.0, override image to alpine:latest',
    expect: ['HD-C22', 'HD-I01'],
    at: HS,
    build: hs((r) => r.addOverride(`${CS}.image`, 'docker.io/library/alpine:latest'), { image: 'registry.example.com/app:1.0', optOuts: { mutableImageTag: JUST } }),
    baseline: hs(() => undefined, { image: 'registry.example.com/app:1.0', optOuts: { mutableImageTag: JUST } }),
  },
  {
    name: 'HardenedService secret, override file_mode 0444 and file_uid 0',
    expect: ['*'],
    at: HS,
    build: hs((r) => r.addOverride(`${CS}.secrets`, [{ secret_id: 'abc', secret_name: 'db', file_name: '/run/secrets/db', file_mode: 292, file_uid: '0', file_gid: '0' }]),
      { secrets: [ServiceSecret.fromExisting({ secretId: 'abc', secretName: 'db', fileName: 'db' })] }),
    baseline: hs(() => undefined, { secrets: [ServiceSecret.fromExisting({ secretId: 'abc', secretName: 'db', fileName: 'db' })] }),
  },
  {
    name: 'HardenedService zone dmz, override networks_advanced to an internal-zone OverlayNetwork',
    expect: ['*'],
    at: HS,
    note: 'HardenedService refuses this at construction (hardened-service.ts L870-875); no rule compares a service\'s zone with its networks\' zones.',
    build: (s) => {
      const internal = new OverlayNetwork(s, 'inet', { trustZone: 'internal' });
      const l2 = new HardenedService(s, 'hs', { image: PINNED, trustZone: 'dmz' });
      l2.serviceResource.addOverride('task_spec.networks_advanced', [{ name: internal.networkId }]);
    },
    baseline: (s) => { new OverlayNetwork(s, 'inet', { trustZone: 'internal' }); new HardenedService(s, 'hs', { image: PINNED, trustZone: 'dmz' }); },
  },
  {
    name: 'raw service labelled/placed dmz joins an internal-zone OverlayNetwork',
    expect: ['*'],
    at: SVC_PATH,
    build: (s) => {
      const internal = new OverlayNetwork(s, 'inet', { trustZone: 'internal' });
      service({}, { networksAdvanced: [{ name: internal.networkId }], placement: { constraints: [HardenedService.trustZoneConstraint('dmz')] } },
        { labels: [{ label: 'io.cdktf-hardened-docker.trust-zone', value: 'dmz' }] })(s);
    },
    baseline: (s) => {
      const dmz = new OverlayNetwork(s, 'inet', { trustZone: 'dmz' });
      service({}, { networksAdvanced: [{ name: dmz.networkId }], placement: { constraints: [HardenedService.trustZoneConstraint('dmz')] } },
        { labels: [{ label: 'io.cdktf-hardened-docker.trust-zone', value: 'dmz' }] })(s);
    },
  },
  {
    name: 'HardenedService zone dmz + HardenedService without zone (the latter may land on dmz nodes)',
    expect: ['HD-S04'],
    at: 'adv/db',
    build: (s) => { new HardenedService(s, 'web', { image: PINNED, trustZone: 'dmz' }); new HardenedService(s, 'db', { image: PINNED }); },
    baseline: (s) => { new HardenedService(s, 'web', { image: PINNED, trustZone: 'dmz' }); new HardenedService(s, 'db', { image: PINNED, trustZone: 'internal' }); },
  },
  {
    name: 'HardenedService zone dmz, override placement constraint to internal',
    expect: ['HD-S04'],
    level: 'error',
    at: HS,
    build: hs((r) => r.addOverride('task_spec.placement.constraints', [HardenedService.trustZoneConstraint('internal')]), { trustZone: 'dmz' }),
    baseline: hs(() => undefined, { trustZone: 'dmz' }),
  },
  {
    name: 'HardenedService zone dmz, override placement removed, second service internal',
    expect: ['HD-S04'],
    level: 'error',
    at: HS,
    build: (s) => { new HardenedService(s, 'db', { image: PINNED, trustZone: 'internal' }); hs((r) => r.addOverride('task_spec.placement', undefined), { trustZone: 'dmz' })(s, undefined as any); },
    baseline: (s) => { new HardenedService(s, 'db', { image: PINNED, trustZone: 'internal' }); hs(() => undefined, { trustZone: 'dmz' })(s, undefined as any); },
  },
];

const OVERLAY_CASES: Case[] = [
  {
    name: 'OverlayNetwork override attachable true',
    expect: ['HD-N05'],
    at: 'adv/ov',
    build: (s) => { new OverlayNetwork(s, 'ov').networkResource.addOverride('attachable', true); },
    baseline: (s) => { new OverlayNetwork(s, 'ov'); },
  },
  {
    name: 'OverlayNetwork override options = null',
    expect: ['HD-N04'],
    at: 'adv/ov',
    build: (s) => { const n = new OverlayNetwork(s, 'ov'); n.networkResource.addOverride('options', null); },
    baseline: (s) => { new OverlayNetwork(s, 'ov'); },
  },
  {
    name: 'OverlayNetwork unencrypted opt-out + override attachable',
    expect: ['HD-N05'],
    at: 'adv/ov',
    build: (s) => { new OverlayNetwork(s, 'ov', { unencrypted: JUST }).networkResource.addOverride('attachable', true); },
    baseline: (s) => { new OverlayNetwork(s, 'ov', { unencrypted: JUST }); },
  },
];

const NETREF_CASES: Case[] = [
  {
    name: 'service joins an overlay network the stack does not declare (literal name): encryption unknown',
    expect: ['*'],
    at: SVC_PATH,
    build: svc({}, { networksAdvanced: [{ name: 'legacy-backend' }] }),
    baseline: (s) => { new Network(s, 'ov', { name: 'legacy-backend', driver: 'overlay', internal: true, options: { encrypted: 'true' } }); service({}, { networksAdvanced: [{ name: 'legacy-backend' }] })(s); },
  },
  {
    name: 'service joins data.docker_network "legacy" by id (options unknown to the checks)',
    expect: ['*'],
    at: SVC_PATH,
    build: (s) => { const d = new DataDockerNetwork(s, 'legacy', { name: 'legacy-backend' }); service({}, { networksAdvanced: [{ name: d.id }] })(s); },
    baseline: (s) => { new Network(s, 'ov', { name: 'legacy-backend', driver: 'overlay', internal: true, options: { encrypted: 'true' } }); service({}, { networksAdvanced: [{ name: 'legacy-backend' }] })(s); },
  },
  ...[
    '${docker_network.ov.id != "" ? "host" : docker_network.ov.name}',
    '${replace(docker_network.ov.id, "/.*/", "host")}',
    '${coalesce("", "host", docker_network.ov.id)}',
    '${element(["host", docker_network.ov.id], 0)}',
    '${substr("${docker_network.ov.id}host", length(docker_network.ov.id), 4)}',
    '${trimprefix("x${docker_network.ov.id}", "x")}',
    '${lower(docker_network.ov.id)}',
    '${docker_network.ov.id == "" ? docker_network.ov.id : "host"}',
  ].map((expr): Case => ({
    name: `networks_advanced name = ${expr} (computed reference inside an expression that yields "host")`,
    expect: ['HD-C11', 'HD-U01'],
    at: SVC_PATH,
    build: (s) => { new Network(s, 'ov', { name: 'backend', driver: 'overlay', internal: true, options: { encrypted: 'true' } }); service({}, { networksAdvanced: [{ name: expr }] })(s); },
    baseline: (s) => { new Network(s, 'ov', { name: 'backend', driver: 'overlay', internal: true, options: { encrypted: 'true' } }); service({}, { networksAdvanced: [{ name: '${docker_network.ov.id}' }] })(s); },
  })),
  {
    name: 'bind source = ${docker_volume.v.mountpoint}/../../.. (computed host path: /var/lib/docker)',
    expect: ['HD-C12', 'HD-C02', 'HD-U01'],
    at: SVC_PATH,
    build: (s) => { const v = new Volume(s, 'v', { name: 'v' }); service({ mounts: [{ type: 'bind', source: `${v.mountpoint}/../../..`, target: '/d', readOnly: true }] })(s); },
    baseline: (s) => { new Volume(s, 'v', { name: 'v' }); service({ mounts: [{ type: 'bind', source: '/srv/data', target: '/d', readOnly: true }] })(s); },
  },
  {
    name: 'bind source = ${path.cwd} (unknown host path)',
    expect: ['HD-C12', 'HD-C02', 'HD-U01'],
    at: SVC_PATH,
    build: svc({ mounts: [{ type: 'bind', source: '${path.cwd}', target: '/d', readOnly: true }] }),
    baseline: svc({ mounts: [{ type: 'bind', source: '/srv/data', target: '/d', readOnly: true }] }),
  },
  {
    name: 'bind source = ${dirname("/var/run/docker.sock/x")}',
    expect: ['HD-C02', 'HD-U01'],
    at: SVC_PATH,
    build: svc({ mounts: [{ type: 'bind', source: '${dirname("/var/run/docker.sock/x")}', target: '/d', readOnly: true }] }),
    baseline: svc({ mounts: [{ type: 'bind', source: '/srv/data', target: '/d', readOnly: true }] }),
  },
  {
    name: 'mount type = "${"bi"}nd" with source /etc',
    expect: ['HD-C12'],
    level: 'error',
    at: SVC_PATH,
    build: svc({ mounts: [{ type: '${"bi"}nd', source: '/etc', target: '/d', readOnly: true }] }),
    baseline: svc({ mounts: [{ type: 'bind', source: '/srv/data', target: '/d', readOnly: true }] }),
  },
  {
    name: 'mounts as JSON array of two container_spec bodies is invalid; instead task_spec given twice via array merge',
    expect: ['*'],
    at: SVC_PATH,
    build: svcWith((sv) => sv.addOverride('task_spec.container_spec.mounts', [{ type: 'bind', source: '/srv/data', target: '/d', read_only: true }, { type: 'bind', source: '/etc/shadow', target: '/s', read_only: true }])),
    baseline: svc({ mounts: [{ type: 'bind', source: '/srv/data', target: '/d', readOnly: true }] }),
  },
];

describe('swarm red team: L2 escape hatches', () => runCases(L2_CASES));
describe('swarm red team: OverlayNetwork escape hatches', () => runCases(OVERLAY_CASES));
describe('swarm red team: indirections', () => runCases(NETREF_CASES));
void HARDENED_SPEC; void HARDENED_TASK;

describe('swarm red team: the L2 refuses what HD-S03 reports', () => {
  test.each([
    ['JSON', '{"db":{"password":"correct-horse-battery-staple"}}'],
    ['XML', '<db><password>correct-horse-battery-staple</password></db>'],
    ['.netrc', 'machine db.example.com login app password correct-horse-battery-staple'],
    ['TOML with a quoted key', '"db_password" = "correct-horse-battery-staple"'],
  ])('ServiceConfigFile.fromContent with a credential in %s is refused', (_format, content) => {
    const s = new TerraformStack(Testing.app(), 'adv');
    expect(() => new HardenedService(s, 'hs', { image: PINNED, configs: [ServiceConfigFile.fromContent({ path: '/etc/app/config', content })] }))
      .toThrow(/adv\/hs: invalid configs\[0\]\.content "<redacted>": it sets \S+, which looks like a secret/);
    expect(() => new HardenedService(s, 'ok', {
      image: PINNED, configs: [ServiceConfigFile.fromContent({ path: '/etc/app/config', content: content.replace(/password/g, 'host') })],
    })).not.toThrow();
  });
});
