/**
 * The five threats the container-security literature organises hardening around.
 */
export enum Threat {
  /** A process in the container exploits the shared kernel. */
  KERNEL_EXPLOIT = 'kernel-exploit',
  /** A container exhausts memory, CPU, processes or disk of the host. */
  DENIAL_OF_SERVICE = 'denial-of-service',
  /** A process escapes the container's isolation onto the host. */
  CONTAINER_BREAKOUT = 'container-breakout',
  /** A tampered or unexpected image is run. */
  POISONED_IMAGE = 'poisoned-image',
  /** A secret leaks through configuration, state, logs or the environment. */
  COMPROMISED_SECRET = 'compromised-secret',
}

/**
 * Whether a hardening control holds for a construct.
 */
export enum ControlStatus {
  /** The control is in force as synthesized. */
  ENFORCED = 'enforced',
  /** The control is in force with a documented limitation of provider 3.6.2 or Docker. */
  PARTIAL = 'partial',
  /** The control was weakened through a justified opt-out (an accepted risk). */
  OPTED_OUT = 'opted-out',
  /** The control was not configured and cannot be verified at synth. */
  NOT_CONFIGURED = 'not-configured',
}

/**
 * The state of one hardening control on one construct.
 */
export interface HardeningControl {
  /** Stable id of the control, e.g. `read-only-rootfs`. */
  readonly id: string;
  /** Short title. */
  readonly title: string;
  /** CIS Docker Benchmark v1.6.0 ids the control implements, e.g. `CIS 5.13`. */
  readonly cis: string[];
  /** Threats the control mitigates. */
  readonly threats: Threat[];
  /** Whether it holds. */
  readonly status: ControlStatus;
  /** What was synthesized, or what is missing. */
  readonly detail: string;
  /**
   * The justification, when the control was opted out.
   * @default - none
   */
  readonly justification?: string;
}
