import { Service, ServiceConfig } from '@cdktf/provider-docker/lib/service';
import { TerraformStack } from 'cdktf';
import { backendNetwork } from '../../util';
import { Fixture, PINNED } from '../harness';

/** Shared service fixture of the swarm red-team files: a hardened raw docker_service `adv/svc`. */
type Task = NonNullable<ServiceConfig['taskSpec']>;
type Spec = NonNullable<Task['containerSpec']>;

export const HARDENED_SPEC: Spec = { image: PINNED, user: '10001:10001', readOnly: true, capDrop: ['ALL'], healthcheck: { test: ['CMD', '/app', 'health'] } };
export const HARDENED_TASK: Task = {
  containerSpec: HARDENED_SPEC,
  resources: { limits: { memoryBytes: 268435456, nanoCpus: 500000000 } },
  restartPolicy: { condition: 'on-failure', maxAttempts: 3 },
  logDriver: { name: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
  networksAdvanced: [{ name: 'backend' }],
};
export const SVC_PATH = 'adv/svc';

export const service = (spec: Partial<Spec> = {}, task: Partial<Task> = {}, extra: Partial<ServiceConfig> = {}) => (s: TerraformStack): Service => {
  backendNetwork(s);
  return new Service(s, 'svc', { name: 'svc', taskSpec: { ...HARDENED_TASK, containerSpec: { ...HARDENED_SPEC, ...spec }, ...task }, ...extra });
};
export const svc = (spec: Partial<Spec> = {}, task: Partial<Task> = {}, extra: Partial<ServiceConfig> = {}) =>
  (s: TerraformStack, _f: Fixture) => { service(spec, task, extra)(s); };
/** The hardened service, then `fn` on it (escape hatches). */
export const svcWith = (fn: (sv: Service, s: TerraformStack) => void) => (s: TerraformStack, _f: Fixture) => { fn(service()(s), s); };
