import { Network } from '@cdktf/provider-docker/lib/network';
import { TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ConnectionGrant, GrantOptions } from './connection-grant';
import { allowPair } from './grant-paths';
import { bridgeOptions, checkNetworkName, checkTrustZone, networkLabels, overlappingNetwork, registerNetwork } from './network-options';
import { HardenedContainer, DEFAULT_TRUST_ZONE } from '../container/hardened-container';
import { IContainerNetwork, joinsByName, NetworkPurpose } from '../container/network';
import { invalidProp } from '../core/errors';
import { deterministicName } from '../core/net';
import { OptOut, OptOutRecord, recordOptOut } from '../core/opt-out';
import { requireLiteral, terraformNameProblems } from '../core/tokens';


/** Docker's predefined networks (and `default`, its alias for bridge): creating one fails at apply. */
const PREDEFINED_NAMES = ['bridge', 'host', 'none', 'default'];
/** Canonical dotted quad (no leading zeros) and a prefix without leading zeros. */
const SUBNET_RE = /^((?:0|[1-9]\d{0,2})\.(?:0|[1-9]\d{0,2})\.(?:0|[1-9]\d{0,2})\.(?:0|[1-9]\d{0,2}))\/([1-9]\d?)$/;

/** An IPv4 CIDR as [first address, prefix length], or undefined when it is not canonical (host bits set, bad octets). */
/** @internal */
export function parseSubnet(subnet: string): number[] | undefined {
  const m = typeof subnet === 'string' ? SUBNET_RE.exec(subnet) : null;
  if (!m) return undefined;
  const octets = m[1].split('.').map(Number);
  const prefix = Number(m[2]);
  if (octets.some((o) => o > 255) || prefix < 8 || prefix > 30) return undefined;
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return address % size === 0 ? [address, prefix] : undefined;
}

/**
 * Props of `IsolatedNetwork`.
 */
export interface IsolatedNetworkProps {
  /**
   * The network's name on the engine.
   * @default - derived from the construct path: deterministic and unique within the app
   */
  readonly networkName?: string;
  /**
   * The trust zone of the containers that may join.
   * @default 'default'
   */
  readonly trustZone?: string;
  /**
   * Opt-out: give the network a route out (not `internal`, IP masquerade on).
   * Also needed to publish ports: an internal network's published ports are unreachable.
   * @default - none: internal, no route out, no masquerade
   */
  readonly egress?: OptOut;
  /**
   * An IPv4 subnet in CIDR form (e.g. `10.20.0.0/24`).
   * @default - assigned by the engine from its address pools
   */
  readonly subnet?: string;
  /**
   * Extra labels. Keys starting with `io.cdktf-hardened-docker.` are reserved.
   * @default - none beyond the library's own labels
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A user-defined bridge network on which containers cannot talk to each other.
 *
 * Inter-container communication is off (`enable_icc=false`: iptables drops
 * traffic between containers on the bridge), the network is `internal` (no
 * route out, no masquerade) unless `egress` is opted out, and published ports
 * bind to 127.0.0.1 by default. Containers that must talk get an explicit
 * grant with `allow(from, to)`, realised as a dedicated pair network; see
 * README "Isolated networks and grants" for what that enforces and what not.
 *
 * The provider resource is `node.defaultChild` (id `Resource`).
 */
export class IsolatedNetwork extends Construct implements IContainerNetwork {
  /** The network's name on the engine. */
  public readonly networkName: string;
  /** Always `NetworkPurpose.ISOLATED`. */
  public readonly purpose?: NetworkPurpose = NetworkPurpose.ISOLATED;
  /** The trust zone of the containers on this network (always set). */
  public readonly trustZone?: string;
  /** Always false. */
  public readonly interContainerCommunication?: boolean = false;
  /** Whether the network is internal (no route out); always set. */
  public readonly internal?: boolean;
  /** The docker_network resource. */
  public readonly networkResource?: TerraformResource;
  /** The IPv4 subnet given in `subnet`, if any. */
  public readonly ipv4Subnet?: string;
  /** Opt-outs taken on this network. */
  public readonly optOutRecords: OptOutRecord[] = [];

  private readonly grantsByPair = new Map<string, ConnectionGrant>();

  public constructor(scope: Construct, id: string, props: IsolatedNetworkProps = {}) {
    super(scope, id);
    requireLiteral(this, 'networkName', props.networkName);
    this.networkName = props.networkName ?? deterministicName(this.node.path, 'net', 40);
    checkNetworkName(this, props.networkName, this.networkName, PREDEFINED_NAMES);
    const stack = TerraformStack.of(this);
    const trustZone = checkTrustZone(this, props.trustZone, DEFAULT_TRUST_ZONE);
    this.trustZone = trustZone;
    // null is "no opt-out" like undefined; anything else is an opt-out and must carry a justification
    const egress = props.egress !== undefined && props.egress !== null;
    if (egress) this.optOutRecords.push(recordOptOut(this, 'egress', 'network-internal', props.egress!));
    this.internal = !egress;

    requireLiteral(this, 'subnet', props.subnet);
    let subnetRange: number[] | undefined;
    if (props.subnet !== undefined) {
      const parsed = parseSubnet(props.subnet);
      if (!parsed) {
        throw invalidProp(this, 'subnet', props.subnet,
          'expected a canonical IPv4 CIDR with a prefix from /8 to /30 and no host bits, without leading zeros, e.g. 10.20.0.0/24');
      }
      const overlapping = overlappingNetwork(stack, parsed);
      if (overlapping) {
        throw invalidProp(this, 'subnet', props.subnet,
          `overlaps ${overlapping.node.path}'s subnet; Docker refuses overlapping address pools on one engine`);
      }
      subnetRange = parsed;
      this.ipv4Subnet = props.subnet;
    }

    this.node.addValidation({ validate: () => joinedByNameOnly(this) });
    // ids like "-tier" or "1net" give Terraform names that `terraform plan` refuses (covers the grant networks below it)
    this.node.addValidation({ validate: () => terraformNameProblems(this) });

    this.networkResource = new Network(this, 'Resource', {
      name: this.networkName,
      driver: 'bridge',
      internal: this.internal,
      options: bridgeOptions({ icc: false, internal: this.internal }),
      ipamConfig: props.subnet ? [{ subnet: props.subnet }] : undefined,
      labels: networkLabels(this, props.labels ?? {}, { 'network': 'isolated', 'trust-zone': trustZone }),
    });
    registerNetwork(this, this.networkName, subnetRange);
  }

  /**
   * Allows `from` to reach `to`, realised as a dedicated internal pair network
   * with inter-container communication on, joined by exactly these two
   * containers; `to` gets the DNS alias `options.alias` there, which resolves
   * nowhere else. Docker networks cannot restrict the direction or the port:
   * `to` can reach `from` on the pair network too, and every port is open
   * between them. Both are recorded and reported as not enforced.
   */
  public allow(from: HardenedContainer, to: HardenedContainer, options: GrantOptions = {}): ConnectionGrant {
    return allowPair(this, from, to, options, { name: 'HardenedContainer', noun: 'container', is: (x) => x instanceof HardenedContainer },
      this.grantsByPair, (id) => new ConnectionGrant(this, id, { network: this, a: from, b: to }));
  }

  /** The grants made on this network, in creation order. */
  public get grants(): ConnectionGrant[] {
    return [...this.grantsByPair.values()];
  }
}

/**
 * Containers that join a managed network's name some other way (e.g.
 * `ContainerNetwork.fromName(net.networkName)`) would skip the trust-zone and
 * grant rules: refused.
 *
 * @internal
 */
export function joinedByNameOnly(network: IContainerNetwork & Construct): string[] {
  return joinsByName(TerraformStack.of(network), network.networkName)
    .filter((j) => j.network !== network)
    .map((j) => j.container)
    .filter((c, i, all) => all.indexOf(c) === i)
    .map((c) => `${c.node.path}: invalid networks ${JSON.stringify(network.networkName)}: joined by name, which bypasses the rules of ` +
      `${network.node.path} (trust zone, grant membership); pass the network construct itself`);
}
