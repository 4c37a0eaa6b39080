/**
 * Read tracking: rules see evaluated attributes through a proxy that records
 * every opaque value they read (unknown, reference, tainted), with its path.
 * The checks turn each recorded read that the rule did not answer (by following
 * the reference with `StackView.referenced`) into a finding of its own, so a
 * value a rule cannot evaluate is never passed as safe — without any rule
 * having to remember to check.
 *
 * Only containers that hold an opaque value somewhere below them are proxied;
 * fully known resources are handed to the rules as they are.
 *
 * @internal
 */
import { HAS_OPAQUE } from './evaluate';
import { isOpaque, Opaque } from './opaque';

/** One read of an opaque value by a rule. */
export interface OpaqueRead {
  /** The element it belongs to (`docker_container.web`). */
  readonly owner: string;
  /** Attribute path inside it (`mounts[0].source`). */
  readonly path: string;
  readonly value: Opaque;
}

/**
 * Collects the opaque reads of rule runs, one run at a time (`startRun`). One tracker serves every rule run on a
 * resource, so the proxies of its attributes are made once, not once per rule.
 */
export class ReadTracker {
  public reads: OpaqueRead[] = [];
  private answered = new Set<Opaque>();
  private readonly proxies = new WeakMap<object, object>();

  /** Starts the next rule run: its reads and answers only. */
  public startRun(): void {
    if (this.reads.length > 0) this.reads = [];
    if (this.answered.size > 0) this.answered = new Set();
  }

  /** Marks a reference as followed by the rule (it is then no finding of its own). */
  public answer(value: Opaque): void {
    this.answered.add(value);
  }

  /** The reads the rule did not answer. */
  public unanswered(): OpaqueRead[] {
    return this.reads.filter((r) => !this.answered.has(r.value));
  }

  /** `value` as rules should see it, recording opaque reads below it. */
  public view<T>(value: T, owner: string, path: string = ''): T {
    if (value === null || typeof value !== 'object' || isOpaque(value) || !HAS_OPAQUE.has(value as object)) return value;
    const cached = this.proxies.get(value as object);
    if (cached) return cached as T;
    const isArray = Array.isArray(value);
    const proxy = new Proxy(value as object, {
      get: (target, key, receiver) => {
        const v = Reflect.get(target, key, receiver);
        if (typeof key === 'symbol' || !Object.prototype.hasOwnProperty.call(target, key)) return v;
        const here = isArray ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
        if (isOpaque(v)) {
          this.reads.push({ owner, path: here, value: v });
          return v.kind === 'tainted' ? this.view(v.shown, owner, here) : v;
        }
        return this.view(v, owner, here);
      },
    });
    this.proxies.set(value as object, proxy);
    return proxy as T;
  }
}
