import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { CertificateAuthority, HardenedContainer, KeyAlgorithm, SshDockerHost, TlsDockerHost } from '../../lib';
import { IMAGE } from '../util';

function stacks() {
  const app = Testing.app();
  const pki = new TerraformStack(app, 'pki');
  new TlsProvider(pki, 'tls');
  const workload = new TerraformStack(app, 'workload');
  return { app, pki, workload };
}

describe('TlsDockerHost', () => {
  test('generated CA, server and client certificates (snapshot) with sane parameters', () => {
    const { pki } = stacks();
    new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com', dnsNames: ['docker'], ipAddresses: ['10.0.0.5'], clients: ['terraform', 'ci'] });
    const out = JSON.parse(Testing.synth(pki));
    expect(out.resource).toMatchSnapshot();
    const keys = Object.values<any>(out.resource.tls_private_key);
    expect(keys).toHaveLength(4); // CA, server, 2 clients
    for (const k of keys) expect(k).toEqual({ algorithm: 'ECDSA', ecdsa_curve: 'P384' });
    const ca: any = Object.values(out.resource.tls_self_signed_cert)[0];
    expect(ca).toMatchObject({ is_ca_certificate: true, allowed_uses: ['cert_signing', 'crl_signing', 'digital_signature'], validity_period_hours: 43800, early_renewal_hours: 4380 });
    const csrs = Object.values<any>(out.resource.tls_cert_request);
    expect(csrs.find((c) => c.subject[0].common_name === 'docker.example.com')).toMatchObject({ dns_names: ['docker.example.com', 'docker'], ip_addresses: ['10.0.0.5'] });
    const certs = Object.values<any>(out.resource.tls_locally_signed_cert);
    expect(certs.map((c) => c.allowed_uses.join(',')).sort()).toEqual([
      'digital_signature,key_encipherment,client_auth', 'digital_signature,key_encipherment,client_auth', 'digital_signature,key_encipherment,server_auth',
    ]);
    expect(certs.every((c) => c.validity_period_hours === 8760 && c.early_renewal_hours === 720)).toBe(true);
    expect(out.output.host_server_key_pem).toMatchObject({ sensitive: true });
    expect(JSON.stringify(out)).not.toMatch(/P224|BEGIN/);
  });

  test('configures the workload stack provider through cross-stack references, sensitive on the PKI side', () => {
    const { app, pki, workload } = stacks();
    const host = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com' });
    host.configureProvider(workload);
    new HardenedContainer(workload, 'web', { image: IMAGE });
    app.synth();
    const wl = JSON.parse(Testing.synth(workload));
    expect(wl.provider.docker[0].host).toBe('tcp://docker.example.com:2376');
    for (const k of ['ca_material', 'cert_material', 'key_material']) {
      expect(wl.provider.docker[0][k]).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-pki\.outputs\./);
    }
    const pk = JSON.parse(Testing.synth(pki));
    const crossOutputs = Object.entries<any>(pk.output).filter(([k]) => k.startsWith('cross-stack-output-'));
    expect(crossOutputs).toHaveLength(3);
    expect(crossOutputs.every(([, v]) => v.sensitive === true)).toBe(true);
  });

  test('wiring the provider into the PKI stack itself fails at synth with the reason', () => {
    const { pki } = stacks();
    const host = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com' });
    expect(() => host.configureProvider(pki)).toThrow(/^pki\/host: invalid configureProvider\(workload\) "pki": the Docker provider cannot be configured from TLS resources of its own stack/);
  });

  test('bring-your-own CA: PEM inputs from sensitive variables; a literal key is refused', () => {
    const { pki } = stacks();
    const cert = new TerraformVariable(pki, 'ca_cert', { type: 'string' });
    const key = new TerraformVariable(pki, 'ca_key', { type: 'string', sensitive: true });
    const host = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com', ca: CertificateAuthority.fromPem({ certPem: cert.stringValue, keyPem: key.stringValue }) });
    const out = JSON.parse(Testing.synth(pki));
    expect(out.resource.tls_self_signed_cert).toBeUndefined();
    expect(Object.values<any>(out.resource.tls_locally_signed_cert)[0].ca_private_key_pem).toBe('${var.ca_key}');
    expect(host.caSource).toBe('pem');
    expect(() => new TlsDockerHost(stacks().pki, 'h2', {
      hostName: 'x.example.com',
      ca: CertificateAuthority.fromPem({ certPem: '-----BEGIN CERTIFICATE-----\nx', keyPem: '-----BEGIN PRIVATE KEY-----\nsecret' }),
    })).toThrow(/invalid ca.keyPem "<redacted>": pass the CA key as a sensitive Terraform variable/);
  });

  test.each([
    [{ hostName: '10.0.0.1' }, /hostName/],
    [{ hostName: 'h.example.com', port: 2375 }, /plain-text port/],
    [{ hostName: 'h.example.com', ipAddresses: ['::1x'] }, /ipAddresses\[0\]/],
    [{ hostName: 'h.example.com', clients: [] }, /at least one client/],
    [{ hostName: 'h.example.com', clients: ['a', 'a'] }, /each client name once/],
    [{ hostName: 'h.example.com', validityHours: 100, earlyRenewalHours: 100 }, /earlyRenewalHours/],
    [{ hostName: 'h.example.com', keyAlgorithm: 'ECDSA_P224' }, /never P-224/],
    [{ hostName: 'h.example.com', ca: CertificateAuthority.generate({ algorithm: 'P224' as KeyAlgorithm }) }, /never P-224/],
  ])('%j is refused', (props, error) => {
    expect(() => new TlsDockerHost(stacks().pki, 'h', props as any)).toThrow(error);
  });

  test('SSH alternative: typed ssh:// host; StrictHostKeyChecking=no refused', () => {
    const { workload } = stacks();
    SshDockerHost.configureProvider(workload, 'docker', { host: 'docker.example.com', user: 'deploy', sshOptions: ['-o', 'StrictHostKeyChecking=yes'] });
    expect(JSON.parse(Testing.synth(workload)).provider.docker[0]).toEqual({ host: 'ssh://deploy@docker.example.com:22', ssh_opts: ['-o', 'StrictHostKeyChecking=yes'] });
    expect(() => SshDockerHost.configureProvider(stacks().workload, 'd', { host: 'h.example.com', user: 'u', sshOptions: ['-o', 'StrictHostKeyChecking=no'] }))
      .toThrow(/pin the host key/);
  });
});
