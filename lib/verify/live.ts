/**
 * The parts of the Engine API's container inspect (`GET /containers/{id}/json`)
 * and create body that `verify` compares. Everything is optional and may be
 * null, as the engine reports it; dockerode's `ContainerInspectInfo` fits.
 *
 * @internal
 */

export type Maybe<T> = T | null | undefined;
export type StringMap = { [key: string]: string };

export interface PortBinding {
  readonly HostIp?: Maybe<string>;
  readonly HostPort?: Maybe<string>;
}

export interface MountConfig {
  readonly Type?: Maybe<string>;
  readonly Source?: Maybe<string>;
  readonly Target?: Maybe<string>;
  readonly ReadOnly?: Maybe<boolean>;
  readonly BindOptions?: Maybe<{ readonly Propagation?: Maybe<string> }>;
  readonly TmpfsOptions?: Maybe<{ readonly SizeBytes?: Maybe<number>; readonly Mode?: Maybe<number> }>;
}

export interface HealthConfig {
  readonly Test?: Maybe<string[]>;
  readonly Interval?: Maybe<number>;
  readonly Timeout?: Maybe<number>;
  readonly StartPeriod?: Maybe<number>;
  readonly Retries?: Maybe<number>;
}

export interface DeviceMapping {
  readonly PathOnHost?: Maybe<string>;
  readonly PathInContainer?: Maybe<string>;
  readonly CgroupPermissions?: Maybe<string>;
}

/** `HostConfig` of a create body or an inspect. */
export interface HostConfigLike {
  readonly Privileged?: Maybe<boolean>;
  readonly ReadonlyRootfs?: Maybe<boolean>;
  readonly CapAdd?: Maybe<string[]>;
  readonly CapDrop?: Maybe<string[]>;
  readonly SecurityOpt?: Maybe<string[]>;
  readonly Memory?: Maybe<number>;
  readonly MemorySwap?: Maybe<number>;
  readonly NanoCpus?: Maybe<number>;
  readonly CpuPeriod?: Maybe<number>;
  readonly CpuQuota?: Maybe<number>;
  readonly CpuShares?: Maybe<number>;
  readonly Ulimits?: Maybe<Array<{ readonly Name?: Maybe<string>; readonly Soft?: Maybe<number>; readonly Hard?: Maybe<number> }>>;
  readonly Tmpfs?: Maybe<StringMap>;
  readonly Mounts?: Maybe<MountConfig[]>;
  readonly Binds?: Maybe<string[]>;
  readonly NetworkMode?: Maybe<string>;
  readonly PortBindings?: Maybe<{ [port: string]: Maybe<PortBinding[]> }>;
  readonly PublishAllPorts?: Maybe<boolean>;
  readonly RestartPolicy?: Maybe<{ readonly Name?: Maybe<string>; readonly MaximumRetryCount?: Maybe<number> }>;
  readonly Init?: Maybe<boolean>;
  readonly Sysctls?: Maybe<StringMap>;
  readonly IpcMode?: Maybe<string>;
  readonly PidMode?: Maybe<string>;
  readonly UsernsMode?: Maybe<string>;
  readonly CgroupnsMode?: Maybe<string>;
  readonly UTSMode?: Maybe<string>;
  readonly LogConfig?: Maybe<{ readonly Type?: Maybe<string>; readonly Config?: Maybe<StringMap> }>;
  readonly Devices?: Maybe<DeviceMapping[]>;
  readonly DeviceCgroupRules?: Maybe<string[]>;
  readonly OomKillDisable?: Maybe<boolean>;
}

/** `Config` of an inspect (the create body's top level has the same fields). */
export interface ContainerConfigLike {
  readonly User?: Maybe<string>;
  readonly Labels?: Maybe<StringMap>;
  readonly Healthcheck?: Maybe<HealthConfig>;
  readonly Cmd?: Maybe<string[] | string>;
  readonly Entrypoint?: Maybe<string[] | string>;
  readonly Env?: Maybe<string[]>;
  readonly WorkingDir?: Maybe<string>;
}

/** A live mount point (inspect's top-level `Mounts`). */
export interface LiveMount {
  readonly Type?: Maybe<string>;
  readonly Name?: Maybe<string>;
  readonly Source?: Maybe<string>;
  readonly Destination?: Maybe<string>;
  readonly RW?: Maybe<boolean>;
  readonly Propagation?: Maybe<string>;
}

/** A container inspect, as far as `verify` reads it. */
export interface LiveContainer {
  readonly Name?: Maybe<string>;
  /** The image ID the container runs. */
  readonly Image?: Maybe<string>;
  readonly State?: Maybe<{
    readonly Status?: Maybe<string>;
    readonly Running?: Maybe<boolean>;
    readonly Paused?: Maybe<boolean>;
    readonly Restarting?: Maybe<boolean>;
    readonly Dead?: Maybe<boolean>;
    readonly ExitCode?: Maybe<number>;
  }>;
  readonly Config?: Maybe<ContainerConfigLike>;
  readonly HostConfig?: Maybe<HostConfigLike>;
  readonly Mounts?: Maybe<LiveMount[]>;
  readonly NetworkSettings?: Maybe<{
    readonly Networks?: Maybe<{ [name: string]: Maybe<{ readonly IPAMConfig?: Maybe<{ readonly IPv4Address?: Maybe<string> }> }> }>;
  }>;
}
