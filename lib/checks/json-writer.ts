import { closeSync, openSync, writeSync } from 'fs';

/**
 * An array whose items are built on demand while it is written, so that the
 * items (a SARIF result per finding, say) never all exist at once.
 *
 * @internal
 */
export class LazyArray {
  public constructor(public readonly length: number, public readonly item: (index: number) => unknown) {}

  /** JSON.stringify sees the plain array. */
  public toJSON(): unknown[] {
    return Array.from({ length: this.length }, (_, i) => this.item(i));
  }
}

const CHUNK = 65536;

/**
 * Writes `value` to `file` byte for byte as `${JSON.stringify(value, null, 2)}\n`
 * would (LazyArray written as an array), in 64 KiB chunks: at ten thousand
 * containers a report is tens of megabytes, and building it as one string (plus
 * the object tree behind it) was the largest single allocation of a checked synth.
 *
 * @internal
 */
export function writeJsonFile(file: string, value: unknown): void {
  const fd = openSync(file, 'w');
  let buffer = '';
  const put = (text: string) => {
    buffer += text;
    if (buffer.length >= CHUNK) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  const walk = (v: unknown, indent: string): void => {
    if (v === null || typeof v !== 'object') {
      // what JSON.stringify writes for a leaf inside an array (undefined and functions become null)
      put(JSON.stringify(v) ?? 'null');
      return;
    }
    const inner = `${indent}  `;
    if (v instanceof LazyArray || Array.isArray(v)) {
      const length = v.length;
      if (length === 0) {
        put('[]');
        return;
      }
      put('[\n');
      for (let i = 0; i < length; i++) {
        put(inner);
        walk(v instanceof LazyArray ? v.item(i) : v[i], inner);
        put(i < length - 1 ? ',\n' : '\n');
      }
      put(`${indent}]`);
      return;
    }
    const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol');
    if (entries.length === 0) {
      put('{}');
      return;
    }
    put('{\n');
    entries.forEach(([k, x], i) => {
      put(`${inner}${JSON.stringify(k)}: `);
      walk(x, inner);
      put(i < entries.length - 1 ? ',\n' : '\n');
    });
    put(`${indent}}`);
  };
  try {
    walk(value, '');
    put('\n');
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}

/** Writes lines joined by newlines (and a final newline) in chunks. @internal */
export function writeLinesFile(file: string, lines: Iterable<string>): void {
  const fd = openSync(file, 'w');
  let buffer = '';
  try {
    for (const line of lines) {
      buffer += `${line}\n`;
      if (buffer.length >= CHUNK) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}
