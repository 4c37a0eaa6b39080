import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack } from 'cdktf';
import { all, Case, Fixture, override, PINNED, runCases, setAttr, withNetwork } from './harness';

/** try(join("", split("", v)), safe): Terraform splits into characters (Go strings.Split with an empty separator). */
const SPLIT = (v: string, safe: string) => `\${try(join("", split("", "${v}")), "${safe}")}`;
/** try(lower(<non-string>), safe): Terraform converts a number/bool argument to the parameter type string. */
const LOWER = (v: string, safe: string) => `\${try(lower(${v}), ${safe})}`;
/** try(format("%-4s", v), safe) etc. */
const FMT = (spec: string, v: string, safe: string) => `\${try(format("${spec}", ${v}), ${safe})}`;
const provider = (config: { [k: string]: unknown }) => (_s: TerraformStack, f: Fixture) => {
  for (const [k, v] of Object.entries(config)) f.provider.addOverride(k, v);
};

type Spell = { tag: string; s: (v: string, safe: string) => string };
const SPELLS: Spell[] = [
  { tag: 'split', s: SPLIT },
  { tag: 'fmt%-4s', s: (v, safe) => FMT('%-1s', JSON.stringify(v), JSON.stringify(safe)) },
  { tag: 'fmt%1s', s: (v, safe) => FMT('%1s', JSON.stringify(v), JSON.stringify(safe)) },
  { tag: 'strip~', s: (v) => `${v.slice(0, 1)}\${"" ~}   ${v.slice(1)}` },
  { tag: 'strip~L', s: (v) => `${v.slice(0, 1)}   \${~ ""}${v.slice(1)}` },
];

const STR: Array<{ attr: string; bad: string; safe: string; expect: string[]; wrap?: (x: string) => unknown; pre?: (s: TerraformStack, f: Fixture) => void }> = [
  { attr: 'network_mode', bad: 'host', safe: 'none', expect: ['HD-C11'] },
  { attr: 'pid_mode', bad: 'host', safe: 'private', expect: ['HD-C11'] },
  { attr: 'ipc_mode', bad: 'host', safe: 'private', expect: ['HD-C11'] },
  { attr: 'userns_mode', bad: 'host', safe: '', expect: ['HD-C11'] },
  { attr: 'cgroupns_mode', bad: 'host', safe: 'private', expect: ['HD-C11'] },
  { attr: 'user', bad: '0', safe: '10001:10001', expect: ['HD-C06'] },
  { attr: 'cgroup_parent', bad: '/', safe: '', expect: ['HD-C20'] },
  { attr: 'log_driver', bad: 'none', safe: 'json-file', expect: ['HD-C23'] },
  { attr: 'restart', bad: 'always', safe: 'on-failure', expect: ['HD-C28'] },
  { attr: 'runtime', bad: 'nvidia', safe: 'runc', expect: ['HD-C39'] },
  { attr: 'image', bad: 'busybox:latest', safe: PINNED, expect: ['HD-C22', 'HD-I01'] },
  { attr: 'security_opts', bad: 'seccomp=unconfined', safe: 'no-new-privileges', expect: ['HD-C03'], wrap: (x) => ['no-new-privileges', x] },
  { attr: 'security_opts', bad: 'apparmor=unconfined', safe: 'no-new-privileges', expect: ['HD-C04'], wrap: (x) => ['no-new-privileges', x] },
  { attr: 'security_opts', bad: 'label=disable', safe: 'no-new-privileges', expect: ['HD-C24'], wrap: (x) => ['no-new-privileges', x] },
  { attr: 'security_opts', bad: 'no-new-privileges=false', safe: 'no-new-privileges', expect: ['HD-C05'], wrap: (x) => [x] },
  { attr: 'capabilities', bad: 'SYS_ADMIN', safe: 'CHOWN', expect: ['HD-C08', 'HD-C15'], wrap: (x) => ({ drop: ['ALL'], add: [x] }) },
  { attr: 'capabilities', bad: 'NET_RAW', safe: 'ALL', expect: ['HD-C08'], wrap: (x) => ({ drop: [x] }) },
  { attr: 'group_add', bad: 'disk', safe: '10001', expect: ['HD-C25'], wrap: (x) => [x] },
  { attr: 'sysctls', bad: '0', safe: '1024', expect: ['HD-C26', 'HD-C38'], wrap: (x) => ({ 'net.ipv4.ip_unprivileged_port_start': x, 'net.ipv4.ping_group_range': '1 0' }) },
  { attr: 'tmpfs', bad: 'rw,exec', safe: 'rw,noexec', expect: ['HD-C36'], wrap: (x) => ({ '/tmp': x }) },
  { attr: 'healthcheck', bad: 'NONE', safe: 'CMD', expect: ['HD-C40', 'HD-C18'], wrap: (x) => ({ test: [x, '/app/healthcheck'], interval: '30s', timeout: '5s', retries: 3 }) },
  { attr: 'mounts', bad: '/var/run/docker.sock', safe: '/srv/data', expect: ['HD-C02'], wrap: (x) => [{ type: 'bind', source: x, target: '/d', read_only: true }] },
  { attr: 'mounts', bad: 'bind', safe: 'tmpfs', expect: ['HD-C12'], wrap: (x) => [{ type: x, source: '/etc', target: '/d', read_only: true }] },
  { attr: 'mounts', bad: 'rshared', safe: 'rprivate', expect: ['HD-C13'], wrap: (x) => [{ type: 'bind', source: '/srv/data', target: '/d', read_only: true, bind_options: { propagation: x } }] },
  { attr: 'volumes', bad: '/etc', safe: '/srv/data', expect: ['HD-C12'], wrap: (x) => [{ host_path: x, container_path: '/d', read_only: true }] },
  { attr: 'volumes', bad: '/etc', safe: 'data', expect: ['HD-C12'], wrap: (x) => [{ volume_name: x, container_path: '/d', read_only: true }] },
  { attr: 'ports', bad: '0.0.0.0', safe: '127.0.0.1', expect: ['HD-C14'], wrap: (x) => [{ internal: 8080, external: 18080, ip: x }], pre: withNetwork },
  { attr: 'networks_advanced', bad: 'bridge', safe: 'net', expect: ['HD-C27'], wrap: (x) => [{ name: x }], pre: withNetwork },
];

const cases: Case[] = [];
for (const sp of SPELLS) {
  for (const a of STR) {
    const v = sp.s(a.bad, a.safe);
    const value = a.wrap ? a.wrap(v) : v;
    cases.push({ name: `${sp.tag} ${a.attr} ${a.bad}`, expect: a.expect, build: all(a.pre ?? (() => {}), override(a.attr, value)), baseline: a.pre });
  }
  cases.push({ name: `${sp.tag} provider host`, expect: ['HD-P01'], build: provider({ host: sp.s('tcp://10.0.0.5:2375', 'unix:///var/run/docker.sock') }) });
  cases.push({ name: `${sp.tag} provider ssh_opts`, expect: ['HD-P02'], build: provider({ host: 'ssh://u@h', ssh_opts: [sp.s('StrictHostKeyChecking=no', 'StrictHostKeyChecking=yes')] }), baseline: provider({ host: 'ssh://u@h', ssh_opts: ['-o', 'StrictHostKeyChecking=yes'] }) });
  cases.push({
    name: `${sp.tag} network gateway_mode`, expect: ['HD-N03'],
    build: (s) => new Network(s, 'gw', { name: 'gw', options: { 'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.bridge.gateway_mode_ipv4': sp.s('nat-unprotected', 'nat') } }),
    baseline: (s) => new Network(s, 'gw', { name: 'gw', options: { 'com.docker.network.bridge.enable_icc': 'false' } }),
  });
  cases.push({
    name: `${sp.tag} volume o=bind`, expect: ['HD-C12', 'HD-C02'],
    build: (s, f) => { new Volume(s, 'v', { name: 'hostdata', driver: 'local', driverOpts: { type: 'none', o: 'bind', device: sp.s('/etc', '') } }); setAttr(f.container, 'volumes', [{ volume_name: 'hostdata', container_path: '/d', read_only: true }]); },
    baseline: (s, f) => { new Volume(s, 'v', { name: 'hostdata', driver: 'local' }); setAttr(f.container, 'volumes', [{ volume_name: 'hostdata', container_path: '/d', read_only: true }]); },
  });
}
// non-string arguments to string functions
const NUM: Case[] = [
  { name: 'lower(true) privileged', expect: ['HD-C01'], build: override('privileged', LOWER('true', 'false')) },
  { name: 'lower(1) privileged', expect: ['HD-C01'], build: override('privileged', LOWER('1', 'false')) },
  { name: 'format %t privileged', expect: ['HD-C01'], build: override('privileged', FMT('%t', 'true', 'false')) },
  { name: 'lower(true) publish_all_ports', expect: ['HD-C14'], build: all(withNetwork, override('publish_all_ports', LOWER('true', 'false'))), baseline: withNetwork },
  { name: 'lower(0) read_only', expect: ['HD-C07'], build: override('read_only', LOWER('0', 'true')) },
  { name: 'lower(false) read_only', expect: ['HD-C07'], build: override('read_only', LOWER('false', 'true')) },
  { name: 'lower(0) user', expect: ['HD-C06'], build: override('user', LOWER('0', '"10001:10001"')) },
  { name: 'trimspace(0) user', expect: ['HD-C06'], build: override('user', '${try(trimspace(0), "10001:10001")}') },
  { name: 'lower(0) memory', expect: ['HD-C09'], build: override('memory', LOWER('0', '256')) },
  { name: 'lower(-1) memory_swap', expect: ['HD-C35'], build: override('memory_swap', LOWER('-1', '256')) },
  { name: 'lower(0) cpu_quota', expect: ['HD-C10'], build: override('cpu_quota', LOWER('0', '100000')) },
  { name: 'lower(100) max_retry_count', expect: ['HD-C28'], build: override('max_retry_count', LOWER('100', '3')) },
  { name: 'lower(22) ports internal', expect: ['HD-C30'], build: all(withNetwork, override('ports', [{ internal: LOWER('22', '8080'), external: 18022, ip: '127.0.0.1' }])), baseline: all(withNetwork, override('ports', [{ internal: 8080, external: 18022, ip: '127.0.0.1' }])) },
  { name: 'lower(80) ports external', expect: ['HD-C29'], build: all(withNetwork, override('ports', [{ internal: 8080, external: LOWER('80', '18080'), ip: '127.0.0.1' }])), baseline: all(withNetwork, override('ports', [{ internal: 8080, external: 18080, ip: '127.0.0.1' }])) },
  { name: 'join(0, ["",""]) user', expect: ['HD-C06'], build: override('user', '${try(join(0, ["", ""]), "10001:10001")}') },
  { name: 'replace(0,...) user', expect: ['HD-C06'], build: override('user', '${try(replace(0, "x", "y"), "10001:10001")}') },
  { name: 'split(":", 0)[0] user', expect: ['HD-C06'], build: override('user', '${try(split(":", 0)[0], "10001:10001")}') },
  { name: 'base64decode(base64encode(0)) user', expect: ['HD-C06'], build: override('user', '${try(base64decode(base64encode(0)), "10001:10001")}') },
  { name: 'trimprefix(10, 1) user', expect: ['HD-C06'], build: override('user', '${try(trimprefix(10, 1), "10001:10001")}') },
  { name: 'substr(0,0,1) user', expect: ['HD-C06'], build: override('user', '${try(substr(0, 0, 1), "10001:10001")}') },
  { name: 'format %x', expect: ['HD-C06'], build: override('user', '${try(format("%x", 0), "10001:10001")}') },
  { name: 'format %v list', expect: ['HD-C11'], build: override('network_mode', '${try(trimsuffix(trimprefix(format("%v", ["host"]), "[\\""), "\\"]"), "none")}') },
  { name: 'merge __proto__', expect: ['HD-C11'], build: override('network_mode', '${try(lookup(merge({"__proto__" = "host"}), "__proto__"), "none")}') },
  { name: 'cond string/number', expect: ['HD-C06'], build: override('user', '${try(true ? 0 : "x", "10001:10001")}') },
];
runCases([...cases, ...NUM]);
