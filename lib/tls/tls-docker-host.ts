import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { TerraformOutput, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CertificateAuthority, KeyAlgorithm } from './certificate-authority';
import { invalidProp } from '../core/errors';
import { isIPv4 } from '../core/net';
import { requireLiteral } from '../core/tokens';

/** The port dockerd listens on for TLS (2375 is its plain-text port and is refused). */
export const DOCKER_TLS_PORT = 2376;

const DNS_RE = /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const CLIENT_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

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
    if (typeof props.hostName !== 'string' || !DNS_RE.test(props.hostName) || isIPv4(props.hostName)) {
      throw invalidProp(this, 'hostName', props.hostName, 'expected a DNS name (put IP addresses in ipAddresses)');
    }
    (props.dnsNames ?? []).forEach((n, i) => {
      if (!DNS_RE.test(n)) throw invalidProp(this, `dnsNames[${i}]`, n, 'expected a DNS name');
    });
    (props.ipAddresses ?? []).forEach((ip, i) => {
      if (!isIPv4(ip)) throw invalidProp(this, `ipAddresses[${i}]`, ip, 'expected a dotted IPv4 address');
    });
    this.port = props.port ?? DOCKER_TLS_PORT;
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535 || this.port === 2375) {
      throw invalidProp(this, 'port', props.port, 'expected 1-65535 and not 2375, dockerd\'s plain-text port');
    }
    const clients = props.clients ?? ['terraform'];
    if (clients.length === 0) throw invalidProp(this, 'clients', clients, 'at least one client certificate is needed to reach the daemon');
    clients.forEach((c, i) => {
      if (!CLIENT_RE.test(c)) throw invalidProp(this, `clients[${i}]`, c, 'expected 1-63 of [a-z0-9-]');
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
    this.caSource = ca.source;
    let caCertPem: string;
    let caKeyPem: string;
    if (ca.source === 'pem') {
      if (!ca.pem || typeof ca.pem.certPem !== 'string' || typeof ca.pem.keyPem !== 'string') {
        throw invalidProp(this, 'ca', '<pem>', 'CertificateAuthority.fromPem needs certPem and keyPem');
      }
      if (!Token.isUnresolved(ca.pem.certPem) && !ca.pem.certPem.includes('-----BEGIN CERTIFICATE-----')) {
        throw invalidProp(this, 'ca.certPem', '<pem>', 'expected a PEM certificate');
      }
      if (!Token.isUnresolved(ca.pem.keyPem)) {
        throw invalidProp(this, 'ca.keyPem', '<redacted>',
          'pass the CA key as a sensitive Terraform variable (or other reference), never as a literal: a literal would be written into the synthesized JSON');
      }
      caCertPem = ca.pem.certPem;
      caKeyPem = ca.pem.keyPem;
    } else {
      const o = ca.options;
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
        subject: [{ commonName: o.commonName ?? `${props.hostName} Docker CA` }],
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
    const prefix = id.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    this.outputNames = { caCert: `${prefix}_ca_cert_pem`, serverCert: `${prefix}_server_cert_pem`, serverKey: `${prefix}_server_key_pem` };
    new TerraformOutput(this, 'ca_cert_pem', { value: this.caCertPem }).overrideLogicalId(this.outputNames.caCert);
    new TerraformOutput(this, 'server_cert_pem', { value: this.serverCertPem }).overrideLogicalId(this.outputNames.serverCert);
    new TerraformOutput(this, 'server_key_pem', { value: this.serverKeyPem, sensitive: true }).overrideLogicalId(this.outputNames.serverKey);
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
    const material = this.client(client);
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
    const port = props.port ?? 22;
    if (!DNS_RE.test(props.host) && !isIPv4(props.host)) throw invalidProp(scope, 'host', props.host, 'expected a DNS name or IPv4 address');
    if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(props.user)) throw invalidProp(scope, 'user', props.user, 'expected a POSIX user name');
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalidProp(scope, 'port', props.port, 'expected 1-65535');
    const opts = props.sshOptions ?? [];
    if (opts.some((o) => /StrictHostKeyChecking\s*=\s*no/i.test(o))) {
      throw invalidProp(scope, 'sshOptions', opts, 'StrictHostKeyChecking=no would accept any host key; pin the host key in known_hosts instead');
    }
    return new DockerProvider(TerraformStack.of(scope), id, {
      host: `ssh://${props.user}@${props.host}:${port}`,
      sshOpts: opts.length > 0 ? [...opts] : undefined,
    });
  }

  private constructor() {}
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
