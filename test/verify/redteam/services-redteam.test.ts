/**
 * Red-team: live swarm changes that should fail `verify` (a finding other than drift). A test that FAILS here is an
 * attack that gets through. No engine: compareService on specs derived from a HardenedService's create request.
 */
import { describe, expect, test } from 'vitest';
import { HealthCheck } from '../../../lib';
import { ServiceCreatePlan } from '../../../lib/engine/service-mapping';
import { ServiceMode } from '../../../lib/swarm/service-options';
import { compareNetwork } from '../../../lib/verify/check-networks';
import { compareService } from '../../../lib/verify/check-services';
import { liveService, NET_ID, NODE, servicePlan } from '../service-fixture';

const plan = servicePlan;
const live = liveService;

function run(change: (spec: any) => void = () => undefined, context: (c: any) => void = () => undefined, p: ServiceCreatePlan = plan()) {
  const l = live(p, change);
  context(l.context);
  return compareService(p, l.service, l.context).map((f) => `${f.kind} ${f.field}`).sort();
}
const failing = (fs: string[]) => { LAST.all = fs; return fs.filter((f) => !f.startsWith('drift ')); };
const LAST: { all: string[] } = { all: [] };
const cs = (s: any) => s.TaskTemplate.ContainerSpec;

describe('redteam: environment', () => {
  const withEnv = () => plan({ environment: { TLS_VERIFY: '1', DB_HOST: 'db.internal' } });
  test('ENV-1 a declared variable removed (e.g. TLS_VERIFY=1) is reported at all', () => {
    const p = withEnv();
    expect(run((s) => { cs(s).Env = cs(s).Env.filter((e: string) => !e.startsWith('TLS_VERIFY=')); }, undefined, p)).not.toEqual([]);
  });
  test('ENV-2 a declared variable removed is failing', () => {
    const p = withEnv();
    { const r = failing(run((s) => { cs(s).Env = cs(s).Env.filter((e: string) => !e.startsWith('TLS_VERIFY=')); }, undefined, p)); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('ENV-3 LD_PRELOAD injected (another program runs, like args) is failing', () => {
    { const r = failing(run((s) => { cs(s).Env = ['LD_PRELOAD=/tmp/x.so']; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('ENV-4 a declared value changed (DB_HOST -> attacker host, TLS_VERIFY=0) is failing', () => {
    const p = withEnv();
    { const r = failing(run((s) => { cs(s).Env = cs(s).Env.map((e: string) => e.replace('TLS_VERIFY=1', 'TLS_VERIFY=0')); }, undefined, p)); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
});

describe('redteam: name resolution redirected', () => {
  test('NAME-1 Hosts maps a peer name to an attacker address', () => {
    { const r = failing(run((s) => { cs(s).Hosts = ['203.0.113.7 db']; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('NAME-2 DNSConfig points at an attacker resolver', () => {
    { const r = failing(run((s) => { cs(s).DNSConfig = { Nameservers: ['203.0.113.7'] }; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
});

describe('redteam: fields listed as compared but never compared', () => {
  test('LBL-1 ContainerSpec.Labels changed is reported at all', () => {
    expect(run((s) => { cs(s).Labels = { 'traefik.enable': 'true', 'traefik.http.routers.x.rule': 'PathPrefix(`/`)' }; })).not.toEqual([]);
  });
  test('LBL-2 service Labels (traefik exposure) changed is failing', () => {
    { const r = failing(run((s) => { s.Labels = { ...s.Labels, 'traefik.enable': 'true' }; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
});

describe('redteam: secrets', () => {
  test('SEC-1 the declared secret ID replaced by a re-created secret of the same name (other content)', () => {
    { const r = failing(run((s) => { cs(s).Secrets[0].SecretID = 'sid2'; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('SEC-2 absolute file name for the same path is not silently equated (control)', () => {
    { const r = failing(run((s) => { cs(s).Secrets[0].File.Name = '/run/secrets/db'; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('SEC-3 setuid bit on the secret file mode (control)', () => {
    { const r = failing(run((s) => { cs(s).Secrets[0].File.Mode = 0o4400; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('SEC-4 UID spelled "058440" (control, fail closed)', () => {
    { const r = failing(run((s) => { cs(s).Secrets[0].File.UID = '0'; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
});

describe('redteam: capabilities and spelling', () => {
  test.each([
    ['cap_sys_admin'], ['CAP_SYS_ADMIN'], ['sys_admin'], [' SYS_ADMIN '], ['ALL'], ['all'],
  ])('CAP-1 add %s', (cap) => {
    { const r = failing(run((s) => { cs(s).CapabilityAdd = [cap]; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('CAP-2 drop changed from ALL to a list', () => {
    { const r = failing(run((s) => { cs(s).CapabilityDrop = ['NET_RAW']; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('CAP-3 drop "all" lowercase is neutral (no false positive)', () => {
    { const r = failing(run((s) => { cs(s).CapabilityDrop = ['all']; })); expect(r, `all findings: ${LAST.all.join('; ')}`).toEqual([]); }
  });
});

describe('redteam: placement', () => {
  test.each([
    ['node.labels.cdktf-hardened-docker.trust-zone != dmz'],
    ['node.labels.CDKTF-hardened-docker.trust-zone == internal'],
    ['engine.labels.cdktf-hardened-docker.trust-zone == internal'],
    ['node.labels.cdktf-hardened-docker.trust-zone == internal*'],
  ])('PL-1 constraint replaced by %s', (c) => {
    { const r = failing(run((s) => { s.TaskTemplate.Placement.Constraints = [c]; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('PL-2 same constraint in another spelling is neutral', () => {
    { const r = failing(run((s) => { s.TaskTemplate.Placement.Constraints = ['NODE.LABELS.cdktf-hardened-docker.trust-zone==INTERNAL']; })); expect(r, `all findings: ${LAST.all.join('; ')}`).toEqual([]); }
  });
  test('PL-3 task with the service\'s own spec on a node violating the constraint', () => {
    expect(failing(run(undefined, (c) => { c.nodes = [{ ...NODE, Spec: { Role: 'worker', Labels: { 'cdktf-hardened-docker.trust-zone': 'public' } } }]; })))
      .toContain('weaker tasks.1.placement');
  });
  test('PL-4 a second task, same spec, on a node without the label', () => {
    expect(failing(run(undefined, (c) => {
      c.nodes = [NODE, { ID: 'node2', Description: { Hostname: 'n2' }, Spec: { Role: 'worker', Labels: {} } }];
      c.tasks = [...c.tasks, { ...c.tasks[0], ID: 'u'.repeat(25), Slot: 2, NodeID: 'node2' }];
    }))).toContain('weaker tasks.2.placement');
  });
});

describe('redteam: tasks', () => {
  const weakSpec = (c: any) => ({ ...c.tasks[0].Spec, ContainerSpec: { ...c.tasks[0].Spec.ContainerSpec, User: '0', CapabilityAdd: ['SYS_ADMIN'] } });
  test('TASK-1 a task the swarm is shutting down (desired shutdown) whose container still runs a weaker spec', () => {
    expect(failing(run(undefined, (c) => {
      c.tasks = [...c.tasks, { ID: 'o'.repeat(25), NodeID: 'node1', Slot: 1, Spec: weakSpec(c), DesiredState: 'shutdown', Status: { State: 'running' } }];
    }))).not.toEqual([]);
  });
  test('TASK-2 a task of an older weaker spec in state starting (control)', () => {
    expect(failing(run(undefined, (c) => { c.tasks[0] = { ...c.tasks[0], Spec: weakSpec(c), Status: { State: 'starting' } }; }))).toContain('weaker tasks.1.user');
  });
  test('TASK-3 a task desired running but in state "ready"/"pending" (control: stopped)', () => {
    expect(run(undefined, (c) => { c.tasks[0] = { ...c.tasks[0], Status: { State: 'pending' } }; })).toContain('stopped tasks.1.state');
  });
  test('TASK-4 global service with no task at all', () => {
    const p = plan({ mode: ServiceMode.global() });
    { const r = failing(run(undefined, (c) => { c.tasks = []; }, p)); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('TASK-5 global service: one of two eligible nodes has no task', () => {
    const p = plan({ mode: ServiceMode.global() });
    expect(failing(run(undefined, (c) => {
      c.nodes = [NODE, { ...NODE, ID: 'node2', Description: { Hostname: 'n2' } }];
    }, p))).not.toEqual([]);
  });
  test('TASK-4b global service: live gains a constraint no node satisfies, so no task runs (only drift)', () => {
    const p = plan({ mode: ServiceMode.global() });
    const all = run((s) => { s.TaskTemplate.Placement.Constraints.push('node.id == nonexistent'); }, (c) => { c.tasks = []; }, p);
    expect(failing(all), all.join('; ')).not.toEqual([]);
  });
  test('TASK-7 start-first rollout back to the declared spec: the weak old task is desired shutdown but runs out a 1000h grace period', () => {
    const all = run((s) => { s.UpdateConfig.Order = 'start-first'; }, (c) => {
      const weak = { ...c.tasks[0].Spec, ContainerSpec: { ...c.tasks[0].Spec.ContainerSpec, User: '0', StopGracePeriod: 3.6e15, StopSignal: 'SIGURG' } };
      c.tasks = [...c.tasks, { ID: 'o'.repeat(25), NodeID: 'node1', Slot: 1, Spec: weak, DesiredState: 'shutdown', Status: { State: 'running' } }];
    });
    expect(failing(all), all.join('; ')).not.toEqual([]);
  });
  test('TASK-6 a task with the service spec but without Spec (engine omitted) on a weaker node (control)', () => {
    { const r = failing(run(undefined, (c) => { c.tasks[0] = { ...c.tasks[0], Spec: undefined, NodeID: 'ghost' }; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
});

describe('redteam: image', () => {
  test('IMG-1 declared by tag, live another (older) tag of the same repository', () => {
    const p = plan({ image: 'registry.example.com/api:2.0.1', optOuts: { mutableImageTag: { justification: 'redteam: tag-only image test' } } });
    { const r = failing(run((s) => { cs(s).Image = `registry.example.com/api:0.9.0@sha256:${'d'.repeat(64)}`; }, undefined, p)); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('IMG-2 same digest with a tag added (control, neutral content)', () => {
    const all = run((s) => { cs(s).Image = `registry.example.com/api:x@sha256:${'c'.repeat(64)}`; });
    { const r = failing(all); expect(r, `all findings: ${LAST.all.join('; ')}`).toEqual([]); }
  });
});

describe('redteam: health', () => {
  test('HC-1 declared healthcheck replaced by an always-true one', () => {
    const p = plan({ healthCheck: HealthCheck.exec(['/api', 'health']) });
    { const r = failing(run((s) => { cs(s).Healthcheck = { ...cs(s).Healthcheck, Test: ['CMD', 'true'] }; }, undefined, p)); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('HC-2 declared healthcheck replaced by an empty Test (inherit the image: none)', () => {
    const p = plan({ healthCheck: HealthCheck.exec(['/api', 'health']) });
    { const r = failing(run((s) => { cs(s).Healthcheck = { Test: [] }; }, undefined, p)); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
});

describe('redteam: mounts and tmpfs', () => {
  test('MNT-1 /tmp/ (trailing slash) added next to /tmp (control)', () => {
    { const r = failing(run((s) => { cs(s).Mounts.push({ Type: 'bind', Source: '/', Target: '/tmp/' }); })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('MNT-2 declared tmpfs given an exec/suid-friendly world-writable mode without sticky bit', () => {
    { const r = failing(run((s) => { cs(s).Mounts[0].TmpfsOptions = { Mode: 0o777 }; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('MNT-3 declared tmpfs target turned into a volume (control)', () => {
    { const r = failing(run((s) => { cs(s).Mounts[0] = { Type: 'volume', Source: 'evil', Target: '/tmp' }; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
});

describe('redteam: networks and endpoint', () => {
  // NET-1 (two swarm networks of one name) is left out: swarmkit refuses a second swarm-scoped network of a name
  // (moby v20.10.24 vendor/github.com/docker/swarmkit/manager/state/store/networks.go L69: ErrNameConflict)
  test('NET-2 the same network twice with an alias on the first attachment only', () => {
    { const r = failing(run((s) => { s.TaskTemplate.Networks = [{ Target: NET_ID, Aliases: ['db'] }, { Target: NET_ID }]; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('NET-3 ingress publish switched to host mode (control)', () => {
    { const r = failing(run((s) => { s.EndpointSpec = { Ports: [{ TargetPort: 8080, PublishedPort: 8080, PublishMode: 'host' }] }; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('NET-4 deprecated top-level Networks (control)', () => {
    { const r = failing(run((s) => { s.Networks = [{ Target: 'x' }]; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('NET-5 overlay network recreated without encryption', () => {
    const fs = compareNetwork('s', 'docker_network.n', { name: 'n', body: { Name: 'n', Driver: 'overlay', Internal: true, Options: { encrypted: 'true' } } },
      { Id: 'x', Name: 'n', Scope: 'swarm', Internal: true, Options: {} });
    expect(fs.filter((f) => f.kind !== 'drift')).not.toEqual([]);
  });
  test('NET-6 overlay network recreated attachable (standalone containers on any node join, invisible to verify)', () => {
    const fs = compareNetwork('s', 'docker_network.n', { name: 'n', body: { Name: 'n', Driver: 'overlay', Internal: true, Options: { encrypted: 'true' } } },
      { Id: 'x', Name: 'n', Scope: 'swarm', Internal: true, Options: { encrypted: 'true' }, Attachable: true } as any);
    expect(fs.filter((f) => f.kind !== 'drift')).not.toEqual([]);
  });
});

describe('redteam: restart and misc', () => {
  test('RS-1 delay zero with attempts kept (neutral: drift ok)', () => {
    expect(run((s) => { s.TaskTemplate.RestartPolicy.Delay = 0; })).toEqual(['drift restart_policy.delay']);
  });
  test('RS-2 restart condition none -> on-failure unbounded attempts', () => {
    { const r = failing(run((s) => { s.TaskTemplate.RestartPolicy = { Condition: 'on-failure', Delay: 5e9 }; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
  test('MODE-1 replicated -> global (control)', () => {
    { const r = failing(run((s) => { s.Mode = { Global: {} }; })); expect(r, `all findings: ${LAST.all.join('; ')}`).not.toEqual([]); }
  });
});

describe('redteam: false positives (neutral engine-side spellings reported as weaker)', () => {
  test('FP-1 declared SELinux context; live Privileges as moby v20.10 serializes it (no omitempty inside)', () => {
    const p = plan();
    (p.spec as any).TaskTemplate.ContainerSpec.Privileges = { SELinuxContext: { Type: 'container_t' } };
    expect(failing(run((s) => {
      cs(s).Privileges = { CredentialSpec: null, SELinuxContext: { Disable: false, User: '', Role: '', Type: 'container_t', Level: '' } };
    }, undefined, p))).toEqual([]);
  });
  test('FP-2 no healthcheck declared (empty {}); live without Healthcheck', () => {
    { const r = failing(run((s) => { delete cs(s).Healthcheck; })); expect(r, `all findings: ${LAST.all.join('; ')}`).toEqual([]); }
  });
  test('FP-3 network target spelled as the network name (ServiceCreate accepts names; moby stores IDs)', () => {
    const p = plan();
    { const r = failing(run((s) => { s.TaskTemplate.Networks = [{ Target: (p.spec as any).TaskTemplate.Networks[0].Target }]; }, undefined, p)); expect(r, `all findings: ${LAST.all.join('; ')}`).toEqual([]); }
  });
  test('FP-4 Isolation omitted live', () => {
    { const r = failing(run((s) => { delete cs(s).Isolation; })); expect(r, `all findings: ${LAST.all.join('; ')}`).toEqual([]); }
  });
  test('FP-5 secret UID/GID omitted live for a root-owned declared secret', () => {
    const p = plan();
    (p.spec as any).TaskTemplate.ContainerSpec.Secrets[0].File.UID = '0';
    (p.spec as any).TaskTemplate.ContainerSpec.Secrets[0].File.GID = '0';
    { const r = failing(run((s) => { cs(s).Secrets[0].File = { Name: 'db', UID: '0', GID: '0', Mode: 0o400 }; }, undefined, p)); expect(r, `all findings: ${LAST.all.join('; ')}`).toEqual([]); }
  });
  test('FP-6 task Spec identical but with keys in another order (engine re-serialisation) -> no duplicate finding', () => {
    expect(run(undefined, (c) => {
      const t = c.tasks[0].Spec;
      c.tasks[0] = { ...c.tasks[0], Spec: Object.fromEntries(Object.entries(t).reverse()) };
    })).toEqual([]);
  });
});
