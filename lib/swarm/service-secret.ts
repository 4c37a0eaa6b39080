/**
 * A swarm secret that already exists, referenced by id and name.
 */
export interface ExistingServiceSecretOptions {
  /**
   * The secret's id in the swarm (`docker secret inspect -f '{{.ID}}' <name>`),
   * or a reference to one. Provider 3.6.2 has no docker_secret data source, so
   * a secret the stack does not create is referenced by id.
   */
  readonly secretId: string;
  /**
   * The secret's name. The swarm refuses the service unless it is exactly the
   * name of the secret with `secretId`.
   */
  readonly secretName: string;
  /**
   * The file name under /run/secrets (letters, digits, `.`, `_`, `-`).
   * @default - secretName (which must then be a literal)
   */
  readonly fileName?: string;
}

/**
 * A swarm secret the stack creates (a `docker_secret`) from a value.
 */
export interface ServiceSecretValueOptions {
  /** The file name under /run/secrets (letters, digits, `.`, `_`, `-`). */
  readonly fileName: string;
  /**
   * The secret's value: a token (a sensitive `TerraformVariable`, a
   * `random_password` result, `Fn.file(...)`), never a literal, which would be
   * written into cdk.tf.json. It is base64-encoded with Terraform's
   * `base64encode`. The value is stored in the Terraform state (the hardening
   * summary says so); keep the state in an encrypted backend.
   */
  readonly value: string;
  /**
   * The secret's name in the swarm. Swarm secrets are immutable: to rotate the
   * value, change the name too (the docker_secret is created before the old one
   * is destroyed, and the service moves to it); a new value under the same name
   * fails at apply.
   * @default - derived from the service's construct path and fileName
   */
  readonly secretName?: string;
}

/**
 * A swarm secret delivered to a `HardenedService` as a read-only file at
 * `/run/secrets/<fileName>` (mode 0400, owned by the service's uid:gid), never
 * as an environment variable.
 */
export class ServiceSecret {
  /** A secret that exists in the swarm already. */
  public static fromExisting(options: ExistingServiceSecretOptions): ServiceSecret {
    return new ServiceSecret(false, options.fileName ?? options.secretName, options.secretName, options.secretId, undefined);
  }

  /** A secret the stack creates from a value (a `docker_secret` child of the service). */
  public static fromValue(options: ServiceSecretValueOptions): ServiceSecret {
    return new ServiceSecret(true, options.fileName, options.secretName, undefined, options.value);
  }

  private constructor(
    /** Whether the stack creates the secret (its value is then in the Terraform state). */
    public readonly createdByStack: boolean,
    /** The file name under /run/secrets. */
    public readonly fileName: string,
    /** The secret's name in the swarm, when given. */
    public readonly secretName: string | undefined,
    /** @internal */
    public readonly _secretId: string | undefined,
    /** @internal */
    public readonly _value: string | undefined,
  ) {}
}
