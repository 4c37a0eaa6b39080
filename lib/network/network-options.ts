import { createHash } from 'crypto';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LABEL_PREFIX } from '../container/hardened-container';
import { invalidProp } from '../core/errors';

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
    if (k.startsWith(LABEL_PREFIX)) throw invalidProp(scope, 'labels', k, `keys starting with "${LABEL_PREFIX}" are reserved for this library`);
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_./-]{0,254}$/.test(k) || typeof v !== 'string') {
      throw invalidProp(scope, `labels.${k}`, v, 'expected a label key of [a-zA-Z0-9_./-] and a string value');
    }
    all[k] = v;
  }
  all[`${LABEL_PREFIX}stack`] = TerraformStack.of(scope).node.id;
  for (const [k, v] of Object.entries(own)) all[`${LABEL_PREFIX}${k}`] = v;
  return Object.keys(all).sort().map((label) => ({ label, value: all[label] }));
}


/** @internal */
export function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
