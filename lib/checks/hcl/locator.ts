/**
 * Where the top-level blocks of Terraform files start, for the `check` command's finding locations: hcl2json gives
 * no positions, so HCL files are scanned here (comments, quoted templates with nested interpolations, and heredocs
 * are skipped, so that a `resource "x" "y" {` inside a string or a comment is never taken for a block); JSON files
 * are tokenized and every value's line recorded under its key path.
 *
 * @internal
 */

/** A top-level block of an HCL file: its type (`resource`), its labels, and the 1-based line and column of its type. */
export interface HclBlockHeader {
  readonly type: string;
  readonly labels: string[];
  readonly line: number;
  readonly column: number;
}

/**
 * The top-level blocks of an HCL file, in order. Never throws: text it cannot scan ends the scan (the file was
 * parsed by hcl2json already, which reports syntax errors).
 */
export function scanHclBlocks(text: string): HclBlockHeader[] {
  const s = new Scanner(text);
  const out: HclBlockHeader[] = [];
  let header: { type: string; labels: string[]; line: number; column: number } | undefined;
  let headerLine = -1;
  while (!s.done()) {
    s.skipBlanksAndComments();
    if (s.done()) break;
    const c = s.peek();
    const line = s.line;
    const column = s.column;
    if (c === '\n') {
      s.next();
      header = undefined;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const word = s.identifier();
      if (!header) {
        header = { type: word, labels: [], line, column };
        headerLine = line;
      } else if (line === headerLine) {
        header.labels.push(word); // a bare identifier label (`resource docker_container web {` is valid HCL)
      } else {
        header = undefined;
      }
      continue;
    }
    if (c === '"') {
      const literal = s.quoted();
      if (header && line === headerLine && literal !== undefined) header.labels.push(literal);
      else header = undefined;
      continue;
    }
    if (c === '{') {
      if (header && line === headerLine) out.push(header);
      header = undefined;
      s.next();
      s.skipBalanced('}');
      continue;
    }
    // `=` (a top-level attribute, which Terraform rejects) and anything else: skip its expression to the end of the line
    header = undefined;
    s.skipExpressionToLineEnd();
  }
  return out;
}

class Scanner {
  public line = 1;
  public column = 1;
  private i = 0;

  public constructor(private readonly text: string) {}

  public done(): boolean {
    return this.i >= this.text.length;
  }

  public peek(offset = 0): string {
    return this.text[this.i + offset] ?? '';
  }

  public next(): string {
    const c = this.text[this.i++] ?? '';
    if (c === '\n') {
      this.line++;
      this.column = 1;
    } else {
      this.column++;
    }
    return c;
  }

  public identifier(): string {
    let word = '';
    while (!this.done() && /[A-Za-z0-9_-]/.test(this.peek())) word += this.next();
    return word;
  }

  /** Blanks (not newlines) and comments; a `#` or `//` comment stops before its newline. */
  public skipBlanksAndComments(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
        this.next();
      } else if (c === '#' || (c === '/' && this.peek(1) === '/')) {
        while (!this.done() && this.peek() !== '\n') this.next();
      } else if (c === '/' && this.peek(1) === '*') {
        this.next();
        this.next();
        while (!this.done() && !(this.peek() === '*' && this.peek(1) === '/')) this.next();
        this.next();
        this.next();
      } else {
        return;
      }
    }
  }

  /** A quoted template from its opening quote: its text when it has no interpolation (a block label), else undefined. */
  public quoted(): string | undefined {
    this.next();
    let text = '';
    let plain = true;
    while (!this.done()) {
      const c = this.peek();
      if (c === '"') {
        this.next();
        return plain ? text : undefined;
      }
      if (c === '\n') return undefined; // Terraform rejects an unterminated string; stop at the line
      if (c === '\\') {
        this.next();
        text += this.next();
        continue;
      }
      if ((c === '$' || c === '%') && this.peek(1) === c && this.peek(2) === '{') {
        text += this.next() + this.next() + this.next();
        continue;
      }
      if ((c === '$' || c === '%') && this.peek(1) === '{') {
        plain = false;
        this.next();
        this.next();
        this.skipBalanced('}');
        continue;
      }
      text += this.next();
    }
    return undefined;
  }

  /**
   * Skips to the `close` that balances an opening already consumed, over nested braces, brackets, strings, heredocs
   * and comments.
   */
  public skipBalanced(close: string): void {
    const stack = [close];
    while (!this.done() && stack.length > 0) {
      this.skipBlanksAndComments();
      const c = this.peek();
      if (c === '') return;
      if (c === '"') {
        this.quoted();
      } else if (c === '<' && this.peek(1) === '<' && this.heredoc()) {
        // consumed
      } else if (c === '{' || c === '[' || c === '(') {
        this.next();
        stack.push(c === '{' ? '}' : c === '[' ? ']' : ')');
      } else if (c === stack[stack.length - 1]) {
        this.next();
        stack.pop();
      } else {
        this.next();
      }
    }
  }

  /** A top-level attribute's expression, up to the newline that is not inside brackets, a string or a heredoc. */
  public skipExpressionToLineEnd(): void {
    while (!this.done()) {
      this.skipBlanksAndComments();
      const c = this.peek();
      if (c === '\n' || c === '') return;
      if (c === '"') {
        this.quoted();
      } else if (c === '<' && this.peek(1) === '<' && this.heredoc()) {
        // consumed
      } else if (c === '{' || c === '[' || c === '(') {
        this.next();
        this.skipBalanced(c === '{' ? '}' : c === '[' ? ']' : ')');
      } else {
        this.next();
      }
    }
  }

  /** A heredoc (`<<EOT` or `<<-EOT` to its closing line), if one starts here. */
  private heredoc(): boolean {
    const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(this.text.slice(this.i, this.i + 200));
    if (!m) return false;
    for (let k = 0; k < m[0].length; k++) this.next();
    while (!this.done()) {
      let lineText = '';
      while (!this.done() && this.peek() !== '\n') lineText += this.next();
      if (lineText.trim() === m[1]) return true;
      this.next();
    }
    return true;
  }
}

/**
 * The 1-based line of every value of a JSON text, by its path (object keys and array indices joined by `\u0000`): the
 * line of the key for an object member, of the value's first character for an array element. The root is `''`.
 * Any formatting; undefined for text that is not JSON.
 */
export function jsonValueLines(text: string): Map<string, number> | undefined {
  return scanJson(text)?.lines;
}

/** A JSON object key that JSON.parse does not read as Terraform reads it (see `jsonKeyProblem`). */
export interface JsonKeyProblem {
  readonly kind: 'duplicate' | 'proto';
  /** The path of the object holding the key. */
  readonly path: string[];
  readonly key: string;
  /** The 1-based line of the key. */
  readonly line: number;
}

/**
 * The first object key of a JSON text that `JSON.parse` would read differently from Terraform: a key repeated in one
 * object (JSON.parse keeps the last value only, while HCL's JSON syntax reads every `resource`, `locals`, … property
 * as more blocks, and rejects a repeated argument), or `__proto__` (a valid Terraform name that JavaScript objects
 * built by assignment turn into a prototype, so that its block disappears). Undefined when there is none, or for text
 * that is not JSON.
 */
export function jsonKeyProblem(text: string): JsonKeyProblem | undefined {
  return scanJson(text)?.problem;
}

function scanJson(text: string): { lines: Map<string, number>; problem?: JsonKeyProblem } | undefined {
  const lines = new Map<string, number>();
  let problem: JsonKeyProblem | undefined;
  let i = 0;
  let line = 1;
  const blank = () => {
    while (i < text.length && /[\s\uFEFF]/.test(text[i])) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (pathKey: string, at: number): void => {
    blank();
    if (!lines.has(pathKey)) lines.set(pathKey, at);
    const c = text[i];
    if (c === '{') {
      i++;
      blank();
      if (text[i] === '}') {
        i++;
        return;
      }
      const keys = new Set<string>();
      for (;;) {
        blank();
        const keyLine = line;
        if (text[i] !== '"') throw new Error('key');
        const key = string();
        if (!problem && (keys.has(key) || key === '__proto__')) {
          problem = { kind: keys.has(key) ? 'duplicate' : 'proto', path: pathKey === '' ? [] : pathKey.split('\u0000'), key, line: keyLine };
        }
        keys.add(key);
        blank();
        if (text[i++] !== ':') throw new Error('colon');
        blank();
        value(pathKey === '' ? key : `${pathKey}\u0000${key}`, keyLine);
        blank();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i++] !== '}') throw new Error('object');
        return;
      }
    }
    if (c === '[') {
      i++;
      blank();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        blank();
        value(pathKey === '' ? String(n) : `${pathKey}\u0000${n}`, line);
        blank();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i++] !== ']') throw new Error('array');
        return;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!m) throw new Error('value');
    i += m[0].length;
  };
  try {
    blank();
    value('', line);
    return { lines, problem };
  } catch {
    return undefined;
  }
}

/** The key of a JSON path in `jsonValueLines`' map. */
export function jsonPathKey(path: ReadonlyArray<string | number>): string {
  return path.map(String).join('\u0000');
}
