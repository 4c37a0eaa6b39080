/**
 * A swarm config that already exists, referenced by id and name.
 */
export interface ExistingServiceConfigOptions {
  /** The config's id in the swarm (`docker config inspect -f '{{.ID}}' <name>`), or a reference to one. */
  readonly configId: string;
  /** The config's name; the swarm refuses the service unless it is the name of the config with `configId`. */
  readonly configName: string;
  /** The absolute path of the file in the task (not below /run/secrets). */
  readonly path: string;
}

/**
 * A swarm config the stack creates (a `docker_config`) from content.
 */
export interface ServiceConfigContentOptions {
  /** The absolute path of the file in the task (not below /run/secrets). */
  readonly path: string;
  /**
   * The file's content: configuration, never a secret (a config is stored unencrypted in the swarm and readable by
   * anyone who can inspect it; content that looks like a credential is refused — use a ServiceSecret).
   */
  readonly content: string;
  /**
   * The config's name in the swarm. Configs are immutable: a change of content needs a new name (the docker_config is
   * created before the old one is destroyed).
   * @default - derived from the service's construct path, the path and a hash of the content (a new name per content)
   */
  readonly configName?: string;
}

/**
 * A swarm config delivered to a `HardenedService` as a read-only file (mode 0444, owned by the service's uid:gid) at
 * an absolute path of the task.
 */
export class ServiceConfigFile {
  /** A config that exists in the swarm already. */
  public static fromExisting(options: ExistingServiceConfigOptions): ServiceConfigFile {
    return new ServiceConfigFile(false, options.path, options.configName, options.configId, undefined);
  }

  /** A config the stack creates from content (a `docker_config` child of the service). */
  public static fromContent(options: ServiceConfigContentOptions): ServiceConfigFile {
    return new ServiceConfigFile(true, options.path, options.configName, undefined, options.content);
  }

  private constructor(
    /** Whether the stack creates the config. */
    public readonly createdByStack: boolean,
    /** The absolute path of the file in the task. */
    public readonly path: string,
    /** The config's name in the swarm, when given. */
    public readonly configName: string | undefined,
    /** @internal */
    public readonly _configId: string | undefined,
    /** @internal */
    public readonly _content: string | undefined,
  ) {}
}
