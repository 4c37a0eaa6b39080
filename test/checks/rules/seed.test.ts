import { HardenedContainer } from '../../../lib';
import { findingsOf, PINNED, rawContainer, stack } from '../util';

describe('HD-C01 privileged', () => {
  test('non-compliant: raw container privileged', () => {
    const s = stack();
    rawContainer(s, 'raw', { privileged: true });
    expect(findingsOf(s, 'HD-C01').map((f) => f.path)).toEqual(['checks/raw']);
  });
  test('non-compliant: escape hatch on a HardenedContainer', () => {
    const s = stack();
    const c = new HardenedContainer(s, 'web', { image: PINNED });
    (c.node.defaultChild as any).addOverride('privileged', true);
    expect(findingsOf(s, 'HD-C01').map((f) => f.path)).toEqual(['checks/web']);
  });
  test('compliant: default HardenedContainer, and privileged unset', () => {
    const s = stack();
    new HardenedContainer(s, 'web', { image: PINNED });
    rawContainer(s, 'raw');
    expect(findingsOf(s, 'HD-C01')).toEqual([]);
  });
});

describe('HD-C30 ssh port', () => {
  test('non-compliant: container port 22 published; compliant: other ports', () => {
    const s = stack();
    rawContainer(s, 'ssh', { ports: [{ internal: 22, external: 2222, ip: '127.0.0.1' }] });
    rawContainer(s, 'web', { ports: [{ internal: 8080, ip: '127.0.0.1' }] });
    expect(findingsOf(s, 'HD-C30').map((f) => [f.path, f.findingId])).toEqual([['checks/ssh', '2222->22']]);
  });
});
