import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { ResourceBody } from './provider-mapping';

/**
 * A synthesized cdktf stack (`cdk.tf.json`), as the applier and `verify` read it.
 *
 * @internal
 */
export interface SynthesizedStack {
  /** Stack name (the directory name under `stacks/`), or the file name. */
  readonly name: string;
  /** The file read. */
  readonly file: string;
  /** `resource.<type>.<name>` bodies. */
  readonly resources: { [type: string]: { [name: string]: ResourceBody } };
  /** `provider.docker` blocks, if any. */
  readonly providers: ResourceBody[];
}

/**
 * Reads stacks from a `cdk.tf.json` file, a stack directory containing one, or
 * a cdktf output directory (`<outdir>/stacks/*`). Stacks come back sorted by name.
 *
 * @internal
 */
export function readSynthesizedStacks(location: string): SynthesizedStack[] {
  if (!existsSync(location)) throw new Error(`${location}: no such file or directory`);
  if (statSync(location).isFile()) return [parseStack(path.basename(path.dirname(location)), location)];
  const direct = path.join(location, 'cdk.tf.json');
  if (existsSync(direct)) return [parseStack(path.basename(location), direct)];
  const stacksDir = path.join(location, 'stacks');
  if (existsSync(stacksDir)) {
    return readdirSync(stacksDir)
      .sort()
      .filter((d) => existsSync(path.join(stacksDir, d, 'cdk.tf.json')))
      .map((d) => parseStack(d, path.join(stacksDir, d, 'cdk.tf.json')));
  }
  throw new Error(`${location}: neither a cdk.tf.json, a stack directory nor a cdktf output directory (no stacks/*/cdk.tf.json)`);
}

/** @internal */
export function parseStack(name: string, file: string): SynthesizedStack {
  let json: any;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  return fromJson(name, file, json);
}

/** @internal */
export function fromJson(name: string, file: string, json: any): SynthesizedStack {
  const providers = json?.provider?.docker;
  return {
    name,
    file,
    resources: json?.resource ?? {},
    providers: Array.isArray(providers) ? providers : providers ? [providers] : [],
  };
}

const META_ARGUMENTS = new Set(['//', 'lifecycle', 'depends_on', 'provider']);

const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

/**
 * Replaces whole-string references `${type.name.attribute}` inside a value,
 * using `lookup`. Any other interpolation is an error: the applier cannot
 * evaluate Terraform expressions.
 *
 * @internal
 */
export function resolveReferences(value: unknown, lookup: (type: string, name: string, attribute: string) => unknown, where: string): unknown {
  if (typeof value === 'string') {
    const m = REF.exec(value);
    if (m) return lookup(m[1], m[2], m[3]);
    // an unescaped ${ or %{ is an expression; $${ and %%{ are Terraform's escapes for the literal text
    if (/(^|[^$])\$\{|(^|[^%])%\{/.test(value)) throw new Error(`${where}: cannot evaluate the Terraform expression ${JSON.stringify(value)}`);
    return value.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveReferences(v, lookup, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    const out: { [k: string]: unknown } = {};
    // Terraform meta-arguments reference resources, not values: kept as they are (the applier ignores them).
    for (const [k, v] of Object.entries(value)) out[k] = META_ARGUMENTS.has(k) ? v : resolveReferences(v, lookup, `${where}.${k}`);
    return out;
  }
  return value;
}
