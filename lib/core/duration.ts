const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/**
 * A length of time with millisecond resolution.
 *
 * Rendered the way Go's `time.Duration.String()` prints it (`30s`, `1m30s`,
 * `500ms`), because that is the form the Docker provider reads back from the
 * engine: any other spelling of the same duration would show a diff on every
 * plan.
 */
export class Duration {
  /** A duration in milliseconds. */
  public static millis(amount: number): Duration {
    return new Duration(amount, 1, 'ms');
  }

  /** A duration in seconds. */
  public static seconds(amount: number): Duration {
    return new Duration(amount, MS_PER_SECOND, 's');
  }

  /** A duration in minutes. */
  public static minutes(amount: number): Duration {
    return new Duration(amount, MS_PER_MINUTE, 'min');
  }

  /** A duration in hours. */
  public static hours(amount: number): Duration {
    return new Duration(amount, 60 * MS_PER_MINUTE, 'h');
  }

  /** A duration in days (24 hours). */
  public static days(amount: number): Duration {
    return new Duration(amount, 24 * 60 * MS_PER_MINUTE, 'd');
  }

  private readonly ms: number;

  private constructor(amount: number, unitMs: number, unit: string) {
    if (!Number.isFinite(amount) || amount < 0) {
      throw new Error(`Duration: amount must be a finite number >= 0, got ${amount} ${unit}`);
    }
    const ms = amount * unitMs;
    if (!Number.isSafeInteger(ms)) {
      throw new Error(`Duration: ${amount} ${unit} is not a whole number of milliseconds (or is too large)`);
    }
    this.ms = ms;
  }

  /** This duration in milliseconds. */
  public toMilliseconds(): number {
    return this.ms;
  }

  /** Go's canonical `time.Duration` string for this duration. */
  public toGoString(): string {
    return formatGoDuration(this.ms);
  }
}

/**
 * Formats whole milliseconds exactly like Go's `time.Duration.String()`.
 *
 * @internal
 */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < MS_PER_SECOND) return `${ms}ms`;
  const hours = Math.floor(ms / MS_PER_HOUR);
  const minutes = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
  const secMs = ms % MS_PER_MINUTE;
  const whole = Math.floor(secMs / MS_PER_SECOND);
  const frac = secMs % MS_PER_SECOND;
  const seconds = frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
