import { createHash } from 'crypto';
import { App, TerraformStack } from 'cdktf';
import * as fc from 'fast-check';
import { HardenedContainer } from '../../lib';
import { DEFAULT_UID_MAX, DEFAULT_UID_MIN, reserveUid } from '../../lib/container/default-user';
import { IMAGE, newStack, onlyContainer } from '../util';

const RUNS = Number(process.env.HARDENED_FC_RUNS ?? 60);
const SPAN = DEFAULT_UID_MAX - DEFAULT_UID_MIN + 1;

/** The uid the scheme derives from a construct path before collisions are resolved. */
function hashedUid(path: string): number {
  return DEFAULT_UID_MIN + (createHash('sha256').update(path).digest().readUInt32BE(0) % SPAN);
}

function uidOf(c: HardenedContainer): number {
  return Number(c.user!.split(':')[0]);
}

describe('default uid:gid: one per container, from its construct path', () => {
  test('the uid is the path\'s sha256 in 20000–59999, the gid the same; the tmpfs is owned by it', () => {
    const s = newStack('uids');
    const web = new HardenedContainer(s, 'web', { image: IMAGE });
    expect(web.user).toBe(`${hashedUid('uids/web')}:${hashedUid('uids/web')}`);
    expect(onlyContainer(s).tmpfs['/tmp']).toContain(`uid=${uidOf(web)},gid=${uidOf(web)},`);
  });

  test('deterministic: the same program gives the same uids; another stack path gives another uid', () => {
    const build = (stackId: string) => {
      const s = new TerraformStack(new App(), stackId);
      return ['web', 'api', 'db'].map((id) => new HardenedContainer(s, id, { image: IMAGE }).user);
    };
    expect(build('one')).toEqual(build('one'));
    expect(build('one')).not.toEqual(build('two'));
  });

  test('property: any set of containers in one stack gets pairwise distinct uids, all in range', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 2, maxLength: 40 }), (ids) => {
      const s = new TerraformStack(new App(), 'p');
      const uids = ids.map((id) => uidOf(new HardenedContainer(s, id, { image: IMAGE })));
      expect(new Set(uids).size).toBe(ids.length);
      for (const u of uids) expect(u >= DEFAULT_UID_MIN && u <= DEFAULT_UID_MAX).toBe(true);
    }), { numRuns: RUNS });
  });

  test('a collision moves the later container to the next free uid', () => {
    // two ids whose paths hash to the same uid (found by search; the scheme, not luck, decides the outcome)
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const u = hashedUid(`col/c${i}`);
      if (seen.has(u)) pair = [seen.get(u)!, `c${i}`];
      else seen.set(u, `c${i}`);
    }
    const s = new TerraformStack(new App(), 'col');
    const first = new HardenedContainer(s, pair[0], { image: IMAGE });
    const second = new HardenedContainer(s, pair[1], { image: IMAGE });
    expect(uidOf(first)).toBe(hashedUid(`col/${pair[0]}`));
    const next = (uidOf(first) - DEFAULT_UID_MIN + 1) % SPAN + DEFAULT_UID_MIN;
    expect(uidOf(second)).toBe(next);
  });

  test('an explicit numeric user constructed earlier is avoided by the defaults after it', () => {
    const s = new TerraformStack(new App(), 'exp');
    const target = hashedUid('exp/web');
    new HardenedContainer(s, 'pinned', { image: IMAGE, user: `${target}:${target}` });
    const web = new HardenedContainer(s, 'web', { image: IMAGE });
    expect(uidOf(web)).toBe(target + 1);
  });

  test('a stack with every uid of the range taken refuses another default, naming the way out', () => {
    const s = new TerraformStack(new App(), 'full');
    const holder = new HardenedContainer(s, 'first', { image: IMAGE });
    for (let u = DEFAULT_UID_MIN; u <= DEFAULT_UID_MAX; u++) reserveUid(holder, u);
    expect(() => new HardenedContainer(s, 'one-too-many', { image: IMAGE })).toThrow(/full\/one-too-many: no default uid left: .*give some containers an explicit user/);
  });
});
