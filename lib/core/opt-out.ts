import { IConstruct } from 'constructs';
import { invalidProp } from './errors';

/**
 * The minimum length of an opt-out justification.
 */
export const MIN_JUSTIFICATION_LENGTH = 10;

/**
 * The construct metadata type under which every opt-out is recorded.
 *
 * Reports (and `HardeningSummary`) read opt-outs from here, so an opt-out can
 * never be taken without leaving a trace in the construct tree.
 */
export const OPT_OUT_METADATA_TYPE = 'cdktf-hardened-docker/opt-out';

/**
 * An explicit, justified weakening of one hardened default.
 *
 * Every default of the constructs in this library can only be weakened field by
 * field, and every such opt-out must say why. The justification is kept as
 * construct metadata and appears in the hardening summary and reports as an
 * accepted risk.
 *
 * @example
 * { justification: 'nginx master needs to bind :80 before dropping to worker user' }
 */
export interface OptOut {
  /**
   * Why this default is weakened, for the people who read the report.
   * At least 10 characters after trimming.
   */
  readonly justification: string;
}

/**
 * An opt-out as it is recorded for reports.
 */
export interface OptOutRecord {
  /** The construct path of the construct that took the opt-out. */
  readonly path: string;
  /** The control that is weakened (e.g. `read-only-rootfs`). */
  readonly control: string;
  /** The prop through which the opt-out was taken (e.g. `optOuts.writableRootFilesystem`). */
  readonly prop: string;
  /** The justification given. */
  readonly justification: string;
  /**
   * What exactly the opt-out covers, when it names it (e.g. environment variable names).
   * @default - the whole control
   */
  readonly findings?: string[];
}

/**
 * Validates an opt-out and records it on the construct.
 *
 * @internal
 */
export function recordOptOut(scope: IConstruct, prop: string, control: string, optOut: OptOut, findings?: string[]): OptOutRecord {
  const justification = typeof optOut?.justification === 'string' ? optOut.justification.trim() : '';
  if (justification.length < MIN_JUSTIFICATION_LENGTH) {
    throw invalidProp(
      scope,
      `${prop}.justification`,
      optOut?.justification,
      `an opt-out needs a written justification of at least ${MIN_JUSTIFICATION_LENGTH} characters`,
    );
  }
  const record: OptOutRecord = findings && findings.length > 0
    ? { path: scope.node.path, control, prop, justification, findings: [...findings].sort() }
    : { path: scope.node.path, control, prop, justification };
  scope.node.addMetadata(OPT_OUT_METADATA_TYPE, record);
  return record;
}
