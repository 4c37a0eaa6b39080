import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
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

// ---------------------------------------------------------------------------------------------------------------
// Regressions found by test/tls/tls-docker-host.property.test.ts
// ---------------------------------------------------------------------------------------------------------------

describe('TlsDockerHost regressions (property-based findings)', () => {
  const stackJson = (s: TerraformStack) => JSON.parse(Testing.synth(s));

  test('regression: a ca that is not a CertificateAuthority, or generate(null), is a named refusal or the defaults, never a TypeError', () => {
    expect(() => new TlsDockerHost(stacks().pki, 'h', { hostName: 'h.example.com', ca: {} as CertificateAuthority }))
      .toThrow(/^pki\/h: invalid ca "\[object Object\]": expected CertificateAuthority.generate\(\) or CertificateAuthority.fromPem\(\)$/);
    const { pki } = stacks();
    new TlsDockerHost(pki, 'h', { hostName: 'h.example.com', ca: CertificateAuthority.generate(null as any) });
    expect(Object.values<any>(stackJson(pki).resource.tls_self_signed_cert)[0])
      .toMatchObject({ validity_period_hours: 43800, early_renewal_hours: 4380 });
  });

  test('regression: an id starting with a digit still gives Terraform-valid output names', () => {
    const { pki } = stacks();
    const host = new TlsDockerHost(pki, '1host', { hostName: 'h.example.com' });
    expect(host.outputNames).toEqual({ caCert: '_1host_ca_cert_pem', serverCert: '_1host_server_cert_pem', serverKey: '_1host_server_key_pem' });
    expect(Object.keys(stackJson(pki).output)).toEqual(['_1host_ca_cert_pem', '_1host_server_cert_pem', '_1host_server_key_pem']);
  });

  test('regression: two hosts whose output names would coincide are refused instead of sharing (overwriting) outputs', () => {
    const { pki } = stacks();
    new TlsDockerHost(pki, 'a-b', { hostName: 'one.example.com' });
    expect(() => new TlsDockerHost(pki, 'a_b', { hostName: 'two.example.com' }))
      .toThrow(/^pki\/a_b: invalid id "a_b": its outputs a_b_ca_cert_pem, a_b_server_cert_pem, a_b_server_key_pem clash with the output of pki\/a-b\//);
    const other = stacks().pki;
    new TlsDockerHost(new Construct(other, 'x'), 'host', { hostName: 'one.example.com' });
    expect(() => new TlsDockerHost(new Construct(other, 'y'), 'host', { hostName: 'two.example.com' })).toThrow(/^pki\/y\/host: invalid id "host"/);
  });

  test('regression: configureProvider refuses a stack that already has a default Docker provider, a taken or an empty id', () => {
    const { pki, workload } = stacks();
    const host = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com' });
    new DockerProvider(workload, 'local', {});
    expect(() => host.configureProvider(workload, 'remote'))
      .toThrow(/^pki\/host: invalid configureProvider\(id\) "remote": the stack workload already has a Docker provider without an alias \(workload\/local\)/);
    expect(() => host.configureProvider(workload, 'local')).toThrow(/^pki\/host: invalid configureProvider\(id\) "local": the stack workload already has a construct with this id/);
    const fresh = stacks();
    expect(() => new TlsDockerHost(fresh.pki, 'host', { hostName: 'docker.example.com' }).configureProvider(fresh.workload, ''))
      .toThrow(/^pki\/host: invalid configureProvider\(id\) "": expected a non-empty construct id/);
    // an aliased provider is fine
    const s = stacks();
    const h2 = new TlsDockerHost(s.pki, 'host', { hostName: 'docker.example.com' });
    new DockerProvider(s.workload, 'local', { alias: 'local' });
    h2.configureProvider(s.workload);
    expect(stackJson(s.workload).provider.docker).toHaveLength(2);
  });

  test('regression: wiring two PKI stacks into each other is refused at configureProvider, not a cdktf cycle error at synth', () => {
    const { app, pki, workload } = stacks();
    new TlsProvider(workload, 'tls');
    new TlsDockerHost(pki, 'host', { hostName: 'a.example.com' }).configureProvider(workload);
    const back = new TlsDockerHost(workload, 'back', { hostName: 'b.example.com' });
    expect(() => back.configureProvider(pki)).toThrow(/^workload\/back: invalid configureProvider\(workload\) "pki": the PKI stack workload already depends on pki/);
    expect(() => app.synth()).not.toThrow();
  });

  test('regression: a workload stack of another App is refused (its remote-state outputs would depend on synth order)', () => {
    const { pki } = stacks();
    const host = new TlsDockerHost(pki, 'host', { hostName: 'a.example.com' });
    expect(() => host.configureProvider(new TerraformStack(Testing.app(), 'elsewhere')))
      .toThrow(/^pki\/host: invalid configureProvider\(workload\) "elsewhere": the workload stack belongs to another App/);
  });

  test('regression: a literal BYO CA certificate must be certificates only: no private key, text or template sequence reaches the JSON', () => {
    const body = 'MIIBszCCATmgAwIBAgIUQ2FkZGVkLXRsLWZ1enotY2EtY2VydDAKBggqhkjOPQQDAzAS\n';
    const cert = `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
    for (const certPem of [`${cert}-----BEGIN EC PRIVATE KEY-----\n${body}-----END EC PRIVATE KEY-----\n`, `${cert}\${var.ca_key}`, `subject=CN=x\n${cert}`]) {
      const { pki } = stacks();
      const key = new TerraformVariable(pki, 'ca_key', { type: 'string', sensitive: true });
      expect(() => new TlsDockerHost(pki, 'h', { hostName: 'h.example.com', ca: CertificateAuthority.fromPem({ certPem, keyPem: key.stringValue }) }))
        .toThrow(/^pki\/h: invalid ca.certPem "<pem>": expected only PEM certificates/);
    }
    const { pki } = stacks();
    const key = new TerraformVariable(pki, 'ca_key', { type: 'string', sensitive: true });
    new TlsDockerHost(pki, 'h', { hostName: 'h.example.com', ca: CertificateAuthority.fromPem({ certPem: `${cert}\n${cert}`, keyPem: key.stringValue }) });
    expect(Testing.synth(pki)).not.toMatch(/BEGIN (?!CERTIFICATE)/);
  });

  test('regression: the CA common name reaches Terraform with template sequences escaped; NUL, newline and lone surrogates are refused', () => {
    const { pki } = stacks();
    new TlsDockerHost(pki, 'h', { hostName: 'h.example.com', ca: CertificateAuthority.generate({ commonName: 'ops ${team} %{x} CA' }) });
    expect(Object.values<any>(stackJson(pki).resource.tls_self_signed_cert)[0].subject).toEqual([{ common_name: 'ops $${team} %%{x} CA' }]);
    for (const commonName of ['CA\ud800', 'docker.example.com\u0000.evil.example', 'CA\n', ' ']) {
      expect(() => new TlsDockerHost(stacks().pki, 'h', { hostName: 'h.example.com', ca: CertificateAuthority.generate({ commonName }) }))
        .toThrow(/^pki\/h: invalid ca.commonName .*: expected a non-empty name without control characters/s);
    }
  });

  test.each([
    [{ hostName: 'h.example.com', dnsNames: ['10.0.0.1'] }, /^pki\/h: invalid dnsNames\[0\] "10.0.0.1": expected a DNS name \(put IP addresses in ipAddresses\)/],
    [{ hostName: '010.0.0.1' }, /^pki\/h: invalid hostName "010.0.0.1"/],
    [{ hostName: '10.0.0.256' }, /^pki\/h: invalid hostName "10.0.0.256"/],
    [{ hostName: '1.2.3' }, /^pki\/h: invalid hostName "1.2.3"/],
    [{ hostName: 'h.example.com', dnsNames: 'docker' }, /^pki\/h: invalid dnsNames "docker": expected a list of DNS names/],
    [{ hostName: 'h.example.com', ipAddresses: '10.0.0.5' }, /^pki\/h: invalid ipAddresses "10.0.0.5": expected a list of IPv4 addresses/],
    [{ hostName: 'h.example.com', clients: 'terraform' }, /^pki\/h: invalid clients "terraform": expected a list of client names/],
  ])('regression: IP-like names and non-list props are named refusals: %j', (props, error) => {
    expect(() => new TlsDockerHost(stacks().pki, 'h', props as any)).toThrow(error);
  });
});

describe('SshDockerHost regressions (property-based findings)', () => {
  const docker = (s: TerraformStack) => JSON.parse(Testing.synth(s)).provider.docker;

  test('regression: ssh options keep ${…} for ssh, escaped for Terraform', () => {
    const { workload } = stacks();
    SshDockerHost.configureProvider(workload, 'docker', { host: 'h.example.com', user: 'deploy', sshOptions: ['-o', 'IdentityFile=${HOME}/.ssh/id', '-o', 'ProxyCommand=%{x}'] });
    expect(docker(workload)[0].ssh_opts).toEqual(['-o', 'IdentityFile=$${HOME}/.ssh/id', '-o', 'ProxyCommand=%%{x}']);
  });

  test.each([
    [['-o', 'StrictHostKeyChecking no']],
    [['-oStrictHostKeyChecking=off']],
    [['-o', '"StrictHostKeyChecking no"']],
    [['-o', 'UserKnownHostsFile=/dev/null']],
    [['-o', 'UserKnownHostsFile /dev/null']],
  ])('regression: host key checking cannot be switched off in any ssh spelling: %j', (sshOptions) => {
    expect(() => SshDockerHost.configureProvider(stacks().workload, 'docker', { host: 'h.example.com', user: 'deploy', sshOptions }))
      .toThrow(/^workload: invalid sshOptions .*(would accept any host key|leaves no known host key)/);
  });

  test.each([['IdentityFile=/k\u0000'], ['IdentityFile=/k\udc00'], ['a\nb']])('regression: NUL, control characters and lone surrogates in ssh options are refused: %j', (option) => {
    expect(() => SshDockerHost.configureProvider(stacks().workload, 'docker', { host: 'h.example.com', user: 'deploy', sshOptions: ['-o', option] }))
      .toThrow(/^workload: invalid sshOptions\[1\] .*: expected a string without control characters/s);
  });

  test('regression: a second default Docker provider, a taken or empty id, or an IP-like host name is a named refusal', () => {
    const { workload } = stacks();
    new DockerProvider(workload, 'local', {});
    expect(() => SshDockerHost.configureProvider(workload, 'docker', { host: 'h.example.com', user: 'deploy' }))
      .toThrow(/^workload: invalid id "docker": the stack workload already has a Docker provider without an alias \(workload\/local\)/);
    expect(() => SshDockerHost.configureProvider(workload, 'local', { host: 'h.example.com', user: 'deploy' }))
      .toThrow(/^workload: invalid id "local": the stack workload already has a construct with this id/);
    expect(() => SshDockerHost.configureProvider(stacks().workload, '', { host: 'h.example.com', user: 'deploy' }))
      .toThrow(/^workload: invalid id "": expected a non-empty construct id/);
    expect(() => SshDockerHost.configureProvider(stacks().workload, 'docker', { host: '10.0.0.256', user: 'deploy' }))
      .toThrow(/^workload: invalid host "10.0.0.256": expected a DNS name or IPv4 address/);
  });
});
