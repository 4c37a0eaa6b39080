import { normalize } from '../../normalize';
import { CheckedResource } from '../../rule';

/**
 * Shared reading of a `secure-daemon` resource: `attributes.settings` is the
 * daemon.json object, `attributes.files` the host files with mode and owner.
 */

/** The daemon.json settings of a secure-daemon resource. @internal */
export function settingsOf(r: CheckedResource): { [key: string]: unknown } {
  const s = r.attributes.settings;
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as { [key: string]: unknown }) : {};
}

/** A daemon.json boolean (JSON true/false; "true"/"false" strings read the same), or undefined when unset or unreadable. @internal */
export function flagOf(v: unknown): boolean | undefined {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

/** A daemon.json list (a single string reads as a one-element list), trimmed, blanks dropped. @internal */
export function listOf(v: unknown): string[] {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return items.map((x) => String(x ?? '').trim()).filter((x) => x !== '');
}

/** A non-blank string setting, trimmed, or undefined. @internal */
export function textOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** A host file of a secure-daemon resource. @internal */
export interface DaemonFile {
  readonly path: string;
  readonly mode: unknown;
  readonly owner: unknown;
}

/** The host files of a secure-daemon resource, paths normalised. @internal */
export function filesOf(r: CheckedResource): DaemonFile[] {
  const files = Array.isArray(r.attributes.files) ? (r.attributes.files as Array<{ [k: string]: unknown }>) : [];
  return files.filter((f) => f && typeof f === 'object').map((f) => ({ path: normalize.path(f.path), mode: f.mode, owner: f.owner }));
}

/** An octal file mode (`0644`, `644`, `0o644`; a number is read as its octal digits), or undefined when unreadable. */
function parseMode(mode: unknown): number | undefined {
  const text = typeof mode === 'number' && Number.isInteger(mode) ? String(mode) : typeof mode === 'string' ? mode.trim() : '';
  const m = /^(?:0o)?([0-7]{1,4})$/i.exec(text);
  return m ? parseInt(m[1], 8) : undefined;
}

/** Whether `mode` grants a permission bit (special bits included) that `allowed` does not. */
const exceeds = (mode: number, allowed: number) =>
  Array.from({ length: 12 }, (_, i) => 2 ** i).some((bit) => Math.floor(mode / bit) % 2 === 1 && Math.floor(allowed / bit) % 2 === 0);

const octal = (n: number) => `0${n.toString(8).padStart(3, '0')}`;

/**
 * What is wrong with a file's mode and owner against `allowed` (the most a
 * mode may grant, e.g. 0o444) and root:root, with the CIS ids of each check;
 * empty when the file complies.
 *
 * @internal
 */
export function fileProblems(f: DaemonFile, allowed: number, cisMode: string, cisOwner: string): string[] {
  const problems: string[] = [];
  const mode = parseMode(f.mode);
  if (mode === undefined) {
    problems.push(`mode ${JSON.stringify(f.mode ?? null)} is not an octal mode, expected ${octal(allowed)} or stricter (${cisMode})`);
  } else if (exceeds(mode, allowed)) {
    problems.push(`mode ${octal(mode)}, expected ${octal(allowed)} or stricter (${cisMode})`);
  }
  const owner = typeof f.owner === 'string' ? f.owner.trim() : '';
  if (owner !== 'root:root' && owner !== '0:0') {
    problems.push(`owner ${JSON.stringify(f.owner ?? null)}, expected root:root (${cisOwner})`);
  }
  return problems;
}
