import { createHash } from 'crypto';
import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { GrantOptions, GrantPath } from './connection-grant';
import { declarePath, zoneOf } from './grant-paths';
import { overlayNetworkResource, registerNetwork } from './network-options';
import type { OverlayNetwork } from './overlay-network';
import { Protocol } from '../container/ports';
import { OptOutRecord } from '../core/opt-out';
import type { HardenedService } from '../swarm/hardened-service';

/**
 * Props of `ServiceGrant`; created by `OverlayNetwork.allow()`.
 */
export interface ServiceGrantProps {
  /** The overlay network the grant belongs to. */
  readonly network: OverlayNetwork;
  /** One service of the pair. */
  readonly a: HardenedService;
  /** The other service of the pair. */
  readonly b: HardenedService;
}

/**
 * The pair network that realises the grants between two swarm services: an overlay network of its own,
 * encrypted (IPsec between nodes), internal (no route out of the swarm) and not attachable, joined by exactly
 * those two services (every task of each). The target of a path gets its alias there, so the name resolves only
 * for the two services.
 */
export class ServiceGrant extends Construct {
  /** The pair network's name in the swarm. */
  public readonly networkName: string;
  /** The pair network's id, as joined by the two services. */
  public readonly networkId: string;
  /** The docker_network resource. */
  public readonly networkResource: TerraformResource;
  /** Opt-outs taken for this grant (cross trust zone). */
  public readonly optOutRecords: OptOutRecord[] = [];

  private readonly declared: GrantPath[] = [];
  private readonly members: HardenedService[];

  public constructor(scope: Construct, id: string, props: ServiceGrantProps) {
    super(scope, id);
    this.members = [props.a, props.b];
    const pair = [props.a.node.path, props.b.node.path].sort();
    // the hash covers the network's path too: two overlay networks granting the same pair never collide
    const digest = createHash('sha256').update([props.network.node.path, ...pair].join('\u0000')).digest('hex').slice(0, 10);
    this.networkName = `${props.network.networkName.slice(0, 40)}-grant-${digest}`;
    const zones = [...new Set(this.members.map(zoneOf))].sort();
    const network = overlayNetworkResource(this, {
      name: this.networkName,
      internal: true,
      attachable: false,
      encrypted: true,
      labels: { 'network': 'grant', 'grant-pair': pair.join(' <-> '), 'trust-zone': zones.join(' <-> ') },
    });
    this.networkResource = network;
    this.networkId = network.id;
    registerNetwork(this, this.networkName);
    registerNetwork(this, this.networkId);
    // made by OverlayNetwork.allow() only: there the pair's zones are checked and a cross-zone grant takes its opt-out
    this.node.addValidation({
      validate: () => (props.network.grants.includes(this) ? [] : [`${this.node.path}: invalid ServiceGrant: created outside ` +
        `OverlayNetwork.allow(), which checks the pair's trust zones; call ${props.network.node.path}.allow(from, to) instead`]),
    });
    for (const s of this.members) s._joinGrant(this);
  }

  /** @internal whether `service` is one of the two services of this grant */
  public _isMember(service: unknown): boolean {
    return this.members.includes(service as HardenedService);
  }

  /** The declared paths, in declaration order. */
  public get paths(): GrantPath[] {
    return [...this.declared];
  }

  /** @internal adds a path checked by checkGrantPath */
  public _addPath(from: HardenedService, to: HardenedService, checked: { alias: string; protocol: Protocol }, options: GrantOptions): void {
    to._joinGrant(this, checked.alias);
    this.declared.push(declarePath(this, this.optOutRecords, from, to, checked, options,
      'network reachability between these two services only (every task of each, on any node, encrypted); ' +
      `Docker does not restrict the direction (${to.node.id} can reach ${from.node.id} too) or the port` +
      (options.port ? ` (${options.port}/${checked.protocol} is declared, all ports are open)` : '')));
  }
}
