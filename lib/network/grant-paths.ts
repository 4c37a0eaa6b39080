/**
 * What IsolatedNetwork.allow and OverlayNetwork.allow share: the checks of a grant path, the pair bookkeeping and the
 * path record. Not exported from the package.
 *
 * @internal
 */
import { createHash } from 'crypto';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { GrantOptions, GrantPath } from './connection-grant';
import { DEFAULT_TRUST_ZONE } from '../container/hardened-container';
import { Protocol } from '../container/ports';
import { invalidProp } from '../core/errors';
import { MIN_JUSTIFICATION_LENGTH, OptOut, OptOutRecord, recordOptOut } from '../core/opt-out';

const ALIAS_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * One end of a grant: a HardenedContainer or a HardenedService.
 *
 * @internal
 */
export type GrantEndpoint = Construct & { readonly trustZone?: string };

/**
 * Checks one grant path before anything is created, so that a refused
 * `allow()` leaves no pair network and no attachment behind. `scope` is the
 * grant when the pair already has one (errors name it), else the network.
 *
 * @internal
 */
export function checkGrantPath(scope: Construct, from: GrantEndpoint, to: GrantEndpoint, options: GrantOptions,
  declared: GrantPath[]): { alias: string; protocol: Protocol } {
  const where = grantProp(from, to);
  if (options === null || typeof options !== 'object') throw invalidProp(scope, `${where}.options`, options, 'expected GrantOptions or nothing');
  // the default alias is the target's construct id as a DNS label (cut to 63 characters without a trailing hyphen)
  const alias = options.alias ?? to.node.id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  if (typeof alias !== 'string' || !ALIAS_RE.test(alias)) {
    throw invalidProp(scope, `${where}.alias`, options.alias ?? alias,
      options.alias === undefined
        ? 'the target\'s construct id gives no DNS label; pass alias, one lower-case DNS label (a-z, 0-9, -)'
        : 'expected one lower-case DNS label (a-z, 0-9, -)');
  }
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)) {
    throw invalidProp(scope, `${where}.port`, options.port, 'expected an integer from 1 to 65535');
  }
  const protocol = options.protocol ?? Protocol.TCP;
  if (!Object.values(Protocol).includes(protocol)) throw invalidProp(scope, `${where}.protocol`, protocol, 'expected Protocol.TCP, UDP or SCTP');
  const crossTrustZone = options.crossTrustZone !== undefined && options.crossTrustZone !== null;
  if (zoneOf(from) !== zoneOf(to)) {
    if (!crossTrustZone) {
      throw invalidProp(scope, where, `${zoneOf(from)} -> ${zoneOf(to)}`,
        'a grant between trust zones needs the crossTrustZone opt-out with a justification');
    }
    checkJustification(scope, `${where}.crossTrustZone`, options.crossTrustZone!);
  } else if (crossTrustZone) {
    throw invalidProp(scope, `${where}.crossTrustZone`, '<opt-out>', `this opt-out does not apply (both are in trust zone "${zoneOf(from)}"); remove it`);
  }
  const duplicate = declared.find((p) =>
    p.from === from.node.path && p.to === to.node.path && p.port === options.port && p.protocol === protocol);
  if (duplicate) throw invalidProp(scope, where, options.port ?? 'any port', 'this path is already granted');
  const clash = declared.find((p) => p.to !== to.node.path && p.alias === alias);
  if (clash) throw invalidProp(scope, `${where}.alias`, alias, `the alias already names ${clash.to} on this grant network`);
  return { alias, protocol };
}

/**
 * The trust zone a grant compares: a service placed by no zone counts as the default zone, as a container
 * without one does.
 *
 * @internal
 */
export function zoneOf(endpoint: GrantEndpoint): string {
  return endpoint.trustZone ?? DEFAULT_TRUST_ZONE;
}

/** The check recordOptOut makes, without recording (the grant may not exist yet). */
function checkJustification(scope: Construct, prop: string, optOut: OptOut): void {
  const justification = typeof optOut?.justification === 'string' ? optOut.justification.trim() : '';
  if (justification.length < MIN_JUSTIFICATION_LENGTH) {
    throw invalidProp(scope, `${prop}.justification`, optOut?.justification,
      `an opt-out needs a written justification of at least ${MIN_JUSTIFICATION_LENGTH} characters`);
  }
}

/**
 * The prop under which a grant's errors and opt-outs are reported, `allow(<from id> -> <to id>)`.
 * Construct ids may hold any character; one outside [A-Za-z0-9_.-] (a space, a quote, non-ASCII)
 * would garble the `<path>: invalid <prop> <value>: <allowed>` format, so it shows as `_` (the value
 * and the construct paths in the grant's records stay exact).
 *
 * @internal
 */
export function grantProp(from: GrantEndpoint, to: GrantEndpoint): string {
  const id = (c: GrantEndpoint) => c.node.id.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `allow(${id(from)} -> ${id(to)})`;
}

/** A grant between two workloads of one kind on one network (ConnectionGrant, ServiceGrant). @internal */
export interface PairGrant<E extends GrantEndpoint> extends Construct {
  readonly paths: GrantPath[];
  _addPath(from: E, to: E, checked: { alias: string; protocol: Protocol }, options: GrantOptions): void;
}

/**
 * `allow(from, to)` of IsolatedNetwork and OverlayNetwork: both endpoints of the expected kind and of the network's
 * stack, not the same; every option checked before anything is created (a refused grant leaves no pair network
 * behind); one grant per pair, created by `create` under `Grant-<hash>`.
 *
 * @internal
 */
export function allowPair<E extends GrantEndpoint, G extends PairGrant<E>>(network: Construct, from: E, to: E, options: GrantOptions,
  kind: { name: string; noun: string; is: (x: unknown) => boolean }, grants: Map<string, G>, create: (id: string) => G): G {
  const stack = TerraformStack.of(network);
  for (const [role, e] of [['from', from], ['to', to]] as const) {
    if (!kind.is(e)) throw invalidProp(network, `allow(${role})`, describeValue(e), `expected a ${kind.name}`);
    if (TerraformStack.of(e) !== stack) {
      throw invalidProp(network, `allow(${role})`, e.node.path,
        `the ${kind.noun} is in stack "${TerraformStack.of(e).node.path}", this network in "${stack.node.path}"; ` +
        `a grant can only connect ${kind.noun}s of the network's own stack`);
    }
  }
  if (from === to) throw invalidProp(network, 'allow(to)', to.node.path, `a ${kind.noun} needs no grant to reach itself`);
  const key = [from.node.path, to.node.path].sort().join('\u0000');
  let grant = grants.get(key);
  const path = checkGrantPath(grant ?? network, from, to, options, grant?.paths ?? []);
  if (!grant) {
    grant = create(`Grant-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`);
    grants.set(key, grant);
  }
  grant._addPath(from, to, path, options);
  return grant;
}

/**
 * One declared path of a grant, with the cross-zone opt-out recorded on `grant` when the zones differ.
 *
 * @internal
 */
export function declarePath(grant: Construct, records: OptOutRecord[], from: GrantEndpoint, to: GrantEndpoint,
  checked: { alias: string; protocol: Protocol }, options: GrantOptions, enforcement: string): GrantPath {
  if (zoneOf(from) !== zoneOf(to)) {
    records.push(recordOptOut(grant, `${grantProp(from, to)}.crossTrustZone`, 'trust-zones', options.crossTrustZone!));
  }
  return { from: from.node.path, to: to.node.path, alias: checked.alias, port: options.port, protocol: checked.protocol, enforcement };
}

function describeValue(c: unknown): string {
  try {
    return String(c);
  } catch {
    return typeof c; // e.g. an object without a prototype
  }
}
