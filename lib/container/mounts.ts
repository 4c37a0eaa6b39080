import { OptOut } from '../core/opt-out';
import { Size } from '../core/size';

/**
 * A size-limited, in-memory writable path.
 *
 * Always mounted `noexec,nosuid,nodev` (unless `allowExec` is given), owned by
 * the container's uid and gid when `user` is numeric, and mode 1777. Ownership
 * matters: runc re-applies the mode of a directory that already exists in the
 * image, so mode 1777 alone would not make a root-owned 0755 directory writable.
 */
export interface TmpfsMount {
  /** Absolute path inside the container. */
  readonly containerPath: string;
  /**
   * Size limit. tmpfs pages count against the container's memory limit.
   * @default Size.mebibytes(64)
   */
  readonly size?: Size;
  /**
   * Opt-out: mount without `noexec`, so that binaries written here can run.
   * @default - none; the tmpfs is noexec
   */
  readonly allowExec?: OptOut;
}

/**
 * A named Docker volume, read-only unless opted out.
 */
export interface VolumeMount {
  /** The volume name. */
  readonly volumeName: string;
  /** Absolute path inside the container. */
  readonly containerPath: string;
  /**
   * Opt-out: mount read-write.
   * @default - none; mounted read-only
   */
  readonly writable?: OptOut;
}

/**
 * A host path, bind-mounted read-only unless opted out, with private propagation.
 *
 * Sensitive host paths (/, /etc, /proc, /sys, /dev, /boot, /usr, /lib*, /bin,
 * /sbin, /root, /run, /var/run, /var/lib/docker, /var/lib/containerd, and
 * anything below them) and container-engine sockets are refused.
 */
export interface BindMount {
  /** Absolute, normalised host path. */
  readonly hostPath: string;
  /** Absolute path inside the container. */
  readonly containerPath: string;
  /**
   * Opt-out: mount read-write.
   * @default - none; mounted read-only
   */
  readonly writable?: OptOut;
}

/**
 * A secret delivered as a read-only file at `/run/secrets/<name>`, never as
 * an environment variable.
 *
 * The host file must exist on the Docker host and be readable by the
 * container's user; its content never enters the Terraform configuration or
 * state.
 */
export interface SecretFile {
  /** File name under /run/secrets (letters, digits, `.`, `_`, `-`). */
  readonly name: string;
  /** Absolute host path of the secret file. */
  readonly hostPath: string;
}
