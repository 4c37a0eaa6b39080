/**
 * A Linux capability that a `HardenedContainer` may add back after dropping ALL.
 *
 * The set is deliberately small: Docker's own default grant (the 14 capabilities
 * every unhardened container gets) plus `IPC_LOCK`. Capabilities that amount to
 * host-level power (`SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `SYS_RAWIO`,
 * `NET_ADMIN`, `DAC_READ_SEARCH`, `BPF`, `SYS_BOOT`, `MAC_ADMIN`, …) are not
 * offered at all; adding one needs an escape hatch, which the stack checks flag.
 *
 * Values are emitted exactly as the Docker provider reads them back from the
 * engine (upper case with the `CAP_` prefix); any other spelling would make
 * every plan replace the container.
 */
export enum Capability {
  /** Make arbitrary changes to file UIDs and GIDs. */
  CHOWN = 'CAP_CHOWN',
  /** Bypass file read, write and execute permission checks. */
  DAC_OVERRIDE = 'CAP_DAC_OVERRIDE',
  /** Keep set-user-ID and set-group-ID bits when a file is modified. */
  FSETID = 'CAP_FSETID',
  /** Bypass permission checks on operations that require the file owner's UID. */
  FOWNER = 'CAP_FOWNER',
  /** Create special files with mknod(2). */
  MKNOD = 'CAP_MKNOD',
  /** Use RAW and PACKET sockets (e.g. ping). */
  NET_RAW = 'CAP_NET_RAW',
  /** Make arbitrary manipulations of process GIDs. */
  SETGID = 'CAP_SETGID',
  /** Make arbitrary manipulations of process UIDs. */
  SETUID = 'CAP_SETUID',
  /** Set file capabilities. */
  SETFCAP = 'CAP_SETFCAP',
  /** Modify process capabilities within the bounding set. */
  SETPCAP = 'CAP_SETPCAP',
  /** Bind a socket to a port below 1024. */
  NET_BIND_SERVICE = 'CAP_NET_BIND_SERVICE',
  /** Use chroot(2). */
  SYS_CHROOT = 'CAP_SYS_CHROOT',
  /** Bypass permission checks for sending signals. */
  KILL = 'CAP_KILL',
  /** Write records to the kernel auditing log. */
  AUDIT_WRITE = 'CAP_AUDIT_WRITE',
  /** Lock memory (mlock, mlockall), e.g. to keep secrets out of swap. */
  IPC_LOCK = 'CAP_IPC_LOCK',
}

/**
 * Every capability `HardenedContainer` accepts, in emission order.
 *
 * @internal
 */
export const ALLOWED_CAPABILITIES: readonly string[] = Object.values(Capability);
