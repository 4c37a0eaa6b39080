/**
 * What the kernel does when a seccomp rule (or the default action) matches.
 *
 * The values are the action names of the Docker/OCI seccomp profile format.
 */
export enum SeccompAction {
  /** Fail the syscall with an errno (`errnoRet`, or `defaultErrnoRet` for the default action; EPERM when unset). */
  SCMP_ACT_ERRNO = 'SCMP_ACT_ERRNO',
  /** Let the syscall run. */
  SCMP_ACT_ALLOW = 'SCMP_ACT_ALLOW',
  /** Kill the whole process. */
  SCMP_ACT_KILL_PROCESS = 'SCMP_ACT_KILL_PROCESS',
  /** Kill the calling thread. */
  SCMP_ACT_KILL_THREAD = 'SCMP_ACT_KILL_THREAD',
  /** Send SIGSYS to the calling thread. */
  SCMP_ACT_TRAP = 'SCMP_ACT_TRAP',
  /** Let the syscall run and log it (allows). */
  SCMP_ACT_LOG = 'SCMP_ACT_LOG',
  /** Notify a ptrace tracer (fails with ENOSYS when there is none). */
  SCMP_ACT_TRACE = 'SCMP_ACT_TRACE',
}

/**
 * A seccomp (libseccomp) architecture.
 */
export enum SeccompArch {
  /** x86-64 (`amd64`). */
  SCMP_ARCH_X86_64 = 'SCMP_ARCH_X86_64',
  /** 32-bit x86 (`x86`). */
  SCMP_ARCH_X86 = 'SCMP_ARCH_X86',
  /** The x32 ABI (`x32`). */
  SCMP_ARCH_X32 = 'SCMP_ARCH_X32',
  /** 64-bit ARM (`arm64`). */
  SCMP_ARCH_AARCH64 = 'SCMP_ARCH_AARCH64',
  /** 32-bit ARM (`arm`). */
  SCMP_ARCH_ARM = 'SCMP_ARCH_ARM',
  /** MIPS (`mips`). */
  SCMP_ARCH_MIPS = 'SCMP_ARCH_MIPS',
  /** MIPS64 (`mips64`). */
  SCMP_ARCH_MIPS64 = 'SCMP_ARCH_MIPS64',
  /** MIPS64 N32 (`mips64n32`). */
  SCMP_ARCH_MIPS64N32 = 'SCMP_ARCH_MIPS64N32',
  /** MIPS little endian (`mipsel`). */
  SCMP_ARCH_MIPSEL = 'SCMP_ARCH_MIPSEL',
  /** MIPS64 little endian (`mipsel64`). */
  SCMP_ARCH_MIPSEL64 = 'SCMP_ARCH_MIPSEL64',
  /** MIPS64 N32 little endian (`mipsel64n32`). */
  SCMP_ARCH_MIPSEL64N32 = 'SCMP_ARCH_MIPSEL64N32',
  /** PowerPC (`ppc`). */
  SCMP_ARCH_PPC = 'SCMP_ARCH_PPC',
  /** PowerPC 64 (`ppc64`). */
  SCMP_ARCH_PPC64 = 'SCMP_ARCH_PPC64',
  /** PowerPC 64 little endian (`ppc64le`). */
  SCMP_ARCH_PPC64LE = 'SCMP_ARCH_PPC64LE',
  /** s390 (`s390`). */
  SCMP_ARCH_S390 = 'SCMP_ARCH_S390',
  /** s390x (`s390x`). */
  SCMP_ARCH_S390X = 'SCMP_ARCH_S390X',
  /** RISC-V 64 (`riscv64`). */
  SCMP_ARCH_RISCV64 = 'SCMP_ARCH_RISCV64',
}

/**
 * How a syscall argument is compared with `value`.
 */
export enum SeccompOp {
  /** Equal. */
  SCMP_CMP_EQ = 'SCMP_CMP_EQ',
  /** Not equal. */
  SCMP_CMP_NE = 'SCMP_CMP_NE',
  /** Less than. */
  SCMP_CMP_LT = 'SCMP_CMP_LT',
  /** Less than or equal. */
  SCMP_CMP_LE = 'SCMP_CMP_LE',
  /** Greater than. */
  SCMP_CMP_GT = 'SCMP_CMP_GT',
  /** Greater than or equal. */
  SCMP_CMP_GE = 'SCMP_CMP_GE',
  /** `(arg & value) == valueTwo`. */
  SCMP_CMP_MASKED_EQ = 'SCMP_CMP_MASKED_EQ',
}

/**
 * A condition on one syscall argument.
 */
export interface SeccompArg {
  /** The argument index, 0–5. */
  readonly index: number;
  /** The value compared with (the mask for `SCMP_CMP_MASKED_EQ`). A non-negative safe integer. */
  readonly value: number;
  /**
   * The second value (the expected masked value for `SCMP_CMP_MASKED_EQ`).
   * @default 0
   */
  readonly valueTwo?: number;
  /** The comparison. */
  readonly op: SeccompOp;
}

/**
 * When a rule applies (`includes`) or does not apply (`excludes`), as Docker evaluates it
 * when it loads the profile.
 */
export interface SeccompRuleFilter {
  /**
   * Capabilities (e.g. `CAP_SYS_ADMIN`) the container must (includes) or must not (excludes) have.
   * @default - no capability condition
   */
  readonly caps?: string[];
  /**
   * Architectures the engine must (includes) or must not (excludes) run on. Every one must be an
   * architecture of the profile.
   * @default - no architecture condition
   */
  readonly arches?: SeccompArch[];
  /**
   * The minimum kernel version (`major.minor`, e.g. `4.8`); includes only.
   * @default - no kernel condition
   */
  readonly minKernel?: string;
}

/**
 * One entry of a seccomp profile's `syscalls` list.
 */
export interface SeccompRule {
  /** The syscall names the rule matches. */
  readonly names: string[];
  /** What happens when the rule matches. */
  readonly action: SeccompAction;
  /**
   * The errno returned (1–4095) for `SCMP_ACT_ERRNO` (or the trace value for `SCMP_ACT_TRACE`).
   * @default - EPERM
   */
  readonly errnoRet?: number;
  /**
   * Conditions on syscall arguments, all of which must hold.
   * @default - no argument condition
   */
  readonly args?: SeccompArg[];
  /**
   * A comment carried into the profile.
   * @default - none
   */
  readonly comment?: string;
  /**
   * Conditions under which the rule is included.
   * @default - always included
   */
  readonly includes?: SeccompRuleFilter;
  /**
   * Conditions under which the rule is left out.
   * @default - never left out
   */
  readonly excludes?: SeccompRuleFilter;
}

/**
 * An architecture and the sub-architectures (other ABIs of the same CPU) it brings along.
 */
export interface SeccompArchMapping {
  /** The main architecture. */
  readonly architecture: SeccompArch;
  /** Its sub-architectures. */
  readonly subArchitectures: SeccompArch[];
}
