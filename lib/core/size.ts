const KIB = 1024;
const MIB = KIB * 1024;
const GIB = MIB * 1024;

/**
 * An amount of memory or storage, in bytes.
 *
 * Sizes are binary (KiB, MiB, GiB), which is how the Docker Engine and the
 * kernel count memory and tmpfs sizes.
 */
export class Size {
  /** A size in bytes. */
  public static bytes(amount: number): Size {
    return new Size(amount, 1, 'B');
  }

  /** A size in KiB (1024 bytes). */
  public static kibibytes(amount: number): Size {
    return new Size(amount, KIB, 'KiB');
  }

  /** A size in MiB (1024² bytes). */
  public static mebibytes(amount: number): Size {
    return new Size(amount, MIB, 'MiB');
  }

  /** A size in GiB (1024³ bytes). */
  public static gibibytes(amount: number): Size {
    return new Size(amount, GIB, 'GiB');
  }

  private readonly byteCount: number;

  private constructor(private readonly amount: number, unitBytes: number, private readonly unit: string) {
    if (!Number.isFinite(amount) || amount < 0) {
      throw new Error(`Size: amount must be a finite number >= 0, got ${amount} ${unit}`);
    }
    const bytes = amount * unitBytes;
    if (!Number.isSafeInteger(bytes)) {
      throw new Error(`Size: ${amount} ${unit} is not a whole number of bytes (or is too large)`);
    }
    this.byteCount = bytes;
  }

  /** This size in bytes. */
  public toBytes(): number {
    return this.byteCount;
  }

  /**
   * This size in whole MiB, or `undefined` when it is not a whole number of MiB.
   */
  public toWholeMebibytes(): number | undefined {
    return this.byteCount % MIB === 0 ? this.byteCount / MIB : undefined;
  }

  /**
   * The shortest exact form with a k/m/g suffix, as the kernel's tmpfs `size=`
   * option and Docker's log `max-size` option accept it (e.g. `64k`, `10m`).
   */
  public toSuffixedString(): string {
    const b = this.byteCount;
    if (b !== 0 && b % GIB === 0) return `${b / GIB}g`;
    if (b !== 0 && b % MIB === 0) return `${b / MIB}m`;
    if (b !== 0 && b % KIB === 0) return `${b / KIB}k`;
    return `${b}`;
  }

  /** A human readable form, e.g. `128 MiB`. */
  public toString(): string {
    return `${this.amount} ${this.unit}`;
  }
}
