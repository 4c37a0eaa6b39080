import { Duration } from '../core/duration';

/**
 * Timing of a health check.
 */
export interface HealthCheckOptions {
  /**
   * Time between two checks.
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
  /**
   * Time after which one check counts as failed.
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;
  /**
   * Grace period after start during which failures do not count.
   * @default Duration.seconds(0)
   */
  readonly startPeriod?: Duration;
  /**
   * Consecutive failures before the container is unhealthy.
   * @default 3
   */
  readonly retries?: number;
}

/**
 * A typed container health check (CIS Docker Benchmark 5.27).
 */
export class HealthCheck {
  /**
   * Run a program directly, without a shell: `["CMD", ...argv]`.
   * Preferred: a read-only, minimal image often has no shell.
   */
  public static exec(argv: string[], options: HealthCheckOptions = {}): HealthCheck {
    return new HealthCheck('CMD', [...argv], options);
  }

  /** Run a command line through the image's `/bin/sh -c`: `["CMD-SHELL", command]`. */
  public static shell(command: string, options: HealthCheckOptions = {}): HealthCheck {
    return new HealthCheck('CMD-SHELL', [command], options);
  }

  private constructor(
    /** `CMD` or `CMD-SHELL`. */
    public readonly kind: string,
    /** The program and arguments (CMD) or the command line (CMD-SHELL). */
    public readonly args: string[],
    /** Timing options. */
    public readonly options: HealthCheckOptions,
  ) {}
}
