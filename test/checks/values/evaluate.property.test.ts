import { readFileSync } from 'fs';
import * as path from 'path';
import { Container } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import * as fc from 'fast-check';
import { HardeningChecks } from '../../../lib';
import { parseGoJson, goLast } from '../../../lib/checks/go-json';
import { decodeSeccompProfile } from '../../../lib/checks/rules/container/seccomp-profiles';
import { convert, StackValues } from '../../../lib/checks/values/evaluate';
import { isOpaque } from '../../../lib/checks/values/opaque';
import { PROVIDER_SCHEMA } from '../../../lib/checks/values/provider-schema';
import { generate } from '../../../scripts/gen-provider-schema';
import { RUNS, SEED } from '../../fuzz/config';

const body = (json: object, type = 'docker_container', name = 'c') => new StackValues(json as any).body('resource', type, name)!.attributes;
const show = (v: unknown): unknown => (isOpaque(v) ? `${v.kind}:${v.expression}` : v);

describe('the provider schema table', () => {
  test('is what scripts/gen-provider-schema.ts generates from @cdktf/provider-docker\'s jsii assembly', () => {
    const root = path.join(__dirname, '../../..');
    const committed = readFileSync(path.join(root, 'lib/checks/values/provider-schema.ts'), 'utf8');
    expect(committed).toBe(generate(path.join(root, 'node_modules/@cdktf/provider-docker/.jsii')));
  });
  test('knows every resource type and data source of provider 3.6.2, and the types of their attributes', () => {
    expect(Object.keys(PROVIDER_SCHEMA.resources)).toHaveLength(11);
    expect(Object.keys(PROVIDER_SCHEMA.data)).toHaveLength(6);
    const c = PROVIDER_SCHEMA.resources.docker_container;
    expect([c.privileged, c.memory, c.user, c.security_opts, c.sysctls]).toEqual(['bool', 'number', 'string', { list: 'string' }, { map: 'string' }]);
    expect(Object.keys((c.mounts as any).block)).toContain('volume_options');
  });
});

describe('conversion to the schema type, as go-cty converts', () => {
  test.each([
    ['bool', 'true', true], ['bool', '1', true], ['bool', '0', false], ['bool', 'false', false], ['number', '256', 256], ['number', '1e3', 1000],
    ['number', '-1', -1], ['string', 0, '0'], ['string', true, 'true'], ['string', 1.5, '1.5'],
  ])('%s from %j is %j', (type, v, expected) => {
    expect(convert(v, type as any)).toBe(expected);
  });
  test.each([['bool', 'True'], ['bool', 'yes'], ['bool', 1], ['number', '0x10'], ['number', ' 1'], ['number', 'Inf'], ['string', [1]]])(
    '%s from %j is refused by Terraform: not verifiable', (type, v) => {
      expect(isOpaque(convert(v, type as any))).toBe(true);
    });
  test('null is "not set"', () => {
    expect(convert(null, 'bool')).toBeUndefined();
    expect(body({ resource: { docker_container: { c: { privileged: null, user: 'x' } } } })).toEqual({ user: 'x' });
  });
});

describe('stack evaluation', () => {
  test('bodies written as JSON arrays of objects merge at every level (hcl json spec)', () => {
    const json = { resource: [{ docker_container: [{ a: { privileged: '${true}' } }] }, { docker_container: { b: [{ user: '0' }, { read_only: 'false' }] } }] };
    const v = new StackValues(json);
    expect(v.body('resource', 'docker_container', 'a')!.attributes.privileged).toBe(true);
    expect(v.body('resource', 'docker_container', 'b')!.attributes).toEqual({ user: '0', read_only: false });
  });
  test('variables: the default, tainted; without default: unknown', () => {
    const a = body({ variable: { p: { default: true }, q: {} }, resource: { docker_container: { c: { privileged: '${var.p}', user: '${var.q}' } } } });
    expect(show(a.privileged)).toBe('tainted:${var.p}');
    expect((a.privileged as any).shown).toBe(true);
    expect(show(a.user)).toBe('unknown:${var.q}');
  });
  test('locals, chained, and references to configured attributes in any spelling', () => {
    const a = body({
      locals: { m: '${local.n}', n: 'ho${"st"}' },
      resource: {
        docker_volume: { v: { name: 'data', driver_opts: { device: '/' } } },
        docker_container: { c: { network_mode: '${local.m}', volumes: [{ volume_name: '${ docker_volume.v.name }', container_path: '/d' }, { volume_name: '${docker_volume.v["name"]}' }] } },
      },
    });
    expect(a.network_mode).toBe('host');
    expect((a.volumes as any[]).map((x) => x.volume_name)).toEqual(['data', 'data']);
  });
  test('blocks are lists; dynamic blocks expand over a known for_each, with their iterator', () => {
    const a = body({
      resource: {
        docker_container: {
          c: {
            mounts: { type: 'tmpfs', target: '/t' },
            dynamic: {
              mounts: { for_each: ['/var/run/docker.sock', '/etc'], iterator: 'each', content: { type: 'bind', source: '${each.value}', target: '/h${each.key}' } },
              ports: { for_each: '${var.ports}', content: { internal: 1 } },
            },
          },
        },
      },
    });
    expect((a.mounts as any[]).map((m) => [m.type, m.source, m.target])).toEqual([
      ['tmpfs', undefined, '/t'], ['bind', '/var/run/docker.sock', '/h0'], ['bind', '/etc', '/h1'],
    ]);
    expect(show((a.ports as any[])[0])).toMatch(/^unknown:dynamic "ports"/);
  });
  test('lifecycle.ignore_changes taints what Terraform stops applying', () => {
    const a = body({ resource: { docker_container: { c: { privileged: false, user: '1:1', lifecycle: { ignore_changes: ['privileged'] } } } } });
    expect(show(a.privileged)).toBe('tainted:ignore_changes = [privileged]');
    expect(a.user).toBe('1:1');
    const all = body({ resource: { docker_container: { c: { user: '1:1', lifecycle: { ignore_changes: 'all' } } } } });
    expect(isOpaque(all.user) && isOpaque(all.privileged)).toBe(true);
  });
  test('computed attributes, count and for_each instances, undeclared resources', () => {
    const a = body({
      resource: {
        docker_image: { i: { name: 'x@sha256:' } },
        docker_volume: { counted: { count: 2, name: 'v' } },
        docker_container: { c: { image: '${docker_image.i.image_id}', user: '${docker_volume.counted[0].name}', hostname: '${docker_volume.nope.name}' } },
      },
    });
    expect(show(a.image)).toBe('reference:${docker_image.i.image_id}');
    expect(show(a.user)).toBe('unknown:${docker_volume.counted[0].name}');
    expect(show(a.hostname)).toBe('unknown:${docker_volume.nope.name}');
  });
  test('docker providers under any local name that required_providers maps to a provider of type docker', () => {
    const v = new StackValues({ terraform: { required_providers: { dkr: { source: 'kreuzwerker/docker' }, docker: { source: 'evil/docker' }, tls: 'hashicorp/tls' } } });
    expect(v.dockerLocalNames()).toEqual(['dkr', 'docker']);
    expect(new StackValues({}).dockerLocalNames()).toEqual(['docker']);
  });
});

describe('Go encoding/json, as the engine reads seccomp profiles', () => {
  test('keys match case-insensitively, the last duplicate wins, null has no effect', () => {
    const doc = parseGoJson('{"defaultAction":"SCMP_ACT_ERRNO","DEFAULTACTION":"SCMP_ACT_ALLOW","defaultAction":"SCMP_ACT_LOG","defaultaction":null}') as any;
    expect(goLast(doc, 'defaultAction')).toBe('SCMP_ACT_LOG');
    expect(parseGoJson('{"a":1,}')).toBeUndefined();
    expect(parseGoJson('null')).toBeNull();
  });
  test.each([
    ['{}', 'noFilter'], ['null', 'noFilter'], ['{"syscalls":[]}', 'noFilter'], ['{"default_action":"SCMP_ACT_ERRNO"}', 'noFilter'],
    ['{"DefaultAction":"SCMP_ACT_ALLOW"}', 'allowsEverything'], ['{"defaultAction":"SCMP_ACT_ERRNO","DEFAULTACTION":"SCMP_ACT_ALLOW"}', 'allowsEverything'],
    ['{"defaultAction":"SCMP_ACT_NOTIFY","listenerPath":"/run/agent.sock"}', 'allowsEverything'],
    ['{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}', 'confined'],
  ])('%s: %s', (json, expected) => {
    const p = decodeSeccompProfile(json)!;
    expect(p.noFilter ? 'noFilter' : p.allowsEverything ? 'allowsEverything' : 'confined').toBe(expected);
  });
  test('rules read with the same semantics: Names/Action in any case, the last duplicate list wins', () => {
    const p = decodeSeccompProfile('{"defaultAction":"SCMP_ACT_ERRNO","Syscalls":[{"Names":["read"],"names":["mount"],"Action":"SCMP_ACT_ALLOW"}]}')!;
    expect(p.reallowed).toEqual(['mount']);
  });
});

describe('bad input never crashes the checks', () => {
  const weird = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constantFrom('', '${', '${var.x}', '/', 'host', '0', 'true', '${true}', 'seccomp={}'),
      fc.string(), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('type', 'source', 'name', 'add', 'drop', 'value', 'ip', 'o', 'device'), tie('v'), { maxKeys: 3 })),
  })).v;
  const attributes = Object.keys(PROVIDER_SCHEMA.resources.docker_container);
  test(`arbitrary values in every docker_container attribute: no TypeError, no rule failure (${RUNS} runs)`, () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...attributes, 'dynamic', 'lifecycle'), weird, { maxKeys: 6 }), (attrs) => {
      const s = new TerraformStack(Testing.app(), 'fuzz');
      new DockerProvider(s, 'docker', {});
      const c = new Container(s, 'c', { name: 'c', image: 'x' });
      for (const [k, v] of Object.entries(attrs)) c.addOverride(k, v);
      const checks = new HardeningChecks({ reports: false });
      checks.visit(s);
      Testing.synth(s);
      const findings = checks._findingsOf('fuzz')!;
      expect(findings.filter((f) => f.findingId === 'rule-failure').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    }), { numRuns: Math.min(RUNS, 200), seed: SEED });
  });
});
