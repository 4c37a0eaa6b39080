import { createHash } from 'crypto';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { HardenedContainer, HardeningSuppressions, IsolatedNetwork } from '../../lib';
import { sharedImageId } from '../../lib/container/shared-image';
import { runChecks } from '../checks/util';
import { DIGEST, IMAGE, newStack, synth } from '../util';

const why = (s: string) => ({ justification: s });
const OTHER = `registry.example.com/team/worker@sha256:${'b'.repeat(64)}`;
const hash12 = (ref: string) => createHash('sha256').update(ref).digest('hex').slice(0, 12);

describe('one docker_image per image reference per stack', () => {
  test('N containers of one image: one docker_image, every container references it', () => {
    const stack = newStack();
    for (let i = 0; i < 25; i++) new HardenedContainer(stack, `c${i}`, { image: IMAGE });
    const { images, containers } = synth(stack);
    const id = `image-web-${hash12(IMAGE)}`;
    expect(Object.keys(images)).toEqual([id]);
    expect(images[id]).toMatchObject({ name: IMAGE, keep_locally: true });
    expect(Object.keys(containers)).toHaveLength(25);
    for (const c of Object.values(containers)) expect(c.image).toBe(`\${docker_image.${id}.image_id}`);
  });

  test('the address is derived from the reference: the same in any construct tree, different per reference', () => {
    const a = newStack();
    new HardenedContainer(new Construct(new Construct(a, 'team'), 'svc'), 'web', { image: IMAGE });
    new HardenedContainer(a, 'worker', { image: OTHER });
    new HardenedContainer(a, 'worker2', { image: OTHER });
    const b = newStack();
    new HardenedContainer(b, 'x', { image: OTHER });
    new HardenedContainer(b, 'y', { image: IMAGE });
    const ids = (s: TerraformStack) => Object.keys(synth(s).images).sort();
    expect(ids(a)).toEqual([`image-web-${hash12(IMAGE)}`, `image-worker-${hash12(OTHER)}`].sort());
    expect(ids(b)).toEqual(ids(a));
    // the Image is a direct child of the stack
    expect(a.node.tryFindChild(`image-web-${hash12(IMAGE)}`)).toBeInstanceOf(Image);
  });

  test('ids: last path component, tag dropped, local image ids as "local"', () => {
    expect(sharedImageId(`registry.example.com:5000/a/b.c_d:1.2@${DIGEST}`)).toBe(`image-b-c-d-${hash12(`registry.example.com:5000/a/b.c_d:1.2@${DIGEST}`)}`);
    expect(sharedImageId(DIGEST)).toBe(`image-local-${hash12(DIGEST)}`);
    expect(sharedImageId('nginx:1.25')).toBe(`image-nginx-${hash12('nginx:1.25')}`);
  });

  test('one per stack: the same reference in two stacks gives each stack its own image', () => {
    const app = Testing.app();
    const s1 = new TerraformStack(app, 'one');
    const s2 = new TerraformStack(app, 'two');
    const c1 = new HardenedContainer(s1, 'web', { image: IMAGE });
    const c2 = new HardenedContainer(s2, 'web', { image: IMAGE });
    expect(c1.imageResource).not.toBe(c2.imageResource);
    expect(TerraformStack.of(c1.imageResource)).toBe(s1);
    expect(TerraformStack.of(c2.imageResource)).toBe(s2);
  });

  test('imageResource is the shared image; an escape hatch on it changes it for every container that runs it', () => {
    const stack = newStack();
    const a = new HardenedContainer(stack, 'a', { image: IMAGE });
    const b = new HardenedContainer(stack, 'b', { image: IMAGE });
    expect(a.imageResource).toBe(b.imageResource);
    a.imageResource.addOverride('pull_triggers', ['x']);
    const { images } = synth(stack);
    expect(Object.values(images)).toEqual([expect.objectContaining({ pull_triggers: ['x'] })]);
  });

  test('privateImage: a docker_image child of its own (id Image), the others keep sharing', () => {
    const stack = newStack();
    const own = new HardenedContainer(stack, 'own', { image: IMAGE, privateImage: true });
    const a = new HardenedContainer(stack, 'a', { image: IMAGE });
    const b = new HardenedContainer(stack, 'b', { image: IMAGE, privateImage: false });
    expect(own.imageResource).toBe(own.node.findChild('Image'));
    expect(a.imageResource).toBe(b.imageResource);
    own.imageResource.addOverride('keep_locally', false);
    const { images, containers } = synth(stack);
    expect(Object.keys(images)).toHaveLength(2);
    const ownId = Object.keys(images).find((k) => k.startsWith('own_Image'))!;
    expect(images[ownId].keep_locally).toBe(false);
    expect(images[`image-web-${hash12(IMAGE)}`].keep_locally).toBe(true);
    const imageOf = (prefix: string) => Object.entries(containers).find(([k]) => k.startsWith(`${prefix}_`))![1].image;
    expect(imageOf('own')).toBe(`\${docker_image.${ownId}.image_id}`);
    expect(imageOf('a')).toBe(`\${docker_image.image-web-${hash12(IMAGE)}.image_id}`);
  });

  test.each([[1], ['yes'], [null]])('privateImage %j is refused', (value) => {
    expect(() => new HardenedContainer(newStack(), 'web', { image: IMAGE, privateImage: value as any }))
      .toThrow(`test/web: invalid privateImage ${JSON.stringify(value)}: expected true or false`);
  });

  test('a construct of the stack that already has the id and is not the shared image is refused with the path', () => {
    const stack = newStack();
    new Construct(stack, `image-web-${hash12(IMAGE)}`);
    expect(() => new HardenedContainer(stack, 'web', { image: IMAGE }))
      .toThrow(`test/web: invalid image ${JSON.stringify(IMAGE)}: the stack already has a construct with id "image-web-${hash12(IMAGE)}"`);
    const other = newStack();
    new Image(other, `image-web-${hash12(IMAGE)}`, { name: IMAGE });
    expect(() => new HardenedContainer(other, 'web', { image: IMAGE })).toThrow(/is not this library's shared docker_image/);
  });

  test('output is byte-identical for the same program', () => {
    const build = () => {
      const s = new TerraformStack(Testing.app(), 'det');
      const net = new IsolatedNetwork(s, 'net', {});
      for (let i = 0; i < 5; i++) new HardenedContainer(s, `c${i}`, { image: i % 2 ? IMAGE : OTHER, networks: [{ network: net }] });
      return Testing.synth(s);
    };
    expect(build()).toBe(build());
  });
});

describe('opt-outs and the checks on a shared image', () => {
  const TAG = 'registry.example.com/team/web:1.2';

  test('a mutable tag shared by two containers: one image, HD-I01 answered by their opt-outs, with the justification', () => {
    const stack = newStack('shared');
    new HardenedContainer(stack, 'a', { image: TAG, optOuts: { mutableImageTag: why('a: the registry is immutable') } });
    new HardenedContainer(stack, 'b', { image: TAG, optOuts: { mutableImageTag: why('b: the registry is immutable') } });
    expect(Object.keys(synth(stack).images)).toHaveLength(1);
    const i01 = runChecks(stack).filter((f) => f.ruleId === 'HD-I01');
    expect(i01).toHaveLength(1);
    expect(i01[0].path).toBe(`shared/image-web-${hash12(TAG)}`);
    expect(i01[0].suppressed?.reason).toMatch(/^accepted risk, opt-out optOuts.mutableImageTag: [ab]: the registry is immutable$/);
    expect(runChecks(stack).filter((f) => f.ruleId === 'HD-C22').every((f) => f.suppressed)).toBe(true);
  });

  test('a suppression on a container does not reach the shared image; one on imageResource does', () => {
    const stack = newStack('shared');
    const a = new HardenedContainer(stack, 'a', { image: IMAGE });
    a.imageResource.addOverride('name', 'registry.example.com/team/web:2');
    HardeningSuppressions.addResourceSuppressions(a, [{ id: 'HD-I01', reason: 'reviewed: the registry is immutable' }], true);
    expect(runChecks(stack).filter((f) => f.ruleId === 'HD-I01').map((f) => f.suppressed === undefined)).toEqual([true]);
    HardeningSuppressions.addResourceSuppressions(a.imageResource, [{ id: 'HD-I01', reason: 'reviewed: the registry is immutable' }]);
    expect(runChecks(stack).filter((f) => f.ruleId === 'HD-I01').map((f) => f.suppressed?.reason)).toEqual(['reviewed: the registry is immutable']);
  });

  test('an escape hatch that re-tags the shared image is not answered by the opt-outs of its users', () => {
    const stack = newStack('shared');
    const a = new HardenedContainer(stack, 'a', { image: TAG, optOuts: { mutableImageTag: why('the registry is immutable') } });
    a.imageResource.addOverride('name', 'registry.example.com/team/web:latest');
    const open = runChecks(stack).filter((f) => (f.ruleId === 'HD-I01' || f.ruleId === 'HD-C22') && !f.suppressed);
    expect(open.map((f) => f.ruleId).sort()).toEqual(['HD-C22', 'HD-I01']);
  });

  test('a pinned shared image draws no image finding; a raw construct placed under it is not answered by its users\' opt-outs', () => {
    const stack = newStack('shared');
    const a = new HardenedContainer(stack, 'a', { image: IMAGE, user: '0:0', optOuts: { rootUser: why('needs root, reviewed') } });
    new Container(a.imageResource, 'Resource', { name: 'raw', image: IMAGE, user: '0:0' });
    const c06 = runChecks(stack).filter((f) => f.ruleId === 'HD-C06');
    expect(c06.filter((f) => !f.suppressed).map((f) => f.path)).toEqual([`shared/image-web-${hash12(IMAGE)}`]);
    expect(c06.filter((f) => f.suppressed).map((f) => f.path)).toEqual(['shared/a']);
    expect(runChecks(stack).filter((f) => f.ruleId.startsWith('HD-I') && !f.suppressed)).toEqual([]);
  });
});
