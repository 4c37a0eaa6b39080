import { createHash } from 'crypto';
import { Network } from '@cdktf/provider-docker/lib/network';
import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { declarePath } from './grant-paths';
import type { IsolatedNetwork } from './isolated-network';
import { joinedByNameOnly } from './isolated-network';
import { bridgeOptions, networkLabels, registerNetwork } from './network-options';
import { HardenedContainer } from '../container/hardened-container';
import { IContainerNetwork, NetworkPurpose } from '../container/network';
import { Protocol } from '../container/ports';
import { OptOut, OptOutRecord } from '../core/opt-out';

/**
 * Options of `IsolatedNetwork.allow()`.
 */
export interface GrantOptions {
  /**
   * The port the grant is for. Recorded and reported, but NOT enforced: Docker
   * networks connect containers, not ports (see README).
   * @default - any port
   */
  readonly port?: number;
  /**
   * The protocol of `port`.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * The DNS name under which `from` reaches `to`. It exists only on the grant's
   * pair network, so it resolves only for containers that hold the grant.
   * @default - the target's construct id, lower-cased
   */
  readonly alias?: string;
  /**
   * Opt-out: allow a grant between containers of different trust zones.
   * @default - none: both containers must be in the same trust zone
   */
  readonly crossTrustZone?: OptOut;
}

/**
 * One allowed path of a grant, as declared.
 */
export interface GrantPath {
  /** Construct path of the container that connects. */
  readonly from: string;
  /** Construct path of the container connected to. */
  readonly to: string;
  /** The DNS name `from` uses for `to`. */
  readonly alias: string;
  /** The declared port (not enforced), if any. */
  readonly port?: number;
  /** The declared protocol. */
  readonly protocol: string;
  /** What Docker actually enforces for this path. */
  readonly enforcement: string;
}

/**
 * Props of `ConnectionGrant`; created by `IsolatedNetwork.allow()`.
 */
export interface ConnectionGrantProps {
  /** The isolated network the grant belongs to. */
  readonly network: IsolatedNetwork;
  /** One container of the pair. */
  readonly a: HardenedContainer;
  /** The other container of the pair. */
  readonly b: HardenedContainer;
}

/**
 * The pair network that realises the grants between two containers: internal
 * (no route out), inter-container communication on, joined by exactly those two.
 */
export class ConnectionGrant extends Construct implements IContainerNetwork {
  /** The pair network's name on the engine. */
  public readonly networkName: string;
  /** Always `NetworkPurpose.GRANT`. */
  public readonly purpose?: NetworkPurpose = NetworkPurpose.GRANT;
  /** Always true: the two containers reach each other. */
  public readonly interContainerCommunication?: boolean = true;
  /** Always true: no route out. */
  public readonly internal?: boolean = true;
  /** The docker_network resource. */
  public readonly networkResource?: TerraformResource;
  /** Opt-outs taken for this grant (cross trust zone). */
  public readonly optOutRecords: OptOutRecord[] = [];

  private readonly declared: GrantPath[] = [];
  private readonly members: HardenedContainer[];

  public constructor(scope: Construct, id: string, props: ConnectionGrantProps) {
    super(scope, id);
    this.members = [props.a, props.b];
    const pair = [props.a.node.path, props.b.node.path].sort();
    // the hash covers the network's path too: two isolated networks granting the same pair never collide
    const digest = createHash('sha256').update([props.network.node.path, ...pair].join('\u0000')).digest('hex').slice(0, 10);
    this.networkName = `${props.network.networkName.slice(0, 40)}-grant-${digest}`;
    this.networkResource = new Network(this, 'Resource', {
      name: this.networkName,
      driver: 'bridge',
      internal: true,
      options: bridgeOptions({ icc: true, internal: true }),
      labels: networkLabels(this, {}, { 'network': 'grant', 'grant-pair': pair.join(' <-> ') }),
    });
    this.node.addValidation({ validate: () => joinedByNameOnly(this) });
    registerNetwork(this, this.networkName); // an IsolatedNetwork named like it later is refused
    // made by IsolatedNetwork.allow() only: there the pair's zones are checked and a cross-zone grant takes its opt-out
    this.node.addValidation({
      validate: () => (props.network.grants.includes(this) ? [] : [`${this.node.path}: invalid ConnectionGrant: created outside ` +
        `IsolatedNetwork.allow(), which checks the pair's trust zones; call ${props.network.node.path}.allow(from, to) instead`]),
    });
    for (const c of this.members) c.addNetwork({ network: this });
  }

  /** @internal whether `container` is one of the two containers of this grant */
  public _isMember(container: unknown): boolean {
    return this.members.includes(container as HardenedContainer);
  }

  /** The declared paths, in declaration order. */
  public get paths(): GrantPath[] {
    return [...this.declared];
  }

  /** @internal adds a path checked by checkGrantPath */
  public _addPath(from: HardenedContainer, to: HardenedContainer, checked: { alias: string; protocol: Protocol }, options: GrantOptions): void {
    to.addNetwork({ network: this, aliases: [checked.alias] });
    this.declared.push(declarePath(this, this.optOutRecords, from, to, checked, options,
      'network reachability between these two containers only; Docker does not restrict the direction ' +
      `(${to.node.id} can reach ${from.node.id} too) or the port${options.port ? ` (${options.port}/${checked.protocol} is declared, all ports are open)` : ''}`));
  }
}
