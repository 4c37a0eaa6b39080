/**
 * The declared and live sides of a swarm service for compareService tests (test/verify/services.test.ts and the
 * red-team suite): a HardenedService's create request with references resolved, and the service as a manager shows it.
 */
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { HardenedService, HardenedServiceProps, ServiceSecret } from '../../lib';
import { serviceCreatePlan, ServiceCreatePlan } from '../../lib/engine/service-mapping';
import { resolveReferences } from '../../lib/engine/stack';
import { LiveNode, LiveTask } from '../../lib/verify/check-services';

export const IMAGE = `registry.example.com/api@sha256:${'c'.repeat(64)}`;
export const NET_ID = 'n'.repeat(25);

/** The create request of a HardenedService in zone `internal` with one secret (`sid` named `db`), plus `extra` props. */
export function servicePlan(extra: Partial<HardenedServiceProps> = {}): ServiceCreatePlan {
  const s = new TerraformStack(Testing.app(), 'v');
  new DockerProvider(s, 'docker', {});
  new HardenedService(s, 'api', {
    image: IMAGE, trustZone: 'internal', secrets: [ServiceSecret.fromExisting({ secretId: 'sid', secretName: 'db', fileName: 'db' })], ...extra,
  });
  const json = JSON.parse(Testing.synth(s));
  const [logical, body] = Object.entries<any>(json.resource.docker_service)[0];
  const names: { [k: string]: string } = {};
  for (const [type, resources] of Object.entries<any>(json.resource)) {
    for (const [l, b] of Object.entries<any>(resources)) names[`${type}.${l}`] = b.name;
  }
  return serviceCreatePlan(logical, resolveReferences(body, (type, l, attribute) => {
    if (type === 'docker_network' && attribute === 'id') return names[`${type}.${l}`];
    if (attribute === 'name') return names[`${type}.${l}`];
    throw new Error(`unexpected ${type}.${l}.${attribute}`);
  }, logical) as any);
}

/** The node the task runs on, labelled with the service's zone. */
export const NODE: LiveNode = { ID: 'node1', Description: { Hostname: 'n1' }, Spec: { Role: 'worker', Labels: { 'cdktf-hardened-docker.trust-zone': 'internal' } } };

/** The service as a manager shows it: the declared spec (changed by `change`), networks by ID, one running task of that spec. */
export function liveService(p: ServiceCreatePlan, change: (spec: any) => void = () => undefined) {
  const spec = JSON.parse(JSON.stringify(p.spec));
  const networkName = spec.TaskTemplate.Networks[0].Target;
  spec.TaskTemplate.Networks = [{ Target: NET_ID }];
  change(spec);
  const task: LiveTask = { ID: 't'.repeat(25), NodeID: 'node1', Slot: 1, Spec: spec.TaskTemplate, DesiredState: 'running', Status: { State: 'running' } };
  return {
    service: { ID: 'svc', Spec: spec },
    context: {
      networkNames: new Map([[NET_ID, networkName]]),
      nodes: [NODE],
      tasks: [task],
      secretNames: new Map([['sid', 'db'], ['other', 'root-ca-key'], ['sid2', 'db']]),
    } as any,
  };
}
