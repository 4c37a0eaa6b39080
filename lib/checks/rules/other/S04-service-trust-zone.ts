import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { CheckedResource, HardeningRule, RuleFinding, StackView } from '../../rule';
import { isOpaque } from '../../values/opaque';

/** The node label HardenedService places trust zones by (lib/swarm/service-options.ts TRUST_ZONE_NODE_LABEL). */
const NODE_LABEL = 'node.labels.cdktf-hardened-docker.trust-zone';
/** The service label HardenedService records its zone in. */
const SERVICE_LABEL = 'io.cdktf-hardened-docker.trust-zone';

/**
 * `node.labels.cdktf-hardened-docker.trust-zone == dmz` in swarmkit's syntax (moby v20.10.24
 * vendor/github.com/docker/swarmkit/manager/constraint/constraint.go L40-82, L173-186): `==` or `!=`, spaces free, the
 * `node.labels.` prefix case-insensitive, the label name case-sensitive, the value compared case-insensitively.
 */
const CONSTRAINT = /^\s*node\.labels\.cdktf-hardened-docker\.trust-zone\s*(==|!=)\s*(\S+)\s*$/;
const LABEL_PREFIX_RE = /^(\s*)node\.labels\./i;

/** @internal */
export interface ServiceZones {
  /** Zones the placement constraints require (`==`). */
  readonly placed: string[];
  /** Zones the service's own label names. */
  readonly labelled: string[];
  /** Whether some constraint or label cannot be read (then the service is judged by what can be). */
  readonly unknown: boolean;
}

/**
 * The zones of a service. An unreadable constraint of ANOTHER service is that service's finding (acknowledged here);
 * one of the service being checked stays unanswered, so it is reported as "cannot verify".
 */
/** @internal */
export function zonesOf(r: CheckedResource, stack: StackView, checking: CheckedResource): ServiceZones {
  const placed: string[] = [];
  const labelled: string[] = [];
  let unknown = false;
  const acknowledge = (v: unknown) => {
    if (r.address !== checking.address) stack.acknowledge?.(v);
  };
  const task = normalize.blocks(r.attributes.task_spec)[0];
  for (const placement of normalize.blocks(task?.placement)) {
    const constraints = placement?.constraints;
    if (isOpaque(constraints)) {
      acknowledge(constraints);
      unknown = true;
      continue;
    }
    for (const c of Array.isArray(constraints) ? constraints : []) {
      if (isOpaque(c)) {
        acknowledge(c);
        unknown = true;
        continue;
      }
      const m = CONSTRAINT.exec(String(c).replace(LABEL_PREFIX_RE, '$1node.labels.'));
      if (m && m[1] === '==') placed.push(m[2].toLowerCase());
    }
  }
  for (const l of normalize.blocks(r.attributes.labels)) {
    if (isOpaque(l?.label) || isOpaque(l?.value)) {
      for (const v of [l?.label, l?.value]) if (isOpaque(v)) acknowledge(v);
      continue;
    }
    if (String(l?.label) === SERVICE_LABEL) labelled.push(String(l?.value).toLowerCase());
  }
  return { placed: [...new Set(placed)].sort(), labelled: [...new Set(labelled)].sort(), unknown };
}

/**
 * Trust zones as placement (issue 17): in a stack whose services span several zones, each service must be
 * constrained to the nodes of its zone, and a constraint must not contradict the zone the service declares —
 * otherwise the swarm may schedule a dmz service next to internal ones on one node (one kernel).
 */
export const S04ServiceTrustZone: HardeningRule = {
  id: 'HD-S04',
  title: 'Service not placed by its trust zone',
  cis: [],
  sources: ['catalogue extension: docker_service task_spec.placement.constraints vs trust zones'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_service'],
  suppressible: true,
  explanation: 'Trust zones are kept apart on a swarm by placement: each node carries the label ' +
    '`cdktf-hardened-docker.trust-zone`, and each service a constraint on it. A service without the constraint in a stack that ' +
    'uses zones can land on any node — a dmz task next to the internal database, sharing one kernel — and a service ' +
    'whose constraint names another zone than it declares runs where its zone says it must not.',
  fix: 'Give every HardenedService of a multi-zone stack its trustZone (it becomes the placement constraint ' +
    '`node.labels.cdktf-hardened-docker.trust-zone == <zone>`); on a raw docker_service add that constraint to ' +
    'task_spec.placement.constraints, matching the zone in its io.cdktf-hardened-docker.trust-zone label.',
  check: (r, stack) => {
    const mine = zonesOf(r, stack, r);
    const out: RuleFinding[] = [];
    if (mine.placed.length > 1) {
      out.push({ findingId: 'conflicting-constraints', message: `the placement constraints require several zones at once (${mine.placed.join(', ')}): no node can satisfy them` });
    }
    for (const z of mine.labelled) {
      if (mine.placed.length > 0 && !mine.placed.includes(z)) {
        out.push({ findingId: `contradicts:${z}`, message: `the service declares trust zone "${z}" but its placement constraint requires "${mine.placed.join(', ')}"` });
      }
    }
    if (mine.placed.length === 0 && !mine.unknown) {
      const zones = stack.memo('HD-S04 zones', () => {
        const all = new Set<string>();
        for (const s of stack.resources) {
          if (s.type !== 'docker_service') continue;
          const z = zonesOf(s, stack, r);
          for (const x of [...z.placed, ...z.labelled]) all.add(x);
        }
        return [...all].sort();
      });
      // one zone in use is enough: a service without a constraint may land on that zone's nodes, next to its services
      if (zones.length > 0) {
        out.push({
          findingId: 'no-zone-constraint',
          message: `the stack's services use the trust zones ${zones.join(', ')}, but this service has no placement constraint on ${NODE_LABEL}: ` +
            'the swarm may place it on a node of any zone',
        });
      }
    }
    return out;
  },
};
