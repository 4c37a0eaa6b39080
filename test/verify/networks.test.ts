import { networkCreatePlan } from '../../lib/engine/provider-mapping';
import { compareNetwork } from '../../lib/verify/check-networks';

const plan = networkCreatePlan('tier', {
  name: 'tier-net',
  driver: 'bridge',
  internal: true,
  options: {
    'com.docker.network.bridge.enable_icc': 'false',
    'com.docker.network.bridge.enable_ip_masquerade': 'false',
    'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1',
    'com.docker.network.bridge.inhibit_ipv4': 'true',
  },
});
const good = { Name: 'tier-net', Internal: true, Options: { ...plan.body.Options } };
const fields = (live: any) => compareNetwork('s', 'docker_network.tier', plan, live).map((f) => `${f.kind} ${f.field}`);

describe('verify: declared networks against live networks', () => {
  test('the live network as declared: no finding', () => {
    expect(fields(good)).toEqual([]);
  });
  test('re-created with icc on, routed, masquerading, with a bridge address, publishing on all interfaces', () => {
    expect(fields({ Name: 'tier-net', Internal: false, Options: {} })).toEqual([
      'weaker internal',
      'weaker options.com.docker.network.bridge.enable_icc',
      'weaker options.com.docker.network.bridge.enable_ip_masquerade',
      'weaker options.com.docker.network.bridge.host_binding_ipv4',
      'weaker options.com.docker.network.bridge.inhibit_ipv4',
    ]);
  });
  test('only icc switched on', () => {
    expect(fields({ ...good, Options: { ...good.Options, 'com.docker.network.bridge.enable_icc': 'true' } }))
      .toEqual(['weaker options.com.docker.network.bridge.enable_icc']);
  });
  test('missing network', () => {
    expect(fields(undefined)).toEqual(['missing network']);
  });
});
