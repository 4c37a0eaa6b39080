/**
 * One Terraform module as a list of top-level blocks, from HCL (through hcl2json) and Terraform JSON files alike, merged
 * as Terraform merges a module's files: duplicates are errors, override files (`override.tf`, `*_override.tf`, and
 * their `.tf.json` forms) are merged into the blocks they override (Terraform's configs/module_merge.go and
 * module_merge_body.go), and the result is written back as one Terraform JSON configuration that the checks read
 * exactly as Terraform reads it.
 *
 * @internal
 */
import { entriesOf, mergeBodies } from '../values/evaluate';
import { BlockSchema, PROVIDER_SCHEMA } from '../values/provider-schema';

type Body = { [k: string]: unknown };

/** A top-level block of a module's file. */
export interface TopBlock {
  /** `resource`, `data`, `provider`, `module`, `variable`, `output`, `locals`, `terraform`, `import`, `moved`, … */
  readonly kind: string;
  /** The labels: `[type, name]` for resources and data sources, `[name]` for providers, modules, variables, outputs. */
  readonly labels: string[];
  /** For `locals`, one block per local value: `body` is `{ value }`. */
  readonly body: Body;
  /** The file (as given) and where the block is in it: its path in the file's JSON, or its index among the HCL file's blocks of this kind and labels. */
  readonly file: string;
  /** The 1-based line of the block in its file, when known. */
  line?: number;
}

/** A configuration Terraform would reject, or one the checks cannot read faithfully: `check` exits 2 with it. */
export class ConfigurationError extends Error {}

/** Terraform's top-level block types (a configuration with any other is rejected). */
const KNOWN_KINDS = new Set(['terraform', 'resource', 'data', 'provider', 'variable', 'output', 'locals', 'module', 'import', 'moved', 'removed', 'check', '//']);

/** How many labels each block type has. */
const LABELS: { [kind: string]: number } = { resource: 2, data: 2, provider: 1, variable: 1, output: 1, module: 1, check: 1 };

/**
 * The top-level blocks of one file's JSON: hcl2json's output for an HCL file (every block an array of bodies) or a
 * Terraform JSON file (a body may be an object or an array of objects, at any label level: hcl json/spec.md). Each
 * element of an array after the last label is one block (so two are a duplicate). `where` gives, for each block, the
 * JSON path it was read from (for the line of a JSON file's block).
 */
export function blocksOfJson(file: string, json: unknown, where?: (path: Array<string | number>) => number | undefined): TopBlock[] {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigurationError(`${file}: a Terraform JSON file must hold one object, not ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}`);
  }
  const out: TopBlock[] = [];
  const lineOf = (path: Array<string | number>) => where?.(path);
  // each member of an object or array of objects, with its JSON path
  const members = (value: unknown, path: Array<string | number>): Array<[string, unknown, Array<string | number>]> => {
    if (Array.isArray(value)) return value.flatMap((v, i) => members(v, [...path, i]));
    if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, v, [...path, k]]);
    return [];
  };
  // the bodies of a block after its last label: an object, or an array of objects (one block each)
  const bodies = (value: unknown, path: Array<string | number>, what: string): Array<[Body, Array<string | number>]> => {
    if (Array.isArray(value)) return value.flatMap((v, i) => bodies(v, [...path, i], what));
    if (value && typeof value === 'object') return [[value as Body, path]];
    throw new ConfigurationError(`${file}: ${what} must be a block (an object), not ${JSON.stringify(value)}`);
  };
  const labelled = (kind: string, value: unknown, path: Array<string | number>, labels: string[], count: number): void => {
    if (labels.length === count) {
      for (const [body, p] of bodies(value, path, `${kind} ${labels.map((l) => JSON.stringify(l)).join(' ')}`)) {
        out.push({ kind, labels, body, file, line: lineOf(p) });
      }
      return;
    }
    if (!value || typeof value !== 'object') {
      throw new ConfigurationError(`${file}: ${kind} ${labels.map((l) => JSON.stringify(l)).join(' ')} needs ${count} label(s), found ${JSON.stringify(value)}`);
    }
    for (const [k, v, p] of members(value, path)) labelled(kind, v, p, [...labels, k], count);
  };
  for (const [kind, value, path] of members(json, [])) {
    if (kind === '//') continue;
    if (!KNOWN_KINDS.has(kind)) throw new ConfigurationError(`${file}: Terraform has no top-level block type "${kind}"`);
    if (kind === 'locals') {
      for (const [body, p] of bodies(value, path, 'locals')) {
        for (const [name, v] of Object.entries(body)) {
          if (name === '//') continue;
          out.push({ kind, labels: [name], body: { value: v }, file, line: lineOf([...p, name]) });
        }
      }
    } else if (LABELS[kind] !== undefined) {
      labelled(kind, value, path, [], LABELS[kind]);
    } else {
      for (const [body, p] of bodies(value, path, kind)) out.push({ kind, labels: [], body, file, line: lineOf(p) });
    }
  }
  return out;
}

/** A block's identity for duplicates and overrides: providers by local name and alias. */
function identity(b: TopBlock): string | undefined {
  switch (b.kind) {
    case 'resource':
    case 'data':
      return `${b.kind}.${b.labels.join('.')}`;
    case 'module':
    case 'variable':
    case 'output':
    case 'check':
      return `${b.kind} ${JSON.stringify(b.labels[0])}`;
    case 'locals':
      return `local.${b.labels[0]}`;
    case 'provider': {
      const alias = providerAlias(b);
      return `provider ${JSON.stringify(b.labels[0])}${alias === undefined ? '' : ` alias ${JSON.stringify(alias)}`}`;
    }
    default:
      return undefined;
  }
}

function providerAlias(b: TopBlock): string | undefined {
  const alias = b.body.alias;
  if (alias === undefined || alias === null) return undefined;
  if (typeof alias !== 'string' || /\$\{|%\{/.test(alias)) {
    throw new ConfigurationError(`${where(b)}: the alias of provider "${b.labels[0]}" must be a literal name, not ${JSON.stringify(alias)}`);
  }
  return alias;
}

const where = (b: TopBlock) => `${b.file}${b.line ? `:${b.line}` : ''}`;

/** Whether a file is an override file (Terraform merges it into the primary files' blocks). */
export function isOverrideFile(file: string): boolean {
  // configs/parser_config_dir.go: the name without `.tf` / `.tf.json` is `override` or ends with `_override`
  return /(^|_)override\.tf(\.json)?$/.test(file.split('/').pop()!);
}

/**
 * The blocks of a module: every primary file's blocks (duplicates are errors, as Terraform reports them), then each
 * override file's blocks merged into them, override files in the order given (Terraform: lexical order of names).
 */
export function mergeModule(primary: TopBlock[], overrides: TopBlock[]): TopBlock[] {
  const byId = new Map<string, TopBlock>();
  const blocks: TopBlock[] = [];
  for (const b of primary) {
    const id = identity(b);
    if (id !== undefined) {
      const first = byId.get(id);
      if (first) throw new ConfigurationError(`${where(b)}: duplicate ${id}: it is declared at ${where(first)} already (Terraform rejects the configuration)`);
      byId.set(id, b);
    }
    blocks.push(b);
  }
  // the data sources scoped to check blocks are read at plan time like any other: checked as top-level ones
  for (const b of [...blocks]) {
    if (b.kind !== 'check') continue;
    for (const inner of blocksOfJson(b.file, { data: b.body.data ?? {} })) {
      const scoped: TopBlock = { ...inner, line: b.line };
      const id = identity(scoped)!;
      const first = byId.get(id);
      if (first) throw new ConfigurationError(`${where(b)}: duplicate ${id} in check ${JSON.stringify(b.labels[0])}: it is declared at ${where(first)} already`);
      byId.set(id, scoped);
      blocks.push(scoped);
    }
  }
  const seenInOverrides = new Map<string, TopBlock>();
  for (const o of overrides) {
    if (o.kind === 'terraform') {
      blocks.push(mergeTerraformOverride(blocks, o));
      continue;
    }
    const id = identity(o);
    if (id === undefined || o.kind === 'check') {
      throw new ConfigurationError(`${where(o)}: Terraform does not allow ${o.kind} blocks in override files`);
    }
    const twice = seenInOverrides.get(`${o.file}|${id}`);
    if (twice) throw new ConfigurationError(`${where(o)}: duplicate ${id} in override file ${o.file}: it is overridden at ${where(twice)} already`);
    seenInOverrides.set(`${o.file}|${id}`, o);
    const base = byId.get(id);
    if (!base) {
      throw new ConfigurationError(`${where(o)}: there is no ${id} in the primary files to override (Terraform rejects an override file's block without a base)`);
    }
    if ((o.kind === 'resource' || o.kind === 'data' || o.kind === 'output') && o.body.depends_on !== undefined) {
      throw new ConfigurationError(`${where(o)}: ${id}: Terraform does not allow depends_on in an override block`);
    }
    const merged: TopBlock = {
      ...base,
      body: o.kind === 'locals' ? o.body : mergeBody(base.body, o.body, o.kind === 'resource', blockTypesOf(o)),
    };
    blocks[blocks.indexOf(base)] = merged;
    byId.set(id, merged);
  }
  return blocks;
}

/**
 * Terraform's body merge (configs/module_merge_body.go): the override's arguments replace the base's; a nested block
 * type of which the override has at least one block (static or `dynamic`) replaces every block of that type of the
 * base, static and dynamic. For a managed resource (module_merge.go) `provisioner` and `connection` are replaced the
 * same way, and `lifecycle` is merged by argument (`mergeLifecycle`).
 *
 * Which names are block types matters only for a Terraform JSON override: there `"volumes": []` (or `"dynamic":
 * {"volumes": []}`, or `"provisioner": []`) declares no block at all, so the base's blocks stay, while an argument
 * written `[]` replaces the base's value. `blockTypes` are the block types of the body's schema (the docker provider's
 * and Terraform's meta-blocks); any other name is read as an argument.
 */
function mergeBody(base: Body, override: Body, managed: boolean, blockTypes: ReadonlySet<string>): Body {
  const present = (k: string, v: unknown) => !blockTypes.has(k) || countBlocks(v, k === 'provisioner' ? 1 : 0) > 0;
  const dynamicTypes = new Set(entriesOf(override.dynamic).filter(([, spec]) => countBlocks(spec, 0) > 0).map(([type]) => type));
  const overriddenTypes = new Set([...Object.keys(override).filter((k) => k !== 'dynamic' && k !== 'lifecycle' && present(k, override[k])), ...dynamicTypes]);
  const out: Body = {};
  for (const [k, v] of Object.entries(base)) {
    if (k === 'dynamic') {
      const kept = entriesOf(v).filter(([type]) => !overriddenTypes.has(type)).map(([type, spec]) => ({ [type]: spec }));
      if (kept.length > 0) out.dynamic = kept;
    } else if (!overriddenTypes.has(k)) {
      out[k] = v;
    }
  }
  for (const [k, v] of Object.entries(override)) {
    if (k === 'dynamic') {
      const added = entriesOf(v).filter(([type]) => dynamicTypes.has(type)).map(([type, spec]) => ({ [type]: spec }));
      if (added.length > 0) out.dynamic = [...(Array.isArray(out.dynamic) ? out.dynamic : []), ...added];
    } else if (k === 'lifecycle') {
      // a data source's lifecycle (conditions only) is not merged: the base's stays
      if (managed && countBlocks(v, 0) > 0) out.lifecycle = mergeLifecycle(out.lifecycle, v);
    } else if (overriddenTypes.has(k)) {
      out[k] = v;
    }
  }
  return out;
}

/** How many blocks a JSON value declares for a block type with `labels` labels (an object is one block, an array one per element). */
function countBlocks(v: unknown, labels: number): number {
  if (Array.isArray(v)) return v.reduce((n: number, e) => n + countBlocks(e, labels), 0);
  if (labels > 0 && v && typeof v === 'object') return Object.values(v).reduce((n: number, e) => n + countBlocks(e, labels - 1), 0);
  return v === undefined ? 0 : 1; // anything else: one (ill-formed) block, which Terraform rejects
}

/**
 * A managed resource's `lifecycle` merged as module_merge.go merges it: `create_before_destroy` and `prevent_destroy`
 * replaced when the override sets them; `ignore_changes` replaced only by a non-empty list, and `all` (on either
 * side) stays `all`; the rest (`replace_triggered_by`, conditions) is the base's.
 */
function mergeLifecycle(base: unknown, override: unknown): Body[] {
  const b = mergeBodies(base);
  const o = mergeBodies(override);
  const out: Body = { ...b };
  for (const k of ['create_before_destroy', 'prevent_destroy']) if (o[k] !== undefined) out[k] = o[k];
  const isAll = (v: unknown) => typeof v === 'string' && v.replace(/^\$\{([\s\S]*)\}$/, '$1').trim() === 'all';
  if (isAll(b.ignore_changes) || isAll(o.ignore_changes)) {out.ignore_changes = 'all';} else if (o.ignore_changes !== undefined && !(Array.isArray(o.ignore_changes) && o.ignore_changes.length === 0)) {
    out.ignore_changes = o.ignore_changes;
  }
  return [out];
}

/** Terraform's meta-blocks of a block kind. */
const META_BLOCKS: { [kind: string]: string[] } = {
  resource: ['lifecycle', 'provisioner', 'connection', 'dynamic'],
  data: ['lifecycle', 'dynamic'],
  provider: ['dynamic'],
  variable: ['validation'],
  output: ['precondition'],
};

/** The nested block types of a block: Terraform's meta-blocks, and the docker provider schema's blocks. */
function blockTypesOf(b: TopBlock): Set<string> {
  const own = <T>(o: { readonly [k: string]: T }, k: string | undefined): T | undefined =>
    (k !== undefined && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
  const schema: BlockSchema | undefined = b.kind === 'resource' ? own(PROVIDER_SCHEMA.resources, b.labels[0])
    : b.kind === 'data' ? own(PROVIDER_SCHEMA.data, b.labels[0])
      : b.kind === 'provider' ? PROVIDER_SCHEMA.provider : undefined;
  const blocks = Object.entries(schema ?? {}).filter(([, t]) => typeof t === 'object' && 'block' in t).map(([k]) => k);
  return new Set([...(own(META_BLOCKS, b.kind) ?? []), ...blocks]);
}

/** A `terraform` block of an override file: its `required_providers` entries replace the base's of the same name. */
function mergeTerraformOverride(blocks: TopBlock[], o: TopBlock): TopBlock {
  const names = new Set(entriesOf(o.body.required_providers).map(([name]) => name));
  for (const [i, b] of blocks.entries()) {
    if (b.kind !== 'terraform' || b.body.required_providers === undefined) continue;
    const kept = entriesOf(b.body.required_providers).filter(([name]) => !names.has(name));
    blocks[i] = { ...b, body: { ...b.body, required_providers: kept.map(([name, req]) => ({ [name]: req })) } };
  }
  return o;
}

/**
 * The Terraform JSON configuration of a module's blocks, in the shape Terraform's JSON syntax gives them: one body per
 * resource, data source, module, variable and output; providers as arrays of bodies; locals as one object.
 * `normalize` rewrites each body first (hcl2json's spellings, see hcl/convert.ts).
 */
export function toTerraformJson(blocks: TopBlock[]): { [k: string]: any } {
  const json: { [k: string]: any } = {};
  const own = (node: { [k: string]: any }, key: string) => Object.prototype.hasOwnProperty.call(node, key);
  // own properties only: a label such as `constructor` must not reach an inherited member (`__proto__` is refused on load)
  const put = (path: string[], value: unknown) => {
    let node = json;
    for (const key of path.slice(0, -1)) node = own(node, key) ? node[key] : (node[key] = {});
    node[path[path.length - 1]] = value;
  };
  for (const b of blocks) {
    switch (b.kind) {
      case 'resource':
      case 'data':
        put([b.kind, ...b.labels], b.body);
        break;
      case 'module':
      case 'variable':
      case 'output':
      case 'check':
        put([b.kind, b.labels[0]], b.body);
        break;
      case 'locals':
        put(['locals', b.labels[0]], b.body.value);
        break;
      case 'provider':
        json.provider ??= {};
        if (!own(json.provider, b.labels[0])) json.provider[b.labels[0]] = [];
        json.provider[b.labels[0]].push(b.body);
        break;
      default:
        if (!own(json, b.kind)) json[b.kind] = [];
        json[b.kind].push(b.body);
    }
  }
  return json;
}

/** The address the checks locate a block by (hardening-checks.ts `locationAddress`), if they locate blocks of its kind. */
export function addressesOf(b: TopBlock): string[] {
  switch (b.kind) {
    case 'resource':
      return [b.labels.join('.')];
    case 'data':
      return [`data.${b.labels.join('.')}`];
    case 'module':
      return [`module.${b.labels[0]}`];
    case 'provider': {
      const alias = typeof b.body.alias === 'string' ? b.body.alias : undefined;
      return [`provider.${b.labels[0]}${alias ? `.${alias}` : ''}`];
    }
    case 'import': {
      const to = typeof b.body.to === 'string' ? b.body.to.replace(/^\$\{(.*)\}$/s, '$1').trim() : undefined;
      return to ? [`import.${to}`] : [];
    }
    case 'removed': {
      // its provisioners are checked, located at the block (hardening-checks.ts collectResources: `removed.<from>`)
      const from = typeof b.body.from === 'string' ? b.body.from.replace(/^\$\{(.*)\}$/s, '$1').trim() : undefined;
      return from ? [`removed.${from}`] : [];
    }
    case 'terraform':
      return entriesOf(b.body.required_providers).map(([name]) => `terraform.required_providers.${name}`);
    default:
      return [];
  }
}
