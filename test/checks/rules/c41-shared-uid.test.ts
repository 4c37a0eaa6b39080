import { Container } from '@cdktf/provider-docker/lib/container';
import { HardenedContainer } from '../../../lib';
import { findingsOf, PINNED, stack as checkStack } from '../util';

describe('HD-C41: containers that share a uid share their nproc limit', () => {
  const nproc = [{ name: 'nproc', soft: 1024, hard: 1024 }];

  test('two raw containers with one uid and an nproc ulimit: a warning on each, naming the other', () => {
    const s = checkStack('c41');
    new Container(s, 'a', { name: 'a', image: PINNED, user: '1500:1500', ulimit: nproc });
    new Container(s, 'b', { name: 'b', image: PINNED, user: '1500', ulimit: nproc });
    new Container(s, 'c', { name: 'c', image: PINNED, user: '1501:1501', ulimit: nproc });
    const f = findingsOf(s, 'HD-C41');
    expect(f.map((x) => [x.path, x.level, x.findingId])).toEqual([['c41/a', 'warning', 'uid:1500'], ['c41/b', 'warning', 'uid:1500']]);
    expect(f[0].message).toMatch(/uid 1500 is also the uid of docker_container\.b \(c41\/b\): their nproc limits count all their processes together/);
    expect(f[1].message).toContain('docker_container.a (c41/a)');
  });

  test('no finding without an nproc ulimit, for root (HD-C06 and the kernel), for names, or for distinct uids', () => {
    const s = checkStack('c41n');
    new Container(s, 'a', { name: 'a', image: PINNED, user: '1500:1500' });
    new Container(s, 'b', { name: 'b', image: PINNED, user: '1500:1500' });
    new Container(s, 'r1', { name: 'r1', image: PINNED, user: '0:0', ulimit: nproc });
    new Container(s, 'r2', { name: 'r2', image: PINNED, user: '0:0', ulimit: nproc });
    new Container(s, 'n1', { name: 'n1', image: PINNED, user: 'app', ulimit: nproc });
    new Container(s, 'n2', { name: 'n2', image: PINNED, user: 'app', ulimit: nproc });
    expect(findingsOf(s, 'HD-C41')).toEqual([]);
  });

  test('HardenedContainers: none by default; an explicit shared user is reported on both', () => {
    const s = checkStack('c41l2');
    for (const id of ['web', 'api', 'worker', 'cron']) new HardenedContainer(s, id, { image: PINNED });
    expect(findingsOf(s, 'HD-C41')).toEqual([]);
    new HardenedContainer(s, 'x', { image: PINNED, user: '4000:4000' });
    new HardenedContainer(s, 'y', { image: PINNED, user: '4000:4000' });
    expect(findingsOf(s, 'HD-C41').map((f) => f.path)).toEqual(['c41l2/x', 'c41l2/y']);
  });

  test('another container\'s unknown user is not this container\'s finding', () => {
    const s = checkStack('c41o');
    new Container(s, 'a', { name: 'a', image: PINNED, user: '1500:1500', ulimit: nproc });
    const b = new Container(s, 'b', { name: 'b', image: PINNED, ulimit: nproc });
    b.addOverride('user', '${var.who}');
    const f = findingsOf(s, 'HD-C41');
    expect(f).toEqual([]);
  });

  test('many containers on one uid: five are named, the rest counted', () => {
    const s = checkStack('c41m');
    for (let i = 0; i < 12; i++) new Container(s, `c${String(i).padStart(2, '0')}`, { name: `c${i}`, image: PINNED, user: '1500:1500', ulimit: nproc });
    const f = findingsOf(s, 'HD-C41');
    expect(f).toHaveLength(12);
    expect(f[0].message).toMatch(/^uid 1500 is also the uid of docker_container\.c01 \(c41m\/c01\), .*docker_container\.c05 \(c41m\/c05\) and 6 more:/);
    expect(f[0].message).not.toContain('c00');
  });
});
