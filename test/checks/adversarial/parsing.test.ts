import { Container } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack } from 'cdktf';
import { Case, COMPLIANT, expectNoNewFinding, Fixture, override, runCases, setAttr } from './harness';

/**
 * Parsing parity with the provider and the engine (fail-closed.md §2-4): the
 * checks must read an attribute the way provider v3.6.2, moby/runc and OpenSSH
 * read it, not the way it looks.
 */

const seccomp = (profile: string) => override('security_opts', ['no-new-privileges', `seccomp=${profile}`]);

const VOLUMES: Case[] = [
  {
    name: 'volumes.volume_name "/var/run/docker.sock" (an absolute volume_name is a bind)',
    expect: ['HD-C02'],
    level: 'error',
    build: override('volumes', [{ volume_name: '/var/run/docker.sock', container_path: '/var/run/docker.sock' }]),
  },
  {
    name: 'volumes.volume_name "/var/run/docker.sock" mounted at an innocent container path',
    expect: ['HD-C02'],
    level: 'error',
    build: override('volumes', [{ volume_name: '/var/run/docker.sock', container_path: '/tmp/api' }]),
  },
  { name: 'volumes.volume_name "/" (the host root)', expect: ['HD-C12'], level: 'error', build: override('volumes', [{ volume_name: '/', container_path: '/host', read_only: true }]) },
  { name: 'volumes.volume_name "/etc"', expect: ['HD-C12'], level: 'error', build: override('volumes', [{ volume_name: '/etc', container_path: '/host-etc', read_only: true }]) },
  {
    name: 'volumes with both host_path "/srv/data" and volume_name "/etc": volume_name wins',
    expect: ['HD-C12'],
    level: 'error',
    build: override('volumes', [{ host_path: '/srv/data', volume_name: '/etc', container_path: '/data', read_only: true }]),
    baseline: override('volumes', [{ host_path: '/srv/data', container_path: '/data', read_only: true }]),
  },
];

const SECCOMP: Case[] = [
  { name: 'seccomp={} (no default action, no syscalls: no filter)', expect: ['HD-C03'], level: 'error', build: seccomp('{}') },
  { name: 'seccomp=null (decodes to an empty profile: no filter)', expect: ['HD-C03'], level: 'error', build: seccomp('null') },
  { name: 'seccomp={"syscalls":[]} (no filter)', expect: ['HD-C03'], level: 'error', build: seccomp('{"syscalls":[]}') },
  { name: 'seccomp {"DefaultAction":"SCMP_ACT_ALLOW"} (keys match case-insensitively)', expect: ['HD-C03'], level: 'error', build: seccomp('{"DefaultAction":"SCMP_ACT_ALLOW"}') },
  { name: 'seccomp {"DEFAULTACTION":"SCMP_ACT_LOG"}', expect: ['HD-C03'], level: 'error', build: seccomp('{"DEFAULTACTION":"SCMP_ACT_LOG"}') },
  {
    name: 'seccomp duplicate keys, the last one wins: defaultAction ERRNO then DEFAULTACTION ALLOW',
    expect: ['HD-C03'],
    level: 'error',
    build: seccomp('{"defaultAction":"SCMP_ACT_ERRNO","DEFAULTACTION":"SCMP_ACT_ALLOW"}'),
  },
  {
    name: 'seccomp duplicate keys in the same case, the last one wins',
    expect: ['HD-C03'],
    level: 'error',
    build: seccomp('{"defaultAction":"SCMP_ACT_ERRNO","defaultAction":"SCMP_ACT_ALLOW"}'),
  },
  {
    name: 'seccomp {"DefaultAction":"SCMP_ACT_ALLOW"} with one deny rule (allow-by-default profile)',
    expect: ['HD-C31', 'HD-C03'],
    level: 'error',
    build: seccomp('{"DefaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["reboot"],"action":"SCMP_ACT_ERRNO"}]}'),
  },
  {
    name: 'seccomp deny-by-default whose "Syscalls"/"Names"/"Action" (other case) allow mount',
    expect: ['HD-C32', 'HD-C31', 'HD-C03'],
    build: seccomp('{"defaultAction":"SCMP_ACT_ERRNO","Syscalls":[{"Names":["mount","read","write"],"Action":"SCMP_ACT_ALLOW"}]}'),
    baseline: seccomp('{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"}]}'),
  },
  {
    name: 'seccomp deny-by-default with a duplicate SYSCALLS key that replaces the safe list',
    expect: ['HD-C32', 'HD-C31', 'HD-C03'],
    build: seccomp('{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"}],' +
      '"SYSCALLS":[{"names":["read","write","mount","unshare"],"action":"SCMP_ACT_ALLOW"}]}'),
    baseline: seccomp('{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"}]}'),
  },
  {
    name: 'seccomp "names" duplicated in one rule: the last list (with mount) wins',
    expect: ['HD-C32', 'HD-C31', 'HD-C03'],
    build: seccomp('{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"Names":["read","mount"],"action":"SCMP_ACT_ALLOW"}]}'),
    baseline: seccomp('{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}'),
  },
];

const SECURITY_OPTS: Case[] = [
  { name: 'label:disable (old separator)', expect: ['HD-C24'], level: 'error', build: override('security_opts', ['no-new-privileges', 'label:disable']) },
  { name: 'bare "disable" (moby: the SELinux label option disable)', expect: ['HD-C24'], level: 'error', build: override('security_opts', ['no-new-privileges', 'disable']) },
  { name: 'label=type:spc_t (unconfined SELinux domain)', expect: ['HD-C24'], level: 'error', build: override('security_opts', ['no-new-privileges', 'label=type:spc_t']) },
  { name: 'label:type:unconfined_t', expect: ['HD-C24'], level: 'error', build: override('security_opts', ['no-new-privileges', 'label:type:unconfined_t']) },
  {
    name: 'label=level:s0-s0:c0.c1023 (every MCS category: no separation from other containers)',
    expect: ['HD-C24'],
    build: override('security_opts', ['no-new-privileges', 'label=level:s0-s0:c0.c1023']),
  },

  { name: 'apparmor:unconfined (old separator)', expect: ['HD-C04'], level: 'error', build: override('security_opts', ['no-new-privileges', 'apparmor:unconfined']) },
  { name: 'no-new-privileges=false', expect: ['HD-C05'], level: 'error', build: override('security_opts', ['no-new-privileges=false']) },
  { name: 'no-new-privileges=F (strconv.ParseBool)', expect: ['HD-C05'], level: 'error', build: override('security_opts', ['no-new-privileges=F']) },
  { name: 'no-new-privileges and no-new-privileges=0 (contradiction, order decided by set hashing)', expect: ['HD-C05'], level: 'error', build: override('security_opts', ['no-new-privileges', 'no-new-privileges=0']) },
  { name: 'seccomp:unconfined', expect: ['HD-C03'], level: 'error', build: override('security_opts', ['no-new-privileges', 'seccomp:unconfined']) },
  { name: 'systempaths=unconfined', expect: ['HD-C24'], level: 'error', build: override('security_opts', ['no-new-privileges', 'systempaths=unconfined']) },
];

const CAPABILITIES: Case[] = [
  { name: 'capabilities.add ["Sys_Admin"] (upper-cased by the client)', expect: ['HD-C08'], level: 'error', build: override('capabilities', { drop: ['ALL'], add: ['Sys_Admin'] }) },
  { name: 'capabilities.add ["cap_sys_admin"]', expect: ['HD-C08'], level: 'error', build: override('capabilities', { drop: ['ALL'], add: ['cap_sys_admin'] }) },
  {
    name: 'capabilities.add ["ſys_admin"] (Go strings.ToUpper folds U+017F to S)',
    expect: ['HD-C08'],
    level: 'error',
    build: override('capabilities', { drop: ['ALL'], add: ['\u017Fys_admin'] }),
  },
  { name: 'capabilities.add ["all"]', expect: ['HD-C08'], level: 'error', build: override('capabilities', { drop: ['ALL'], add: ['all'] }) },
  { name: 'capabilities.drop ["all"] is ALL, add ["NET_ADMIN"]', expect: ['HD-C08'], level: 'error', build: override('capabilities', { drop: ['all'], add: ['net_admin'] }) },
  // Not listed: "cap_sys_admin " (trailing blank). The client upper-cases and prefixes but does not trim, so the
  // engine refuses "CAP_SYS_ADMIN " as an unknown capability: not a bypass.
];

/** A provider block replacing the fixture's (same local name, no alias). */
const provider = (config: { [k: string]: unknown }) => (_s: TerraformStack, f: Fixture) => {
  for (const [k, v] of Object.entries(config)) f.provider.addOverride(k, v);
};

const PROVIDER: Case[] = [
  { name: 'provider host "tcp://10.0.0.1:2375"', expect: ['HD-P01'], level: 'error', build: provider({ host: 'tcp://10.0.0.1:2375' }) },
  { name: 'provider host "http://10.0.0.1:2375" (dialled over TCP)', expect: ['HD-P01'], level: 'error', build: provider({ host: 'http://10.0.0.1:2375' }) },
  { name: 'provider host "TCP://10.0.0.1:2375"', expect: ['HD-P01'], level: 'error', build: provider({ host: 'TCP://10.0.0.1:2375' }) },
  {
    name: 'provider host "https://10.0.0.1:2376" without any cert material (TLS only with cert material)',
    expect: ['HD-P01'],
    level: 'error',
    note: 'fail-closed.md §2: "TLS only with cert material"; the https scheme alone does not give TLS',
    build: provider({ host: 'https://10.0.0.1:2376' }),
  },
  {
    name: 'provider host "${"tcp"}://10.0.0.1:2375" (template)',
    expect: ['HD-P01'],
    level: 'error',
    build: provider({ host: '${"tcp"}://10.0.0.1:2375' }),
  },
  {
    name: 'provider host "tcp://10.0.0.1:2376" with cert and key material but no CA (skip-verify)',
    expect: ['HD-P01'],
    level: 'error',
    build: provider({ host: 'tcp://10.0.0.1:2376', cert_material: 'CERT', key_material: 'KEY' }),
  },
  {
    name: 'provider context set (overrides host): the endpoint is unverifiable',
    expect: ['HD-P01'],
    level: 'error',
    build: provider({ host: 'unix:///var/run/docker.sock', context: 'remote-prod' }),
  },
  {
    name: 'a second, aliased docker provider on plain TCP used by a container',
    expect: ['HD-P01'],
    level: 'error',
    build: (s) => {
      const remote = new DockerProvider(s, 'remote', { alias: 'remote', host: 'tcp://10.0.0.1:2375' });
      new Container(s, 'app2', { ...COMPLIANT, name: 'app2', provider: remote });
    },
  },
  {
    name: 'provider blocks written as a JSON array ("provider": [ {...}, {...} ])',
    expect: ['HD-P01'],
    level: 'error',
    build: (s) => s.addOverride('provider', [{ docker: [{}] }, { docker: [{ alias: 'remote', host: 'tcp://10.0.0.1:2375' }] }]),
  },
  {
    name: 'provider under another local name whose required_providers entry is kreuzwerker/docker',
    expect: ['HD-P01'],
    level: 'error',
    build: (s, f) => {
      s.addOverride('terraform.required_providers.dockerx', { source: 'kreuzwerker/docker', version: '3.6.2' });
      s.addOverride('provider.dockerx', [{ host: 'tcp://10.0.0.1:2375' }]);
      setAttr(f.container, 'provider', 'dockerx');
    },
  },
  {
    name: 'terraform.required_providers.docker.source swapped to another provider binary',
    expect: ['*'],
    note: 'any error/warning: the docker_* resources are then applied by a binary whose behaviour the checks do not know',
    build: (s) => s.addOverride('terraform.required_providers.docker.source', 'evil-corp/docker'),
  },
];

const ssh = (opts: string[]) => provider({ host: 'ssh://deploy@10.0.0.1:22', ssh_opts: opts });
const SSH: Case[] = [
  { name: 'ssh_opts ["-oStrictHostKeyChecking=no"]', expect: ['HD-P02'], build: ssh(['-oStrictHostKeyChecking=no']) },
  { name: 'ssh_opts ["-qoStrictHostKeyChecking=no"] (clustered flags)', expect: ['HD-P02'], build: ssh(['-qoStrictHostKeyChecking=no']) },
  { name: 'ssh_opts ["-4qo", "StrictHostKeyChecking=no"] (clustered flags, argument apart)', expect: ['HD-P02'], build: ssh(['-4qo', 'StrictHostKeyChecking=no']) },
  { name: 'ssh_opts ["-o", "StrictHostKeyChecking=off"]', expect: ['HD-P02'], build: ssh(['-o', 'StrictHostKeyChecking=off']) },
  { name: 'ssh_opts ["-o", "stricthostkeychecking false"]', expect: ['HD-P02'], build: ssh(['-o', 'stricthostkeychecking false']) },
  { name: 'ssh_opts ["-o", "StrictHostKeyChecking=FALSE"]', expect: ['HD-P02'], build: ssh(['-o', 'StrictHostKeyChecking=FALSE']) },
  { name: 'ssh_opts ["-o", "UserKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=accept-new"]', expect: ['HD-P02'], build: ssh(['-o', 'UserKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=accept-new']) },
];

const JSON_SHAPES: Case[] = [
  {
    name: '"resource": [ {...}, {...} ] (an array of bodies) with a privileged container',
    expect: ['HD-C01'],
    level: 'error',
    build: (s) => s.addOverride('resource', [
      { docker_container: { app: { ...snake(COMPLIANT) } } },
      { docker_container: { evil: { ...snake(COMPLIANT), name: 'evil', privileged: true } } },
    ]),
  },
  {
    name: '"resource": { "docker_container": [ {...} ] } with a privileged container',
    expect: ['HD-C01'],
    level: 'error',
    build: (s) => s.addOverride('resource.docker_container', [
      { app: { ...snake(COMPLIANT) } },
      { evil: { ...snake(COMPLIANT), name: 'evil', privileged: true } },
    ]),
  },
];

describe('the provider turns an absolute volume_name into a bind', () => runCases(VOLUMES));
describe('seccomp profiles are decoded like Go encoding/json', () => runCases(SECCOMP));
describe('security_opts are parsed like moby parseSecurityOpt and selinux InitLabels', () => runCases(SECURITY_OPTS));
describe('capabilities are normalised like the Docker client', () => runCases(CAPABILITIES));
describe('provider blocks: every way to reach a daemon without verified TLS', () => runCases(PROVIDER));
describe('ssh options are read like OpenSSH', () => runCases(SSH));
describe('HCL JSON shapes: arrays of bodies', () => runCases(JSON_SHAPES));

describe('parsing negatives', () => {
  test.each([
    { name: 'provider host unix:///run/user/1000/docker.sock', build: provider({ host: 'unix:///run/user/1000/docker.sock' }) },
    { name: 'ssh_opts ["-o", "StrictHostKeyChecking=yes"]', build: ssh(['-o', 'StrictHostKeyChecking=yes']) },
    { name: 'capabilities { drop = ["all"], add = [] } (lower-case ALL is ALL)', build: override('capabilities', { drop: ['all'], add: [] }) },
  ].map((c) => [c.name, c] as const))('%s', (_n, c) => expectNoNewFinding(c));
});

/** The fixture's config as cdk.tf.json attributes (snake_case), for hand-written resource bodies. */
function snake(config: { [k: string]: any }): { [k: string]: any } {
  const out: { [k: string]: any } = {};
  for (const [k, v] of Object.entries(config)) {
    const key = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    out[key] = v && typeof v === 'object' && !Array.isArray(v) && key !== 'log_opts' && key !== 'sysctls' ? snake(v)
      : Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? snake(x) : x)) : v;
  }
  return out;
}

