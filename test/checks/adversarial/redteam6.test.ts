import { Container } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { Case, check, COMPLIANT, runCases } from './harness';
import { HardenedContainer, HardenedContainerProps, HardeningSuppressions, IsolatedNetwork } from '../../../lib';

/**
 * Red team 6: how findings are mapped to the construct whose suppressions and
 * L2 opt-outs answer them. The mapping goes by the `//.metadata.path` of the
 * resource's JSON minus a trailing `/Resource`, so a raw resource created with
 * the id `Resource` under any construct is answered as if it were that
 * construct (its suppressions, or an L2's opt-outs when it is the L2's Image).
 */

const JUST = { justification: 'reviewed and accepted by the platform team' };

/** A HardenedContainer `web` on an IsolatedNetwork. */
function web(s: TerraformStack, props: Partial<HardenedContainerProps> = {}): HardenedContainer {
  const net = new IsolatedNetwork(s, 'net', { egress: JUST });
  return new HardenedContainer(s, 'web', { image: 'registry.example.com/web@sha256:' + 'b'.repeat(64), user: '1000:1000', networks: [{ network: net }], ...props });
}

const ROOT_OPT_OUT: Partial<HardenedContainerProps> = { user: '0:0', optOuts: { rootUser: JUST }, privateImage: true };
const SHARED_ROOT_OPT_OUT: Partial<HardenedContainerProps> = { user: '0:0', optOuts: { rootUser: JUST } };

const CASES: Case[] = [
  {
    name: 'raw Container with id "Resource" under the L2\'s Image child (path <l2>/Image/Resource → <l2>/Image): answered by the L2\'s opt-outs',
    expect: ['HD-C06'],
    level: 'error',
    build: (s) => {
      const l2 = web(s, ROOT_OPT_OUT);
      new Container(l2.node.findChild('Image'), 'Resource', { ...COMPLIANT, name: 'raw', user: '0:0' });
    },
    baseline: (s) => {
      const l2 = web(s, ROOT_OPT_OUT);
      new Container(l2.node.findChild('Image'), 'Resource', { ...COMPLIANT, name: 'raw' });
    },
  },
  {
    name: 'raw Container with id "Resource" under the stack\'s shared image the L2 runs (path <stack>/image-…/Resource): not answered by the L2\'s opt-outs',
    expect: ['HD-C06'],
    level: 'error',
    build: (s) => {
      const l2 = web(s, SHARED_ROOT_OPT_OUT);
      new Container(l2.imageResource, 'Resource', { ...COMPLIANT, name: 'raw', user: '0:0' });
    },
    baseline: (s) => {
      const l2 = web(s, SHARED_ROOT_OPT_OUT);
      new Container(l2.imageResource, 'Resource', { ...COMPLIANT, name: 'raw' });
    },
  },
  {
    name: 'raw Container whose `//` metadata path is overridden to the L2\'s resource path: not answered by the L2\'s opt-outs',
    expect: ['HD-C06'],
    level: 'error',
    build: (s) => {
      web(s, ROOT_OPT_OUT);
      new Container(s, 'raw', { ...COMPLIANT, name: 'raw', user: '0:0' }).addOverride('//.metadata.path', 'adv/web/Resource');
    },
    baseline: (s) => {
      web(s, ROOT_OPT_OUT);
      new Container(s, 'raw', { ...COMPLIANT, name: 'raw' }).addOverride('//.metadata.path', 'adv/web/Resource');
    },
  },
  {
    name: 'raw Container whose `//` metadata path is overridden to the shared image\'s path: not answered by its users\' opt-outs',
    expect: ['HD-C06'],
    level: 'error',
    build: (s) => {
      const l2 = web(s, SHARED_ROOT_OPT_OUT);
      new Container(s, 'raw', { ...COMPLIANT, name: 'raw', user: '0:0' }).addOverride('//.metadata.path', l2.imageResource.node.path);
    },
    baseline: (s) => {
      const l2 = web(s, SHARED_ROOT_OPT_OUT);
      new Container(s, 'raw', { ...COMPLIANT, name: 'raw' }).addOverride('//.metadata.path', l2.imageResource.node.path);
    },
  },
  {
    name: 'raw Container whose `//` metadata path is overridden to a construct with a suppression: not answered by it',
    expect: ['HD-C06'],
    level: 'error',
    build: (s) => {
      const w = new Construct(s, 'wrapper');
      HardeningSuppressions.addResourceSuppressions(w, [{ id: 'HD-C06', reason: 'the wrapper\'s own container, reviewed' }], true);
      new Container(s, 'raw', { ...COMPLIANT, name: 'raw', user: '0:0' }).addOverride('//.metadata.path', 'adv/wrapper/Resource');
    },
    baseline: (s) => {
      new Construct(s, 'wrapper');
      new Container(s, 'raw', { ...COMPLIANT, name: 'raw' }).addOverride('//.metadata.path', 'adv/wrapper/Resource');
    },
  },
];

describe('red team 6: findings answered by the wrong construct', () => runCases(CASES));

describe('a logical id set with overrideLogicalId() still maps the resource to its construct', () => {
  test('an L2 whose Resource was renamed keeps its opt-outs; a renamed raw container keeps its suppression', () => {
    const s = new TerraformStack(Testing.app(), 'ids');
    new DockerProvider(s, 'docker', {});
    const l2 = web(s, ROOT_OPT_OUT);
    (l2.node.defaultChild as Container).overrideLogicalId('legacy_web');
    const raw = new Container(s, 'raw', { ...COMPLIANT, name: 'raw', user: '0:0' });
    raw.overrideLogicalId('legacy_raw');
    HardeningSuppressions.addResourceSuppressions(raw, [{ id: 'HD-C06', reason: 'the legacy container, reviewed' }]);
    const c06 = check(s).filter((x) => x.ruleId === 'HD-C06');
    expect(c06.map((x) => [x.path, x.resourceName, x.suppressed !== undefined])).toEqual([['ids/raw', 'legacy_raw', true], ['ids/web', 'legacy_web', true]]);
  });
});

describe('as documented: a construct\'s suppression covers its default child (cdk-nag\'s convention)', () => {
  test('a suppression on a construct answers the resource it holds as `Resource`, also without applyToChildren', () => {
    const s = new TerraformStack(Testing.app(), 'doc');
    new DockerProvider(s, 'docker', {});
    const w = new Construct(s, 'wrapper');
    HardeningSuppressions.addResourceSuppressions(w, [{ id: 'HD-C06', reason: 'the wrapper\'s own container, reviewed' }], false);
    new Container(w, 'Resource', { ...COMPLIANT, name: 'raw', user: '0:0' });
    const f = check(s).filter((x) => x.ruleId === 'HD-C06');
    expect(f.map((x) => x.suppressed !== undefined)).toEqual([true]);
  });
});
