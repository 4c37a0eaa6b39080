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

const ROOT_OPT_OUT: Partial<HardenedContainerProps> = { user: '0:0', optOuts: { rootUser: JUST } };

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
];

describe('red team 6: findings answered by the wrong construct', () => runCases(CASES));

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
