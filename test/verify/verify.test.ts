/**
 * verifyStacks against a stub engine: reference resolution, what counts as
 * absent, and errors. The real engine is exercised in test/engine/verify.test.ts.
 */
import type Docker from 'dockerode';
import { describe, expect, test } from 'vitest';
import { declaredBody, goodInspect, IMAGE_ID, IMAGE_REF, OTHER_IMAGE_ID } from './fixtures';
import { fromJson, SynthesizedStack } from '../../lib/engine/stack';
import { verifyStacks } from '../../lib/verify/verify';

function notFound(): Error {
  return Object.assign(new Error('(HTTP code 404) no such object'), { statusCode: 404 });
}

/** A dockerode stand-in answering inspects from maps (anything else is a 404). */
function stubEngine(objects: { images?: { [name: string]: any }; containers?: { [name: string]: any }; networks?: { [idOrName: string]: any } }) {
  const calls: string[] = [];
  const get = (kind: string, map: { [k: string]: any } | undefined) => (name: string) => ({
    inspect: async () => {
      calls.push(`${kind} ${name}`);
      const value = map?.[name];
      if (value instanceof Error) throw value;
      if (value === undefined) throw notFound();
      return value;
    },
  });
  const docker = {
    getImage: get('image', objects.images),
    getContainer: get('container', objects.containers),
    getNetwork: get('network', objects.networks),
  } as unknown as Docker;
  return { docker, calls };
}

function stackWith(body: any, name = 'webapp'): SynthesizedStack {
  const imageRef = /^\$\{docker_image\.([^.]+)\.image_id\}$/.exec(body.image);
  return fromJson(name, `${name}.json`, {
    resource: {
      docker_container: { web_Resource_ABCDEF12: body },
      ...(imageRef ? { docker_image: { [imageRef[1]]: { name: IMAGE_REF, keep_locally: true } } } : {}),
    },
  });
}

const kinds = (report: Awaited<ReturnType<typeof verifyStacks>>) =>
  report.stacks.flatMap((s) => s.containers.flatMap((c) => c.findings.map((f) => `${f.kind} ${f.field}`)));

describe('verifyStacks', () => {
  test('resolves the docker_image reference by name on the engine and compares', async () => {
    const { docker, calls } = stubEngine({
      images: { [IMAGE_REF]: { Id: IMAGE_ID }, [IMAGE_ID]: { Id: IMAGE_ID, Config: { User: '', Volumes: null } } },
      containers: { 'webapp-web': goodInspect() },
    });
    const report = await verifyStacks(docker, [stackWith(declaredBody())]);
    expect(kinds(report)).toEqual([]);
    expect(report.stacks[0]).toMatchObject({ stack: 'webapp', file: 'webapp.json', containers: [{ address: 'docker_container.web_Resource_ABCDEF12', container: 'webapp-web' }] });
    expect(calls).toEqual([`image ${IMAGE_REF}`, 'container webapp-web', `image ${IMAGE_ID}`]);
  });

  test('the declared image resolving to another ID than the live one is weaker', async () => {
    const { docker } = stubEngine({
      images: { [IMAGE_REF]: { Id: OTHER_IMAGE_ID }, [IMAGE_ID]: { Id: IMAGE_ID, Config: {} } },
      containers: { 'webapp-web': goodInspect() },
    });
    expect(kinds(await verifyStacks(docker, [stackWith(declaredBody())]))).toEqual(['weaker image']);
  });

  test('a declared image the engine does not have cannot be attested', async () => {
    const { docker } = stubEngine({ images: { [IMAGE_ID]: { Id: IMAGE_ID, Config: {} } }, containers: { 'webapp-web': goodInspect() } });
    const report = await verifyStacks(docker, [stackWith(declaredBody())]);
    expect(kinds(report)).toEqual(['weaker image']);
    expect(report.stacks[0].containers[0].findings[0].message).toContain('which is not on the engine');
  });

  test('a literal image attribute is resolved on the engine too', async () => {
    const body = { ...declaredBody(), image: 'webapp:latest' };
    const live = { ...goodInspect(), Image: OTHER_IMAGE_ID };
    const { docker } = stubEngine({ images: { 'webapp:latest': { Id: OTHER_IMAGE_ID }, [OTHER_IMAGE_ID]: { Id: OTHER_IMAGE_ID, Config: {} } }, containers: { 'webapp-web': live } });
    expect(kinds(await verifyStacks(docker, [stackWith(body)]))).toEqual([]);
  });

  test('no container by that name is missing; a container found only by ID prefix does not count', async () => {
    const body = { ...declaredBody(), name: 'abc123' };
    const { docker } = stubEngine({
      images: { [IMAGE_REF]: { Id: IMAGE_ID } },
      containers: { abc123: { ...goodInspect(), Name: '/something-else' } },
    });
    expect(kinds(await verifyStacks(docker, [stackWith(body)]))).toEqual(['missing container']);
    const empty = stubEngine({ images: { [IMAGE_REF]: { Id: IMAGE_ID } } });
    expect(kinds(await verifyStacks(empty.docker, [stackWith(declaredBody())]))).toEqual(['missing container']);
  });

  test('a network declared by ID is compared by its name', async () => {
    const netId = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    const body = { ...declaredBody(), networks_advanced: [{ name: netId }] };
    const { docker } = stubEngine({
      images: { [IMAGE_REF]: { Id: IMAGE_ID }, [IMAGE_ID]: { Id: IMAGE_ID, Config: {} } },
      containers: { 'webapp-web': goodInspect() },
      networks: { [netId]: { Id: netId, Name: 'webapp' } },
    });
    expect(kinds(await verifyStacks(docker, [stackWith(body)]))).toEqual([]);
  });

  test('--stack selects stacks; an unknown one is an error', async () => {
    const { docker, calls } = stubEngine({});
    const empty = (name: string) => fromJson(name, `${name}.json`, { resource: {} });
    const report = await verifyStacks(docker, [empty('a'), empty('b')], { stacks: ['b'] });
    expect(report.stacks.map((s) => s.stack)).toEqual(['b']);
    await expect(verifyStacks(docker, [empty('a')], { stacks: ['c'] })).rejects.toThrow('no stack named c (stacks found: a)');
    expect(calls).toEqual([]);
  });

  test('a declaration the provider mapping cannot express is an error, not a pass', async () => {
    const { docker } = stubEngine({ images: { [IMAGE_REF]: { Id: IMAGE_ID } } });
    await expect(verifyStacks(docker, [stackWith({ ...declaredBody(), gpus: 'all' })]))
      .rejects.toThrow(/^webapp: cannot derive the declared state of docker_container\.web_Resource_ABCDEF12: .*gpus/);
  });

  test('engine errors other than 404 propagate', async () => {
    const { docker } = stubEngine({
      images: { [IMAGE_REF]: { Id: IMAGE_ID } },
      containers: { 'webapp-web': Object.assign(new Error('(HTTP code 500) server error'), { statusCode: 500 }) },
    });
    await expect(verifyStacks(docker, [stackWith(declaredBody())])).rejects.toThrow('server error');
  });
});
