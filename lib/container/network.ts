import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * What a network is for, as far as this library knows.
 */
export enum NetworkPurpose {
  /** An `IsolatedNetwork`: inter-container communication off. */
  ISOLATED = 'isolated',
  /** A pair network created by `IsolatedNetwork.allow()` for one connection grant. */
  GRANT = 'grant',
  /** A network this library does not manage; its settings are unknown. */
  EXTERNAL = 'external',
}

/**
 * A Docker network a `HardenedContainer` can join.
 *
 * Implemented by the library's network constructs; use
 * `ContainerNetwork.fromName()` for a network managed elsewhere.
 */
export interface IContainerNetwork {
  /** The network's name as the Docker Engine knows it. */
  readonly networkName: string;
  /**
   * What the network is for.
   * @default NetworkPurpose.EXTERNAL
   */
  readonly purpose?: NetworkPurpose;
  /**
   * The trust zone of the containers on this network; containers of another zone may not join.
   * @default - unknown (not managed by this library)
   */
  readonly trustZone?: string;
  /**
   * Whether containers on the network can reach each other.
   * @default - unknown
   */
  readonly interContainerCommunication?: boolean;
  /**
   * Whether the network is internal (no route out, published ports unreachable).
   * @default - unknown
   */
  readonly internal?: boolean;
  /**
   * The `docker_network` resource, when it is managed in this app: containers
   * reference its name (so Terraform orders them) and are replaced with it.
   * @default - not managed here; the name is used as a plain string
   */
  readonly networkResource?: TerraformResource;
  /**
   * The network's IPv4 subnet in CIDR form, when it was configured here: a container's fixed
   * `ipv4Address` on the network is checked against it at synth.
   * @default - none configured (a fixed address on a network managed here is refused: Docker gives
   * fixed addresses only on networks with a configured subnet)
   */
  readonly ipv4Subnet?: string;
}

/**
 * References to networks that are not managed by this library.
 */
export class ContainerNetwork {
  /**
   * A network by its name. Docker's predefined networks (`bridge`, `host`,
   * `none`) are refused by `HardenedContainer`.
   */
  public static fromName(networkName: string): IContainerNetwork {
    return { networkName, purpose: NetworkPurpose.EXTERNAL };
  }

  private constructor() {}
}

/**
 * One network a container joins.
 */
export interface NetworkAttachment {
  /** The network. */
  readonly network: IContainerNetwork;
  /**
   * Extra DNS names for the container on this network.
   * @default - only the container name
   */
  readonly aliases?: string[];
  /**
   * A fixed IPv4 address on this network.
   * @default - assigned by the engine
   */
  readonly ipv4Address?: string;
}

/** One container joining one network, recorded per stack. @internal */
export interface NetworkJoin {
  readonly container: IConstruct;
  readonly network: IContainerNetwork;
}

const JOINS = new WeakMap<TerraformStack, Map<string, NetworkJoin[]>>();

/**
 * Records that `container` joined `network` (HardenedContainer calls it for each attachment), so the networks'
 * validations look joins up by name instead of walking the whole tree once per network. @internal
 */
export function recordJoin(container: IConstruct, network: IContainerNetwork): void {
  const stack = TerraformStack.of(container);
  let byName = JOINS.get(stack);
  if (!byName) {
    byName = new Map();
    JOINS.set(stack, byName);
  }
  const list = byName.get(network.networkName) ?? [];
  list.push({ container, network });
  byName.set(network.networkName, list);
}

/** The joins of networks named `name` in `stack`, in the order they happened. @internal */
export function joinsByName(stack: TerraformStack, name: string): NetworkJoin[] {
  return JOINS.get(stack)?.get(name) ?? [];
}
