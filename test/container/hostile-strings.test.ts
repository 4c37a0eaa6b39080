import * as fc from 'fast-check';
import { ContainerNetwork, HardenedContainer, HealthCheck } from '../../lib';
import { resolveReferences } from '../../lib/engine/stack';
import { IMAGE, newStack, onlyContainer } from '../util';

describe('strings that could break the JSON, Terraform or a shell', () => {
  test('Terraform template sequences in literal values are escaped, never evaluated', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'web', {
      image: IMAGE,
      environment: { A: 'x${var.db_password}z', B: 'q"uo\nte %{if true}', C: 'ünïcødé ✓' },
      command: ['sh-free', '${HOME}', '%{ for x in y }'],
      labels: { note: 'cost ${var.secret}' },
      healthCheck: HealthCheck.shell('test -n "${PORT}"'),
      networks: [{ network: ContainerNetwork.fromName('n') }],
    });
    const c = onlyContainer(stack);
    expect(c.env).toEqual(['A=x$${var.db_password}z', 'B=q"uo\nte %%{if true}', 'C=ünïcødé ✓']);
    expect(c.command).toEqual(['sh-free', '$${HOME}', '%%{ for x in y }']);
    expect(c.labels.find((l: any) => l.label === 'note').value).toBe('cost $${var.secret}');
    expect(c.healthcheck.test).toEqual(['CMD-SHELL', 'test -n "$${PORT}"']);
  });

  test('the engine applier (Terraform semantics) turns the escapes back into the literal text', () => {
    expect(resolveReferences('x$${var.db_password}z %%{if}', () => 'never', 'w')).toBe('x${var.db_password}z %{if}');
    expect(() => resolveReferences('x${var.db_password}z', () => 'never', 'w')).toThrow(/cannot evaluate/);
  });

  test('paths with template sequences are refused', () => {
    expect(() => new HardenedContainer(newStack(), 'web', { image: IMAGE, bindMounts: [{ hostPath: '/srv/${var.x}', containerPath: '/d' }] }))
      .toThrow(/invalid bindMounts\[0\]\.hostPath .*Terraform would interpolate/);
  });

  test('any string round-trips through the synthesized JSON (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }).filter((v) => !v.includes('\0')), (value) => {
      const stack = newStack();
      try {
        new HardenedContainer(stack, 'web', { image: IMAGE, environment: { VALUE: value } });
      } catch (e) {
        expect(String(e)).toMatch(/^Error: test\/web: invalid environment\.VALUE /); // refused (e.g. looks like a secret), clearly
        return;
      }
      const env: string = onlyContainer(stack).env[0];
      // Terraform's reading of the JSON string gives back exactly the value
      expect(resolveReferences(env, () => 'never', 'env')).toBe(`VALUE=${value}`);
    }), { numRuns: 300, seed: 8 });
  });
});
