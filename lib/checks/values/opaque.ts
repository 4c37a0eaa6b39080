/**
 * A value the checks cannot know exactly as the apply will:
 * - `unknown`: known only at apply time (an expression the value layer cannot
 *   evaluate, a computed attribute, a variable without default, …);
 * - `reference`: a computed attribute of a resource or data source of this
 *   stack (an image id, a network id): rules that understand what the
 *   reference points at follow it with `StackView.referenced`, which answers it;
 * - `tainted`: a value the checks can evaluate (a variable's default, an
 *   attribute listed in `lifecycle.ignore_changes`) but that can differ at
 *   plan or apply time; rules see the value, and the read is still reported.
 *
 * Rules never see `unknown`/`reference` opaques as safe: every read of one by a
 * rule (through the tracking proxy, lib/checks/values/tracking.ts) becomes a
 * finding of its own unless the rule followed the reference.
 *
 * @internal
 */
export class Opaque {
  public constructor(
    public readonly kind: 'unknown' | 'reference' | 'tainted',
    /** The expression as written, for messages. */
    public readonly expression: string,
    /** Why it cannot be verified, completing "… because". */
    public readonly why: string,
    /** For `tainted`: the value rules see. For `reference`: the address `type.name` it points at. */
    public readonly shown?: unknown,
    /** For `reference`: `resource.<type>.<name>` or `data.<type>.<name>` and the attribute. */
    public readonly target?: {
      readonly block: 'resource' | 'data';
      readonly type: string;
      readonly name: string;
      readonly attribute: string;
      /** Known text around the reference (`container:` in `container:${docker_container.x.id}`). */
      readonly prefix?: string;
      readonly suffix?: string;
    },
  ) {}

  /** Never a usable string: a rule that stringifies an opaque value gets this, not a plausible safe value. */
  public toString(): string {
    return `<unverifiable: ${this.expression}>`;
  }

  public toJSON(): string {
    return this.toString();
  }
}

/** @internal */
export function isOpaque(v: unknown): v is Opaque {
  return v instanceof Opaque;
}
