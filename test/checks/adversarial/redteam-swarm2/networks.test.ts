import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { attack, net, rawSvc, zc } from './h2';

const N04 = ['HD-N04', 'HD-U01'];
const enc = (s: TerraformStack) => { net(s, 'ov', 'backend-net', 'default'); };
const base = (s: TerraformStack) => { enc(s); rawSvc(s, 'svc', { networks: ['${docker_network.ov.name}'] }); };

describe('redteam-swarm2: N04 undeclared networks', () => {
  attack({
    name: 'N01 service joins literal name of a data.docker_network (undeclared, unencrypted legacy network)',
    expect: N04,
    at: 'adv/svc',
    build: (s) => { s.addOverride('data.docker_network.legacy', { name: 'legacy-plain' }); rawSvc(s, 'svc', { networks: ['legacy-plain'] }); },
    baseline: base,
  });
  attack({
    name: 'N02 docker_network "backend-net" declared on ANOTHER provider alias (another engine/swarm); service on the default provider joins "backend-net"',
    expect: N04,
    at: 'adv/svc',
    build: (s) => {
      const other = new DockerProvider(s, 'other', { alias: 'other', host: 'unix:///run/other/docker.sock' });
      new Network(s, 'ov', { provider: other, name: 'backend-net', driver: 'overlay', internal: true, options: { encrypted: 'true' } });
      rawSvc(s, 'svc', { networks: ['backend-net'] });
    },
    baseline: base,
  });
  attack({
    name: 'N03 docker_network "backend-net" declared with count = 0 (never created); service joins literal "backend-net"',
    expect: N04,
    at: 'adv/svc',
    build: (s) => {
      const n = net(s, 'ov', 'backend-net');
      n.addOverride('count', 0);
      rawSvc(s, 'svc', { networks: ['backend-net'] });
    },
    baseline: base,
  });
  attack({
    name: 'N04 docker_network "backend-net" with for_each = {} (never created); service joins literal name',
    expect: N04,
    at: 'adv/svc',
    build: (s) => {
      const n = net(s, 'ov', 'backend-net');
      n.addOverride('for_each', {});
      rawSvc(s, 'svc', { networks: ['backend-net'] });
    },
    baseline: base,
  });
  attack({
    name: 'N05 network name from a variable with a default naming an undeclared network',
    expect: N04,
    at: 'adv/svc',
    build: (s) => { const v = new TerraformVariable(s, 'n', { type: 'string', default: 'legacy-plain' }); rawSvc(s, 'svc', { networks: [v.stringValue] }); },
    baseline: base,
  });
  attack({
    name: 'N06 service joins "${docker_network.ov.name}-x" (a different, undeclared network)',
    expect: N04,
    at: 'adv/svc',
    build: (s) => { enc(s); rawSvc(s, 'svc', { networks: ['${docker_network.ov.name}-x'] }); },
    baseline: base,
  });
  attack({
    name: 'N07 docker_network options under lifecycle ignore_changes (live options may differ) (control)',
    expect: ['*'],
    build: (s) => { const n = net(s, 'ov', 'backend-net'); n.addOverride('options', { encrypted: 'true' }); n.addOverride('lifecycle.ignore_changes', ['options']); rawSvc(s, 'svc', { networks: ['backend-net'] }); },
    baseline: base,
  });
  attack({
    name: 'N08 service joins literal name where TWO docker_network resources share that name, the first encrypted, the second not',
    expect: N04,
    build: (s) => {
      net(s, 'ov', 'backend-net');
      new Network(s, 'ov2', { name: 'backend-net', driver: 'overlay', internal: true });
      rawSvc(s, 'svc', { constraints: [zc('default')], networks: ['backend-net'] });
    },
    baseline: base,
  });
});
