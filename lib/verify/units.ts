/**
 * Parsing and display of the sizes and values `verify` compares.
 *
 * @internal
 */

const BINARY_UNITS: Array<[string, number]> = [
  ['TiB', 1024 ** 4],
  ['GiB', 1024 ** 3],
  ['MiB', 1024 ** 2],
  ['KiB', 1024],
];

/** `268435456` -> `256 MiB`, `1610612736` -> `1.5 GiB`, `100` -> `100 B`. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of BINARY_UNITS) {
    if (bytes >= size) return `${trim(bytes / size)} ${unit}`;
  }
  return `${bytes} B`;
}

/**
 * A size with an optional binary suffix as the kernel (tmpfs `size=`) and
 * Docker's log options (`max-size`) read it: `64k`, `10m`, `1g`, `4096`.
 * Returns undefined for anything else (e.g. a percentage of RAM).
 */
export function parseSuffixedSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([kmgtpe]?)b?$/i.exec(text.trim());
  if (!m) return undefined;
  const power = ' kmgtpe'.indexOf((m[2] || ' ').toLowerCase());
  return Math.round(Number(m[1]) * 1024 ** power);
}

/** A number of CPUs, e.g. `1 CPU`, `0.75 CPU`. */
export function formatCpus(cpus: number | undefined): string {
  return cpus === undefined ? 'unlimited' : `${trim(cpus)} CPU`;
}

/** A value in a message: strings quoted only when empty, lists joined. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return 'not set';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map((v) => show(v)).join(', ')}]`;
  if (typeof value === 'string') return value === '' ? '""' : truncate(value);
  if (typeof value === 'object') return truncate(JSON.stringify(value));
  return String(value);
}

/** Long values (e.g. an inline seccomp profile) are cut for messages. */
export function truncate(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `sha256:0123456789ab…` -> `sha256:0123456789ab`. */
export function shortId(id: string): string {
  const m = /^(sha256:)?([0-9a-f]{12})[0-9a-f]{52}$/.exec(id);
  return m ? `${m[1] ?? ''}${m[2]}` : id;
}

function trim(n: number): string {
  return String(Number(n.toFixed(5)));
}
