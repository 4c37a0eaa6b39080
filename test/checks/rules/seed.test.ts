import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
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

describe('HD-C30 ssh port', () => {
  test('non-compliant: container port 22 published; compliant: other ports', () => {
    const s = stack();
    rawContainer(s, 'ssh', { ports: [{ internal: 22, external: 2222, ip: '127.0.0.1' }] });
    rawContainer(s, 'web', { ports: [{ internal: 8080, ip: '127.0.0.1' }] });
    expect(findingsOf(s, 'HD-C30').map((f) => [f.path, f.findingId])).toEqual([['checks/ssh', '2222->22']]);
  });
});

describe('HD-P01 provider on TCP without verified TLS', () => {
  const provider = (config: Record<string, unknown>) => {
    const s = new TerraformStack(Testing.app(), 'p');
    new DockerProvider(s, 'docker', config as any);
    return findingsOf(s, 'HD-P01').map((f) => f.message);
  };
  test('non-compliant: plain tcp, and client material without a CA (the provider then skips verification)', () => {
    expect(provider({ host: 'tcp://10.0.0.5:2375' })).toEqual([expect.stringMatching(/^host tcp:\/\/10\.0\.0\.5:2375 is dialled over TCP with no TLS material in the configuration: .*clear text$/)]);
    // material the checks cannot know (an undeclared variable) is a "cannot verify" finding, not "no material"
    expect(provider({ host: 'tcp://h:2376', certPath: '${var.certs}' })).toEqual([expect.stringMatching(/^cannot verify cert_path/)]);
    // material read from files is set (or Terraform fails at plan): its content is not P01's question
    expect(provider({ host: 'tcp://h:2376', certPath: '${pathexpand("~/.docker")}' })).toEqual([]);
    expect(provider({ host: 'tcp://h:2376', caMaterial: '${file("ca.pem")}', certMaterial: '${file("c.pem")}', keyMaterial: '${file("k.pem")}' })).toEqual([]);
    expect(provider({ host: 'TCP://h:2376', certMaterial: 'c', keyMaterial: 'k' })).toEqual(['host TCP://h:2376 with client material but no ca_material: the provider sets InsecureSkipVerify, so the server is not verified']);
    // every scheme but unix and npipe is dialled over TCP; TLS comes from the material only, never from the scheme
    expect(provider({ host: 'https://h:2376' })).toHaveLength(1);
    expect(provider({ host: 'http://h:2375' })).toHaveLength(1);
    expect(provider({ host: 'UNIX:///var/run/docker.sock' })).toHaveLength(1);
    // a context replaces host with an endpoint the checks cannot see
    expect(provider({ host: 'unix:///var/run/docker.sock', context: 'prod' })[0]).toMatch(/context "prod" overrides host/);
  });
  test('compliant: full material, cert_path, unix socket, ssh', () => {
    expect(provider({ host: 'tcp://h:2376', caMaterial: 'a', certMaterial: 'c', keyMaterial: 'k' })).toEqual([]);
    expect(provider({ host: 'tcp://h:2376', certPath: '/etc/docker-client' })).toEqual([]);
    expect(provider({ host: 'unix:///var/run/docker.sock' })).toEqual([]);
    expect(provider({ host: 'ssh://deploy@h:22' })).toEqual([]);
  });
});
