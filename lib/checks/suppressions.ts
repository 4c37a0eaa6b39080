import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { invalidProp } from '../core/errors';
import { MIN_JUSTIFICATION_LENGTH } from '../core/opt-out';

/** Construct metadata type holding suppressions. */
export const SUPPRESSION_METADATA_TYPE = 'cdktf-hardened-docker/suppressions';

/**
 * A suppression of one rule, with a reason, optionally narrowed to findings.
 */
export interface HardeningSuppression {
  /** The rule id, e.g. `HD-C08`. */
  readonly id: string;
  /** Why the finding is accepted (at least 10 characters); shown in the reports. */
  readonly reason: string;
  /**
   * Only these findings of the rule (e.g. `CAP_NET_ADMIN`).
   * @default - every finding of the rule
   */
  readonly appliesTo?: string[];
}

interface Stored extends HardeningSuppression {
  readonly applyToChildren: boolean;
}

/**
 * Suppressions for HardeningChecks, per construct or per stack, in the spirit
 * of cdk-nag's NagSuppressions. Some rules cannot be suppressed (privileged,
 * Docker socket mounts, seccomp/AppArmor unconfined, TCP without TLS).
 */
export class HardeningSuppressions {
  /** Suppresses findings on `construct` (and, with `applyToChildren`, on everything below it). */
  public static addResourceSuppressions(construct: IConstruct, suppressions: HardeningSuppression[], applyToChildren: boolean = false): void {
    for (const [i, s] of suppressions.entries()) {
      if (typeof s.id !== 'string' || !/^HD-[A-Z][0-9]{2}$/.test(s.id)) {
        throw invalidProp(construct, `suppressions[${i}].id`, s.id, 'expected a rule id such as HD-C08 (findings go in appliesTo)');
      }
      if (typeof s.reason !== 'string' || s.reason.trim().length < MIN_JUSTIFICATION_LENGTH) {
        throw invalidProp(construct, `suppressions[${i}].reason`, s.reason, `a suppression needs a reason of at least ${MIN_JUSTIFICATION_LENGTH} characters`);
      }
      construct.node.addMetadata(SUPPRESSION_METADATA_TYPE, { ...s, reason: s.reason.trim(), applyToChildren } as Stored);
    }
  }

  /** Suppresses findings on every resource of `stack`. */
  public static addStackSuppressions(stack: TerraformStack, suppressions: HardeningSuppression[]): void {
    HardeningSuppressions.addResourceSuppressions(stack, suppressions, true);
  }

  private constructor() {}
}

/**
 * The suppression that covers a finding on `construct`, if any: its own, or an
 * ancestor's with applyToChildren (the stack's always apply).
 *
 * @internal
 */
export function suppressionsFor(construct: IConstruct, stack: TerraformStack, ruleId: string, findingId?: string): HardeningSuppression | undefined {
  const chain: IConstruct[] = [];
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    chain.push(c);
    if (c === stack) break;
  }
  for (const [depth, c] of chain.entries()) {
    for (const m of c.node.metadata.filter((x) => x.type === SUPPRESSION_METADATA_TYPE)) {
      const s = m.data as Stored;
      if (s.id !== ruleId) continue;
      // the construct's own suppressions, or an ancestor's that apply to children
      if (depth > 0 && !s.applyToChildren) continue;
      if (s.appliesTo && s.appliesTo.length > 0 && (findingId === undefined || !s.appliesTo.includes(findingId))) continue;
      return s;
    }
  }
  return undefined;
}
