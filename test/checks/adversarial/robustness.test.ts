import { TerraformStack } from 'cdktf';
import { check, Fixture, fixture, override, overrides, setAttr } from './harness';
import type { ReportFinding } from '../../../lib/checks/report';

/**
 * Hostile or malformed resource bodies (what an escape hatch can write): the
 * checks never crash on them. No rule may fail to evaluate (finding
 * `rule-failure`), and synth never dies of a TypeError/RangeError/
 * ReferenceError inside the checks. Clearly insecure content next to the
 * garbage is still reported. A deliberate, named refusal (an Error that says
 * what is wrong) is accepted instead of findings.
 */

interface Hostile {
  readonly name: string;
  readonly build: (s: TerraformStack, f: Fixture) => void;
  /** Rules that must still report an unsuppressed error (insecure content next to the garbage). */
  readonly stillFinds?: string[];
}

const HOSTILE: Hostile[] = [
  { name: 'mounts = null', build: override('mounts', null) },
  { name: 'mounts = [null]', build: override('mounts', [null]) },
  { name: 'mounts = [[{type: bind}]] (list of lists)', build: override('mounts', [[{ type: 'bind', source: '/srv', target: '/s' }]]) },
  { name: 'mounts = "bind:/etc:/etc" (string where blocks are expected)', build: override('mounts', 'bind:/etc:/etc') },
  { name: 'mounts = 42', build: override('mounts', 42) },
  { name: 'mounts = [{source: {}, target: [], type: 7}]', build: override('mounts', [{ source: {}, target: [], type: 7 }]) },
  { name: 'mounts bind with source = null', build: override('mounts', [{ type: 'bind', source: null, target: '/x' }]) },
  { name: 'mounts bind_options = [null] and volume_options = "x"', build: override('mounts', [{ type: 'bind', source: '/srv', target: '/x', bind_options: [null], volume_options: 'x' }]) },
  { name: 'volumes = {} (object where a list is expected)', build: override('volumes', {}) },
  { name: 'volumes = [{host_path: 7, container_path: null}]', build: override('volumes', [{ host_path: 7, container_path: null }]) },
  { name: 'volumes = [{volume_name: {}, from_container: []}]', build: override('volumes', [{ volume_name: {}, from_container: [] }]) },
  { name: 'capabilities = [[ "SYS_ADMIN" ]]', build: override('capabilities', [['SYS_ADMIN']]) },
  { name: 'capabilities = "ALL"', build: override('capabilities', 'ALL') },
  { name: 'capabilities = {add: "SYS_ADMIN", drop: {all: true}}', build: override('capabilities', { add: 'SYS_ADMIN', drop: { all: true } }) },
  { name: 'capabilities = {add: [null, 7, {}], drop: ["ALL"]}', build: override('capabilities', { add: [null, 7, {}], drop: ['ALL'] }) },
  { name: 'security_opts = "seccomp=unconfined" (string where a set is expected)', build: override('security_opts', 'seccomp=unconfined') },
  { name: 'security_opts = [null, 7, {}, []]', build: override('security_opts', [null, 7, {}, []]) },
  { name: 'security_opts = {}', build: override('security_opts', {}) },
  { name: 'seccomp profile {"syscalls":[null]}', build: override('security_opts', ['no-new-privileges', 'seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[null]}']) },
  { name: 'seccomp profile {"syscalls":{"names":"mount"}}', build: override('security_opts', ['no-new-privileges', 'seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":{"names":"mount"}}']) },
  { name: 'seccomp profile []', build: override('security_opts', ['no-new-privileges', 'seccomp=[]']) },
  { name: 'seccomp profile "x" (a JSON string)', build: override('security_opts', ['no-new-privileges', 'seccomp="x"']) },
  { name: 'seccomp profile with names: null and action: {}', build: override('security_opts', ['no-new-privileges', 'seccomp={"defaultAction":{},"syscalls":[{"names":null,"action":{}}]}']) },
  { name: 'seccomp profile nested 2000 levels deep', build: override('security_opts', ['no-new-privileges', `seccomp=${'['.repeat(2000)}${']'.repeat(2000)}`]) },
  { name: 'user = {uid: 0}', build: override('user', { uid: 0 }) },
  { name: 'user = [0]', build: override('user', [0]) },
  { name: 'user = 0 (a number: Terraform converts it to "0")', build: override('user', 0), stillFinds: ['HD-C06'] },
  { name: 'privileged = {} ', build: override('privileged', {}) },
  { name: 'privileged = [true]', build: override('privileged', [true]) },
  { name: 'network_mode = ["host"]', build: override('network_mode', ['host']) },
  { name: 'network_mode = 7', build: override('network_mode', 7) },
  { name: 'ports = [null, {internal: {}, external: [], ip: 7}]', build: override('ports', [null, { internal: {}, external: [], ip: 7 }]) },
  { name: 'ports = {internal: 80}', build: override('ports', { internal: 80 }) },
  { name: 'healthcheck = [] and healthcheck.test = "CMD"', build: override('healthcheck', { test: 'CMD' }) },
  { name: 'healthcheck = null', build: override('healthcheck', null) },
  { name: 'ulimit = [{name: null, soft: "x"}]', build: override('ulimit', [{ name: null, soft: 'x' }]) },
  { name: 'sysctls = ["net.ipv4.ip_unprivileged_port_start=0"]', build: override('sysctls', ['net.ipv4.ip_unprivileged_port_start=0']) },
  { name: 'sysctls = {"net.ipv4.ip_unprivileged_port_start": {}}', build: override('sysctls', { 'net.ipv4.ip_unprivileged_port_start': {} }) },
  { name: 'env = [null, 7, {}, "=", "A"]', build: override('env', [null, 7, {}, '=', 'A']) },
  { name: 'env = {A: "B"}', build: override('env', { A: 'B' }) },
  { name: 'group_add = [null, {}]', build: override('group_add', [null, {}]) },
  { name: 'group_add = "docker"', build: override('group_add', 'docker') },
  { name: 'devices = [{host_path: null}]', build: override('devices', [{ host_path: null }]) },
  { name: 'devices = "/dev/mem"', build: override('devices', '/dev/mem') },
  { name: 'networks_advanced = [null, {name: {}}]', build: override('networks_advanced', [null, { name: {} }]) },
  { name: 'log_opts = "max-size=1m" and log_driver = {}', build: overrides({ log_opts: 'max-size=1m', log_driver: {} }) },
  { name: 'image = null', build: override('image', null) },
  { name: 'image = {name: "x"}', build: override('image', { name: 'x' }) },
  { name: 'memory = {} and memory_swap = []', build: overrides({ memory: {}, memory_swap: [] }) },
  { name: 'memory = "lots"', build: override('memory', 'lots') },
  { name: 'memory = Number.MAX_VALUE', build: override('memory', Number.MAX_VALUE) },
  { name: 'an unterminated template "${" in network_mode', build: override('network_mode', '${"host"') },
  { name: 'an unbalanced template "${(((((" in user', build: override('user', '${(((((((((') },
  { name: 'a template 10,000 interpolations long in user', build: override('user', '${"a"}'.repeat(10000)) },
  { name: 'a template nested 500 levels', build: override('user', `${'${"'.repeat(500)}x${'"}'.repeat(500)}`) },
  { name: 'dynamic "mounts" with content null', build: (_s, f) => f.container.addOverride('dynamic.mounts', { for_each: ['/srv'], content: null }) },
  { name: 'dynamic "mounts" with for_each {} and no content', build: (_s, f) => f.container.addOverride('dynamic.mounts', { for_each: {} }) },
  { name: 'dynamic = "mounts" (a string)', build: (_s, f) => f.container.addOverride('dynamic', 'mounts') },
  { name: 'a docker_container body that is null', build: (s) => s.addOverride('resource.docker_container.evil', null) },
  { name: 'a docker_container body that is a string', build: (s) => s.addOverride('resource.docker_container.evil', 'privileged') },
  { name: 'resource.docker_container = [null, 7]', build: (s) => s.addOverride('resource.docker_container', [null, 7]) },
  { name: 'resource = "x"', build: (s) => s.addOverride('resource', 'x') },
  { name: 'provider.docker = [null]', build: (s) => s.addOverride('provider.docker', [null]) },
  { name: 'provider host = 2375, ssh_opts = "x"', build: (_s, f) => { f.provider.addOverride('host', 2375); f.provider.addOverride('ssh_opts', 'x'); } },
  { name: 'provider ssh_opts = [null, {}, "-o"]', build: (_s, f) => { f.provider.addOverride('host', 'ssh://u@h'); f.provider.addOverride('ssh_opts', [null, {}, '-o']); } },
  {
    name: 'docker_volume driver_opts = [null] / "o=bind"',
    build: (s, f) => {
      s.addOverride('resource.docker_volume.a', { name: 'a', driver_opts: [null] });
      s.addOverride('resource.docker_volume.b', { name: 'b', driver_opts: 'o=bind' });
      setAttr(f.container, 'volumes', [{ volume_name: 'a', container_path: '/a' }, { volume_name: 'b', container_path: '/b' }]);
    },
  },
  { name: 'docker_network options = [] and ipam_config = [null]', build: (s) => s.addOverride('resource.docker_network.n', { name: 'n', options: [], ipam_config: [null] }) },
  { name: 'volumes.from_container pointing at itself', build: override('volumes', [{ from_container: '${docker_container.app.name}' }]) },
  { name: 'network_mode container:<itself>', build: override('network_mode', 'container:${docker_container.app.id}') },
  // insecure content next to garbage is still reported
  { name: 'privileged = true next to mounts = [null]', build: overrides({ privileged: true, mounts: [null] }), stillFinds: ['HD-C01'] },
  { name: 'docker.sock bind next to a null mount', build: override('mounts', [null, { type: 'bind', source: '/var/run/docker.sock', target: '/s' }]), stillFinds: ['HD-C02'] },
  { name: 'seccomp=unconfined next to security_opts garbage', build: override('security_opts', [null, {}, 'no-new-privileges', 'seccomp=unconfined']), stillFinds: ['HD-C03'] },
  { name: 'network_mode host next to ports garbage', build: overrides({ network_mode: 'host', ports: [null, { internal: {} }] }), stillFinds: ['HD-C11'] },
  { name: 'SYS_ADMIN added next to capability garbage', build: override('capabilities', { drop: ['ALL'], add: [null, {}, 'SYS_ADMIN'] }), stillFinds: ['HD-C08'] },
];

const INTERNAL = [TypeError, RangeError, ReferenceError, SyntaxError];

function outcome(build: Hostile['build']): { thrown?: unknown; findings: ReportFinding[] } {
  const { s, f } = fixture();
  build(s, f);
  try {
    return { findings: check(s) };
  } catch (e) {
    return { thrown: e, findings: [] };
  }
}

describe('malformed bodies never crash the checks', () => {
  test.each(HOSTILE.map((h) => [h.name, h] as const))('%s', (_n, h) => {
    const r = outcome(h.build);
    if (r.thrown !== undefined) {
      const e = r.thrown as Error;
      expect(INTERNAL.some((t) => e instanceof t), `synth died of an internal error: ${e?.stack ?? e}`).toBe(false);
      expect(String(e?.message ?? e)).toMatch(/\S{10,}/);
      if (h.stillFinds) expect(String(e.message)).toMatch(new RegExp(h.stillFinds.join('|')));
      return;
    }
    expect(r.findings.filter((f) => f.findingId === 'rule-failure').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    for (const rule of h.stillFinds ?? []) {
      expect(r.findings.some((f) => f.ruleId === rule && f.level === 'error' && !f.suppressed), `${rule} must still be reported`).toBe(true);
    }
  });
});
