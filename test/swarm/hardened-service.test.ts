import { Service } from '@cdktf/provider-docker/lib/service';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  Capability, ControlStatus, Duration, HardenedContainer, HardeningSummary,
  HealthCheck, LogDriver, OPT_OUT_METADATA_TYPE, Protocol, RestartPolicy, Size,
} from '../../lib';
import { sharedImageUsers } from '../../lib/container/shared-image';
import { HardenedService, HardenedServiceProps } from '../../lib/swarm/hardened-service';
import { ServiceConfigFile } from '../../lib/swarm/service-config-file';
import { PublishMode, ServiceMode, TRUST_ZONE_NODE_LABEL } from '../../lib/swarm/service-options';
import { ServiceSecret } from '../../lib/swarm/service-secret';
import { runChecks, backendNetwork } from '../checks/util';
import { IMAGE, newStack } from '../util';

const why = { justification: 'a justification long enough' };
const TAGGED = 'registry.example.com/team/web:1.2';

function services(stack: ReturnType<typeof newStack>): Record<string, any> {
  return JSON.parse(Testing.synth(stack)).resource?.docker_service ?? {};
}
function onlyService(stack: ReturnType<typeof newStack>): any {
  const all = Object.values(services(stack));
  if (all.length !== 1) throw new Error(`expected 1 service, got ${all.length}`);
  return all[0];
}
function make(props: Partial<HardenedServiceProps> = {}) {
  const stack = newStack();
  const service = new HardenedService(stack, 'web', { image: IMAGE, ...props });
  return { stack, service, s: onlyService(stack) };
}

describe('HardenedService defaults (image only)', () => {
  const { stack, service, s } = make();
  const spec = s.task_spec.container_spec;

  test('synthesizes a complete hardened service (snapshot)', () => {
    expect(JSON.parse(Testing.synth(stack)).resource).toMatchSnapshot();
  });

  test('the docker_service is the child `Resource` (node.defaultChild) and serviceResource', () => {
    expect(service.node.defaultChild).toBe(service.serviceResource);
    expect(service.node.tryFindChild('Resource')).toBeInstanceOf(Service);
  });

  test('runs as a non-root uid:gid of its own, distinct per service', () => {
    expect(spec.user).toMatch(/^([0-9]+):\1$/);
    const uid = Number(spec.user.split(':')[0]);
    expect(uid).toBeGreaterThanOrEqual(20000);
    expect(uid).toBeLessThanOrEqual(59999);
    expect(service.user).toBe(spec.user);
    const two = newStack();
    const a = new HardenedService(two, 'a', { image: IMAGE });
    const b = new HardenedService(two, 'b', { image: IMAGE });
    const c = new HardenedContainer(two, 'c', { image: IMAGE });
    expect(new Set([a.user, b.user, c.user]).size).toBe(3);
  });

  test('read-only root filesystem, ALL capabilities dropped, none added, low ports/ICMP need a capability', () => {
    expect(spec.read_only).toBe(true);
    expect(spec.cap_drop).toEqual(['ALL']);
    expect(spec.cap_add).toBeUndefined();
    expect(spec.sysctl).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '1024', 'net.ipv4.ping_group_range': '1 0' });
  });

  test('/tmp is a tmpfs without tmpfs_options (provider 3.6.2 panics on them, kreuzwerker#563); tasks get 10s to stop', () => {
    expect(spec.mounts).toEqual([{ type: 'tmpfs', target: '/tmp' }]);
    expect(spec.stop_grace_period).toBe('10s');
  });

  test('memory and CPU limits and reservations', () => {
    expect(s.task_spec.resources).toEqual({
      limits: { memory_bytes: 256 * 1024 * 1024, nano_cpus: 1e9 },
      reservation: { memory_bytes: 256 * 1024 * 1024, nano_cpus: 1e8 },
    });
    expect(service.memoryLimit.toBytes()).toBe(256 * 1024 * 1024);
    expect(service.cpuLimit).toBe(1);
  });

  test('restart on-failure, 3 attempts, 5s apart, no window (a window would make the bound per window)', () => {
    expect(s.task_spec.restart_policy).toEqual({ condition: 'on-failure', max_attempts: 3, delay: '5s' });
  });

  test('local log driver with rotation', () => {
    expect(s.task_spec.log_driver).toEqual({ name: 'local', options: { 'max-file': '3', 'max-size': '10m' } });
  });

  test('no published ports, a private overlay network of its own (never the node\'s default bridge), no placement, one replica', () => {
    expect(s.endpoint_spec).toBeUndefined();
    expect(service.privateNetwork).toBeDefined();
    expect(s.task_spec.networks_advanced).toEqual([{ name: expect.stringMatching(/^\$\{docker_network\.[A-Za-z0-9_-]+\.id\}$/) }]);
    const net = Object.values<any>(JSON.parse(Testing.synth(TerraformStack.of(service))).resource.docker_network)[0];
    expect(net).toMatchObject({ driver: 'overlay', internal: true, attachable: false, options: { encrypted: 'true' } });
    expect(s.task_spec.placement).toBeUndefined();
    expect(s.mode).toEqual({ replicated: { replicas: 1 } });
  });

  test('updates one task at a time, monitored, rolled back on failure', () => {
    expect(s.update_config).toEqual({ parallelism: 1, delay: '10s', monitor: '30s', failure_action: 'rollback', max_failure_ratio: '0.0', order: 'stop-first' });
    expect(s.rollback_config).toEqual({ parallelism: 1, delay: '10s', monitor: '30s', failure_action: 'pause', max_failure_ratio: '0.0', order: 'stop-first' });
  });

  test('the image is the stack\'s shared docker_image of the pinned reference, shared with containers', () => {
    const shared = newStack();
    const svc = new HardenedService(shared, 'svc', { image: IMAGE });
    const ctr = new HardenedContainer(shared, 'ctr', { image: IMAGE });
    const out = JSON.parse(Testing.synth(shared)).resource;
    const ids = Object.keys(out.docker_image);
    expect(ids).toHaveLength(1);
    expect(out.docker_image[ids[0]]).toEqual({ name: IMAGE, keep_locally: true });
    expect(Object.values<any>(out.docker_service)[0].task_spec.container_spec.image).toBe(`\${docker_image.${ids[0]}.name}`);
    expect(svc.imageResource).toBe(ctr.imageResource);
    expect(sharedImageUsers(svc.imageResource)).toEqual([svc, ctr]);
    expect(svc.imageDigest).toBe(IMAGE.split('@')[1]);
  });

  test('no opt-outs, no healthcheck, no env, no secrets', () => {
    expect(service.optOutRecords).toEqual([]);
    expect(service.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE)).toEqual([]);
    expect(spec.healthcheck).toBeUndefined();
    expect(spec.env).toBeUndefined();
    expect(spec.secrets).toBeUndefined();
  });

  test('controls: what the service spec cannot express is reported, not claimed', () => {
    const byId = Object.fromEntries(service.controls.map((c) => [c.id, c]));
    for (const id of ['no-new-privileges', 'process-limit', 'file-limit', 'init-process']) {
      expect(byId[id].status).toBe(ControlStatus.NOT_CONFIGURED);
      expect(byId[id].detail).toMatch(/not expressible in provider 3\.6\.2/);
    }
    expect(byId['memory-limit'].status).toBe(ControlStatus.PARTIAL);
    expect(byId['memory-limit'].detail).toMatch(/swap/);
    expect(byId['network-isolation'].status).toBe(ControlStatus.ENFORCED);
    expect(byId['network-isolation'].detail).toMatch(/a private overlay network of its own .*encrypted, internal, not attachable/);
    expect(byId['trust-zone-placement'].status).toBe(ControlStatus.NOT_CONFIGURED);
    expect(byId['health-check'].status).toBe(ControlStatus.NOT_CONFIGURED);
    expect(byId['writable-paths-noexec'].detail).toMatch(/noexec,nosuid,nodev are the engine's fixed flags/);
    for (const id of ['non-root-user', 'read-only-rootfs', 'capabilities-dropped', 'cpu-limit', 'bounded-restart', 'log-rotation',
      'no-published-ports', 'image-digest-pinned', 'secrets-as-files', 'safe-rollout', 'seccomp-default', 'apparmor-default']) {
      expect([id, byId[id].status]).toEqual([id, ControlStatus.ENFORCED]);
    }
    expect(byId['secret-values-outside-state']).toBeUndefined();
  });
});

describe('HardeningChecks', () => {
  test('a default HardenedService: no errors, no warnings; infos HD-C18 (no healthcheck) and HD-S01 (not expressible)', () => {
    const stack = newStack();
    new HardenedService(stack, 'web', { image: IMAGE });
    const findings = runChecks(stack);
    expect(findings.filter((f) => f.level !== 'info')).toEqual([]);
    expect(findings.map((f) => `${f.level} ${f.ruleId}`).sort()).toEqual(['info HD-C18', 'info HD-S01']);
  });

  test('a fuller HardenedService (healthcheck, networks, zone, secrets, env) is still clean', () => {
    const stack = newStack();
    const pw = new TerraformVariable(stack, 'pw', { type: 'string', sensitive: true });
    backendNetwork(stack);
    new HardenedService(stack, 'web', {
      image: IMAGE,
      healthCheck: HealthCheck.exec(['/app', 'health']),
      networks: ['backend'],
      trustZone: 'payments',
      environment: { LOG_LEVEL: 'info' },
      secrets: [ServiceSecret.fromValue({ fileName: 'db-password', value: pw.stringValue })],
      mode: ServiceMode.global(),
    });
    const findings = runChecks(stack);
    expect(findings.filter((f) => f.level !== 'info')).toEqual([]);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['HD-S01']);
  });

  test('opt-outs are reported as accepted risks, not errors', () => {
    const stack = newStack();
    new HardenedService(stack, 'web', {
      image: TAGGED,
      user: '0:0',
      capabilities: [Capability.NET_BIND_SERVICE],
      restartPolicy: RestartPolicy.always(),
      optOuts: { rootUser: why, mutableImageTag: why, addedCapabilities: why, unboundedRestart: why, writableRootFilesystem: why },
    });
    const findings = runChecks(stack);
    const open = findings.filter((f) => !f.suppressed && f.level !== 'info');
    expect(open).toEqual([]);
    const accepted = findings.filter((f) => f.suppressed).map((f) => f.ruleId).sort();
    expect(accepted).toEqual(['HD-C06', 'HD-C07', 'HD-C15', 'HD-C22', 'HD-C28', 'HD-I01']);
    for (const f of findings.filter((x) => x.suppressed)) expect(f.suppressed!.reason).toMatch(/^accepted risk, opt-out optOuts\./);
  });

  test('published ports: the opt-out names exactly HD-S02\'s finding ids', () => {
    const stack = newStack();
    const svc = new HardenedService(stack, 'web', {
      image: IMAGE,
      ports: [{ targetPort: 8443, publishedPort: 443 }, { targetPort: 53, protocol: Protocol.UDP, publishMode: PublishMode.HOST }],
      optOuts: { publishedPorts: why },
    });
    const s2 = runChecks(stack).filter((f) => f.ruleId === 'HD-S02');
    expect(s2.map((f) => f.findingId).sort()).toEqual(['443->8443/tcp', 'auto->53/udp']);
    const record = svc.optOutRecords.find((r) => r.prop === 'optOuts.publishedPorts')!;
    expect(record.findings).toEqual(['443->8443/tcp', 'auto->53/udp']);
    // NOTE: HD-S02 is answered only once lib/checks/opt-out-map.ts maps optOuts.publishedPorts to it (not in this part)
  });

  test('a raw docker_service as root with / and the docker socket bound is reported with errors', () => {
    const stack = newStack();
    new Service(stack, 'raw', {
      name: 'raw',
      taskSpec: {
        containerSpec: {
          image: IMAGE,
          user: 'root',
          mounts: [
            { type: 'bind', source: '/', target: '/host' },
            { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' },
          ],
        },
      },
    });
    const errors = runChecks(stack).filter((f) => f.level === 'error' && !f.suppressed);
    const ids = new Set(errors.map((f) => f.ruleId));
    for (const id of ['HD-C02', 'HD-C06', 'HD-C07', 'HD-C08', 'HD-C09', 'HD-C10', 'HD-C12']) expect([id, ids.has(id)]).toEqual([id, true]);
  });
});

describe('validation', () => {
  const cases: Array<[string, Partial<HardenedServiceProps>, string, RegExp]> = [
    ['tag without digest', { image: TAGGED }, 'image', /pinned by digest.*optOuts\.mutableImageTag/],
    ['local image id', { image: `sha256:${'a'.repeat(64)}` }, 'image', /local image id cannot be used/],
    ['upper-case digest', { image: `nginx@sha256:${'A'.repeat(64)}` }, 'image', /64 lowercase hex/],
    ['root user', { user: 'root' }, 'user', /refused.*optOuts\.rootUser/],
    ['root group', { user: '1000:0' }, 'user', /refused/],
    ['bare uid', { user: '1500' }, 'user', /give the group too/],
    ['service name with underscore', { serviceName: 'my_service' }, 'serviceName', /DNS label/],
    ['bad trust zone', { trustZone: 'Payments' }, 'trustZone', /\[a-z0-9-\]/],
    ['memory below 6 MiB', { memoryLimit: Size.mebibytes(4) }, 'memoryLimit', /from 6 MiB/],
    ['reservation above limit', { memoryReservation: Size.mebibytes(512) }, 'memoryReservation', /up to the memory limit/],
    ['zero CPUs', { cpuLimit: 0 }, 'cpuLimit', /0\.01 to 1024/],
    ['cpu reservation above limit', { cpuLimit: 0.5, cpuReservation: 1 }, 'cpuReservation', /0 to 0\.5/],
    ['tmpfs in /proc', { tmpfs: [{ containerPath: '/proc/x' }] }, 'tmpfs[0].containerPath', /runtime manages/],
    ['tmpfs path twice', { tmpfs: [{ containerPath: '/cache' }, { containerPath: '/cache' }] }, 'tmpfs[1].containerPath', /once/],
    ['capability without opt-out', { capabilities: [Capability.NET_BIND_SERVICE] }, 'capabilities', /optOuts\.addedCapabilities/],
    ['host-level capability', { capabilities: ['CAP_SYS_ADMIN' as Capability], optOuts: { addedCapabilities: why } }, 'capabilities[0]', /host-level/],
    ['secret-looking env name', { environment: { DB_PASSWORD: 'x' } }, 'environment', /looks like a secret/],
    ['secret-looking env value', { environment: { URL: 'https://u:p@example.com/' } }, 'environment.URL', /credentials/],
    ['host network', { networks: ['host'] }, 'networks[0]', /predefined networks/],
    ['ingress network', { networks: ['ingress'] }, 'networks[0]', /predefined networks/],
    ['duplicate network', { networks: ['a', 'a'] }, 'networks[1]', /once/],
    ['ports without opt-out', { ports: [{ targetPort: 80 }] }, 'ports', /every node.*optOuts\.publishedPorts/],
    ['port 0', { ports: [{ targetPort: 0 }], optOuts: { publishedPorts: why } }, 'ports[0].targetPort', /1 to 65535/],
    ['unbounded restart', { restartPolicy: RestartPolicy.always() }, 'restartPolicy', /optOuts\.unboundedRestart/],
    ['unless-stopped', { restartPolicy: RestartPolicy.unlessStopped() }, 'restartPolicy', /no unless-stopped/],
    ['too many attempts', { restartPolicy: RestartPolicy.onFailure(6) }, 'restartPolicy.maxRetries', /1 to 5/],
    ['replicas out of range', { mode: ServiceMode.replicated(1001) }, 'mode.replicas', /0 to 1000/],
    ['rollout parallelism 0', { rollout: { parallelism: 0 } }, 'rollout.parallelism', /1 to 100/],
    ['rollout monitor below 1s', { rollout: { monitor: Duration.millis(10) } }, 'rollout.monitor', /at least 1s/],
    ['log rotation with syslog', { logging: { driver: LogDriver.SYSLOG, maxFiles: 2 } }, 'logging.maxFiles', /local and json-file/],
    ['healthcheck without argv', { healthCheck: HealthCheck.exec([]) }, 'healthCheck', /non-empty argv/],
    ['reserved label', { labels: { 'io.cdktf-hardened-docker.hardened': 'false' } }, 'labels', /reserved/],
    ['literal secret value', { secrets: [ServiceSecret.fromValue({ fileName: 'k', value: 'hunter2' })] }, 'secrets[0].value', /literal secret value/],
    ['secret file name with slash', { secrets: [ServiceSecret.fromExisting({ secretId: 'abc', secretName: 'a', fileName: '../etc' })] },
      'secrets[0].fileName', /\[a-zA-Z0-9_.-\]/],
    ['existing secret without literal file name', { secrets: [ServiceSecret.fromExisting({ secretId: 'abc', secretName: '${var.x}' })] },
      'secrets[0].fileName', /literal/],
    ['unused opt-out', { optOuts: { writableRootFilesystem: why, rootUser: why } }, 'optOuts.rootUser', /does not apply/],
    ['short justification', { optOuts: { writableRootFilesystem: { justification: 'short' } } }, 'optOuts.writableRootFilesystem.justification', /at least 10/],
  ];

  test.each(cases)('%s', (_name, props, prop, allowed) => {
    const stack = newStack();
    let error: Error | undefined;
    try {
      new HardenedService(stack, 'web', { image: IMAGE, ...props });
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeDefined();
    const escaped = prop.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(error!.message).toMatch(new RegExp(`^test/web: invalid ${escaped} .+: `));
    expect(error!.message).toMatch(allowed);
  });

  test('a token image is refused (it must be validated at synth)', () => {
    const stack = newStack();
    const v = new TerraformVariable(stack, 'img', { type: 'string' });
    expect(() => new HardenedService(stack, 'web', { image: v.stringValue })).toThrow(/^test\/web: invalid image "<token>": must be a literal/);
  });
});

describe('opt-outs', () => {
  test('each weakening is a recorded, justified opt-out with an opted-out control', () => {
    const { service, s } = make({
      image: TAGGED,
      user: '0:0',
      capabilities: [Capability.NET_BIND_SERVICE, Capability.CHOWN],
      restartPolicy: RestartPolicy.always(),
      ports: [{ targetPort: 8080 }],
      environment: { SESSION_COOKIE: 'public-name' },
      optOuts: {
        rootUser: why,
        writableRootFilesystem: why,
        mutableImageTag: why,
        addedCapabilities: why,
        publishedPorts: why,
        unboundedRestart: why,
        secretLikeEnvironment: { ...why, names: ['SESSION_COOKIE'] },
      },
    });
    const spec = s.task_spec.container_spec;
    expect(spec.user).toBe('0:0');
    expect(spec.read_only).toBe(false);
    expect(spec.cap_add).toEqual(['CAP_CHOWN', 'CAP_NET_BIND_SERVICE']);
    expect(spec.image).toMatch(/^\$\{docker_image\..*\.name\}$/);
    expect(s.task_spec.restart_policy).toEqual({ condition: 'any', delay: '5s' });
    expect(s.endpoint_spec).toEqual({ ports: [{ target_port: 8080, protocol: 'tcp', publish_mode: 'ingress' }] });
    expect(spec.env).toEqual({ SESSION_COOKIE: 'public-name' });
    const byProp = Object.fromEntries(service.optOutRecords.map((r) => [r.prop, r]));
    expect(Object.keys(byProp).sort()).toEqual([
      'optOuts.addedCapabilities', 'optOuts.mutableImageTag', 'optOuts.publishedPorts', 'optOuts.rootUser',
      'optOuts.secretLikeEnvironment', 'optOuts.unboundedRestart', 'optOuts.writableRootFilesystem',
    ]);
    expect(byProp['optOuts.addedCapabilities'].findings).toEqual(['CAP_CHOWN', 'CAP_NET_BIND_SERVICE']);
    expect(byProp['optOuts.mutableImageTag'].findings).toEqual([TAGGED]);
    expect(byProp['optOuts.publishedPorts'].findings).toEqual(['auto->8080/tcp']);
    expect(service.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE)).toHaveLength(7);
    const opted = service.controls.filter((c) => c.status === ControlStatus.OPTED_OUT).map((c) => c.id).sort();
    expect(opted).toEqual(['bounded-restart', 'capabilities-dropped', 'image-digest-pinned', 'no-published-ports', 'non-root-user',
      'read-only-rootfs', 'secrets-as-files']);
    for (const c of service.controls.filter((x) => x.status === ControlStatus.OPTED_OUT)) expect(c.justification).toBe(why.justification);
  });
});

describe('secrets', () => {
  test('an existing secret: by id and name, mounted 0400 for the service user', () => {
    const { service, s } = make({ user: '1500:1600', secrets: [ServiceSecret.fromExisting({ secretId: 'q1w2e3', secretName: 'db-password' })] });
    expect(s.task_spec.container_spec.secrets).toEqual([
      { secret_id: 'q1w2e3', secret_name: 'db-password', file_name: 'db-password', file_mode: 0o400, file_uid: '1500', file_gid: '1600' },
    ]);
    expect(service.createdSecrets).toEqual([]);
    const ctl = service.controls.find((c) => c.id === 'secrets-as-files')!;
    expect(ctl.status).toBe(ControlStatus.ENFORCED);
    expect(ctl.detail).toMatch(/1 swarm secret\(s\) under \/run\/secrets \(mode 0400, owned by the service user\)/);
  });

  test('a secret created from a token: a docker_secret child, base64-encoded, value-in-state reported', () => {
    const stack = newStack();
    const pw = new TerraformVariable(stack, 'pw', { type: 'string', sensitive: true });
    const service = new HardenedService(stack, 'web', { image: IMAGE, secrets: [ServiceSecret.fromValue({ fileName: 'db.pass', value: pw.stringValue })] });
    const out = JSON.parse(Testing.synth(stack)).resource;
    const [secretId, secret] = Object.entries<any>(out.docker_secret)[0];
    expect(secret.data).toBe('${base64encode(var.pw)}');
    expect(secret.name).toMatch(/^test-web-db\.pass-[0-9a-f]{8}$/);
    expect(secret.lifecycle).toEqual({ create_before_destroy: true });
    const uid = service.user!.split(':')[0];
    expect(Object.values<any>(out.docker_service)[0].task_spec.container_spec.secrets).toEqual([{
      secret_id: `\${docker_secret.${secretId}.id}`,
      secret_name: `\${docker_secret.${secretId}.name}`,
      file_name: 'db.pass',
      file_mode: 0o400,
      file_uid: uid,
      file_gid: uid,
    }]);
    expect(service.createdSecrets).toHaveLength(1);
    const inState = service.controls.find((c) => c.id === 'secret-values-outside-state')!;
    expect(inState.status).toBe(ControlStatus.PARTIAL);
    expect(inState.detail).toMatch(/stored in this stack's Terraform state/);
  });

  test('a named user cannot own the file (it would have to be 0444, readable by every user): refused', () => {
    expect(() => make({ user: 'app:app', secrets: [ServiceSecret.fromExisting({ secretId: 'x', secretName: 'tls.key' })] }))
      .toThrow('test/web: invalid user "app:app": a secret file is mounted 0400 owned by the service\'s uid, which a user name does not give at synth');
    expect(() => make({ user: 'app:app' })).not.toThrow();
  });

  test('two secrets with one file name are refused', () => {
    expect(() => make({
      secrets: [ServiceSecret.fromExisting({ secretId: 'a', secretName: 'k' }), ServiceSecret.fromExisting({ secretId: 'b', secretName: 'k' })],
    })).toThrow(/^test\/web: invalid secrets\[1\]\.fileName "k": each file name may be used once/);
  });
});

describe('trust zone, networks, scheduling', () => {
  test('trustZone places the service on labelled nodes and labels it', () => {
    const { service, s } = make({ trustZone: 'payments' });
    expect(s.task_spec.placement).toEqual({ constraints: ['node.labels.cdktf-hardened-docker.trust-zone == payments'] });
    expect(s.labels).toContainEqual({ label: 'io.cdktf-hardened-docker.trust-zone', value: 'payments' });
    expect(service.trustZone).toBe('payments');
    expect(service.controls.find((c) => c.id === 'trust-zone-placement')!.status).toBe(ControlStatus.ENFORCED);
  });

  test('nodeLabelCommand renders the docker node update command, and validates', () => {
    expect(TRUST_ZONE_NODE_LABEL).toBe('cdktf-hardened-docker.trust-zone');
    expect(HardenedService.nodeLabelCommand('worker-1', 'payments'))
      .toBe('docker node update --label-add cdktf-hardened-docker.trust-zone=payments worker-1');
    expect(() => HardenedService.nodeLabelCommand('worker 1; rm -rf /', 'payments')).toThrow(/invalid nodeName/);
    expect(() => HardenedService.nodeLabelCommand('worker-1', 'Pay')).toThrow(/invalid zone/);
  });

  test('networks map to networks_advanced (names, ids or references)', () => {
    const stack = newStack();
    const v = new TerraformVariable(stack, 'net', { type: 'string' });
    new HardenedService(stack, 'web', { image: IMAGE, networks: ['backend', v.stringValue] });
    const s = onlyService(stack);
    expect(s.task_spec.networks_advanced).toEqual([{ name: 'backend' }, { name: '${var.net}' }]);
  });

  test('global mode, custom resources, rollout, healthcheck, logging, command', () => {
    const { s } = make({
      mode: ServiceMode.global(),
      memoryLimit: Size.mebibytes(512),
      memoryReservation: Size.mebibytes(128),
      cpuLimit: 0.5,
      cpuReservation: 0.25,
      tmpfs: [{ containerPath: '/tmp' }, { containerPath: '/var/cache/app' }],
      rollout: { parallelism: 2, delay: Duration.minutes(1), monitor: Duration.seconds(90), startFirst: true },
      restartPolicy: RestartPolicy.onFailure(5),
      restartDelay: Duration.seconds(15),
      healthCheck: HealthCheck.exec(['/app', 'health'], { interval: Duration.minutes(2), retries: 2 }),
      logging: { driver: LogDriver.JSON_FILE, maxSize: Size.mebibytes(20), maxFiles: 5 },
      entrypoint: ['/app'],
      command: ['serve', '${not-interpolated}'],
      workingDir: '/srv',
    });
    expect(s.mode).toEqual({ global: true });
    expect(s.task_spec.resources).toEqual({
      limits: { memory_bytes: 512 * 1024 * 1024, nano_cpus: 5e8 },
      reservation: { memory_bytes: 128 * 1024 * 1024, nano_cpus: 2.5e8 },
    });
    expect(s.task_spec.container_spec.mounts).toEqual([{ type: 'tmpfs', target: '/tmp' }, { type: 'tmpfs', target: '/var/cache/app' }]);
    expect(s.update_config).toMatchObject({ parallelism: 2, delay: '1m', monitor: '1m30s', order: 'start-first' });
    expect(s.task_spec.restart_policy).toEqual({ condition: 'on-failure', max_attempts: 5, delay: '15s' });
    expect(s.task_spec.container_spec.healthcheck).toEqual({ test: ['CMD', '/app', 'health'], interval: '2m', timeout: '5s', start_period: '0s', retries: 2 });
    expect(s.task_spec.log_driver).toEqual({ name: 'json-file', options: { 'max-file': '5', 'max-size': '20m' } });
    expect(s.task_spec.container_spec.command).toEqual(['/app']);
    expect(s.task_spec.container_spec.args).toEqual(['serve', '$${not-interpolated}']);
    expect(s.task_spec.container_spec.dir).toBe('/srv');
  });

  test('RestartPolicy.never() is swarm condition none', () => {
    expect(make({ restartPolicy: RestartPolicy.never() }).s.task_spec.restart_policy).toEqual({ condition: 'none' });
  });

  test('the default service name is a DNS label, deterministic and distinct per path', () => {
    const stack = newStack();
    const a = new HardenedService(stack, 'a'.repeat(80), { image: IMAGE });
    const b = new HardenedService(stack, 'Web_Frontend', { image: IMAGE });
    expect(a.serviceName).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
    expect(b.serviceName).toMatch(/^test-web-frontend-[0-9a-f]{8}$/);
  });
});

describe('HardeningSummary lists services', () => {
  test('controls, opt-outs, trust zone and the secrets whose values are in state', () => {
    const stack = newStack();
    const value = new TerraformVariable(stack, 'db_password', { type: 'string', sensitive: true });
    new HardenedService(stack, 'api', {
      image: IMAGE,
      trustZone: 'internal',
      secrets: [ServiceSecret.fromValue({ fileName: 'db', value: value.stringValue })],
      optOuts: { writableRootFilesystem: { justification: 'test: the app writes its pid file next to the binary' } },
    });
    const summary = HardeningSummary.of(stack);
    expect(summary.services).toHaveLength(1);
    expect(summary.services[0]).toMatchObject({ path: 'test/api', trustZone: 'internal', secretsInState: [expect.stringMatching(/db/)] });
    const text = summary.toText();
    expect(text).toMatch(/0 container\(s\), 1 service\(s\), \d+ controls/);
    expect(text).toContain('test/api  service=');
    expect(text).toContain('trust zone internal (placement)');
    expect(text).toContain('accepted risk (optOuts.writableRootFilesystem): "test: the app writes its pid file next to the binary"');
    expect(text).toMatch(/± secret-values-outside-state: the values of .*db.* are stored in this stack's Terraform state/);
    expect(Object.values(summary.countByStatus()).reduce((a, b) => a + b, 0)).toBe(summary.services[0].controls.length);
  });
});

describe('configs: read-only files, never secrets', () => {
  test('a config from content: a docker_config (base64 at synth, created before destroyed), mounted 0444 owned by the service uid', () => {
    const { stack, service, s } = make({ configs: [ServiceConfigFile.fromContent({ path: '/etc/app/app.conf', content: 'listen = 8080\n' })] });
    const uid = service.user!.split(':')[0];
    expect(s.task_spec.container_spec.configs).toEqual([{
      config_id: expect.stringMatching(/^\$\{docker_config\.[A-Za-z0-9_-]+\.id\}$/),
      config_name: expect.stringMatching(/^\$\{docker_config\.[A-Za-z0-9_-]+\.name\}$/),
      file_name: '/etc/app/app.conf',
      file_mode: 0o444,
      file_uid: uid,
      file_gid: uid,
    }]);
    const [config] = Object.values<any>(JSON.parse(Testing.synth(stack)).resource.docker_config);
    expect(Buffer.from(config.data, 'base64').toString('utf8')).toBe('listen = 8080\n');
    expect(config.lifecycle).toEqual({ create_before_destroy: true });
    expect(config.name).toMatch(/^[a-z0-9][a-z0-9_.-]*[a-z0-9]$/);
    expect(runChecks(stack).filter((f) => !f.suppressed && f.level !== 'info')).toEqual([]);
  });

  test('another content is another config name (configs are immutable); an existing config by id and name', () => {
    const a = make({ configs: [ServiceConfigFile.fromContent({ path: '/etc/app/app.conf', content: 'a' })] });
    const b = make({ configs: [ServiceConfigFile.fromContent({ path: '/etc/app/app.conf', content: 'b' })] });
    const name = (x: { stack: any }) => Object.values<any>(JSON.parse(Testing.synth(x.stack)).resource.docker_config)[0].name;
    expect(name(a)).not.toBe(name(b));
    const { s } = make({ configs: [ServiceConfigFile.fromExisting({ configId: 'abc123', configName: 'nginx-conf', path: '/etc/nginx/nginx.conf' })] });
    expect(s.task_spec.container_spec.configs[0]).toMatchObject({ config_id: 'abc123', config_name: 'nginx-conf', file_name: '/etc/nginx/nginx.conf' });
  });

  test.each([
    ['a credential in a config', { configs: [ServiceConfigFile.fromContent({ path: '/etc/app/db.conf', content: 'postgres://app:hunter2hunter2@db/app' })] }, 'configs[0].content', /ServiceSecret/],
    ['a relative path', { configs: [ServiceConfigFile.fromContent({ path: 'app.conf', content: 'x' })] }, 'configs[0].path', /absolute/],
    ['below /run/secrets', { configs: [ServiceConfigFile.fromContent({ path: '/run/secrets/x', content: 'x' })] }, 'configs[0].path', /runtime manages/],
    ['in the /tmp tmpfs', { configs: [ServiceConfigFile.fromContent({ path: '/tmp/x', content: 'x' })] }, 'configs[0].path', /outside/],
    ['one path twice', { configs: [ServiceConfigFile.fromContent({ path: '/etc/a', content: 'x' }), ServiceConfigFile.fromContent({ path: '/etc/a', content: 'y' })] }, 'configs[1].path', /once/],
    ['an existing config without id', { configs: [ServiceConfigFile.fromExisting({ configId: ' ', configName: 'n', path: '/etc/a' })] }, 'configs[0].configId', /id in the swarm/],
  ])('refused: %s', (_what, props, prop, allowed) => {
    expect(() => make(props as any)).toThrow(new RegExp(`^test/web: invalid ${prop.replace(/[[\].]/g, '\\$&')} .*: .*${allowed.source}`));
  });
});

describe('volumes, bind mounts and the image\'s own user', () => {
  const JUST = { justification: 'test: the service writes its cache to this volume' };
  test('volumes and binds are read-only with private propagation; writable only per mount with a justification', () => {
    const { service, s } = make({
      volumes: [{ volumeName: 'cache', containerPath: '/var/cache/app', writable: JUST }, { volumeName: 'assets', containerPath: '/srv/assets' }],
      bindMounts: [{ hostPath: '/srv/app/config', containerPath: '/etc/app' }],
    });
    expect(s.task_spec.container_spec.mounts).toEqual([
      expect.objectContaining({ type: 'tmpfs', target: '/tmp' }),
      { type: 'bind', source: '/srv/app/config', target: '/etc/app', read_only: true, bind_options: { propagation: 'rprivate' } },
      { type: 'volume', source: 'assets', target: '/srv/assets', read_only: true },
      { type: 'volume', source: 'cache', target: '/var/cache/app', read_only: false },
    ]);
    expect(service.controls.find((c) => c.id === 'read-only-mounts')).toMatchObject({ status: ControlStatus.OPTED_OUT, detail: expect.stringMatching(/^1 of 3 mounts writable/) });
    expect(service.optOutRecords.map((o) => o.prop)).toEqual(['volumes[0].writable']);
  });

  test('sensitive host paths, engine sockets, /run/secrets and taken paths are refused with the prop and what is allowed', () => {
    expect(() => make({ bindMounts: [{ hostPath: '/var/run/docker.sock', containerPath: '/s' }] }))
      .toThrow(/^test\/web: invalid bindMounts\[0\]\.hostPath "\/var\/run\/docker\.sock": refused because/);
    expect(() => make({ bindMounts: [{ hostPath: '/etc', containerPath: '/host-etc' }] })).toThrow(/invalid bindMounts\[0\]\.hostPath "\/etc": refused/);
    expect(() => make({ bindMounts: [{ hostPath: 'relative/dir', containerPath: '/d' }] })).toThrow(/invalid bindMounts\[0\]\.hostPath "relative\/dir"/);
    expect(() => make({ volumes: [{ volumeName: 'v', containerPath: '/run/secrets/x' }] }))
      .toThrow('test/web: invalid volumes[0].containerPath "/run/secrets/x": must not be "/" or lie in /proc, /sys, /dev, /run/secrets');
    expect(() => make({ volumes: [{ volumeName: 'v', containerPath: '/tmp' }] })).toThrow('invalid volumes[0].containerPath "/tmp": the path is already used by a tmpfs');
    expect(() => make({ volumes: [{ volumeName: '../x', containerPath: '/d' }] })).toThrow('invalid volumes[0].volumeName "../x": expected 1-128 characters');
  });

  test('the synthesized mounts pass the checks; a writable one is an accepted risk', () => {
    const { stack } = make({
      volumes: [{ volumeName: 'cache', containerPath: '/var/cache/app', writable: JUST }],
      bindMounts: [{ hostPath: '/srv/app/config', containerPath: '/etc/app' }],
    });
    expect(stack).toPassHardeningChecks();
  });

  test('optOuts.imageUser: no user in the spec, reported as an accepted risk; not with user, not with secrets', () => {
    const { service, s } = make({ optOuts: { imageUser: { justification: 'test: the vendor image runs as its own non-root USER 10001' } } });
    expect(s.task_spec.container_spec.user).toBeUndefined();
    expect(service.user).toBeUndefined();
    expect(service.controls.find((c) => c.id === 'non-root-user')).toMatchObject({ status: ControlStatus.OPTED_OUT });
    const imageUser = { imageUser: { justification: 'test: the vendor image runs as its own non-root USER 10001' } };
    expect(() => make({ user: '1500:1500', optOuts: imageUser })).toThrow('test/web: invalid user "1500:1500": optOuts.imageUser keeps the image\'s USER');
    expect(() => make({ optOuts: imageUser, secrets: [ServiceSecret.fromExisting({ secretId: 'x', secretName: 'db' })] }))
      .toThrow('which optOuts.imageUser leaves unknown at synth');
  });
});
