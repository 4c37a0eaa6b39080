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
