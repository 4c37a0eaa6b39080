import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { App, TerraformOutput, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CertificateAuthority, KeyAlgorithm } from './certificate-authority';
import { invalidProp } from '../core/errors';
import { isIPv4 } from '../core/net';
import { disabledHostKeyCheck, parseSshOptions } from '../core/ssh-options';
import { escapeTemplate, requireLiteral, terraformNameProblems } from '../core/tokens';

/** The port dockerd listens on for TLS (2375 is its plain-text port and is refused). */
export const DOCKER_TLS_PORT = 2376;

const DNS_RE = /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const CLIENT_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Terraform identifiers (output names): a letter or underscore, then letters, digits, underscores and dashes. */
const TF_IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** C0 controls, DEL, and UTF-16 surrogates that are not part of a pair (not encodable as UTF-8). */
const UNSAFE_TEXT_RE = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A DNS host name: RFC 1123 labels, and a last label that is not all digits (RFC 3696 §2),
 * so that IPv4-like strings the IPv4 check does not accept (`010.0.0.1`, `10.0.0.256`, `1.2.3`)
 * are not taken for names: resolvers disagree on them (inet_aton reads `010` as octal).
 */
function isDnsName(name: unknown): boolean {
  return typeof name === 'string' && DNS_RE.test(name) && !/(^|\.)[0-9]+$/.test(name);
}

function checkList(scope: IConstruct, prop: string, value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidProp(scope, prop, value, `expected a list of ${what}`);
  return value;
}

/** A non-aliased `provider "docker"` of the stack, or a construct that already uses `id`. */
function checkProviderSlot(scope: IConstruct, stack: TerraformStack, id: string, prop: string): void {
  if (typeof id !== 'string' || id.length === 0) {
    throw invalidProp(scope, prop, id, 'expected a non-empty construct id');
  }
  if (stack.node.tryFindChild(id) !== undefined) {
    throw invalidProp(scope, prop, id, `the stack ${stack.node.path} already has a construct with this id; pass another id`);
  }
  const existing = stack.node.findAll().find((c) => c instanceof TerraformProvider && TerraformStack.of(c) === stack &&
    (c as TerraformProvider).terraformResourceType === 'docker' && (c as TerraformProvider).alias === undefined);
  if (existing !== undefined) {
    throw invalidProp(scope, prop, id,
      `the stack ${stack.node.path} already has a Docker provider without an alias (${existing.node.path}); Terraform allows one ` +
      'default provider configuration per stack, so a second one fails at plan. Remove that provider (or give it an alias)');
  }
}

/** Key usages, as hashicorp/tls names them. */
const CA_USES = ['cert_signing', 'crl_signing', 'digital_signature'];
const SERVER_USES = ['digital_signature', 'key_encipherment', 'server_auth'];
const CLIENT_USES = ['digital_signature', 'key_encipherment', 'client_auth'];

/**
 * Props of `TlsDockerHost`.
 */
export interface TlsDockerHostProps {
  /** The host's DNS name: the server certificate's CN and first SAN, and the provider's `tcp://<hostName>:<port>`. */
  readonly hostName: string;
  /**
   * More DNS names for the server certificate.
   * @default - none
   */
  readonly dnsNames?: string[];
  /**
   * IP addresses for the server certificate (IPv4).
   * @default - none
   */
  readonly ipAddresses?: string[];
  /**
   * The TLS port dockerd listens on.
   * @default 2376
   */
  readonly port?: number;
  /**
   * The CA.
   * @default CertificateAuthority.generate()
   */
  readonly ca?: CertificateAuthority;
  /**
   * Names of the client certificates to issue (each becomes a CN with clientAuth).
   * @default ['terraform']
   */
  readonly clients?: string[];
  /**
   * Key algorithm of the server and client keys.
   * @default KeyAlgorithm.ECDSA_P384
   */
  readonly keyAlgorithm?: KeyAlgorithm;
  /**
   * Validity of server and client certificates in hours.
   * @default 8760 (1 year)
   */
  readonly validityHours?: number;
  /**
   * Renew server and client certificates this many hours before they expire
   * (the next apply after that point replaces them; dockerd must then restart,
   * TLS is not reloaded on SIGHUP).
   * @default 720 (30 days)
   */
  readonly earlyRenewalHours?: number;
}

/** Names of the outputs a `TlsDockerHost` adds to its stack. */
export interface TlsHostOutputNames {
  /** The CA certificate. */
  readonly caCert: string;
  /** The server certificate. */
  readonly serverCert: string;
  /** The server private key (sensitive). */
  readonly serverKey: string;
}

/**
 * Mutual TLS for a remote Docker daemon: a CA, a server certificate (serverAuth,
 * SANs for the host's names and IPs) and client certificates (clientAuth),
 * made with hashicorp/tls resources in this construct's stack (the PKI stack).
 *
 * A provider's configuration cannot come from resources of its own stack
 * (Terraform needs provider arguments before apply), so the workload lives in
 * another stack: `configureProvider(workloadStack)` wires the Docker provider
 * there through cdktf cross-stack references (outputs of the PKI stack read
 * back with remote state). Wiring it into the PKI stack itself fails at synth.
 *
 * Every private key here is stored unencrypted in the PKI stack's state.
 */
export class TlsDockerHost extends Construct {
  /** `tcp://<hostName>:<port>`. */
  public readonly endpoint: string;
  /** The host's DNS name. */
  public readonly hostName: string;
  /** The TLS port. */
  public readonly port: number;
  /** The CA certificate (PEM, known at apply). */
  public readonly caCertPem: string;
  /** The server certificate (PEM, known at apply). */
  public readonly serverCertPem: string;
  /** The server private key (PEM, sensitive, known at apply). */
  public readonly serverKeyPem: string;
  /** The client names, in order. */
  public readonly clientNames: string[];
  /** The key algorithm of server and client keys. */
  public readonly keyAlgorithm: KeyAlgorithm;
  /** Where the CA comes from: `generated` or `pem`. */
  public readonly caSource: string;
  /** Names of the PKI stack outputs holding the CA certificate, server certificate and (sensitive) server key. */
  public readonly outputNames: TlsHostOutputNames;

  private readonly clientCerts = new Map<string, { certPem: string; keyPem: string }>();

  public constructor(scope: Construct, id: string, props: TlsDockerHostProps) {
    super(scope, id);
    requireLiteral(this, 'hostName', props.hostName);
    if (typeof props.hostName !== 'string' || !isDnsName(props.hostName) || isIPv4(props.hostName)) {
      throw invalidProp(this, 'hostName', props.hostName, 'expected a DNS name (put IP addresses in ipAddresses)');
    }
    checkList(this, 'dnsNames', props.dnsNames, 'DNS names').forEach((n, i) => {
      if (!isDnsName(n)) throw invalidProp(this, `dnsNames[${i}]`, n, 'expected a DNS name (put IP addresses in ipAddresses)');
    });
    checkList(this, 'ipAddresses', props.ipAddresses, 'IPv4 addresses').forEach((ip, i) => {
      if (typeof ip !== 'string' || !isIPv4(ip)) throw invalidProp(this, `ipAddresses[${i}]`, ip, 'expected a dotted IPv4 address');
    });
    this.port = props.port ?? DOCKER_TLS_PORT;
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535 || this.port === 2375) {
      throw invalidProp(this, 'port', props.port, 'expected 1-65535 and not 2375, dockerd\'s plain-text port');
    }
    const clients = props.clients ?? ['terraform'];
    if (!Array.isArray(clients)) throw invalidProp(this, 'clients', clients, 'expected a list of client names');
    if (clients.length === 0) throw invalidProp(this, 'clients', clients, 'at least one client certificate is needed to reach the daemon');
    clients.forEach((c, i) => {
      if (typeof c !== 'string' || !CLIENT_RE.test(c)) throw invalidProp(this, `clients[${i}]`, c, 'expected 1-63 of [a-z0-9-]');
      if (clients.indexOf(c) !== i) throw invalidProp(this, `clients[${i}]`, c, 'each client name once');
    });
    const validity = props.validityHours ?? 8760;
    const renewal = props.earlyRenewalHours ?? 720;
    checkValidity(this, 'validityHours', 'earlyRenewalHours', validity, renewal);
    this.keyAlgorithm = props.keyAlgorithm ?? KeyAlgorithm.ECDSA_P384;
    checkAlgorithm(this, 'keyAlgorithm', this.keyAlgorithm);

    this.hostName = props.hostName;
    this.endpoint = `tcp://${props.hostName}:${this.port}`;
    this.clientNames = [...clients];

    // ---- CA ----------------------------------------------------------------------------
    const ca = props.ca ?? CertificateAuthority.generate();
    if (!(ca instanceof CertificateAuthority)) {
      throw invalidProp(this, 'ca', String(ca), 'expected CertificateAuthority.generate() or CertificateAuthority.fromPem()');
    }
    this.caSource = ca.source;
    let caCertPem: string;
    let caKeyPem: string;
    if (ca.source === 'pem') {
      if (!ca.pem || typeof ca.pem.certPem !== 'string' || typeof ca.pem.keyPem !== 'string') {
        throw invalidProp(this, 'ca', '<pem>', 'CertificateAuthority.fromPem needs certPem and keyPem');
      }
      if (!Token.isUnresolved(ca.pem.keyPem)) {
        throw invalidProp(this, 'ca.keyPem', '<redacted>',
          'pass the CA key as a sensitive Terraform variable (or other reference), never as a literal: a literal would be written into the synthesized JSON');
      }
      if (!Token.isUnresolved(ca.pem.certPem) && !isCertificatePem(ca.pem.certPem)) {
        // Never echo the value: a literal that is not only certificates may carry a private key.
        throw invalidProp(this, 'ca.certPem', '<pem>',
          'expected only PEM certificates ("-----BEGIN CERTIFICATE-----", base64, "-----END CERTIFICATE-----"); ' +
          'anything else in a literal (a private key, text, Terraform template sequences) would be written into the synthesized JSON');
      }
      caCertPem = ca.pem.certPem;
      caKeyPem = ca.pem.keyPem;
    } else {
      const o = ca.options ?? {};
      const caValidity = o.validityHours ?? 43800;
      const caRenewal = o.earlyRenewalHours ?? 4380;
      checkValidity(this, 'ca.validityHours', 'ca.earlyRenewalHours', caValidity, caRenewal);
      const algorithm = o.algorithm ?? KeyAlgorithm.ECDSA_P384;
      checkAlgorithm(this, 'ca.algorithm', algorithm);
      const key = new PrivateKey(this, 'CaKey', keyConfig(algorithm));
      const cert = new SelfSignedCert(this, 'CaCert', {
        privateKeyPem: key.privateKeyPem,
        isCaCertificate: true,
        allowedUses: CA_USES,
        subject: [{ commonName: o.commonName === undefined ? `${props.hostName} Docker CA` : caCommonName(this, o.commonName) }],
        validityPeriodHours: caValidity,
        earlyRenewalHours: caRenewal,
        setSubjectKeyId: true,
      });
      caCertPem = cert.certPem;
      caKeyPem = key.privateKeyPem;
    }
    this.caCertPem = caCertPem;

    // ---- server and clients ------------------------------------------------------------------
    const issue = (prefix: string, cn: string, uses: string[], sans: { dnsNames?: string[]; ipAddresses?: string[] }) => {
      const key = new PrivateKey(this, `${prefix}Key`, keyConfig(this.keyAlgorithm));
      const csr = new CertRequest(this, `${prefix}Csr`, {
        privateKeyPem: key.privateKeyPem,
        subject: [{ commonName: cn }],
        dnsNames: sans.dnsNames,
        ipAddresses: sans.ipAddresses,
      });
      const cert = new LocallySignedCert(this, `${prefix}Cert`, {
        certRequestPem: csr.certRequestPem,
        caCertPem,
        caPrivateKeyPem: caKeyPem,
        allowedUses: uses,
        validityPeriodHours: validity,
        earlyRenewalHours: renewal,
      });
      return { certPem: cert.certPem, keyPem: key.privateKeyPem };
    };
    const server = issue('Server', props.hostName, SERVER_USES, {
      dnsNames: [props.hostName, ...(props.dnsNames ?? [])],
      ipAddresses: props.ipAddresses && props.ipAddresses.length > 0 ? [...props.ipAddresses] : undefined,
    });
    this.serverCertPem = server.certPem;
    this.serverKeyPem = server.keyPem;
    for (const name of clients) {
      this.clientCerts.set(name, issue(`Client-${name}`, name, CLIENT_USES, {}));
    }

    // Outputs the host's installer reads (`terraform output -raw <name>`), with stable names.
    // Terraform output names start with a letter or underscore; two hosts must never share them (the second
    // would silently replace the first's outputs, and an installer would fetch the other host's certificates).
    const lowered = id.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    const prefix = /^[a-z_]/.test(lowered) ? lowered : `_${lowered}`;
    this.outputNames = { caCert: `${prefix}_ca_cert_pem`, serverCert: `${prefix}_server_cert_pem`, serverKey: `${prefix}_server_key_pem` };
    const names = Object.values(this.outputNames);
    const own = TerraformStack.of(this);
    const taken = own.node.findAll()
      .find((c) => c instanceof TerraformOutput && TerraformStack.of(c) === own && names.includes((c as TerraformOutput).friendlyUniqueId));
    if (taken !== undefined || !names.every((n) => TF_IDENTIFIER_RE.test(n))) {
      throw invalidProp(this, 'id', id,
        `its outputs ${names.join(', ')} ${taken ? `clash with the output of ${taken.node.path}` : 'are not Terraform identifiers'}; ` +
        'give each TlsDockerHost of a stack an id that stays distinct in lower case with every run of characters other than ' +
        'a-z, 0-9 and _ replaced by "_"');
    }
    new TerraformOutput(this, 'ca_cert_pem', { value: this.caCertPem }).overrideLogicalId(this.outputNames.caCert);
    new TerraformOutput(this, 'server_cert_pem', { value: this.serverCertPem }).overrideLogicalId(this.outputNames.serverCert);
    new TerraformOutput(this, 'server_key_pem', { value: this.serverKeyPem, sensitive: true }).overrideLogicalId(this.outputNames.serverKey);
    this.node.addValidation({ validate: () => terraformNameProblems(this) });
  }

  /** The certificate of client `name` (PEM, known at apply). */
  public clientCertPem(name: string = 'terraform'): string {
    return this.client(name).certPem;
  }

  /** The private key of client `name` (PEM, sensitive, known at apply). */
  public clientKeyPem(name: string = 'terraform'): string {
    return this.client(name).keyPem;
  }

  /**
   * Configures the Docker provider of `workload` (another stack) for this host:
   * `tcp://<hostName>:<port>` with the CA, and the certificate and key of
   * client `client`. The values cross stacks as cdktf cross-stack references,
   * so they are known when the workload stack is planned.
   *
   * @param workload a construct in the workload stack (not this host's stack)
   */
  public configureProvider(workload: IConstruct, id: string = 'docker', client: string = 'terraform'): TerraformProvider {
    const own = TerraformStack.of(this);
    const target = TerraformStack.of(workload);
    if (own === target) {
      throw invalidProp(this, 'configureProvider(workload)', target.node.path,
        'the Docker provider cannot be configured from TLS resources of its own stack: Terraform needs provider arguments ' +
        'before apply, and the hashicorp/tls certificates only exist after it (the provider would plan with empty material). ' +
        'Create this TlsDockerHost in a PKI stack and pass a construct of the workload stack; cdktf then moves the values ' +
        'through outputs and remote state');
    }
    if (App.of(own) !== App.of(target)) {
      throw invalidProp(this, 'configureProvider(workload)', target.node.path,
        'the workload stack belongs to another App; cdktf moves the TLS material through outputs and remote state of the same App');
    }
    if (own.dependsOn(target)) {
      throw invalidProp(this, 'configureProvider(workload)', target.node.path,
        `the PKI stack ${own.node.path} already depends on ${target.node.path}; wiring this provider would make the stacks depend on ` +
        'each other (a cycle no deploy order can satisfy). Keep the TLS hosts in a PKI stack that depends on no workload stack');
    }
    const material = this.client(client);
    checkProviderSlot(this, target, id, 'configureProvider(id)');
    // cdktf records this dependency when it resolves the references; recording it now makes a later cycle fail here.
    target.addDependency(own);
    return new DockerProvider(target, id, {
      host: this.endpoint,
      caMaterial: this.caCertPem,
      certMaterial: material.certPem,
      keyMaterial: material.keyPem,
    });
  }

  private client(name: string) {
    const c = this.clientCerts.get(name);
    if (!c) throw invalidProp(this, 'client', name, `expected one of ${this.clientNames.join(', ')}`);
    return c;
  }
}

/**
 * Configures a Docker provider that reaches the daemon over SSH (`ssh://`),
 * the alternative to TLS when the host already has SSH access control.
 */
export interface SshDockerHostProps {
  /** Host name or IPv4 address. */
  readonly host: string;
  /** The SSH user (must be allowed to use the Docker socket on the host). */
  readonly user: string;
  /**
   * SSH port.
   * @default 22
   */
  readonly port?: number;
  /**
   * Extra `ssh` options, e.g. `['-o', 'StrictHostKeyChecking=yes']`.
   * `StrictHostKeyChecking=no` is refused.
   * @default - none
   */
  readonly sshOptions?: string[];
}

/** The SSH alternative to `TlsDockerHost`. */
export class SshDockerHost {
  /** Adds a Docker provider reaching `ssh://<user>@<host>:<port>` to `scope`'s stack. */
  public static configureProvider(scope: IConstruct, id: string, props: SshDockerHostProps): TerraformProvider {
    if (props === null || typeof props !== 'object') throw invalidProp(scope, 'props', props, 'expected { host, user, port?, sshOptions? }');
    requireLiteral(scope, 'host', props.host);
    requireLiteral(scope, 'user', props.user);
    requireLiteral(scope, 'port', props.port);
    const port = props.port ?? 22;
    if (!isDnsName(props.host) && !isIPv4(props.host)) throw invalidProp(scope, 'host', props.host, 'expected a DNS name or IPv4 address');
    if (typeof props.user !== 'string' || !/^[a-z_][a-z0-9_-]{0,31}$/.test(props.user)) {
      throw invalidProp(scope, 'user', props.user, 'expected a POSIX user name');
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalidProp(scope, 'port', props.port, 'expected 1-65535');
    const opts = props.sshOptions ?? [];
    if (!Array.isArray(opts)) throw invalidProp(scope, 'sshOptions', opts, 'expected a list of ssh arguments, e.g. ["-o", "StrictHostKeyChecking=yes"]');
    opts.forEach((o, i) => {
      requireLiteral(scope, `sshOptions[${i}]`, o);
      if (typeof o !== 'string' || UNSAFE_TEXT_RE.test(o)) {
        throw invalidProp(scope, `sshOptions[${i}]`, o, 'expected a string without control characters (newline, NUL, …) or unpaired surrogates');
      }
    });
    // anywhere in an option, as before (also a nested `ssh` in a ProxyCommand), and in each spelling ssh reads
    const disabling = opts.find((o) => /StrictHostKeyChecking"?\s*(?:=|\s)\s*"?\s*(?:no|off)\b/i.test(o));
    if (disabling !== undefined) {
      throw invalidProp(scope, 'sshOptions', opts, `"${disabling.trim()}" would accept any host key; pin the host key in known_hosts instead`);
    }
    for (const o of parseSshOptions(opts)) {
      const off = disabledHostKeyCheck(o);
      if (off === 'StrictHostKeyChecking') {
        throw invalidProp(scope, 'sshOptions', opts, `"${o.raw}" would accept any host key; pin the host key in known_hosts instead`);
      }
      if (off === 'UserKnownHostsFile') {
        throw invalidProp(scope, 'sshOptions', opts, `"${o.raw}" leaves no known host key, so none can be verified; pin the host key in known_hosts instead`);
      }
    }
    const stack = TerraformStack.of(scope);
    checkProviderSlot(scope, stack, id, 'id');
    return new DockerProvider(stack, id, {
      host: `ssh://${props.user}@${props.host}:${port}`,
      // ssh itself expands ${VAR} in some options, so a literal "${" must reach it: escaped for Terraform.
      sshOpts: opts.length > 0 ? opts.map((o) => escapeTemplate(o)) : undefined,
    });
  }

  private constructor() {}
}

/** True when a literal is one or more PEM certificates and nothing else (whitespace between blocks). */
function isCertificatePem(text: string): boolean {
  const block = /-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END CERTIFICATE-----/g;
  return typeof text === 'string' && text.includes('-----BEGIN CERTIFICATE-----') && text.replace(block, '').trim() === '';
}

/** The CA's common name: a token as it is, a literal checked and with Terraform template sequences escaped. */
function caCommonName(scope: IConstruct, cn: unknown): string {
  if (Token.isUnresolved(cn)) return cn as string;
  if (typeof cn !== 'string' || cn.trim().length === 0 || UNSAFE_TEXT_RE.test(cn)) {
    throw invalidProp(scope, 'ca.commonName', cn, 'expected a non-empty name without control characters (newline, NUL, …) or unpaired surrogates');
  }
  return escapeTemplate(cn);
}

function keyConfig(algorithm: KeyAlgorithm) {
  switch (algorithm) {
    case KeyAlgorithm.ECDSA_P256: return { algorithm: 'ECDSA', ecdsaCurve: 'P256' };
    case KeyAlgorithm.ECDSA_P384: return { algorithm: 'ECDSA', ecdsaCurve: 'P384' };
    case KeyAlgorithm.RSA_3072: return { algorithm: 'RSA', rsaBits: 3072 };
    case KeyAlgorithm.RSA_4096: return { algorithm: 'RSA', rsaBits: 4096 };
    default: throw new Error(`unknown key algorithm ${algorithm}`);
  }
}

function checkAlgorithm(scope: IConstruct, prop: string, algorithm: KeyAlgorithm): void {
  if (!Object.values(KeyAlgorithm).includes(algorithm)) {
    throw invalidProp(scope, prop, algorithm, `expected one of ${Object.values(KeyAlgorithm).join(', ')} (never P-224, which Go's TLS does not support)`);
  }
}

function checkValidity(scope: IConstruct, validityProp: string, renewalProp: string, validity: number, renewal: number): void {
  if (!Number.isInteger(validity) || validity < 24 || validity > 876000) {
    throw invalidProp(scope, validityProp, validity, 'expected whole hours from 24 to 876000');
  }
  if (!Number.isInteger(renewal) || renewal < 0 || renewal >= validity) {
    throw invalidProp(scope, renewalProp, renewal, `expected whole hours from 0 to below the validity (${validity})`);
  }
}
