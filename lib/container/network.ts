/**
 * A Docker network a `HardenedContainer` can join.
 *
 * Implemented by the library's network constructs; use
 * `ContainerNetwork.fromName()` for a network managed elsewhere.
 */
export interface IContainerNetwork {
  /** The network's name as the Docker Engine knows it. */
  readonly networkName: string;
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
    return { networkName };
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
