import { createHash } from 'crypto';
import { Network } from '@cdktf/provider-docker/lib/network';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { LABEL_PREFIX } from '../container/hardened-container';
import { invalidProp } from '../core/errors';
import { TRUST_ZONE_RE } from '../core/net';
import { CARRIABLE_TEXT, escapeTemplate, isCarriableText, requireLiteral } from '../core/tokens';

/** Docker bridge driver option keys. */
export const BRIDGE_OPTION = {
  ENABLE_ICC: 'com.docker.network.bridge.enable_icc',
  ENABLE_IP_MASQUERADE: 'com.docker.network.bridge.enable_ip_masquerade',
  HOST_BINDING_IPV4: 'com.docker.network.bridge.host_binding_ipv4',
  INHIBIT_IPV4: 'com.docker.network.bridge.inhibit_ipv4',
};

/** @internal */
export function bridgeOptions(o: { icc: boolean; internal: boolean }): { [key: string]: string } {
  const options: { [key: string]: string } = {
    [BRIDGE_OPTION.ENABLE_ICC]: String(o.icc),
    [BRIDGE_OPTION.ENABLE_IP_MASQUERADE]: String(!o.internal),
    [BRIDGE_OPTION.HOST_BINDING_IPV4]: '127.0.0.1',
  };
  // An internal network still gives containers a default route to the bridge's own address, so every host
  // service listening on all interfaces stays reachable (observed on Docker 20.10; Docker 28 adds gateway mode
  // "isolated"). Without an address on the bridge the host is not reachable from the network at all.
  if (o.internal) options[BRIDGE_OPTION.INHIBIT_IPV4] = 'true';
  return Object.fromEntries(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** @internal */
export function networkLabels(scope: Construct, extra: { [key: string]: string }, own: { [key: string]: string }) {
  const all: { [key: string]: string } = {};
  for (const [k, v] of Object.entries(extra)) {
    // the key is the value here, never part of the prop: a key like "a: b" would garble the error format
    if (k.startsWith(LABEL_PREFIX)) throw invalidProp(scope, 'labels', k, `keys starting with "${LABEL_PREFIX}" are reserved for this library`);
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_./-]{0,254}$/.test(k)) {
      throw invalidProp(scope, 'labels', k, 'label keys must be 1-255 characters of [a-zA-Z0-9_./-] starting with a letter or digit');
    }
    requireLiteral(scope, 'labels', v);
    if (!isCarriableText(v)) throw invalidProp(scope, 'labels', { [k]: v }, `label values must be ${CARRIABLE_TEXT}`);
    all[k] = v;
  }
  all[`${LABEL_PREFIX}stack`] = TerraformStack.of(scope).node.id;
  for (const [k, v] of Object.entries(own)) all[`${LABEL_PREFIX}${k}`] = v;
  // in Terraform's JSON syntax "${" and "%{" in any string are interpolated: a literal label value is escaped
  return Object.keys(all).sort().map((label) => ({ label, value: escapeTemplate(all[label]) }));
}


/** The managed networks of each stack by engine name, and the subnets given to them (no tree walk per network). */
const NAMES = new WeakMap<TerraformStack, Map<string, IConstruct>>();
const SUBNETS = new WeakMap<TerraformStack, Array<{ range: number[]; network: IConstruct }>>();

/** The construct that already has `name` on this stack's engine, if any. @internal */
export function networkNamedIn(stack: TerraformStack, name: string): IConstruct | undefined {
  return NAMES.get(stack)?.get(name);
}

/** Records a managed network's engine name (and its subnet as [first address, prefix]) once it is built. @internal */
export function registerNetwork(network: IConstruct, name: string, range?: number[]): void {
  const stack = TerraformStack.of(network);
  if (!NAMES.has(stack)) NAMES.set(stack, new Map());
  NAMES.get(stack)!.set(name, network);
  if (range) {
    if (!SUBNETS.has(stack)) SUBNETS.set(stack, []);
    SUBNETS.get(stack)!.push({ range, network });
  }
}

/** Forgets a network removed from the tree (a service's private network, replaced by its first grant). @internal */
export function unregisterNetwork(network: IConstruct, ...names: string[]): void {
  const stack = TerraformStack.of(network);
  for (const name of names) if (NAMES.get(stack)?.get(name) === network) NAMES.get(stack)!.delete(name);
}

/** The managed network whose subnet overlaps `range`, if any. @internal */
export function overlappingNetwork(stack: TerraformStack, [a, aPrefix]: number[]): IConstruct | undefined {
  return SUBNETS.get(stack)?.find(({ range: [b, bPrefix] }) => a < b + 2 ** (32 - bPrefix) && b < a + 2 ** (32 - aPrefix))?.network;
}

/** @internal */
export function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const NETWORK_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/**
 * A network name Docker accepts, none of the engine's own (`predefined`), and not the name of another network of the
 * stack (names are unique on an engine and in a swarm).
 *
 * @internal
 */
export function checkNetworkName(scope: Construct, given: string | undefined, name: string, predefined: string[]): void {
  if (typeof name !== 'string' || !NETWORK_NAME_RE.test(name)) {
    throw invalidProp(scope, 'networkName', given, 'expected 1-63 of [a-zA-Z0-9_.-] starting with a letter or digit');
  }
  if (predefined.includes(name)) {
    throw invalidProp(scope, 'networkName', given, `${predefined.join(', ')} are Docker's own networks (predefined networks of the engine or the swarm); choose another name`);
  }
  const sameName = networkNamedIn(TerraformStack.of(scope), name);
  if (sameName) {
    throw invalidProp(scope, 'networkName', name,
      `${sameName.node.path} already has this name; network names are unique on an engine and in a swarm (Docker refuses a second one)`);
  }
}

/** A trust zone name (`default` when not given). @internal */
export function checkTrustZone(scope: Construct, given: string | undefined, fallback: string): string {
  requireLiteral(scope, 'trustZone', given);
  const zone = given ?? fallback;
  if (typeof zone !== 'string' || !TRUST_ZONE_RE.test(zone)) {
    throw invalidProp(scope, 'trustZone', given, 'expected 1-63 of [a-z0-9-], starting with a letter or digit');
  }
  return zone;
}

/** The attributes of a library overlay network. @internal */
export interface OverlayNetworkSpec {
  readonly name: string;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly encrypted: boolean;
  readonly subnet?: string;
  readonly extraLabels?: { [key: string]: string };
  readonly labels: { [key: string]: string };
}

/**
 * The docker_network of an overlay network (child `Resource`). `encrypted` sets the `encrypted` driver option:
 * moby reads its presence, not its value (libnetwork drivers/overlay ov_network.go `if _, ok :=
 * optMap[secureOption]; ok { n.secure = true }`, v28.5.2 L121), so it is left out entirely when not encrypted.
 *
 * @internal
 */
export function overlayNetworkResource(scope: Construct, spec: OverlayNetworkSpec): Network {
  return new Network(scope, 'Resource', {
    name: spec.name,
    driver: 'overlay',
    internal: spec.internal,
    attachable: spec.attachable,
    options: spec.encrypted ? { encrypted: 'true' } : undefined,
    ipamConfig: spec.subnet ? [{ subnet: spec.subnet }] : undefined,
    labels: networkLabels(scope, spec.extraLabels ?? {}, spec.labels),
  });
}

/** The service whose private OverlayNetwork is being built (HardenedService sets it around the constructor). */
let privateOwner: string | undefined;

/** Builds `network` as the private network of the service at `ownerPath` (labelled so). @internal */
export function asPrivateNetworkOf<T>(ownerPath: string, build: () => T): T {
  privateOwner = ownerPath;
  try {
    return build();
  } finally {
    privateOwner = undefined;
  }
}

/** The owner of the private network under construction, if any. @internal */
export function privateNetworkOwner(): string | undefined {
  return privateOwner;
}
