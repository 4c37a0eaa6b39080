import { existsSync } from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { TerraformStack } from 'cdktf';
import { IConstruct, Node } from 'constructs';

/**
 * Where a finding is in the user's files, for SARIF's physical locations (GitHub code scanning needs one) and the
 * text reports: a file relative to the source root (see `sourceRootOf`) and a 1-based line.
 *
 * @internal
 */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/**
 * The creation trace of every Terraform element, captured when cdktf's TerraformElement constructor adds its
 * `stacktrace` metadata entry (node_modules/cdktf/lib/terraform-element.js: `this.node.addMetadata("stacktrace",
 * "trace")`; constructs records no trace for it unless asked). V8 formats a captured trace only when `.stack` is
 * read, so the cost per element is the capture of its frames; the frames are read once, for the report.
 */
const TRACES = new WeakMap<Node, { stack?: string }>();
/**
 * The frames to keep: the user's line is 5–10 frames below an element's metadata call (element, resource, provider
 * class, L2, shared image or grant); deeper library nesting falls back to the cdk.tf.json line.
 */
const TRACE_FRAMES = 20;

function installTraceHook(): void {
  const marker = Symbol.for('cdktf-hardened-docker/source-traces');
  const proto = Node.prototype as unknown as { [marker]?: boolean; addMetadata: Node['addMetadata'] };
  if (proto[marker]) return;
  proto[marker] = true;
  const addMetadata = proto.addMetadata;
  proto.addMetadata = function (this: Node, type: string, data: unknown, options?: object): void {
    if (type === 'stacktrace') capture(this, proto.addMetadata);
    return addMetadata.call(this, type, data, options);
  };
}
installTraceHook();

function capture(node: Node, above: Function): void {
  if (!TRACES.has(node)) TRACES.set(node, trace(above));
}

/** The frames below `above`, formatted only when `.stack` is read. */
function trace(above: Function): { stack?: string } {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = TRACE_FRAMES;
  try {
    Error.captureStackTrace(holder, above);
  } finally {
    Error.stackTraceLimit = limit;
  }
  return holder;
}

/**
 * Where each stack-level override was written (`stack.addOverride('resource.docker_container.x', …)`): a resource that
 * no element wrote is located at the user's line that put it into the stack.
 */
const OVERRIDES = new WeakMap<TerraformStack, Array<{ keys: string[]; trace: { stack?: string } }>>();

function installOverrideHook(): void {
  const marker = Symbol.for('cdktf-hardened-docker/override-traces');
  const proto = TerraformStack.prototype as unknown as { [marker]?: boolean; addOverride: TerraformStack['addOverride'] };
  if (proto[marker]) return;
  proto[marker] = true;
  const addOverride = proto.addOverride;
  proto.addOverride = function (this: TerraformStack, overridePath: string, value: unknown): void {
    const list = OVERRIDES.get(this) ?? [];
    list.push({ keys: String(overridePath).split('.'), trace: trace(proto.addOverride) });
    OVERRIDES.set(this, list);
    return addOverride.call(this, overridePath, value);
  };
}
installOverrideHook();

/**
 * The user's line of the latest stack-level override that wrote the block at `keys` (`['resource',
 * 'docker_container', 'x']`) or a part of it: an override of `resource.docker_container.x.privileged` or of the whole
 * `resource` object.
 *
 * @internal
 */
export function overrideSite(stack: TerraformStack, keys: readonly string[]): { file: string; line: number; column: number } | undefined {
  const list = OVERRIDES.get(stack) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const k = list[i].keys;
    const n = Math.min(k.length, keys.length);
    if (k.slice(0, n).every((key, j) => key === keys[j])) {
      const site = userFrame(list[i].trace.stack);
      if (site) return site;
    }
  }
  return undefined;
}

/**
 * Records where a construct that is no Terraform element (a SecureDaemon) is created, for its findings' locations.
 *
 * @internal
 */
export function recordCreationSite(construct: IConstruct): void {
  capture(construct.node, recordCreationSite);
}

/** Directories whose frames are not the user's: this package (its lib/ or dist/), every node_modules, node itself. */
const LIBRARY_ROOT = path.resolve(__dirname, '..');

function isUserFrame(file: string): boolean {
  if (file.startsWith('node:') || !path.isAbsolute(file)) return false;
  if (file === LIBRARY_ROOT || file.startsWith(LIBRARY_ROOT + path.sep)) return false;
  return !file.split(path.sep).includes('node_modules');
}

/** `    at fn (/abs/file.ts:12:5)`, `    at /abs/file.ts:12:5`, `    at fn (file:///abs/file.ts:12:5)`. */
const FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?[^()]+?):(\d+):(\d+)\)?$/;

/**
 * The first frame of the element's creation outside this library and the frameworks: the user's line that created
 * the resource, or the L2 that created it. Undefined for constructs that are not Terraform elements, and for
 * elements created entirely inside libraries.
 *
 * @internal
 */
export function creationSite(construct: IConstruct): { file: string; line: number; column: number } | undefined {
  return userFrame(TRACES.get(construct.node)?.stack);
}

function userFrame(stack: string | undefined): { file: string; line: number; column: number } | undefined {
  if (!stack) return undefined;
  for (const frame of stack.split('\n').slice(1)) {
    const m = FRAME.exec(frame);
    if (!m) continue;
    let file = m[1];
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (isUserFrame(file)) return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/**
 * The directory SARIF locations are relative to (`%SRCROOT%`): the given one, else the nearest directory at or above
 * the working directory that holds `.git` (GitHub code scanning resolves locations against the repository root),
 * else the working directory.
 *
 * @internal
 */
export function sourceRootOf(given?: string): string {
  if (given !== undefined) return path.resolve(given);
  const cwd = process.cwd();
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}

/** `file` relative to `root` with `/` separators, or undefined when it is not below the root. @internal */
export function relativeTo(root: string, file: string): string | undefined {
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/**
 * The 1-based line on which each top-level block key of a synthesized stack starts in its `cdk.tf.json`, as cdktf
 * writes it (node_modules/cdktf/lib/synthesize/synthesizer.js: `json-stable-stringify` with `space: 2`, keys sorted
 * by code unit): `resource.docker_container.web` → the line of `"web": {`. Computed from the value's shape (an
 * object or array spans two lines more than its members, an empty one too; every other value one line), never by
 * rendering the file again.
 *
 * @internal
 */
export function jsonLineOf(json: { [k: string]: any }, keys: readonly string[]): number | undefined {
  let line = 1;
  let node: any = json;
  for (const key of keys) {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    line += 1; // the opening brace's line of the enclosing object
    for (const k of Object.keys(node).sort()) {
      if (k === key) break;
      if (node[k] === undefined || typeof node[k] === 'function') continue;
      line += linesOf(node[k]);
    }
    node = node[key];
  }
  return line;
}

/**
 * The lines of an empty object or array in cdk.tf.json: 2 with cdktf 0.21's json-stable-stringify (`{` and `}` on lines
 * of their own), 1 with a stringify that writes `{}` (cdktn). Asked of the stringify the loaded cdktf uses.
 */
let EMPTY_LINES: number | undefined;
function emptyLines(): number {
  if (EMPTY_LINES === undefined) {
    EMPTY_LINES = 2;
    try {
      const cdktfDir = path.dirname(require.resolve('cdktf'));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const stringify = require(require.resolve('json-stable-stringify', { paths: [cdktfDir] })) as (v: unknown, o: object) => string;
      EMPTY_LINES = stringify({ a: {} }, { space: 2 }).split('\n').length - 2;
    } catch {
      // not resolvable from cdktf: cdktf 0.21's layout
    }
  }
  return EMPTY_LINES;
}

function linesOf(value: unknown): number {
  if (value && typeof value === 'object') {
    const v = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: () => unknown }).toJSON() : value;
    if (!v || typeof v !== 'object') return 1;
    const members = Array.isArray(v) ? v : Object.keys(v).filter((k) => (v as any)[k] !== undefined && typeof (v as any)[k] !== 'function').map((k) => (v as any)[k]);
    if (members.length === 0) return emptyLines();
    let n = 2;
    for (const m of members) n += linesOf(m === undefined || typeof m === 'function' ? null : m);
    return n;
  }
  return 1;
}
