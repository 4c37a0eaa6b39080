import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { HardeningChecks, OverlayNetwork } from '../../lib';

function stack(id = 'ovl'): TerraformStack {
  const s = new TerraformStack(Testing.app(), id);
  new DockerProvider(s, 'docker', {});
  return s;
}

function networks(s: TerraformStack): any[] {
  return Object.values(JSON.parse(Testing.synth(s)).resource.docker_network);
}

describe('OverlayNetwork', () => {
  test('defaults: overlay, encrypted, internal, not attachable, labelled with its trust zone; deterministic name', () => {
    const s = stack();
    const net = new OverlayNetwork(s, 'backend', { trustZone: 'internal' });
    const [n] = networks(s);
    expect(n).toMatchObject({
      name: net.networkName, driver: 'overlay', internal: true, attachable: false, options: { encrypted: 'true' },
    });
    expect(n.labels).toEqual(expect.arrayContaining([
      { label: 'io.cdktf-hardened-docker.network', value: 'overlay' },
      { label: 'io.cdktf-hardened-docker.trust-zone', value: 'internal' },
    ]));
    expect(net.networkName).toMatch(/^ovl?-?/);
    const again = new OverlayNetwork(new TerraformStack(new App(), 'ovl'), 'backend');
    expect(again.networkName).toBe(net.networkName);
    expect([net.internal, net.attachable, net.encrypted]).toEqual([true, false, true]);
  });

  test('passes the hardening checks by default; every opt-out is an accepted risk, not an open finding', () => {
    const s = stack();
    new OverlayNetwork(s, 'plain');
    expect(s).toPassHardeningChecks();
    const s2 = stack('ovl2');
    new OverlayNetwork(s2, 'open', {
      attachable: { justification: 'test: a debugging container joins during incidents' },
      unencrypted: { justification: 'test: one-node swarm, no traffic between nodes' },
      egress: { justification: 'test: the service pulls updates' },
    });
    const findings = HardeningChecks.check(s2).filter((f) => ['HD-N04', 'HD-N05'].includes(f.ruleId));
    expect(findings.map((f) => [f.ruleId, f.suppressed])).toEqual([['HD-N04', true], ['HD-N05', true]]);
    expect(findings[1].suppressionReason).toContain('a debugging container joins during incidents');
    const [n] = networks(s2);
    expect(n).toMatchObject({ internal: false, attachable: true });
    expect(n.options).toBeUndefined();
  });

  test('a raw attachable overlay is HD-N05; a bridge with attachable is not', () => {
    const s = stack('raw');
    s.addOverride('resource.docker_network.raw', { name: 'raw', driver: 'overlay', attachable: true, options: { encrypted: 'true' } });
    s.addOverride('resource.docker_network.br', { name: 'br', driver: 'bridge', attachable: true });
    expect(s).toHaveHardeningFinding('HD-N05', { path: 'docker_network.raw', level: 'warning' });
    expect(s).not.toHaveHardeningFinding('HD-N05', { path: 'docker_network.br' });
  });

  test('bad input fails at synth with the path, the prop and what is allowed', () => {
    const s = stack('bad');
    expect(() => new OverlayNetwork(s, 'a', { networkName: 'ingress' })).toThrow(/bad\/a: invalid networkName "ingress": .*Docker's own networks/);
    expect(() => new OverlayNetwork(s, 'b', { trustZone: 'DMZ' })).toThrow(/bad\/b: invalid trustZone "DMZ": expected 1-63 of \[a-z0-9-\]/);
    expect(() => new OverlayNetwork(s, 'c', { subnet: '10.0.0.1/24' })).toThrow(/bad\/c: invalid subnet "10\.0\.0\.1\/24": expected a canonical IPv4 CIDR/);
    expect(() => new OverlayNetwork(s, 'd', { attachable: { justification: ' ' } })).toThrow(/bad\/d: invalid attachable/);
    new OverlayNetwork(s, 'e', { networkName: 'shared' });
    expect(() => new OverlayNetwork(s, 'f', { networkName: 'shared' })).toThrow(/bad\/f: invalid networkName "shared": bad\/e already has this name/);
  });
});
