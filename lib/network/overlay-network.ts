import { TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GrantOptions } from './connection-grant';
import { allowPair } from './grant-paths';
import { parseSubnet } from './isolated-network';
import { checkNetworkName, checkTrustZone, overlappingNetwork, overlayNetworkResource, privateNetworkOwner, registerNetwork } from './network-options';
import { ServiceGrant } from './service-grant';
import { DEFAULT_TRUST_ZONE } from '../container/hardened-container';
import { invalidProp } from '../core/errors';
import { deterministicName } from '../core/net';
import { OptOut, OptOutRecord, recordOptOut } from '../core/opt-out';
import { requireLiteral, terraformNameProblems } from '../core/tokens';
import { HardenedService } from '../swarm/hardened-service';

/** Docker's predefined networks and the swarm's own: creating one fails at apply. */
const PREDEFINED_NAMES = ['bridge', 'host', 'none', 'default', 'ingress', 'docker_gwbridge'];

/**
 * Props of `OverlayNetwork`.
 */
export interface OverlayNetworkProps {
  /**
   * The network's name in the swarm.
   * @default - derived from the construct path: deterministic and unique within the app
   */
  readonly networkName?: string;
  /**
   * The trust zone of the services that may join.
   * @default 'default'
   */
  readonly trustZone?: string;
  /**
   * Opt-out: give the network a route out (not `internal`).
   * @default - none: internal, no route out of the swarm
   */
  readonly egress?: OptOut;
  /**
   * Opt-out: make the network attachable, so that standalone containers (`docker run --network`) on any node of the
   * swarm can join it next to the services.
   * @default - none: only swarm services join
   */
  readonly attachable?: OptOut;
  /**
   * Opt-out: leave the data plane unencrypted (plain VXLAN between nodes; e.g. on hosts where IPsec's ESP is
   * blocked or too slow for the workload).
   * @default - none: the `encrypted` option is set (IPsec between nodes)
   */
  readonly unencrypted?: OptOut;
  /**
   * An IPv4 subnet in CIDR form (e.g. `10.30.0.0/24`).
   * @default - assigned by the swarm from its address pools
   */
  readonly subnet?: string;
  /**
   * Extra labels. Keys starting with `io.cdktf-hardened-docker.` are reserved.
   * @default - none beyond the library's own labels
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A swarm overlay network for services, hardened by default: the data plane between nodes is encrypted (the
 * `encrypted` option: IPsec; moby libnetwork/drivers/overlay/ov_network.go: the option's presence switches it on),
 * the network is `internal` (no route out of the swarm) unless `egress` is opted out, and it is not `attachable`,
 * so only swarm services — not standalone containers started with `docker run --network` on some node — can join.
 * Keep one network per purpose (per pair of services that must talk), as for containers.
 *
 * The provider resource is `node.defaultChild` (id `Resource`).
 */
export class OverlayNetwork extends Construct {
  /** The network's name in the swarm. */
  public readonly networkName: string;
  /** The trust zone of the services on this network. */
  public readonly trustZone: string;
  /** Whether the network is internal (no route out). */
  public readonly internal: boolean;
  /** Whether standalone containers can attach. */
  public readonly attachable: boolean;
  /** Whether the data plane between nodes is encrypted. */
  public readonly encrypted: boolean;
  /** The IPv4 subnet given in `subnet`, if any. */
  public readonly ipv4Subnet?: string;
  /** The docker_network resource. */
  public readonly networkResource: TerraformResource;
  /** The network's id in the swarm, a reference for a service's `networks_advanced`. */
  public readonly networkId: string;
  /** Opt-outs taken on this network. */
  public readonly optOutRecords: OptOutRecord[] = [];

  private readonly grantsByPair = new Map<string, ServiceGrant>();

  public constructor(scope: Construct, id: string, props: OverlayNetworkProps = {}) {
    super(scope, id);
    requireLiteral(this, 'networkName', props.networkName);
    this.networkName = props.networkName ?? deterministicName(this.node.path, 'ovl', 40);
    checkNetworkName(this, props.networkName, this.networkName, PREDEFINED_NAMES);
    const stack = TerraformStack.of(this);
    this.trustZone = checkTrustZone(this, props.trustZone, DEFAULT_TRUST_ZONE);
    // null is "no opt-out" like undefined; anything else is an opt-out and must carry a justification
    const taken = (o: OptOut | undefined) => o !== undefined && o !== null;
    const trustZone = this.trustZone;
    if (taken(props.egress)) this.optOutRecords.push(recordOptOut(this, 'egress', 'network-internal', props.egress!));
    if (taken(props.attachable)) this.optOutRecords.push(recordOptOut(this, 'attachable', 'network-not-attachable', props.attachable!));
    if (taken(props.unencrypted)) this.optOutRecords.push(recordOptOut(this, 'unencrypted', 'network-encrypted', props.unencrypted!));
    this.internal = !taken(props.egress);
    this.attachable = taken(props.attachable);
    this.encrypted = !taken(props.unencrypted);

    requireLiteral(this, 'subnet', props.subnet);
    let range: number[] | undefined;
    if (props.subnet !== undefined) {
      range = parseSubnet(props.subnet);
      if (!range) {
        throw invalidProp(this, 'subnet', props.subnet,
          'expected a canonical IPv4 CIDR with a prefix from /8 to /30 and no host bits, without leading zeros, e.g. 10.30.0.0/24');
      }
      const overlapping = overlappingNetwork(stack, range);
      if (overlapping) throw invalidProp(this, 'subnet', props.subnet, `overlaps ${overlapping.node.path}'s subnet; Docker refuses overlapping address pools`);
      this.ipv4Subnet = props.subnet;
    }
    this.node.addValidation({ validate: () => terraformNameProblems(this) });

    const network = overlayNetworkResource(this, {
      name: this.networkName,
      internal: this.internal,
      attachable: this.attachable,
      encrypted: this.encrypted,
      subnet: props.subnet,
      extraLabels: props.labels,
      // a service's private network says whose it is: another service joining it (by any spelling) is HD-S05
      labels: privateNetworkOwner() !== undefined
        ? { 'network': 'private', 'private-of': privateNetworkOwner()!, 'trust-zone': trustZone }
        : { 'network': 'overlay', 'trust-zone': trustZone },
    });
    this.networkResource = network;
    this.networkId = network.id;
    registerNetwork(this, this.networkName, range);
    registerNetwork(this, this.networkId); // a service joining by this id token finds the network (trust zone, grants)
  }

  /**
   * Allows `from` to reach `to`, realised as a dedicated pair overlay network (encrypted, internal, not
   * attachable) joined by exactly these two services; `to` gets the DNS alias `options.alias` there, which
   * resolves for these two services only. Docker networks cannot restrict the direction or the port: `to` can
   * reach `from` on the pair network too, and every port is open between their tasks. Both are recorded and
   * reported as not enforced. Services of different trust zones need the `crossTrustZone` opt-out.
   */
  public allow(from: HardenedService, to: HardenedService, options: GrantOptions = {}): ServiceGrant {
    if (this.node.scope instanceof HardenedService && this.node.scope.node.tryFindChild(this.node.id) === this && this.node.id === 'Network') {
      throw invalidProp(this, 'allow()', this.node.path,
        `this is the private network of ${this.node.scope.node.path}, replaced by its first grant; call allow() on an OverlayNetwork of the stack`);
    }
    return allowPair(this, from, to, options, { name: 'HardenedService', noun: 'service', is: (x) => x instanceof HardenedService },
      this.grantsByPair, (id) => new ServiceGrant(this, id, { network: this, a: from, b: to }));
  }

  /** The grants made on this network, in creation order. */
  public get grants(): ServiceGrant[] {
    return [...this.grantsByPair.values()];
  }
}
