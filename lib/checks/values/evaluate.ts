/**
 * The value layer: turns a stack's Terraform JSON into the values Terraform,
 * the provider and the engine will use, before any rule sees them.
 *
 * - Top-level bodies may be objects or JSON arrays of objects (hcl json/spec.md:
 *   an array of objects is accepted wherever a block body is); they merge.
 * - Every string is a template (expression.ts); references to variables
 *   (their default, tainted), locals, resource and data-source attributes that
 *   the configuration sets are followed in any spelling; computed attributes
 *   become `reference` opaques that rules may follow; everything else is
 *   `unknown`.
 * - Values are converted to the attribute's type in provider 3.6.2's schema as
 *   go-cty does (provider-schema.ts); `null` means "not set".
 * - `dynamic` blocks are expanded over a known `for_each`; an unknown one
 *   leaves an unknown block in the list.
 * - Attributes named in `lifecycle.ignore_changes` (or all, for `all`) are
 *   tainted: the live value may be an older one.
 *
 * @internal
 */
import { EV, EvalContext, evaluateTemplate, known, refText, setOwn, toBool, toNumber, toTemplateString, unknown } from './expression';
import { isOpaque, Opaque } from './opaque';
import { AttrType, BlockSchema, PROVIDER_SCHEMA } from './provider-schema';
import { goCompare } from '../../core/go-strings';

/** Objects and arrays of an evaluated tree that contain an opaque value somewhere below (the tracker proxies only these). */
export const HAS_OPAQUE = new WeakSet<object>();

/** Terraform meta-arguments: not provider attributes. */
export const META_ARGUMENTS = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);

/** The provider source addresses that are kreuzwerker/docker on the public registries. */
export function isDockerSource(source: unknown): boolean {
  return typeof source === 'string' && /^((registry\.terraform\.io|registry\.opentofu\.org)\/)?kreuzwerker\/docker$/i.test(source.trim());
}

/** Any provider source of type `docker` (`<host>/<namespace>/docker`): its blocks are checked as docker providers. */
export function isDockerTypeSource(source: unknown): boolean {
  return typeof source === 'string' && /(^|\/)docker$/i.test(source.trim());
}

/** One body of a stack element, evaluated. */
export interface EvaluatedBody {
  readonly block: 'resource' | 'data' | 'provider';
  /** Terraform type (`docker_container`) or, for providers, the local name. */
  readonly type: string;
  readonly name: string;
  readonly raw: { [k: string]: unknown };
  readonly attributes: { [k: string]: unknown };
}

/** Merges a body that HCL JSON allows as an object or an array of objects. */
export function mergeBodies(v: unknown): { [k: string]: unknown } {
  if (Array.isArray(v)) {
    const out: { [k: string]: unknown } = {};
    for (const part of v) Object.assign(out, mergeBodies(part));
    return out;
  }
  return v && typeof v === 'object' ? (v as { [k: string]: unknown }) : {};
}

/**
 * The members of a body that HCL JSON allows as an object or an array of
 * objects, in order, duplicates kept (so that `resource: [{docker_container:
 * {a}}, {docker_container: {b}}]` declares both a and b).
 */
export function entriesOf(v: unknown): Array<[string, unknown]> {
  if (Array.isArray(v)) return v.flatMap(entriesOf);
  return v && typeof v === 'object' ? Object.entries(v as { [k: string]: unknown }) : [];
}

/**
 * Evaluates a whole stack's JSON lazily: resource bodies are evaluated when
 * asked for (by the checks, or through a reference) and cached.
 */
export class StackValues {
  public readonly resources: { [type: string]: { [name: string]: { [k: string]: unknown } } } = {};
  public readonly data: { [type: string]: { [name: string]: { [k: string]: unknown } } } = {};
  public readonly variables: { [name: string]: { [k: string]: unknown } } = {};
  public readonly locals: { [name: string]: unknown } = {};
  public readonly modules: { [name: string]: { [k: string]: unknown } } = {};
  /** `import` blocks (Terraform 1.5+): existing objects adopted into the state. */
  public readonly imports: Array<{ [k: string]: unknown }> = [];
  /** `removed` blocks (Terraform 1.7+): their destroy-time provisioners run when the object is destroyed. */
  public readonly removed: Array<{ [k: string]: unknown }> = [];
  public readonly providers: Array<{ localName: string; raw: { [k: string]: unknown } }> = [];
  /** `terraform.required_providers`: local name -> source (as written). */
  public readonly requiredProviders: { [localName: string]: unknown } = {};
  private readonly cache = new Map<string, EvaluatedBody>();
  private readonly inProgress = new Set<string>();
  private readonly localCache = new Map<string, EV>();

  public constructor(json: { [k: string]: unknown }) {
    const root = mergeBodies(json);
    const merge = (into: { [k: string]: unknown } | undefined, body: unknown) => ({ ...(into ?? {}), ...mergeBodies(body) });
    for (const [block, target] of [['resource', this.resources], ['data', this.data]] as const) {
      for (const [type, named] of entriesOf(root[block])) {
        const byName: { [name: string]: { [k: string]: unknown } } = (target[type] ??= {});
        for (const [name, body] of entriesOf(named)) byName[name] = merge(byName[name], body);
      }
    }
    for (const [name, body] of entriesOf(root.variable)) this.variables[name] = merge(this.variables[name], body);
    for (const [name, value] of entriesOf(root.locals)) this.locals[name] = value;
    for (const [name, body] of entriesOf(root.module)) this.modules[name] = merge(this.modules[name], body);
    for (const body of Array.isArray(root.import) ? root.import : root.import ? [root.import] : []) this.imports.push(mergeBodies(body));
    for (const body of Array.isArray(root.removed) ? root.removed : root.removed ? [root.removed] : []) this.removed.push(mergeBodies(body));
    for (const [, terraform] of entriesOf(root.terraform).filter(([k]) => k === 'required_providers')) {
      for (const [name, req] of entriesOf(terraform)) this.requiredProviders[name] = typeof req === 'string' ? req : mergeBodies(req).source;
    }
    for (const [localName, bodies] of entriesOf(root.provider)) {
      for (const body of Array.isArray(bodies) ? bodies : [bodies]) this.providers.push({ localName, raw: mergeBodies(body) });
    }
  }

  /**
   * The provider local names whose blocks are checked as docker providers: `docker` unless required_providers maps it to a
   * provider of another type, and every name mapped to a source of type docker (kreuzwerker's or not: HD-P03 reports the others).
   */
  public dockerLocalNames(): string[] {
    const names = new Set<string>();
    const docker = this.requiredProviders.docker;
    if (docker === undefined || isDockerTypeSource(docker)) names.add('docker');
    for (const [name, source] of Object.entries(this.requiredProviders)) if (isDockerTypeSource(source)) names.add(name);
    return [...names].sort();
  }

  /** Evaluates one resource or data-source body (cached). */
  public body(block: 'resource' | 'data', type: string, name: string): EvaluatedBody | undefined {
    const key = `${block}.${type}.${name}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const raw = (block === 'resource' ? this.resources : this.data)[type]?.[name];
    if (!raw) return undefined;
    if (this.inProgress.has(key)) return undefined;
    this.inProgress.add(key);
    try {
      const schema = block === 'resource' ? PROVIDER_SCHEMA.resources[type] : PROVIDER_SCHEMA.data[type];
      const body: EvaluatedBody = { block, type, name, raw, attributes: this.evaluateBody(raw, schema, this.context(), true) };
      this.cache.set(key, body);
      return body;
    } finally {
      this.inProgress.delete(key);
    }
  }

  /** Evaluates a provider block. */
  public provider(localName: string, raw: { [k: string]: unknown }): { [k: string]: unknown } {
    return this.evaluateBody(raw, this.dockerLocalNames().includes(localName) ? PROVIDER_SCHEMA.provider : undefined, this.context(), false);
  }

  /** The evaluation context of top-level bodies, with dynamic-block iterators layered on top. */
  private context(iterators: Map<string, { key: EV; value: EV }> = new Map()): EvalContext {
    return {
      variable: (name) => this.variable(name),
      local: (name) => this.local(name),
      element: (block, type, name, steps) => this.element(block, type, name, steps),
      iterator: (name) => iterators.get(name),
    };
  }

  private variable(name: string): EV {
    const v = this.variables[name];
    if (!v) return unknown(`var.${name} is not declared in this stack`);
    if (!('default' in v) || v.default === null) return unknown(`var.${name} has no default: its value is given at plan time`);
    const value = treeToEV(this.evaluateJson(v.default, this.context()), `var.${name}`);
    if (value.k !== 'known') return value;
    return known(value.v, [`var.${name} can be set at plan time (its default ${shortJson(value.v)} was checked)`]);
  }

  private local(name: string): EV {
    const cached = this.localCache.get(name);
    if (cached) return cached;
    if (!(name in this.locals)) return unknown(`local.${name} is not declared in this stack`);
    this.localCache.set(name, unknown(`local.${name} refers to itself`));
    const value = treeToEV(this.evaluateJson(this.locals[name], this.context()), `local.${name}`);
    this.localCache.set(name, value);
    return value;
  }

  private element(block: 'resource' | 'data', type: string, name: string, steps: Array<string | number>): EV {
    const address = `${block === 'data' ? 'data.' : ''}${type}.${name}`;
    const raw = (block === 'resource' ? this.resources : this.data)[type]?.[name];
    if (!raw) return unknown(`${address} is not declared in this stack`);
    const [attribute, ...rest] = steps;
    const setOrder = (e: EV): EV => (e.k === 'known' && Array.isArray(e.v) && e.v.every((x) => x === null || typeof x !== 'object')
      // a set attribute iterates sorted, a list in order: the generated schema does not tell them apart
      ? unknown(`${address}.${attribute} is a collection whose order (list or set) the checks do not model`) : e);
    if (typeof attribute !== 'string') return unknown(`${address} has count or for_each: its instances are known only at plan time`);
    if (raw.count !== undefined || raw.for_each !== undefined) return unknown(`${address} has count or for_each: its instances are known only at plan time`);
    const body = this.body(block, type, name);
    if (!body) return unknown(`${address}.${attribute} refers to itself`);
    const value = body.attributes[attribute];
    if (value === undefined) {
      // not set in the configuration: computed by the provider or the engine, known only at apply time
      return { k: 'ref', block, type, name, attribute: [attribute, ...rest].join('.') };
    }
    let ev = setOrder(treeToEV(value, `${address}.${attribute}`));
    for (const s of rest) {
      if (ev.k !== 'known') return ev;
      const container = ev.v as { [k: string]: unknown } | unknown[];
      const next = Array.isArray(container) ? container[Number(s)] : container && typeof container === 'object' ? container[String(s)] : undefined;
      if (next === undefined) return { k: 'ref', block, type, name, attribute: [attribute, ...rest].join('.') };
      ev = treeToEV(next, `${address}.${attribute}`);
    }
    return ev;
  }

  /** Evaluates a JSON value in the stack's top-level context. */
  public evaluateRaw(v: unknown): unknown {
    return this.evaluateJson(v, this.context());
  }

  /** Evaluates any JSON value: strings are templates, containers recursively. */
  public evaluateJson(v: unknown, ctx: EvalContext): unknown {
    if (typeof v === 'string') return evToTree(evaluateTemplate(v, ctx), v);
    if (Array.isArray(v)) return mark(v.map((x) => this.evaluateJson(x, ctx)));
    if (v && typeof v === 'object') {
      const out: { [k: string]: unknown } = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === '//') continue;
        // the keys of an object expression are templates too (hcl json/structure.go): `"${"device"}": "/"` is device
        let key = k;
        if (k.includes('{')) {
          const ev = evaluateTemplate(k, ctx);
          const text = ev.k === 'known' && !ev.taint ? toTemplateString(ev.v) : undefined;
          if (text === undefined) return new Opaque('unknown', JSON.stringify(v).slice(0, 120), `the object key ${JSON.stringify(k)} is not known before apply`);
          key = text;
        }
        setOwn(out, key, this.evaluateJson(x, ctx));
      }
      return mark(out);
    }
    return v;
  }

  /** A block body: attributes converted to their schema type, nested and dynamic blocks expanded. */
  private evaluateBody(
    raw: { [k: string]: unknown }, schema: BlockSchema | undefined, ctx: EvalContext, topLevel: boolean,
  ): { [k: string]: unknown } {
    const out: { [k: string]: unknown } = {};
    for (const [key, value] of Object.entries(raw)) {
      if (topLevel && META_ARGUMENTS.has(key)) {
        out[key] = value;
        continue;
      }
      if (key === '//') continue;
      if (key === 'dynamic') continue;
      const type = schema?.[key];
      if (type && typeof type === 'object' && 'block' in type) {
        const blocks = this.evaluateBlocks(value, type.block, ctx, key);
        if (blocks.length > 0) out[key] = mark(blocks);
        continue;
      }
      const converted = convert(this.evaluateJson(value, ctx), type ?? 'any');
      if (converted !== undefined) out[key] = converted;
    }
    // dynamic blocks, after the static ones of the same type; `dynamic` and each block type may be arrays of bodies
    // (hcl json/spec.md: arrays at any label level, each element one block)
    for (const [blockType, specs] of entriesOf(raw.dynamic)) {
      const type = schema?.[blockType];
      const blockSchema = type && typeof type === 'object' && 'block' in type ? type.block : undefined;
      for (const spec of Array.isArray(specs) ? specs : [specs]) {
        const expanded = this.expandDynamic(blockType, spec, blockSchema, ctx);
        const existing = (out[blockType] as unknown[] | undefined) ?? [];
        out[blockType] = mark([...existing, ...expanded]);
      }
    }
    if (topLevel) applyIgnoreChanges(out, raw.lifecycle, schema);
    return mark(out);
  }

  private evaluateBlocks(value: unknown, schema: BlockSchema, ctx: EvalContext, key: string): unknown[] {
    if (value === null || value === undefined) return [];
    if (typeof value === 'string') {
      // a block written as one expression: usable only when it evaluates to known objects
      const ev = evaluateTemplate(value, ctx);
      if (ev.k === 'known' && !ev.taint && (Array.isArray(ev.v) || (ev.v && typeof ev.v === 'object'))) {
        return this.evaluateBlocks(ev.v, schema, ctx, key);
      }
      return [evToTree(ev.k === 'known' ? unknown('a block given as one expression') : ev, value)];
    }
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) return this.evaluateBody(item as { [k: string]: unknown }, schema, ctx, false);
      if (typeof item === 'string') {
        const ev = evaluateTemplate(item, ctx);
        if (ev.k === 'known' && !ev.taint && ev.v && typeof ev.v === 'object' && !Array.isArray(ev.v)) {
          return this.evaluateBody(ev.v as { [k: string]: unknown }, schema, ctx, false);
        }
        return evToTree(ev.k === 'known' ? unknown(`a ${key} block given as one expression`) : ev, item);
      }
      return new Opaque('unknown', JSON.stringify(item) ?? String(item), `a ${key} block must be an object; Terraform rejects ${JSON.stringify(item)}`);
    });
  }

  private expandDynamic(blockType: string, spec: unknown, schema: BlockSchema | undefined, ctx: EvalContext): unknown[] {
    const s = mergeBodies(spec);
    const forEach = treeToEV(this.evaluateJson(s.for_each, ctx), `dynamic "${blockType}" for_each`);
    const expression = `dynamic "${blockType}" { for_each = ${typeof s.for_each === 'string' ? s.for_each : shortJson(s.for_each)} }`;
    if (forEach.k !== 'known') {
      const why = forEach.k === 'unknown' ? forEach.why : `${refText(forEach)} is known only at apply time`;
      return [new Opaque('unknown', expression, `the ${blockType} blocks it generates are known only at plan time: ${why}`)];
    }
    const iteratorName = typeof s.iterator === 'string' ? s.iterator : blockType;
    // a list or tuple iterates with its index as key; a map or object with its keys, in lexical order
    const entries: Array<[unknown, unknown]> = Array.isArray(forEach.v) ? forEach.v.map((v, i) => [i, v])
      : forEach.v && typeof forEach.v === 'object' ? Object.entries(forEach.v as object).sort(([a], [b]) => goCompare(a, b))
        : [];
    if (!Array.isArray(forEach.v) && !(forEach.v && typeof forEach.v === 'object')) {
      return [new Opaque('unknown', expression, 'for_each is not a collection: Terraform rejects it')];
    }
    const content = mergeBodies(s.content);
    const blocks: unknown[] = entries.map(([k, v]) => {
      const iterators = new Map<string, { key: EV; value: EV }>([[iteratorName, { key: known(k, forEach.taint), value: known(v, forEach.taint) }]]);
      const inner: EvalContext = { ...ctx, iterator: (name) => iterators.get(name) ?? ctx.iterator(name) };
      return this.evaluateBody(content, schema, inner, false);
    });
    // a for_each that can change after the checks (a variable's default, a tfvars value) can also change HOW MANY
    // blocks there are — an empty default list generates none today and a docker.sock mount with `-var` tomorrow: the
    // blocks beyond the ones evaluated are not known, and every rule that reads this block type reports it
    if (forEach.taint && forEach.taint.length > 0) {
      blocks.push(new Opaque('unknown', expression, `the ${blockType} blocks it generates can change after the checks: ${forEach.taint.join('; ')}`));
    }
    return blocks;
  }
}

/** Marks a container that holds an opaque value anywhere below it. @internal */
export function mark<T extends object>(v: T): T {
  const values = Array.isArray(v) ? v : Object.values(v);
  if (values.some((x) => isOpaque(x) || (x !== null && typeof x === 'object' && HAS_OPAQUE.has(x)))) HAS_OPAQUE.add(v);
  return v;
}

/** An EV as a tree value: plain when known and untainted, else an opaque. */
export function evToTree(ev: EV, expression: string): unknown {
  if (ev.k === 'known') {
    if (!ev.taint) return ev.v;
    return new Opaque('tainted', expression, ev.taint.join('; '), ev.v);
  }
  if (ev.k === 'unknown') return new Opaque('unknown', expression, ev.why);
  return new Opaque('reference', expression, `${refText(ev)} is known only at apply time`, undefined,
    { block: ev.block, type: ev.type, name: ev.name, attribute: ev.attribute, prefix: ev.prefix, suffix: ev.suffix });
}

/** A tree value back as an EV (for references to it). */
export function treeToEV(v: unknown, where: string): EV {
  if (isOpaque(v)) {
    if (v.kind === 'tainted') {
      const inner = treeToEV(v.shown, where);
      return inner.k === 'known' ? known(inner.v, [v.why, ...(inner.taint ?? [])]) : inner;
    }
    if (v.kind === 'reference' && v.target) return { k: 'ref', ...v.target };
    return unknown(v.why);
  }
  if (v !== null && typeof v === 'object' && HAS_OPAQUE.has(v)) {
    const taints: string[] = [];
    const strip = (x: unknown): unknown => {
      if (isOpaque(x)) {
        const e = treeToEV(x, where);
        if (e.k !== 'known') throw e;
        taints.push(...(e.taint ?? []));
        return e.v;
      }
      if (Array.isArray(x)) return x.map(strip);
      if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, strip(y)]));
      return x;
    };
    try {
      return known(strip(v), taints);
    } catch (e) {
      const ev = e as EV;
      return ev.k === 'ref' ? unknown(`${where} holds ${refText(ev)}, known only at apply time`) : ev;
    }
  }
  return known(v);
}

function shortJson(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * Converts an evaluated value to an attribute type as go-cty's convert package
 * does for provider attributes; `null` is "not set" (undefined). A value
 * Terraform would reject becomes an unknown opaque naming the problem.
 */
export function convert(v: unknown, type: AttrType): unknown {
  if (v === null || v === undefined) return undefined;
  if (isOpaque(v)) {
    if (v.kind !== 'tainted') return v;
    const inner = convert(v.shown, type);
    if (isOpaque(inner)) return inner;
    return new Opaque('tainted', v.expression, v.why, inner);
  }
  const reject = (what: string) => new Opaque('unknown', JSON.stringify(v) ?? String(v), `Terraform cannot convert ${what}`);
  if (type === 'any') return v;
  if (type === 'bool') {
    const b = toBool(v);
    return b === undefined ? reject(`${JSON.stringify(v)} to bool`) : b;
  }
  if (type === 'number') {
    const n = toNumber(v);
    return n === undefined ? reject(`${JSON.stringify(v)} to number`) : n;
  }
  if (type === 'string') {
    const s = toTemplateString(v);
    return s === undefined ? reject('a collection to string') : s;
  }
  if ('list' in type) {
    if (!Array.isArray(v)) return reject('a non-list value to a list');
    // null elements are errors in a list of primitives; keep them visible as unknown
    return mark(v.map((x) => (x === null ? new Opaque('unknown', 'null', 'a null element in a list: Terraform rejects it') : convert(x, type.list))));
  }
  if ('map' in type) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return reject('a non-object value to a map');
    const out: { [k: string]: unknown } = {};
    for (const [k, x] of Object.entries(v)) {
      const c = convert(x, type.map);
      if (c !== undefined) setOwn(out, k, c);
    }
    return mark(out);
  }
  return v;
}

/** `lifecycle.ignore_changes`: attributes whose configured value Terraform stops applying after creation. */
function applyIgnoreChanges(out: { [k: string]: unknown }, lifecycle: unknown, schema: BlockSchema | undefined): void {
  const ignore = mergeBodies(lifecycle).ignore_changes;
  if (ignore === undefined || ignore === null) return;
  const why = 'lifecycle.ignore_changes: Terraform does not apply changes to it, so the live value may be an older one';
  const all = ignore === 'all' || ignore === '${all}';
  const names = all ? Object.keys(schema ?? out) : (Array.isArray(ignore) ? ignore : [ignore])
    .map((x) => String(x).replace(/^\$\{(.*)\}$/s, '$1').trim().split(/[.[]/)[0]);
  for (const name of names) {
    if (META_ARGUMENTS.has(name) || name === 'name' || name === '') continue;
    const current = out[name];
    out[name] = new Opaque('tainted', `ignore_changes = [${name}]`, why, isOpaque(current) && current.kind === 'tainted' ? current.shown : current);
  }
  mark(out);
}
