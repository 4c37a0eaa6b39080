/**
 * The largest retry count `RestartPolicy.onFailure` accepts (CIS Docker Benchmark 5.15).
 */
export const MAX_RESTART_RETRIES = 5;

/**
 * How the engine restarts a container that exits.
 *
 * The hardened default is `on-failure` with at most 5 retries (CIS 5.15): a
 * crashing container cannot be restarted forever, which limits denial of
 * service and noisy crash loops. `always` and `unless-stopped` restart without
 * bound and need the `optOuts.unboundedRestart` opt-out.
 */
export class RestartPolicy {
  /**
   * Restart only when the container exits with a non-zero status, at most `maxRetries` times.
   * @param maxRetries 1 to 5
   */
  public static onFailure(maxRetries: number = MAX_RESTART_RETRIES): RestartPolicy {
    return new RestartPolicy('on-failure', maxRetries);
  }

  /** Never restart. */
  public static never(): RestartPolicy {
    return new RestartPolicy('no', undefined);
  }

  /** Always restart, without limit. Needs `optOuts.unboundedRestart`. */
  public static always(): RestartPolicy {
    return new RestartPolicy('always', undefined);
  }

  /** Restart unless stopped by an operator, without limit. Needs `optOuts.unboundedRestart`. */
  public static unlessStopped(): RestartPolicy {
    return new RestartPolicy('unless-stopped', undefined);
  }

  private constructor(
    /** The provider's `restart` value: `no`, `on-failure`, `always` or `unless-stopped`. */
    public readonly mode: string,
    /** The provider's `max_retry_count`, only for `on-failure`. */
    public readonly maxRetries?: number,
  ) {}

  /** Whether this policy restarts without a bound. */
  public get isUnbounded(): boolean {
    return this.mode === 'always' || this.mode === 'unless-stopped';
  }
}
