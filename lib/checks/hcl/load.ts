/**
 * Loads what `cdktf-hardened-docker check` is given into Terraform JSON configurations the hardening checks read, each
 * with a locator of its blocks' files and lines. See lib/cli/check.ts for what is accepted and how HCL is converted.
 *
 * @internal
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { addressesOf, blocksOfJson, ConfigurationError, isOverrideFile, mergeModule, TopBlock, toTerraformJson } from './blocks';
import { jsonKeyProblem, jsonPathKey, jsonValueLines, scanHclBlocks } from './locator';
import { relativeTo, SourceLocation } from '../source-location';
import { entriesOf } from '../values/evaluate';

export { ConfigurationError } from './blocks';

/** One configuration to check: a cdktf stack's `cdk.tf.json`, or a Terraform module (a directory's or the given files). */
export interface LoadedConfiguration {
  /** The stack name in the reports. */
  readonly name: string;
  readonly kind: 'cdktf' | 'terraform';
  /** The files read (absolute). */
  readonly files: string[];
  /** The Terraform JSON configuration. */
  readonly json: { [k: string]: any };
  /** Where a block is, by the address the checks give (hardening-checks.ts `locationAddress`). */
  readonly locate: (address: string) => SourceLocation | undefined;
  /** Where the reports go unless `--out` says otherwise. */
  readonly defaultReportDir: string;
  /** What the load noticed that does not stop the check (an undeclared variable in a tfvars file). */
  readonly notes: string[];
}

export interface LoadOptions {
  /** The stack name of the one Terraform module given (default: its directory's name). */
  readonly stackName?: string;
  /** Variable files applied after the auto-loaded ones, in order (`-var-file`). */
  readonly varFiles?: string[];
  /** The directory locations are relative to. */
  readonly sourceRoot: string;
  readonly cwd: string;
}

/** @cdktf/hcl2json's API, loaded only by the check command (it instantiates a Go WebAssembly module). */
interface Hcl2Json {
  parse(filename: string, contents: string): Promise<{ [k: string]: unknown }>;
}

let hcl2json: Hcl2Json | undefined;

function loadHcl2Json(): Hcl2Json {
  if (!hcl2json) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      hcl2json = require('@cdktf/hcl2json') as Hcl2Json;
    } catch (e) {
      throw new ConfigurationError(`reading HCL needs the package @cdktf/hcl2json (npm install @cdktf/hcl2json): ${(e as Error).message}`);
    }
  }
  return hcl2json;
}

const TF_FILE = /\.tf(\.json)?$/;

/** Whether Terraform ignores a file of a module directory (configs.IsIgnoredFile): hidden, editor backup or lock files. */
export function ignoredByTerraform(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'));
}

/**
 * The files of a directory that Terraform reads as the module's configuration (configs/parser_config_dir.go): every
 * `*.tf` and `*.tf.json` entry that is not a directory (by lstat, as Terraform lists them: a symbolic link is read
 * through) and not ignored, in lexical order.
 */
function terraformFiles(dir: string): string[] {
  return readdirSync(dir).sort()
    .filter((n) => TF_FILE.test(n) && !ignoredByTerraform(n) && !lstatSync(path.join(dir, n)).isDirectory())
    .map((n) => path.join(dir, n));
}

/** Reads every path given to `check` into configurations, in the order given (a cdktf output directory's stacks by name). */
export async function loadConfigurations(paths: string[], options: LoadOptions): Promise<LoadedConfiguration[]> {
  const out: LoadedConfiguration[] = [];
  const filesByDir = new Map<string, string[]>();
  const modules: Array<{ dir: string; files: string[]; autoVars: boolean }> = [];
  for (const given of paths) {
    const p = path.resolve(options.cwd, given);
    if (!existsSync(p)) throw new ConfigurationError(`${given}: no such file or directory`);
    if (statSync(p).isFile()) {
      if (TF_FILE.test(p) && ignoredByTerraform(path.basename(p))) {
        throw new ConfigurationError(`${given}: Terraform ignores this file (its name starts with "." or "#", or ends with "~"): it is not part of the configuration`);
      }
      if (path.basename(p) === 'cdk.tf.json') {
        out.push(await loadCdktfStack(path.basename(path.dirname(p)), p, options));
      } else if (TF_FILE.test(p)) {
        const dir = path.dirname(p);
        if (!filesByDir.has(dir)) {
          filesByDir.set(dir, []);
          modules.push({ dir, files: filesByDir.get(dir)!, autoVars: false });
        }
        if (!filesByDir.get(dir)!.includes(p)) filesByDir.get(dir)!.push(p);
      } else {
        throw new ConfigurationError(`${given}: not a cdk.tf.json, *.tf or *.tf.json file${/\.tfvars(\.json)?$/.test(p) ? ' (give variable files with --var-file)' : ''}`);
      }
      continue;
    }
    const direct = path.join(p, 'cdk.tf.json');
    if (existsSync(direct)) {
      out.push(await loadCdktfStack(path.basename(p), direct, options));
      continue;
    }
    const tf = terraformFiles(p);
    if (tf.length > 0) {
      modules.push({ dir: p, files: tf, autoVars: true });
      continue;
    }
    const stacksDir = path.join(p, 'stacks');
    const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).sort().filter((d) => existsSync(path.join(stacksDir, d, 'cdk.tf.json'))) : [];
    if (stacks.length === 0) {
      throw new ConfigurationError(`${given}: no cdk.tf.json, no *.tf or *.tf.json files, and no cdktf output (stacks/*/cdk.tf.json) in this directory`);
    }
    for (const d of stacks) out.push(await loadCdktfStack(d, path.join(stacksDir, d, 'cdk.tf.json'), options));
  }
  if (options.stackName !== undefined && (modules.length !== 1 || out.length > 0)) {
    throw new ConfigurationError('--stack-name names the one Terraform module checked: give one directory or the files of one directory');
  }
  for (const m of modules) {
    const name = options.stackName ?? path.basename(m.dir);
    out.push(await loadModule(name, m.dir, m.files, m.autoVars, options));
  }
  return out;
}

/** The file as the reports show it: relative to the source root, else to the working directory. */
function shown(file: string, options: LoadOptions): string {
  return relativeTo(options.sourceRoot, file) ?? path.relative(options.cwd, file).split(path.sep).join('/');
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigurationError(`${file}: cannot read: ${(e as Error).message}`);
  }
}

function parseJsonFile(file: string, text: string, options: LoadOptions): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigurationError(`${shown(file, options)}: not valid JSON: ${(e as Error).message}`);
  }
  // JSON.parse keeps only the last of repeated keys (Terraform reads every `resource`, `locals`, … property, and
  // rejects a repeated argument), and `__proto__` does not survive as a name: neither is read as Terraform reads it
  const problem = jsonKeyProblem(text);
  if (problem) {
    const at = `${shown(file, options)}:${problem.line}`;
    const inside = problem.path.length > 0 ? ` in ${problem.path.map((k) => JSON.stringify(k)).join(' > ')}` : '';
    throw new ConfigurationError(problem.kind === 'duplicate'
      ? `${at}: the key ${JSON.stringify(problem.key)} is repeated${inside}: Terraform reads every repeated block key (and rejects a repeated argument), which this check cannot follow; write the blocks as one object or an array`
      : `${at}: the key "__proto__"${inside} cannot be checked (it is not an ordinary property in JavaScript)`);
  }
  return json;
}

/** Refuses a `__proto__` name anywhere in hcl2json's output (a label, an argument or an object key), as in JSON files. */
function refuseProtoKeys(file: string, v: unknown): void {
  if (Array.isArray(v)) {
    for (const x of v) refuseProtoKeys(file, x);
  } else if (v && typeof v === 'object') {
    if (Object.prototype.hasOwnProperty.call(v, '__proto__')) {
      throw new ConfigurationError(`${file}: the name "__proto__" cannot be checked (it is not an ordinary property in JavaScript)`);
    }
    for (const x of Object.values(v)) refuseProtoKeys(file, x);
  }
}

/**
 * A cdk.tf.json: checked as written (as the aspect checks it); its blocks are listed for duplicates and lines. When
 * its directory holds other files Terraform reads with it (`*.tf`, `*.tf.json`, override files: cdktf runs Terraform
 * in that directory), they are one module, checked together.
 */
async function loadCdktfStack(name: string, file: string, options: LoadOptions): Promise<LoadedConfiguration> {
  const dir = path.dirname(file);
  const all = terraformFiles(dir);
  const others = all.filter((f) => f !== file);
  if (others.length > 0) {
    const note = `${shown(file, options)}: Terraform also reads ${others.map((f) => path.basename(f)).join(', ')} in ${shown(dir, options) || '.'}: checked with it as one module`;
    return loadModule(name, dir, all.includes(file) ? all : [file, ...all], true, options, { reportDir: dir, notes: [note] });
  }
  const text = readText(file);
  const json = parseJsonFile(file, text, options);
  const lines = jsonValueLines(text);
  const rel = shown(file, options);
  const blocks = mergeModule(blocksOfJson(rel, json, (p) => lines?.get(jsonPathKey(p))), []);
  return {
    name,
    kind: 'cdktf',
    files: [file],
    json: json as { [k: string]: any },
    locate: locator(blocks),
    defaultReportDir: path.dirname(file),
    notes: [],
  };
}

/** The locator of a module's blocks: each address the checks give to its block's file and line. */
function locator(blocks: TopBlock[]): (address: string) => SourceLocation | undefined {
  const map = new Map<string, SourceLocation>();
  for (const b of blocks) {
    for (const a of addressesOf(b)) {
      const key = a.replace(/\s+/g, '');
      if (!map.has(key)) map.set(key, { file: b.file, line: b.line ?? 1 });
    }
  }
  return (address) => map.get(address.replace(/\s+/g, ''));
}

/**
 * A Terraform module: its `.tf` files converted by hcl2json one by one (so that each block keeps its file), its
 * `.tf.json` files read as Terraform JSON, merged as Terraform merges them, variable files applied.
 */
async function loadModule(name: string, dir: string, files: string[], autoVars: boolean, options: LoadOptions,
  extra: { reportDir?: string; notes?: string[] } = {}): Promise<LoadedConfiguration> {
  const primary: TopBlock[] = [];
  const overrides: TopBlock[] = [];
  // Terraform: the primary files, then the override files, each group in lexical order of the names
  for (const file of [...files].sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : 1))) {
    const blocks = await fileBlocks(file, options);
    (isOverrideFile(path.basename(file)) ? overrides : primary).push(...blocks);
  }
  const blocks = mergeModule(primary, overrides);
  const notes: string[] = [...(extra.notes ?? [])];
  const varFiles = [
    ...(autoVars ? autoVarFiles(dir) : []),
    ...(options.varFiles ?? []).map((f) => path.resolve(options.cwd, f)),
  ];
  const read = [...files];
  for (const file of varFiles) {
    read.push(file);
    await applyVarFile(blocks, file, options, notes);
  }
  return {
    name,
    kind: 'terraform',
    files: read,
    json: toTerraformJson(blocks),
    locate: locator(blocks),
    defaultReportDir: extra.reportDir ?? path.join(options.cwd, 'hardening-reports', name),
    notes,
  };
}

/** Terraform's automatically loaded variable files: terraform.tfvars(.json), then *.auto.tfvars(.json) in lexical order. */
function autoVarFiles(dir: string): string[] {
  const names = readdirSync(dir);
  return [
    ...['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n)),
    ...names.filter((n) => /\.auto\.tfvars(\.json)?$/.test(n)).sort(),
  ].map((n) => path.join(dir, n));
}

async function parseHcl(file: string, text: string, options: LoadOptions): Promise<{ [k: string]: unknown }> {
  const rel = shown(file, options);
  try {
    const json = await loadHcl2Json().parse(rel, text);
    refuseProtoKeys(rel, json);
    return json;
  } catch (e) {
    if (e instanceof ConfigurationError) throw e;
    throw new ConfigurationError(`${rel}: cannot convert the HCL: ${(e as Error).message}`);
  }
}

/** One file's top-level blocks, each with its line. */
async function fileBlocks(file: string, options: LoadOptions): Promise<TopBlock[]> {
  const text = readText(file);
  const rel = shown(file, options);
  if (file.endsWith('.json')) {
    const lines = jsonValueLines(text);
    return blocksOfJson(rel, parseJsonFile(file, text, options), (p) => lines?.get(jsonPathKey(p)));
  }
  const json = await parseHcl(file, text, options);
  const headers = scanHclBlocks(text);
  // hcl2json writes each block as `<kind>.<labels...>[i]` (locals: `locals[i].<name>`), in the order of the file
  const lineOf = (p: Array<string | number>): number | undefined => {
    const [kind, ...rest] = p;
    const labels: string[] = [];
    let index = 0;
    for (const seg of rest) {
      if (typeof seg === 'number') {
        index = seg;
        break;
      }
      labels.push(seg);
    }
    const same = headers.filter((h) => h.type === kind && h.labels.length === labels.length && h.labels.every((l, i) => l === labels[i]));
    return same[index]?.line;
  };
  return blocksOfJson(rel, json, lineOf).map((b) => ({ ...b, body: normalizeHclBody(b) }));
}

/**
 * hcl2json writes every expression as a `${…}` template, which is what Terraform's JSON syntax reads for attribute
 * values; the few arguments that Terraform's JSON syntax reads as names, not expressions, are written back as names
 * (a `dynamic` block's `iterator`, `provider`, `depends_on`, `lifecycle.ignore_changes`, a variable's `type`).
 */
function normalizeHclBody(b: TopBlock): { [k: string]: unknown } {
  const unwrap = (v: unknown) => (typeof v === 'string' ? v.replace(/^\$\{([\s\S]*)\}$/, '$1').trim() : v);
  const fixDynamic = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fixDynamic);
    if (!v || typeof v !== 'object') return v;
    const out: { [k: string]: unknown } = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'dynamic' && x && typeof x === 'object') {
        out[k] = entriesOf(x).map(([type, specs]) => ({
          [type]: (Array.isArray(specs) ? specs : [specs]).map((spec) => {
            const s = fixDynamic(spec) as { [k: string]: unknown };
            return s && typeof s === 'object' && typeof s.iterator === 'string' ? { ...s, iterator: unwrap(s.iterator) } : s;
          }),
        }));
      } else {
        out[k] = fixDynamic(x);
      }
    }
    return out;
  };
  const body = fixDynamic(b.body) as { [k: string]: unknown };
  if (b.kind === 'variable' && typeof body.type === 'string') body.type = unwrap(body.type);
  if (b.kind === 'resource' || b.kind === 'data' || b.kind === 'module') {
    if (typeof body.provider === 'string') body.provider = unwrap(body.provider);
    if (Array.isArray(body.depends_on)) body.depends_on = body.depends_on.map(unwrap);
    if (Array.isArray(body.lifecycle)) {
      body.lifecycle = body.lifecycle.map((l: { [k: string]: unknown }) => {
        if (!l || typeof l !== 'object') return l;
        const ignore = l.ignore_changes;
        return ignore === undefined ? l : { ...l, ignore_changes: Array.isArray(ignore) ? ignore.map(unwrap) : unwrap(ignore) };
      });
    }
  }
  return body;
}

/** Applies a variable file: each value replaces its variable's default (the checks still treat it as changeable). */
async function applyVarFile(blocks: TopBlock[], file: string, options: LoadOptions, notes: string[]): Promise<void> {
  if (!existsSync(file)) throw new ConfigurationError(`${file}: no such variable file`);
  const text = readText(file);
  const rel = shown(file, options);
  let values: unknown;
  if (file.endsWith('.json')) {
    // a JSON variable file holds values, not templates: escape what the checks would read as interpolation
    values = escapeTemplates(parseJsonFile(file, text, options));
  } else {
    values = await parseHcl(file, text, options);
  }
  if (!values || typeof values !== 'object' || Array.isArray(values)) throw new ConfigurationError(`${rel}: a variable file must assign variables`);
  for (const [name, value] of Object.entries(values)) {
    const i = blocks.findIndex((b) => b.kind === 'variable' && b.labels[0] === name);
    if (i < 0) {
      notes.push(`${rel}: a value for undeclared variable "${name}" (Terraform ignores it with a warning)`);
      continue;
    }
    blocks[i] = { ...blocks[i], body: { ...blocks[i].body, default: value } };
  }
}

function escapeTemplates(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  if (Array.isArray(v)) return v.map(escapeTemplates);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [escapeTemplates(k) as string, escapeTemplates(x)]));
  return v;
}
