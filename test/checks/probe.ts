import { CheckedResource, StackView } from '../../lib/checks/rule';
import { ALL_RULES } from '../../lib/checks/rules';
import { projectService } from '../../lib/checks/service-projection';
import { mark } from '../../lib/checks/values/evaluate';
import { Opaque } from '../../lib/checks/values/opaque';
import { AttrType, BlockSchema, PROVIDER_SCHEMA } from '../../lib/checks/values/provider-schema';
import { ReadTracker } from '../../lib/checks/values/tracking';

/** Shown values for the probe: several variants, so that rules take their different branches. */
const VARIANTS: Array<(attr: string, type: AttrType) => unknown> = [
  (_a, t) => (t === 'bool' ? true : t === 'number' ? 0 : t === 'string' ? '' : undefined),
  (_a, t) => (t === 'bool' ? false : t === 'number' ? 1024 : t === 'string' ? 'host' : undefined),
  (a, t) => (t === 'bool' ? true : t === 'number' ? -1 : t === 'string' ? (a.includes('driver') ? 'overlay' : 'container:x') : undefined),
  (a, t) => (t === 'bool' ? false : t === 'number' ? 80 : t === 'string' ? (a.includes('driver') ? 'bridge' : a === 'name' ? 'bridge' : 'json-file') : undefined),
  (a, t) => (t === 'string' ? (a.includes('driver') ? 'kubernetes' : a === 'host' ? 'ssh://x' : 'on-failure') : undefined),
  (a, t) => (t === 'string' ? (a === 'host' ? 'tcp://10.0.0.1:2376' : a === 'type' ? 'bind' : 'local') : undefined),
  (a, t) => (t === 'string' ? (a === 'type' ? 'volume' : 'docker-container') : undefined),
];

function probeValue(path: string, type: AttrType, variant: number): unknown {
  const leaf = path.split('.').pop()!;
  if (typeof type === 'string') {
    const shown = VARIANTS[variant](leaf, type) ?? (type === 'any' ? 'x' : undefined);
    return new Opaque('tainted', `probe:${path}`, 'probe', shown);
  }
  if ('list' in type) return mark([probeValue(`${path}[]`, type.list, variant)]);
  if ('map' in type) {
    const keys = ['max-size', 'encrypted', 'o', 'device', 'type', 'rootless', 'net.ipv4.ip_unprivileged_port_start', 'PASSWORD',
      'com.docker.network.bridge.enable_icc', 'com.docker.network.bridge.gateway_mode_ipv4', '/tmp'];
    return mark(Object.fromEntries(keys.map((k) => [k, probeValue(`${path}{}`, type.map, variant)])));
  }
  return mark([probeBlock(type.block, path, variant)]);
}

function probeBlock(schema: BlockSchema, prefix: string, variant: number): { [k: string]: unknown } {
  const out: { [k: string]: unknown } = {};
  for (const [k, t] of Object.entries(schema)) out[k] = probeValue(prefix ? `${prefix}.${k}` : k, t, variant);
  return mark(out);
}

/** `probe:task_spec.container_spec.user` -> `task_spec.container_spec.user` (the schema path, no indices). */
function schemaPath(read: Opaque): string {
  return read.expression.replace(/^probe:/, '').replace(/(\[\]|\{\})/g, '');
}

/** type -> schema attribute path -> ids of the rules that read it. */
export function probeRuleReads(): { [type: string]: { [path: string]: Set<string> } } {
  const out: { [type: string]: { [path: string]: Set<string> } } = {};
  const kinds: Array<[string, BlockSchema]> = [
    ...Object.entries(PROVIDER_SCHEMA.resources),
    ...Object.entries(PROVIDER_SCHEMA.data).map(([t, s]) => [`data.${t}`, s] as [string, BlockSchema]),
    ['provider.docker', PROVIDER_SCHEMA.provider],
  ];
  for (const [type, schema] of kinds) {
    const rules = ALL_RULES.filter((r) => r.resourceTypes.includes(type));
    for (let variant = 0; variant < VARIANTS.length; variant++) {
      let attributes = probeBlock(schema, '', variant);
      if (type === 'docker_service') attributes = mark({ ...attributes, ...projectService(attributes).attributes });
      const resource: CheckedResource = { type, name: 'probe', path: 'probe', address: `${type}.probe`, attributes };
      for (const rule of rules) {
        const tracker = new ReadTracker();
        const view: StackView = {
          stackName: 'probe',
          get resources() {
            return [{ ...resource, attributes: tracker.view(resource.attributes, resource.address!) }];
          },
          referenced: () => undefined,
          memo: (_k, compute) => compute(),
        };
        try {
          rule.check({ ...resource, attributes: tracker.view(resource.attributes, resource.address!) }, view);
        } catch {
          // a probe value a rule does not expect: what it read before is still recorded
        }
        for (const read of tracker.reads) {
          const path = schemaPath(read.value);
          ((out[type] ??= {})[path] ??= new Set()).add(rule.id);
        }
      }
    }
  }
  return out;
}
