import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { App, TerraformResource, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import * as fc from 'fast-check';
import { CertificateAuthority, KeyAlgorithm, SshDockerHost, TlsDockerHost } from '../../lib';
import { escapeTemplate } from '../../lib/core/tokens';
import { runChecks } from '../checks/util';
import { expectNamedRefusal, hostileString, mostly, rarely, RUNS, SEED } from '../fuzz/config';

// ---------------------------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------------------------

const label = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/) },
  { weight: 1, arbitrary: fc.constant('a'.repeat(63)) },
);
const tld = fc.constantFrom('com', 'example', 'internal', 'io', 'test', 'xn--p1ai');
const dnsName = fc.tuple(fc.array(label, { minLength: 0, maxLength: 3 }), tld).map(([ls, t]) => [...ls, t].join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));

/** Names that are not DNS names, or are IPv4 addresses in disguise. */
const badHostName: fc.Arbitrary<any> = fc.oneof(
  fc.constantFrom('10.0.0.1', '010.0.0.1', '10.0.0.256', '1.2.3', '192.168.1', '', ' ', '-a.example.com', 'a-.example.com',
    'a..example.com', 'a_b.example.com', '*.example.com', 'example.com.', `${'a'.repeat(64)}.com`, `${'a'.repeat(63)}.`.repeat(4) + 'com',
    'docker.example.com:2376', 'tcp://docker.example.com', 'ex ample.com', 'exämple.com', 'docker.example.com\n', '::1', 'localhost/'),
  hostileString,
  fc.constantFrom(null, 42, undefined),
);
const badIp: fc.Arbitrary<any> = fc.oneof(
  fc.constantFrom('::1', 'fe80::1', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', ' 1.2.3.4', '1.2.3.4/24', '1.2.3.4\n', '0x7f.0.0.1'),
  hostileString,
  fc.constantFrom(7, null),
);
const clientName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/);
const badClient: fc.Arbitrary<any> = fc.oneof(fc.constantFrom('Terraform', 'ci bot', '-x', 'a'.repeat(64), 'a_b', ''), hostileString, fc.constant(3));
const hours = (min: number, max: number, bad: number[]) => rarely(mostly(fc.integer({ min, max }), fc.constantFrom(...bad)));
const algorithm = rarely(mostly(
  fc.constantFrom(...Object.values(KeyAlgorithm)),
  fc.constantFrom('ECDSA_P224', 'P224', 'RSA_2048', 'ecdsa_p384', '', 'ED25519', 'RSA', 'toString') as fc.Arbitrary<any>,
)) as fc.Arbitrary<KeyAlgorithm | undefined>;

/** Base64 lines of a PEM body (syntax only: synth never decodes it). */
const PEM_BODY = 'MIIBszCCATmgAwIBAgIUQ2FkZGVkLXRsLWZ1enotY2EtY2VydDAKBggqhkjOPQQDAzAS\nMRAwDgYDVQQDDAdmdXp6IENBMB4XDTI2MDEwMTAwMDAwMFoXDTMxMDEwMTAwMDAwMFow\n';
const CERT = `-----BEGIN CERTIFICATE-----\n${PEM_BODY}-----END CERTIFICATE-----\n`;
const CERT_LITERALS: Record<string, string> = {
  'literal': CERT,
  'literal-chain': `${CERT}\n${CERT}`,
  'literal-crlf': CERT.replace(/\n/g, '\r\n'),
  'literal+key': `${CERT}-----BEGIN EC PRIVATE KEY-----\n${PEM_BODY}-----END EC PRIVATE KEY-----\n`,
  'literal+template': `${CERT}\${var.ca_key}`,
  'literal+text': `subject=CN=fuzz CA\n${CERT}`,
  'truncated': '-----BEGIN CERTIFICATE-----\nMIIB',
  'empty': '',
};

type CaSpec =
  | { kind: 'default' }
  | { kind: 'generate'; options: any }
  | { kind: 'pem'; cert: string; key: string }
  | { kind: 'bogus'; value: any };

const caSpec: fc.Arbitrary<CaSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'default' } as CaSpec) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      {
        weight: 10,
        arbitrary: fc.record({
          commonName: rarely(fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom('Example Docker CA', 'ACME Ops CA 2026', 'ca.example.com', 'Zürich Ops CA', 'ops ${team} CA') },
            { weight: 2, arbitrary: fc.oneof(hostileString, fc.constantFrom('CA\ud800', 'docker.example.com\u0000.evil.example', 'CA\n', '')) },
          ), 4),
          validityHours: hours(24, 876000, [0, 23, 876001, -1, 1.5, NaN, Infinity]),
          earlyRenewalHours: hours(0, 4380, [-1, 0.5, NaN, 876000]),
          algorithm,
        }, { requiredKeys: [] }),
      },
      { weight: 1, arbitrary: fc.constant(null) },
    ).map((options) => ({ kind: 'generate', options } as CaSpec)),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      cert: mostly(fc.constantFrom('var', 'literal', 'literal-chain', 'literal-crlf'),
        fc.constantFrom('literal+key', 'literal+template', 'literal+text', 'truncated', 'empty')),
      key: mostly(fc.constant('var'), fc.constantFrom('literal', 'empty')),
    }).map((p) => ({ kind: 'pem', ...p } as CaSpec)),
  },
  { weight: 1, arbitrary: fc.constantFrom({}, 'generated', 42).map((value) => ({ kind: 'bogus', value } as CaSpec)) },
);

type Layout = 'split' | 'same' | 'nested-stack' | 'deep-scope' | 'existing-default-provider' | 'existing-aliased-provider'
  | 'taken-id' | 'cross-app' | 'two-hosts' | 'cycle';

const tlsCase = fc.record({
  hostName: mostly(dnsName, badHostName),
  dnsNames: rarely(fc.oneof(
    { weight: 8, arbitrary: fc.array(mostly(dnsName, badHostName), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant('docker' as any) },
  ), 2),
  ipAddresses: rarely(fc.oneof(
    { weight: 8, arbitrary: fc.array(mostly(ipv4, badIp), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant('10.0.0.5' as any) },
  ), 2),
  port: rarely(mostly(fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 2375), fc.constantFrom(0, -1, 65536, 2375, 1.5, NaN, Infinity))),
  clients: rarely(fc.oneof(
    { weight: 6, arbitrary: fc.uniqueArray(clientName, { minLength: 1, maxLength: 3 }) },
    { weight: 2, arbitrary: fc.array(mostly(clientName, badClient), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant('terraform' as any) },
  )),
  keyAlgorithm: algorithm,
  validityHours: hours(24, 876000, [0, 23, 876001, -24, 8760.5, NaN, Infinity]),
  earlyRenewalHours: hours(0, 720, [-1, 0.25, NaN, 876000]),
  ca: caSpec,
  layout: mostly(
    fc.constantFrom<Layout>('split', 'split', 'nested-stack', 'deep-scope', 'existing-aliased-provider', 'two-hosts'),
    fc.constantFrom<Layout>('same', 'existing-default-provider', 'taken-id', 'cross-app', 'cycle'),
  ),
  hostId: mostly(fc.constantFrom('host', 'docker-host', 'Docker_Host', 'h1'), fc.constantFrom('1host', '-', '日本', 'x.y', 'a-b', 'A-B')),
  secondHostId: fc.constantFrom('host2', 'a_b', 'a.b', 'HOST', 'docker-host'),
  providerId: mostly(fc.constant('docker'), fc.constantFrom('remote', 'docker-tls', '', 'x/y')),
  /** `first`: the first client of `clients` (the default `terraform` when unset). */
  client: mostly(fc.constant('first'), fc.constantFrom('nobody', '', 'terraform')),
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const KEY_CONFIG: Record<string, object> = {
  ECDSA_P256: { algorithm: 'ECDSA', ecdsa_curve: 'P256' },
  ECDSA_P384: { algorithm: 'ECDSA', ecdsa_curve: 'P384' },
  RSA_3072: { algorithm: 'RSA', rsa_bits: 3072 },
  RSA_4096: { algorithm: 'RSA', rsa_bits: 4096 },
};
const CA_USES = ['cert_signing', 'crl_signing', 'digital_signature'];
const SERVER_USES = ['digital_signature', 'key_encipherment', 'server_auth'];
const CLIENT_USES = ['digital_signature', 'key_encipherment', 'client_auth'];
const TF_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** An unpaired UTF-16 surrogate: not encodable as UTF-8, so Terraform would read U+FFFD instead. */
/** inet_aton's IPv4 spellings (`010.0.0.1`, `1.2.3`, `0x7f.1`): resolvers read these as addresses, never as names. */
const looksLikeIPv4 = (name: string) => /^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}$/i.test(name) || /(^|\.)[0-9]+$/.test(name);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The only `${…}` a synthesized stack may hold: references cdktf generated, never text from a prop. */
const REFERENCE = /^\$\{(?:(?:tls_private_key|tls_self_signed_cert|tls_cert_request|tls_locally_signed_cert)\.[A-Za-z0-9_-]+\.[a-z_]+|data\.terraform_remote_state\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_-]+|var\.ca_(?:cert|key)|terraform\.workspace)\}/;

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => { out.push(k); allStrings(v, out); });
  return out;
}

/**
 * (c) Strings from props reach Terraform escaped: every `${` / `%{` Terraform would evaluate is a reference the
 * library made; PEM armour only ever appears as a certificate the caller passed as a literal.
 */
function expectInertStrings(parsed: unknown, literalCertPem: string | undefined): void {
  for (const s of allStrings(parsed)) {
    if (LONE_SURROGATE.test(s)) throw new Error(`string Terraform cannot read as written: ${JSON.stringify(s)}`);
    // NUL truncates C strings: an X.509 name ("a.example.com\0.evil") or an argv element
    if (s.includes('\u0000')) throw new Error(`NUL in ${JSON.stringify(s)}`);
    for (const m of s.matchAll(/(?<!\$)\$\{/g)) {
      if (!REFERENCE.test(s.slice(m.index))) throw new Error(`unescaped template sequence in ${JSON.stringify(s)}`);
    }
    if (/(?<!%)%\{/.test(s)) throw new Error(`unescaped template directive in ${JSON.stringify(s)}`);
    if (s.includes('-----BEGIN')) {
      // private key material never appears in the JSON (keys are references to sensitive attributes)
      expect(s).toBe(literalCertPem);
      expect(s.match(/-----BEGIN [A-Z ]+-----/g)!.every((h) => h === '-----BEGIN CERTIFICATE-----')).toBe(true);
    }
  }
}

const ref = (r: IConstruct | undefined, attribute: string) => `\${${(r as TerraformResource).terraformResourceType}.${(r as TerraformResource).friendlyUniqueId}.${attribute}}`;
const child = (c: IConstruct, id: string) => c.node.tryFindChild(id) as TerraformResource | undefined;
const resourceOf = (json: any, r: TerraformResource) => json.resource?.[r.terraformResourceType]?.[r.friendlyUniqueId];

/** The TLS material of one host, as the PKI stack's JSON holds it. */
function assertHostMaterial(pkiJson: any, host: TlsDockerHost, p: any, ca: CaSpec, literalCert: string | undefined): void {
  const algorithmOf = (a: unknown) => KEY_CONFIG[(a as string) ?? 'ECDSA_P384'];
  const leafValidity = p.validityHours ?? 8760;
  const leafRenewal = p.earlyRenewalHours ?? 720;
  const clients: string[] = p.clients ?? ['terraform'];

  // the CA
  let caCertRef: string;
  let caKeyRef: string;
  if (ca.kind === 'pem') {
    expect(child(host, 'CaCert')).toBeUndefined();
    expect(child(host, 'CaKey')).toBeUndefined();
    caCertRef = ca.cert === 'var' ? '${var.ca_cert}' : literalCert!;
    caKeyRef = '${var.ca_key}';
  } else {
    const o = (ca.kind === 'generate' ? ca.options : undefined) ?? {};
    const caKey = resourceOf(pkiJson, child(host, 'CaKey')!);
    expect(caKey).toEqual(algorithmOf(o.algorithm));
    const caCert = resourceOf(pkiJson, child(host, 'CaCert')!);
    const validity = o.validityHours ?? 43800;
    const renewal = o.earlyRenewalHours ?? 4380;
    expect(caCert).toEqual({
      allowed_uses: CA_USES,
      early_renewal_hours: renewal,
      is_ca_certificate: true,
      private_key_pem: ref(child(host, 'CaKey'), 'private_key_pem'),
      set_subject_key_id: true,
      subject: [{ common_name: o.commonName === undefined ? `${p.hostName} Docker CA` : escapeTemplate(o.commonName) }],
      validity_period_hours: validity,
    });
    expect(validity).toBeGreaterThanOrEqual(24);
    expect(validity).toBeLessThanOrEqual(876000);
    expect(renewal).toBeGreaterThanOrEqual(0);
    expect(renewal).toBeLessThan(validity);
    caCertRef = ref(child(host, 'CaCert'), 'cert_pem');
    caKeyRef = ref(child(host, 'CaKey'), 'private_key_pem');
  }

  // server and client keys, requests and certificates
  const leaves = [
    { prefix: 'Server', cn: p.hostName, uses: SERVER_USES, dns: [p.hostName, ...(p.dnsNames ?? [])], ips: p.ipAddresses?.length ? p.ipAddresses : undefined },
    ...clients.map((c) => ({ prefix: `Client-${c}`, cn: c, uses: CLIENT_USES, dns: undefined, ips: undefined })),
  ];
  // a DNS SAN is a name: nothing a resolver would read as an IPv4 address (those belong in ipAddresses)
  for (const name of leaves[0].dns!) expect([name, looksLikeIPv4(name)]).toEqual([name, false]);
  for (const leaf of leaves) {
    expect(resourceOf(pkiJson, child(host, `${leaf.prefix}Key`)!)).toEqual(algorithmOf(p.keyAlgorithm));
    const csr = resourceOf(pkiJson, child(host, `${leaf.prefix}Csr`)!);
    expect(csr).toEqual({
      private_key_pem: ref(child(host, `${leaf.prefix}Key`), 'private_key_pem'),
      subject: [{ common_name: leaf.cn }],
      ...(leaf.dns ? { dns_names: leaf.dns } : {}),
      ...(leaf.ips ? { ip_addresses: leaf.ips } : {}),
    });
    const cert = resourceOf(pkiJson, child(host, `${leaf.prefix}Cert`)!);
    expect(cert).toEqual({
      allowed_uses: leaf.uses,
      ca_cert_pem: caCertRef,
      ca_private_key_pem: caKeyRef,
      cert_request_pem: ref(child(host, `${leaf.prefix}Csr`), 'cert_request_pem'),
      early_renewal_hours: leafRenewal,
      validity_period_hours: leafValidity,
    });
    // client auth never on the server certificate, server auth never on a client certificate
    expect(cert.allowed_uses.includes('server_auth')).toBe(leaf.prefix === 'Server');
    expect(cert.allowed_uses.includes('client_auth')).toBe(leaf.prefix !== 'Server');
    expect(leafValidity).toBeGreaterThanOrEqual(24);
    expect(leafValidity).toBeLessThanOrEqual(876000);
    expect(leafRenewal).toBeGreaterThanOrEqual(0);
    expect(leafRenewal).toBeLessThan(leafValidity);
  }
  // nothing but these keys: never the provider's P-224 default, never RSA below 3072 bits
  const keys = host.node.findAll().filter((c) => c instanceof TerraformResource && c.terraformResourceType === 'tls_private_key');
  expect(keys).toHaveLength(leaves.length + (ca.kind === 'pem' ? 0 : 1));

  // the installer's outputs: valid, distinct Terraform names holding this host's material
  const names = host.outputNames;
  for (const n of Object.values(names)) expect(n).toMatch(TF_IDENTIFIER);
  expect(pkiJson.output[names.caCert]).toEqual({ value: caCertRef });
  expect(pkiJson.output[names.serverCert]).toEqual({ value: ref(child(host, 'ServerCert'), 'cert_pem') });
  expect(pkiJson.output[names.serverKey]).toEqual({ sensitive: true, value: ref(child(host, 'ServerKey'), 'private_key_pem') });
}

/** Every output that carries a private key is sensitive. */
function assertKeysSensitive(pkiJson: any): void {
  for (const [name, o] of Object.entries<any>(pkiJson.output ?? {})) {
    if (/private_key_pem|var\.ca_key/.test(JSON.stringify(o.value))) expect([name, o.sensitive]).toEqual([name, true]);
  }
}

/** The workload's Docker provider: mutual TLS against the host, every value read from the PKI stack's outputs. */
function assertProvider(workloadJson: any, pkiJson: any, host: TlsDockerHost, p: any, client: string): void {
  const providers: any[] = workloadJson.provider?.docker ?? [];
  expect(providers.filter((x) => x.alias === undefined)).toHaveLength(1);
  const docker = providers.find((x) => x.alias === undefined);
  const port = p.port ?? 2376;
  expect(port).not.toBe(2375);
  expect(docker.host).toBe(`tcp://${p.hostName}:${port}`);
  const expected: Record<string, string> = {
    ca_material: (pkiJson.output[host.outputNames.caCert] as any).value,
    cert_material: ref(child(host, `Client-${client}Cert`), 'cert_pem'),
    key_material: ref(child(host, `Client-${client}Key`), 'private_key_pem'),
  };
  for (const [attribute, value] of Object.entries(expected)) {
    if (!value.startsWith('${')) {
      // a literal CA certificate the caller passed (public material) is carried as it is
      expect(docker[attribute]).toBe(value);
      continue;
    }
    // never a resource of the workload's own stack: a remote-state output the PKI stack really has
    const m = /^\$\{data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/.exec(docker[attribute]);
    expect(m, `${attribute} ${docker[attribute]}`).not.toBeNull();
    expect(workloadJson.data.terraform_remote_state[m![1]]).toBeDefined();
    const output = pkiJson.output?.[m![2]];
    expect(output, `PKI output ${m![2]} for ${attribute}`).toBeDefined();
    expect(output.value).toBe(value);
    expect(output.sensitive).toBe(true);
  }
}

/** cdktf's App.synth: all stacks of an app are prepared (cross-stack outputs added), then written. */
function synthApps(apps: App[]): Map<TerraformStack, any> {
  const out = new Map<TerraformStack, any>();
  for (const app of apps) {
    const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    stacks.forEach((s) => s.prepareStack());
    stacks.forEach((s) => out.set(s, JSON.parse(Testing.synth(s))));
  }
  return out;
}

function expectRefusalFrom(e: unknown, paths: string[]): void {
  const message = String((e as Error)?.message ?? e);
  const path = paths.find((x) => message.startsWith(`${x}: `));
  if (path === undefined) throw new Error(`expected a refusal naming one of ${paths.join(', ')}; got: ${message}`);
  expectNamedRefusal(e, path);
}

function unsuppressedErrors(stack: TerraformStack): string[] {
  return runChecks(stack).filter((f) => f.level === 'error' && !f.suppressed).map((f) => `${f.ruleId} ${f.path} ${f.message}`);
}

// ---------------------------------------------------------------------------------------------------------------
// TlsDockerHost + CertificateAuthority
// ---------------------------------------------------------------------------------------------------------------

describe('TlsDockerHost property-based', () => {
  test(`generated hosts, CAs and stack layouts: a named refusal, or mutual TLS with every default (${RUNS} runs)`, () => {
    let synthesized = 0;
    let refused = 0;
    const refusedBy = new Map<string, number>();
    fc.assert(
      fc.property(tlsCase, (c) => {
        const app = Testing.app();
        const pki = new TerraformStack(app, 'pki');
        new TlsProvider(pki, 'tls');
        let literalCert: string | undefined;
        const buildCa = (): CertificateAuthority | undefined => {
          switch (c.ca.kind) {
            case 'default': return undefined;
            case 'generate': return CertificateAuthority.generate(c.ca.options);
            case 'bogus': return c.ca.value;
            case 'pem': {
              const certVar = new TerraformVariable(pki, 'ca_cert', { type: 'string' });
              const keyVar = new TerraformVariable(pki, 'ca_key', { type: 'string', sensitive: true });
              literalCert = c.ca.cert === 'var' ? undefined : CERT_LITERALS[c.ca.cert];
              return CertificateAuthority.fromPem({
                certPem: c.ca.cert === 'var' ? certVar.stringValue : CERT_LITERALS[c.ca.cert],
                keyPem: c.ca.key === 'var' ? keyVar.stringValue : c.ca.key === 'literal' ? `-----BEGIN EC PRIVATE KEY-----\n${PEM_BODY}-----END EC PRIVATE KEY-----\n` : '',
              });
            }
          }
        };
        const client = c.client === 'first' ? (Array.isArray(c.clients) ? c.clients[0] : 'terraform') : c.client;
        const props = {
          hostName: c.hostName,
          dnsNames: c.dnsNames,
          ipAddresses: c.ipAddresses,
          port: c.port,
          clients: c.clients,
          keyAlgorithm: c.keyAlgorithm,
          validityHours: c.validityHours,
          earlyRenewalHours: c.earlyRenewalHours,
        };
        const hostScope = c.layout === 'deep-scope' ? new Construct(new Construct(pki, 'infra'), 'tls') : pki;
        const paths = [`${hostScope.node.path}/${c.hostId.replace(/\//g, '--')}`];
        let host: TlsDockerHost;
        let workload: TerraformStack;
        let second: { host: TlsDockerHost; workload: TerraformStack } | undefined;
        try {
          const ca = buildCa();
          host = new TlsDockerHost(hostScope, c.hostId, { ...props, ...(ca !== undefined ? { ca } : {}) });
          switch (c.layout) {
            case 'same': workload = pki; break;
            case 'nested-stack': workload = new TerraformStack(pki, 'workload'); break;
            case 'cross-app': workload = new TerraformStack(Testing.app(), 'workload'); break;
            default: workload = new TerraformStack(app, 'workload');
          }
          if (c.layout === 'existing-default-provider') new DockerProvider(workload, 'local', {});
          if (c.layout === 'existing-aliased-provider') new DockerProvider(workload, 'local', { alias: 'local' });
          if (c.layout === 'taken-id') new TerraformVariable(workload, c.providerId || 'docker', { type: 'string' });
          if (c.layout === 'two-hosts') {
            // a construct id is unique per scope (constructs refuses that before any of our code runs): the same
            // id goes into another scope, where only the stack-wide output names can clash
            const scope2 = hostScope === pki && c.secondHostId === c.hostId ? new Construct(pki, 'more') : pki;
            paths.push(`${scope2.node.path}/${c.secondHostId}`);
            const host2 = new TlsDockerHost(scope2, c.secondHostId, { hostName: 'second.example.com' });
            second = { host: host2, workload: new TerraformStack(app, 'workload2') };
            host2.configureProvider(second.workload);
          }
          const target = c.layout === 'deep-scope' ? new Construct(workload, 'apps') : workload;
          host.configureProvider(target, c.providerId, client);
          if (c.layout === 'cycle') {
            // a second TLS host in the workload stack, wired back into the PKI stack
            paths.push('workload/back');
            new TlsProvider(workload, 'tls');
            new TlsDockerHost(workload, 'back', { hostName: 'back.example.com' }).configureProvider(pki);
          }
        } catch (e) {
          refused++;
          expectRefusalFrom(e, paths);
          const prop = /^\S+: invalid (\S+)/.exec(String((e as Error).message))![1].replace(/\[\d+\]/g, '[]');
          refusedBy.set(prop, (refusedBy.get(prop) ?? 0) + 1);
          return;
        }
        synthesized++;
        // synthesized like `cdktf synth`: the PKI stack's App first
        const json = synthApps([...new Set([app, App.of(workload) as App])]);
        const pkiJson = json.get(pki);
        const workloadJson = json.get(workload);

        // (a) no unsuppressed error anywhere
        for (const s of [pki, workload, ...(second ? [second.workload] : [])]) expect(unsuppressedErrors(s)).toEqual([]);
        // (b) every documented default
        const ca = c.ca.kind === 'generate' && c.ca.options === null ? { kind: 'default' } as CaSpec : c.ca;
        assertHostMaterial(pkiJson, host, props, ca, literalCert);
        assertKeysSensitive(pkiJson);
        assertProvider(workloadJson, pkiJson, host, props, client);
        if (second) {
          assertHostMaterial(pkiJson, second.host, { hostName: 'second.example.com' }, { kind: 'default' }, undefined);
          assertProvider(json.get(second.workload), pkiJson, second.host, { hostName: 'second.example.com' }, 'terraform');
          expect(new Set([...Object.values(host.outputNames), ...Object.values(second.host.outputNames)]).size).toBe(6);
        }
        // (c) prop strings carried escaped, no key material, no stray template sequences
        for (const j of json.values()) expectInertStrings(j, literalCert);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.info(`TlsDockerHost property: ${synthesized} synthesized, ${refused} refused with a named error (seed ${SEED}); ` +
      `refused by ${[...refusedBy].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    expect(synthesized).toBeGreaterThan(RUNS * 0.15);
    expect(refused).toBeGreaterThan(RUNS * 0.15);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// SshDockerHost
// ---------------------------------------------------------------------------------------------------------------

const sshOption = fc.constantFrom(
  'StrictHostKeyChecking=yes', 'StrictHostKeyChecking=accept-new', 'StrictHostKeyChecking ask', 'UserKnownHostsFile=/etc/ssh/docker_known_hosts',
  'ServerAliveInterval=30', 'IdentityFile=${HOME}/.ssh/id_ed25519', 'IdentitiesOnly=yes', 'ConnectTimeout=10', 'HostKeyAlgorithms=ssh-ed25519',
);
const weakSshOption = fc.constantFrom(
  'StrictHostKeyChecking=no', 'StrictHostKeyChecking no', 'stricthostkeychecking=OFF', 'StrictHostKeyChecking = No', '"StrictHostKeyChecking no"',
  'UserKnownHostsFile=/dev/null', 'UserKnownHostsFile /dev/null', 'userknownhostsfile=none', 'UserKnownHostsFile=/dev/null /dev/null',
);
/** One ssh argument group, in each spelling ssh accepts: `-o K=V`, `-oK=V`, and other flags with their value. */
const sshArgs = (option: fc.Arbitrary<string>) => fc.oneof(
  option.map((o) => ['-o', o]),
  option.map((o) => [`-o${o}`]),
  fc.constantFrom(['-i', '/home/deploy/.ssh/id_ed25519'], ['-4'], ['-C'], ['-F', '/etc/ssh/ssh_config.d/docker.conf']),
);
const sshCase = fc.record({
  host: mostly(fc.oneof(dnsName, ipv4), badHostName),
  user: mostly(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,31}$/), fc.oneof(fc.constantFrom('Root', '', 'a b', 'deploy@x', '-oProxyCommand=x', 'a'.repeat(33)), hostileString)),
  port: rarely(mostly(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(0, -22, 65536, 22.5, NaN))),
  sshOptions: rarely(fc.array(mostly(sshArgs(sshOption), fc.oneof(
    sshArgs(weakSshOption),
    fc.oneof(hostileString, fc.constantFrom('ProxyCommand=${var.x}', 'IdentityFile=/k\u0000', 'IdentityFile=/k\udc00')).map((s) => ['-o', s]),
  )),
  { maxLength: 3 }).map((groups) => groups.flat()), 3),
  layout: mostly(fc.constantFrom('stack', 'scope', 'aliased-provider'), fc.constantFrom('default-provider', 'taken-id')),
  id: mostly(fc.constant('docker'), fc.constantFrom('', 'remote', 'a/b')),
});

describe('SshDockerHost property-based', () => {
  test(`generated ssh hosts, users, ports and options: a named refusal, or a provider that verifies host keys (${RUNS} runs)`, () => {
    let synthesized = 0;
    let refused = 0;
    fc.assert(
      fc.property(sshCase, (c) => {
        const stack = new TerraformStack(Testing.app(), 'workload');
        if (c.layout === 'default-provider') new DockerProvider(stack, 'local', {});
        if (c.layout === 'aliased-provider') new DockerProvider(stack, 'local', { alias: 'local' });
        if (c.layout === 'taken-id') new TerraformVariable(stack, c.id || 'docker', { type: 'string' });
        const scope = c.layout === 'scope' ? new Construct(stack, 'remote') : stack;
        try {
          SshDockerHost.configureProvider(scope, c.id, { host: c.host, user: c.user, port: c.port, sshOptions: c.sshOptions });
        } catch (e) {
          refused++;
          expectNamedRefusal(e, scope.node.path);
          return;
        }
        synthesized++;
        expect(unsuppressedErrors(stack)).toEqual([]);
        // the host key is always verified: not even a warning
        expect(runChecks(stack).filter((f) => f.ruleId === 'HD-P02')).toEqual([]);
        const json = JSON.parse(Testing.synth(stack));
        const providers: any[] = json.provider.docker;
        expect(providers.filter((x) => x.alias === undefined)).toHaveLength(1);
        const docker = providers.find((x) => x.alias === undefined);
        // a host name, or an IPv4 address in its one dotted-decimal spelling
        if (!/^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(c.host)) expect(looksLikeIPv4(c.host)).toBe(false);
        expect(docker).toEqual({
          host: `ssh://${c.user}@${c.host}:${c.port ?? 22}`,
          ...(c.sshOptions?.length ? { ssh_opts: c.sshOptions.map(escapeTemplate) } : {}),
        });
        for (const s of allStrings(json)) {
          expect(s).not.toMatch(LONE_SURROGATE);
          expect(s).not.toContain('\u0000');
          expect(s).not.toMatch(/(?<!\$)\$\{/);
          expect(s).not.toMatch(/(?<!%)%\{/);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.info(`SshDockerHost property: ${synthesized} synthesized, ${refused} refused with a named error (seed ${SEED})`);
    expect(synthesized).toBeGreaterThan(RUNS * 0.15);
    expect(refused).toBeGreaterThan(RUNS * 0.15);
  });

});
