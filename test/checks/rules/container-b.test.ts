import { Image } from '@cdktf/provider-docker/lib/image';
import { TerraformStack } from 'cdktf';
import { HardenedContainer, HealthCheck, IsolatedNetwork, RestartPolicy } from '../../../lib';
import { findingsOf, PINNED, rawContainer, runChecks, stack } from '../util';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const JUSTIFY = { justification: 'needed for this test case only' };

/** `path findingId` of every finding of a rule, sorted. */
function ids(s: TerraformStack, ruleId: string): string[] {
  return findingsOf(s, ruleId).map((f) => `${f.path} ${f.findingId ?? '-'}`).sort();
}

/** The escape hatch of an L2 container. */
function override(c: HardenedContainer, path: string, value: unknown): void {
  (c.node.defaultChild as any).addOverride(path, value);
}

const BATCH_B = ['HD-C17', 'HD-C18', 'HD-C19', 'HD-C20', 'HD-C21', 'HD-C22', 'HD-C23', 'HD-C24', 'HD-C25', 'HD-C26', 'HD-C27', 'HD-C28', 'HD-C29'];

describe('container rules C17-C29 on a default HardenedContainer', () => {
  test('a default HardenedContainer has no error or warning of these rules, only the C17 and C18 infos', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED });
    const mine = runChecks(s).filter((f) => BATCH_B.includes(f.ruleId));
    expect(mine.filter((f) => f.level !== 'info')).toEqual([]);
    expect(mine.map((f) => `${f.ruleId} ${f.findingId ?? '-'} ${f.level}`).sort()).toEqual(['HD-C17 pids-limit info', 'HD-C18 - info']);
  });

  test('a HardenedContainer on an isolated network with a grant and a published port is clean too', () => {
    const s = stack();
    const net = new IsolatedNetwork(s, 'net', { egress: JUSTIFY });
    const a = new HardenedContainer(s, 'a', {
      image: PINNED,
      networks: [{ network: net }],
      ports: [{ containerPort: 80, hostPort: 8080 }],
      healthCheck: HealthCheck.exec(['/bin/true']),
    });
    const b = new HardenedContainer(s, 'b', { image: `sha256:${'c'.repeat(64)}`, networks: [{ network: net }] });
    net.allow(a, b);
    const mine = runChecks(s).filter((f) => BATCH_B.includes(f.ruleId) && f.level !== 'info');
    expect(mine).toEqual([]);
  });
});

describe('HD-C17 pids limit not expressible', () => {
  test('always one info, naming the nproc mitigation of a HardenedContainer', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED, processLimit: 200 });
    const f = findingsOf(s, 'HD-C17');
    expect(f.map((x) => [x.findingId, x.level])).toEqual([['pids-limit', 'info']]);
    expect(f[0].message).toMatch(/no pids_limit/);
    expect(f[0].message).toMatch(/nproc ulimit soft 200 \/ hard 200 is set/);
    expect(f[0].message).not.toMatch(/uid 0/);
  });
  test('raw container without ulimit: no mitigation', () => {
    const s = stack();
    rawContainer(s, 'raw');
    const f = findingsOf(s, 'HD-C17');
    expect(f.map((x) => x.findingId)).toEqual(['pids-limit']);
    expect(f[0].message).toMatch(/no nproc ulimit is set/);
  });
  test('nproc spelt in upper case counts; uid 0 and an unset user are called out', () => {
    const s = stack();
    rawContainer(s, 'root', { user: '0:0', ulimit: [{ name: 'NPROC', soft: 10, hard: 20 }] });
    rawContainer(s, 'nouser', { ulimit: [{ name: 'nproc', soft: 10, hard: 10 }] });
    const f = findingsOf(s, 'HD-C17');
    expect(f.find((x) => x.path === 'checks/root')!.message).toMatch(/soft 10 \/ hard 20 .*runs as uid 0, for which the kernel does not enforce it/);
    expect(f.find((x) => x.path === 'checks/nouser')!.message).toMatch(/no user is set/);
  });
  test('an nproc ulimit removed through the escape hatch is reported as missing', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    override(c, 'ulimit', null);
    expect(findingsOf(s, 'HD-C17')[0].message).toMatch(/no nproc ulimit/);
  });
});

describe('HD-C18 no health check', () => {
  test('non-compliant: missing, empty test, and test NONE', () => {
    const s = stack();
    rawContainer(s, 'missing');
    rawContainer(s, 'none', { healthcheck: { test: ['NONE'] } });
    rawContainer(s, 'empty', { healthcheck: { test: [] } });
    const f = findingsOf(s, 'HD-C18');
    expect(f.map((x) => [x.path, x.level]).sort()).toEqual([['checks/empty', 'info'], ['checks/missing', 'info']]);
    // switched off on purpose: a warning of its own (docker-bench WARNs)
    expect(findingsOf(s, 'HD-C40').map((x) => [x.path, x.level, x.message])).toEqual([['checks/none', 'warning', expect.stringMatching(/disables/)]]);
  });
  test('non-compliant: a HardenedContainer health check disabled through the escape hatch', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED, healthCheck: HealthCheck.exec(['/bin/true']) });
    override(c, 'healthcheck.test.0', 'NONE'); // ["NONE", "/bin/true"]: Docker reads only the first element
    expect(ids(s, 'HD-C40')).toEqual(['checks/web -']);
  });
  test('compliant: CMD and CMD-SHELL tests', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED, healthCheck: HealthCheck.shell('true') });
    rawContainer(s, 'raw', { healthcheck: { test: ['CMD', '/probe'] } });
    expect(findingsOf(s, 'HD-C18')).toEqual([]);
  });
});

describe('HD-C19 secrets in environment', () => {
  const TOKEN = `ghp_${'x'.repeat(36)}`;
  test('non-compliant: secret-looking names and values, finding per variable name, value never echoed', () => {
    const s = stack();
    rawContainer(s, 'raw', {
      env: [
        'DB_PASSWORD=hunter2',
        'apiKey=abc',
        'GITHUB=' + TOKEN,
        'DATABASE_URL=postgres://user:s3cr3t@db/app',
        'AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP',
        'CLIENT_SECRET=',
        'PLAIN=hello',
        'DB_PASSWORD_FILE=/run/secrets/db',
        'TOKEN_PATH=/run/secrets/t',
      ],
    });
    const f = findingsOf(s, 'HD-C19');
    expect(f.map((x) => x.findingId).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'CLIENT_SECRET', 'DATABASE_URL', 'DB_PASSWORD', 'GITHUB', 'apiKey']);
    expect(f.every((x) => x.level === 'error')).toBe(true);
    const text = f.map((x) => x.message).join('\n');
    for (const secret of ['hunter2', TOKEN, 's3cr3t', 'AKIAABCDEFGHIJKLMNOP']) expect(text).not.toContain(secret);
    expect(f.find((x) => x.findingId === 'GITHUB')!.message).toMatch(/GitHub token/);
  });
  test('non-compliant: a variable added through the escape hatch of a HardenedContainer', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED, environment: { MODE: 'prod' } });
    override(c, 'env', ['MODE=prod', 'ADMIN_TOKEN=t0k3n']);
    const f = findingsOf(s, 'HD-C19');
    expect(f.map((x) => x.findingId)).toEqual(['ADMIN_TOKEN']);
    expect(f[0].message).not.toContain('t0k3n');
  });
  test('edge: a map-shaped env, a name without "=", duplicates', () => {
    const s = stack();
    const c = rawContainer(s, 'raw');
    // env is a set of strings: Terraform rejects a map there, so its content cannot be verified
    c.addOverride('env', { SECRET: 'x', OK: 'y' });
    rawContainer(s, 'bare', { env: ['PASSWORD', 'PASSWORD=a'] });
    expect(ids(s, 'HD-C19')).toEqual(['checks/bare PASSWORD', 'checks/raw unverifiable:env']);
  });
  test('compliant: HardenedContainer environment and pointer names', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED, environment: { MODE: 'prod', DB_PASSWORD_FILE: '/run/secrets/db' } });
    rawContainer(s, 'raw', { env: ['PASSPORT_OFFICE=x', 'KEYBOARD=us'] });
    expect(findingsOf(s, 'HD-C19')).toEqual([]);
  });
});

describe('HD-C20 cgroup parent', () => {
  test('non-compliant: raw and escape hatch', () => {
    const s = stack();
    rawContainer(s, 'raw', { cgroupParent: '/custom' });
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    override(c, 'cgroup_parent', 'system.slice');
    const f = findingsOf(s, 'HD-C20');
    expect(f.map((x) => [x.path, x.findingId, x.level]).sort()).toEqual([['checks/raw', undefined, 'warning'], ['checks/web', undefined, 'warning']]);
    expect(f.find((x) => x.path === 'checks/web')!.message).toBe('cgroup_parent = "system.slice"');
  });
  test('compliant: unset or empty', () => {
    const s = stack();
    rawContainer(s, 'raw');
    rawContainer(s, 'empty', { cgroupParent: ' ' });
    expect(findingsOf(s, 'HD-C20')).toEqual([]);
  });
});

describe('HD-C21 host devices', () => {
  test('non-compliant: one finding per device (normalised host path) and one for gpus', () => {
    const s = stack();
    rawContainer(s, 'raw', {
      devices: [{ hostPath: '/dev/sda' }, { hostPath: '/dev//fuse/', containerPath: '/dev/fuse', permissions: 'rw' }],
      gpus: 'all',
    });
    expect(ids(s, 'HD-C21')).toEqual(['checks/raw /dev/fuse', 'checks/raw /dev/sda', 'checks/raw gpus']);
    expect(findingsOf(s, 'HD-C21').every((f) => f.level === 'warning')).toBe(true);
  });
  test('non-compliant: device added through the escape hatch', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    override(c, 'devices', [{ host_path: '/dev/kvm' }]);
    expect(ids(s, 'HD-C21')).toEqual(['checks/web /dev/kvm']);
  });
  test('compliant: none, and an empty gpus', () => {
    const s = stack();
    rawContainer(s, 'raw', { gpus: '' });
    new HardenedContainer(s, 'web', { image: PINNED });
    expect(findingsOf(s, 'HD-C21')).toEqual([]);
  });
});

describe('HD-C22 image not pinned by digest', () => {
  test('non-compliant: docker_image names followed through image_id (latest, untagged, registry port, tag)', () => {
    const s = stack();
    const cases: { [id: string]: string } = {
      latest: 'nginx:latest',
      untagged: 'nginx',
      port: 'registry.local:5000/team/app',
      tag: 'registry.local:5000/team/app:1.2.3',
      upper: `app@sha256:${'A'.repeat(64)}`,
    };
    for (const [id, name] of Object.entries(cases)) {
      const img = new Image(s, `img-${id}`, { name });
      rawContainer(s, id, { image: img.imageId });
    }
    const f = findingsOf(s, 'HD-C22');
    expect(f.map((x) => `${x.path} ${x.findingId}`).sort()).toEqual([
      'checks/latest nginx:latest',
      `checks/port ${cases.port}`,
      `checks/tag ${cases.tag}`,
      'checks/untagged nginx',
      `checks/upper ${cases.upper}`,
    ]);
    const msg = (p: string) => f.find((x) => x.path === `checks/${p}`)!.message;
    expect(msg('latest')).toMatch(/docker_image\.img-latest.*mutable ":latest"/);
    expect(msg('port')).toMatch(/neither tag nor digest.*":5000" is the registry's port/);
    expect(msg('tag')).toMatch(/tag ":1\.2\.3"/);
    expect(msg('upper')).toMatch(/not sha256:<64 lower-case hex>/);
  });
  test('non-compliant: literal container images and an unresolvable expression', () => {
    const s = stack();
    rawContainer(s, 'lit', { image: 'alpine:3.20' });
    rawContainer(s, 'expr', { image: '${var.image}' });
    expect(ids(s, 'HD-C22')).toEqual(['checks/expr unverifiable:image', 'checks/lit alpine:3.20']);
  });
  test('non-compliant: the Image child of a HardenedContainer retagged through the escape hatch', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    c.imageResource.addOverride('name', 'registry.example.com/app:latest');
    expect(ids(s, 'HD-C22')).toEqual(['checks/web registry.example.com/app:latest']);
  });
  test('non-compliant: a digest resolved from a registry data source at plan time', () => {
    const s = stack();
    const img = new Image(s, 'img', { name: 'app@${data.docker_registry_image.app.sha256_digest}' });
    rawContainer(s, 'raw', { image: img.imageId });
    expect(findingsOf(s, 'HD-C22')[0].message).toMatch(/plan time/);
  });
  test('compliant: digests with and without tag, image ids, repo_digest references', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED });
    new HardenedContainer(s, 'byid', { image: DIGEST });
    const tagged = new Image(s, 'tagged', { name: `host:5000/app:1.0@${DIGEST}` });
    rawContainer(s, 'a', { image: tagged.imageId });
    rawContainer(s, 'b', { image: tagged.repoDigest });
    rawContainer(s, 'c', { image: DIGEST });
    rawContainer(s, 'd', { image: 'b'.repeat(64) });
    rawContainer(s, 'e', { image: ` ${PINNED} ` });
    expect(findingsOf(s, 'HD-C22')).toEqual([]);
  });
});

describe('HD-C23 log driver none', () => {
  test('non-compliant: none in any case, raw and escape hatch', () => {
    const s = stack();
    rawContainer(s, 'raw', { logDriver: 'none' });
    rawContainer(s, 'upper', { logDriver: ' None ' });
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    override(c, 'log_driver', 'none');
    expect(ids(s, 'HD-C23')).toEqual(['checks/raw -', 'checks/upper -', 'checks/web -']);
    expect(findingsOf(s, 'HD-C23')[0].level).toBe('error');
  });
  test('compliant: local, json-file, syslog, unset', () => {
    const s = stack();
    rawContainer(s, 'a', { logDriver: 'json-file' });
    rawContainer(s, 'b', { logDriver: 'syslog' });
    rawContainer(s, 'c');
    new HardenedContainer(s, 'web', { image: PINNED });
    expect(findingsOf(s, 'HD-C23')).toEqual([]);
  });
});

describe('HD-C24 security options disabling confinement', () => {
  test('non-compliant: every spelling, with a canonical findingId', () => {
    const s = stack();
    rawContainer(s, 'raw', {
      securityOpts: ['systempaths=unconfined', 'label=disable', 'writable-cgroups=true', 'no-new-privileges'],
    });
    rawContainer(s, 'alt', {
      securityOpts: ['SystemPaths:Unconfined', 'label:disable', 'writable-cgroups=1', 'label=type:spc_t'],
    });
    expect(ids(s, 'HD-C24')).toEqual([
      'checks/alt label=disable',
      'checks/alt label=type:spc_t',
      'checks/alt systempaths=unconfined',
      'checks/alt writable-cgroups=true',
      'checks/raw label=disable',
      'checks/raw systempaths=unconfined',
      'checks/raw writable-cgroups=true',
    ]);
    expect(findingsOf(s, 'HD-C24').find((f) => f.path === 'checks/alt' && f.findingId === 'label=disable')!.message).toBe('security_opts contains "label:disable"');
  });
  test('non-compliant: added through the escape hatch', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    override(c, 'security_opts', ['no-new-privileges', 'systempaths=unconfined']);
    expect(ids(s, 'HD-C24')).toEqual(['checks/web systempaths=unconfined']);
  });
  test('compliant: benign labels, writable-cgroups=false, seccomp/apparmor left to other rules', () => {
    const s = stack();
    rawContainer(s, 'raw', { securityOpts: ['label=level:s0:c100,c200', 'label=type:container_t', 'writable-cgroups=false', 'no-new-privileges:true'] });
    rawContainer(s, 'other', { securityOpts: ['seccomp=unconfined', 'apparmor=unconfined'] });
    expect(findingsOf(s, 'HD-C24')).toEqual([]);
  });
});

describe('HD-C25 powerful supplementary groups', () => {
  test('non-compliant: each group once, numeric and case normalised', () => {
    const s = stack();
    rawContainer(s, 'raw', { groupAdd: ['0', '00', 'Root', 'docker', 'disk', 'sudo', 'wheel', 'adm', 'users', '1000'] });
    // docker resolves in the image's /etc/group: it matters only with an engine socket in the container
    expect(ids(s, 'HD-C25')).toEqual(['checks/raw 0', 'checks/raw adm', 'checks/raw disk', 'checks/raw root',
      'checks/raw sudo', 'checks/raw wheel']);
    expect(findingsOf(s, 'HD-C25')[0].level).toBe('error');
    rawContainer(s, 'sock', { groupAdd: ['docker'], mounts: [{ type: 'bind', source: '/run/docker.sock', target: '/run/docker.sock' }] });
    expect(ids(s, 'HD-C25').filter((x) => x.startsWith('checks/sock'))).toEqual(['checks/sock docker']);
  });
  test('non-compliant: escape hatch', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    override(c, 'group_add', ['disk']);
    expect(ids(s, 'HD-C25')).toEqual(['checks/web disk']);
  });
  test('compliant: ordinary groups or none', () => {
    const s = stack();
    rawContainer(s, 'raw', { groupAdd: ['1500', 'app', '10'] });
    new HardenedContainer(s, 'web', { image: PINNED });
    expect(findingsOf(s, 'HD-C25')).toEqual([]);
  });
});

describe('HD-C26 unprivileged low ports and ICMP', () => {
  const PORT = 'net.ipv4.ip_unprivileged_port_start';
  const PING = 'net.ipv4.ping_group_range';
  test('non-compliant: explicit low port start and an open ping range, dotted and slashed', () => {
    const s = stack();
    rawContainer(s, 'dots', { sysctls: { [PORT]: '0', [PING]: '0 2147483647' } });
    rawContainer(s, 'slashes', { sysctls: { 'net/ipv4/ip_unprivileged_port_start': '80', 'net/ipv4/ping_group_range': '1000\t1000' } });
    expect(ids(s, 'HD-C26')).toEqual([`checks/dots ${PORT}`, `checks/dots ${PING}`, `checks/slashes ${PORT}`, `checks/slashes ${PING}`]);
    expect(findingsOf(s, 'HD-C26')[0].level).toBe('warning');
  });
  test('the kernel reads these sysctls with base 0: 0x0 and 010 are low, "0 0x7ffffffe" is open', () => {
    const s = stack();
    rawContainer(s, 'hex', { sysctls: { [PORT]: '0x0', [PING]: '0 0x7ffffffe' } });
    rawContainer(s, 'octal', { sysctls: { [PORT]: '010' } });
    expect(ids(s, 'HD-C26')).toEqual([`checks/hex ${PING}`, `checks/hex ${PORT}`, `checks/octal ${PORT}`].sort());
  });
  test('Docker\'s default when the port start is not set is HD-C38, an info without a CIS id (bridge, custom network; not none)', () => {
    const s = stack();
    rawContainer(s, 'bridge');
    rawContainer(s, 'none', { networkMode: 'none', sysctls: { [PING]: '1 0' } });
    rawContainer(s, 'custom', { networksAdvanced: [{ name: 'n' }] });
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    override(c, 'sysctls', null);
    // the HardenedContainer has no network (network_mode none): only loopback, nothing to impersonate
    expect(ids(s, 'HD-C38')).toEqual(['checks/bridge docker-default-port-0', 'checks/custom docker-default-port-0']);
    expect(new Set(findingsOf(s, 'HD-C38').map((f) => f.level))).toEqual(new Set(['info']));
    expect(ids(s, 'HD-C26')).toEqual([]);
  });
  test('compliant: kernel defaults, port start >= 1024, host or container network namespace', () => {
    const s = stack();
    rawContainer(s, 'set', { sysctls: { [PORT]: '1024', [PING]: '1 0' } });
    rawContainer(s, 'high', { sysctls: { [PORT]: '2000', [PING]: '100 10' } });
    rawContainer(s, 'host', { networkMode: 'host' });
    rawContainer(s, 'shared', { networkMode: 'container:other' });
    new HardenedContainer(s, 'web', { image: PINNED });
    expect(findingsOf(s, 'HD-C26')).toEqual([]);
    expect(findingsOf(s, 'HD-C38').map((f) => f.path)).toEqual([]);
  });
});

describe('HD-C27 default bridge', () => {
  test('non-compliant: network_mode unset, bridge, default; networks_advanced naming bridge', () => {
    const s = stack();
    rawContainer(s, 'unset');
    rawContainer(s, 'bridge', { networkMode: 'bridge' });
    rawContainer(s, 'default', { networkMode: 'default' });
    rawContainer(s, 'adv', { networksAdvanced: [{ name: 'app' }, { name: 'bridge' }] });
    expect(ids(s, 'HD-C27')).toEqual(['checks/adv -', 'checks/bridge -', 'checks/default -', 'checks/unset -']);
    expect(findingsOf(s, 'HD-C27')[0].level).toBe('error');
  });
  test('non-compliant: a HardenedContainer moved to bridge through the escape hatch', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    override(c, 'network_mode', 'bridge');
    expect(ids(s, 'HD-C27')).toEqual(['checks/web -']);
  });
  test('compliant: none, host, container:, a user network, bridge with networks_advanced (the provider disconnects it)', () => {
    const s = stack();
    rawContainer(s, 'none', { networkMode: 'none' });
    rawContainer(s, 'host', { networkMode: 'host' });
    rawContainer(s, 'shared', { networkMode: 'container:x' });
    rawContainer(s, 'named', { networkMode: 'app' });
    rawContainer(s, 'adv', { networkMode: 'bridge', networksAdvanced: [{ name: 'app' }] });
    const net = new IsolatedNetwork(s, 'net');
    new HardenedContainer(s, 'web', { image: PINNED, networks: [{ network: net }] });
    new HardenedContainer(s, 'lonely', { image: PINNED });
    expect(findingsOf(s, 'HD-C27')).toEqual([]);
  });
});

describe('HD-C28 restart policy', () => {
  test('non-compliant: always, unless-stopped, on-failure unlimited or above 5', () => {
    const s = stack();
    rawContainer(s, 'always', { restart: 'always' });
    rawContainer(s, 'unless', { restart: 'unless-stopped' });
    rawContainer(s, 'unlimited', { restart: 'on-failure' });
    rawContainer(s, 'zero', { restart: 'on-failure', maxRetryCount: 0 });
    rawContainer(s, 'six', { restart: 'on-failure', maxRetryCount: 6 });
    expect(ids(s, 'HD-C28')).toEqual(['checks/always -', 'checks/six -', 'checks/unless -', 'checks/unlimited -', 'checks/zero -']);
    expect(findingsOf(s, 'HD-C28').find((f) => f.path === 'checks/six')!.message).toMatch(/max_retry_count 6/);
    expect(findingsOf(s, 'HD-C28')[0].level).toBe('warning');
  });
  test('non-compliant: escape hatch, and an opted-out HardenedContainer', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    override(c, 'max_retry_count', 0);
    new HardenedContainer(s, 'always', { image: PINNED, restartPolicy: RestartPolicy.always(), optOuts: { unboundedRestart: JUSTIFY } });
    expect(ids(s, 'HD-C28')).toEqual(['checks/always -', 'checks/web -']);
  });
  test('compliant: no, unset, on-failure 1-5', () => {
    const s = stack();
    rawContainer(s, 'unset');
    rawContainer(s, 'no', { restart: 'no' });
    rawContainer(s, 'one', { restart: 'on-failure', maxRetryCount: 1 });
    rawContainer(s, 'five', { restart: 'on-failure', maxRetryCount: 5 });
    new HardenedContainer(s, 'never', { image: PINNED, restartPolicy: RestartPolicy.never() });
    expect(findingsOf(s, 'HD-C28')).toEqual([]);
  });
});

describe('HD-C29 privileged host ports', () => {
  test('non-compliant: one finding per host port below 1024 and protocol', () => {
    const s = stack();
    rawContainer(s, 'raw', {
      ports: [
        { internal: 8080, external: 80 },
        { internal: 53, external: 53, protocol: 'udp' },
        { internal: 53, external: 53, protocol: 'tcp' },
        { internal: 8443, external: 1023, ip: '127.0.0.1' },
      ],
    });
    expect(ids(s, 'HD-C29')).toEqual(['checks/raw 1023', 'checks/raw 53', 'checks/raw 53/udp', 'checks/raw 80']);
    expect(findingsOf(s, 'HD-C29').map((f) => f.message).sort()).toContain('host port 53/udp (on 0.0.0.0) is below 1024');
  });
  test('non-compliant: escape hatch, and an opted-out HardenedContainer port', () => {
    const s = stack();
    const net = new IsolatedNetwork(s, 'net', { egress: JUSTIFY });
    const c = new HardenedContainer(s, 'web', { image: PINNED, networks: [{ network: net }], ports: [{ containerPort: 8080, hostPort: 8080 }] });
    override(c, 'ports.0.external', 443);
    new HardenedContainer(s, 'dns', {
      image: PINNED,
      networks: [{ network: net }],
      ports: [{ containerPort: 5353, hostPort: 53, privilegedHostPort: JUSTIFY }],
    });
    expect(ids(s, 'HD-C29')).toEqual(['checks/dns 53', 'checks/web 443']);
  });
  test('compliant: container ports below 1024 (not host ports), external unset or >= 1024', () => {
    const s = stack();
    rawContainer(s, 'raw', { ports: [{ internal: 80 }, { internal: 22, external: 2222 }, { internal: 443, external: 1024 }] });
    expect(findingsOf(s, 'HD-C29')).toEqual([]);
  });
});
