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
function stubEngine(objects: {
  images?: { [name: string]: any };
  containers?: { [name: string]: any };
  networks?: { [idOrName: string]: any };
  /** What `GET /containers/json?all=1` lists: `{ Id, Names, Image, State, networks: [network IDs] }`. */
  list?: any[];
}) {
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
    listContainers: async (opts: any) => {
      calls.push(`list ${JSON.stringify(opts)}`);
      const wanted: string[] = opts?.filters?.network ?? [];
      return (objects.list ?? []).filter((c) => wanted.every((id) => c.networks.includes(id))).map(({ networks: _n, ...c }) => c);
    },
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

describe('intruders: containers attached to a declared network that no stack declares', () => {
  const NET_ID = 'e'.repeat(64);
  const INTRUDER_ID = '1'.repeat(64);
  const STOPPED_ID = '2'.repeat(64);
  const WEB_ID = 'f'.repeat(64);
  const images = { [IMAGE_REF]: { Id: IMAGE_ID }, [IMAGE_ID]: { Id: IMAGE_ID, Config: { User: '', Volumes: null } } };
  /** The webapp stack with the `webapp` network it joins managed as a docker_network. */
  const withNetwork = (name = 'webapp') => {
    const stack = stackWith(declaredBody(), name);
    return { ...stack, resources: { ...stack.resources, docker_network: { net: { name: 'webapp', driver: 'bridge' } } } };
  };
  const liveNetwork = (endpoints: string[] = [WEB_ID, INTRUDER_ID]) => ({
    Id: NET_ID,
    Name: 'webapp',
    Options: {},
    Containers: Object.fromEntries(endpoints.map((id) => [id, { Name: `name-of-${id.slice(0, 4)}` }])),
  });
  const listed = [
    { Id: WEB_ID, Names: ['/webapp-web'], Image: IMAGE_REF, State: 'running', networks: [NET_ID] },
    { Id: INTRUDER_ID, Names: ['/sidecar'], Image: 'cdktf-hardened-docker-probe:1234', State: 'running', networks: [NET_ID] },
    { Id: STOPPED_ID, Names: ['/later'], Image: IMAGE_ID, State: 'exited', networks: [NET_ID] },
    { Id: '3'.repeat(64), Names: ['/elsewhere'], Image: IMAGE_ID, State: 'running', networks: ['other'] },
  ];
  const networkEntry = (report: Awaited<ReturnType<typeof verifyStacks>>) => report.stacks[0].containers.find((c) => c.address === 'docker_network.net')!;

  test('every undeclared container on the network, running or stopped, is one intruder finding; declared ones are not', async () => {
    const { docker, calls } = stubEngine({ images, containers: { 'webapp-web': goodInspect() }, networks: { webapp: liveNetwork() }, list: listed });
    const report = await verifyStacks(docker, [withNetwork()]);
    expect(kinds(report)).toEqual(['intruder containers.later', 'intruder containers.sidecar']);
    expect(networkEntry(report)).toEqual({
      address: 'docker_network.net',
      container: 'webapp',
      findings: [{
        stack: 'webapp',
        container: 'webapp',
        address: 'docker_network.net',
        field: 'containers.later',
        kind: 'intruder',
        expected: null,
        actual: { id: STOPPED_ID, image: IMAGE_ID, name: 'later', running: false, state: 'exited' },
        message: 'later (222222222222, image sha256:aaaaaaaaaaaa, exited, joins webapp when started) is attached to webapp but declared by no stack verified:'
          + ' an undeclared process on the workload\'s network, which can reach the declared containers there unless inter-container communication is off',
      }, {
        stack: 'webapp',
        container: 'webapp',
        address: 'docker_network.net',
        field: 'containers.sidecar',
        kind: 'intruder',
        expected: null,
        actual: { id: INTRUDER_ID, image: 'cdktf-hardened-docker-probe:1234', name: 'sidecar', running: true, state: 'running' },
        message: 'sidecar (111111111111, image cdktf-hardened-docker-probe:1234, running) is attached to webapp but declared by no stack verified:'
          + ' an undeclared process on the workload\'s network, which can reach the declared containers there unless inter-container communication is off',
      }],
    });
    // listed by the network's full ID (Docker's filter also matches an ID prefix or an exact name)
    expect(calls).toContain(`list ${JSON.stringify({ all: true, filters: { network: [NET_ID] } })}`);
  });

  test('a container declared by another stack given (also when not selected) is not an intruder', async () => {
    const other = stackWith({ ...declaredBody(), name: 'sidecar' }, 'sidecars');
    const { docker } = stubEngine({ images, containers: { 'webapp-web': goodInspect() }, networks: { webapp: liveNetwork() }, list: listed.slice(0, 2) });
    expect(kinds(await verifyStacks(docker, [withNetwork(), other], { stacks: ['webapp'] }))).toEqual([]);
    expect(kinds(await verifyStacks(docker, [withNetwork()]))).toEqual(['intruder containers.sidecar']);
  });

  test('a declared container attached to another declared network is reported once, on the container (weaker), not as an intruder', async () => {
    const live = goodInspect();
    live.NetworkSettings.Networks.backend = { IPAMConfig: null };
    const stack = withNetwork();
    const twoNetworks = { ...stack, resources: { ...stack.resources, docker_network: { ...stack.resources.docker_network, back: { name: 'backend', driver: 'bridge' } } } };
    const backend = { Id: 'd'.repeat(64), Name: 'backend', Options: {}, Containers: { [WEB_ID]: { Name: 'webapp-web' } } };
    const { docker } = stubEngine({ images, containers: { 'webapp-web': live }, networks: { webapp: liveNetwork([WEB_ID]), backend }, list: listed.slice(0, 1) });
    expect(kinds(await verifyStacks(docker, [twoNetworks]))).toEqual(['weaker networks.backend']);
  });

  test('a network the stack only names (not a docker_network of it) is not checked for intruders', async () => {
    const { docker, calls } = stubEngine({ images, containers: { 'webapp-web': goodInspect() }, networks: { webapp: liveNetwork() }, list: listed });
    expect(kinds(await verifyStacks(docker, [stackWith(declaredBody())]))).toEqual([]);
    expect(calls.filter((c) => c.startsWith('list') || c.startsWith('network'))).toEqual([]);
  });

  test('an endpoint the filtered list misses is inspected: a container counts, anything else (404) does not', async () => {
    const lb = 'lb-webapp';
    const { docker } = stubEngine({
      images,
      containers: { 'webapp-web': goodInspect(), [INTRUDER_ID]: { Id: INTRUDER_ID, Name: '/sidecar', Image: IMAGE_ID, Config: { Image: 'probe:1' }, State: { Status: 'running', Running: true } } },
      networks: { webapp: liveNetwork([WEB_ID, INTRUDER_ID, lb]) },
      list: listed.slice(0, 1),
    });
    const report = await verifyStacks(docker, [withNetwork()]);
    expect(kinds(report)).toEqual(['intruder containers.sidecar']);
    expect(networkEntry(report).findings[0].actual).toEqual({ id: INTRUDER_ID, image: 'probe:1', name: 'sidecar', running: true, state: 'running' });
  });

  test('a missing network is missing, with no intruder check', async () => {
    const { docker, calls } = stubEngine({ images, containers: { 'webapp-web': goodInspect() }, list: listed });
    expect(kinds(await verifyStacks(docker, [withNetwork()]))).toEqual(['missing network']);
    expect(calls.filter((c) => c.startsWith('list'))).toEqual([]);
  });
});

describe('stopped and label-less containers through verifyStacks', () => {
  const images = { [IMAGE_REF]: { Id: IMAGE_ID }, [IMAGE_ID]: { Id: IMAGE_ID, Config: { User: '', Volumes: null } } };

  test('a stopped declared container is "stopped" (its configuration still compared)', async () => {
    const live = { ...goodInspect(), State: { Status: 'exited', Running: false, ExitCode: 0 } };
    live.HostConfig.ReadonlyRootfs = false;
    const { docker } = stubEngine({ images, containers: { 'webapp-web': live } });
    expect(kinds(await verifyStacks(docker, [stackWith(declaredBody())]))).toEqual(['weaker read_only', 'stopped state']);
  });

  test('a container without the config-hash label: exactly one "label missing" drift', async () => {
    const live = goodInspect();
    delete live.Config.Labels['io.cdktf-hardened-docker.config-hash'];
    const { docker } = stubEngine({ images, containers: { 'webapp-web': live } });
    const report = await verifyStacks(docker, [stackWith(declaredBody())]);
    expect(kinds(report)).toEqual(['drift labels.io.cdktf-hardened-docker.config-hash']);
    expect(report.stacks[0].containers[0].findings[0].message).toMatch(/^label missing /);
  });
});
