import * as path from 'path';

const posix = path.posix;

/** One ssh `-o` option as ssh reads it: keyword and value lower-cased, and the text as written. @internal */
export interface SshOption {
  readonly key: string;
  readonly value: string;
  readonly raw: string;
}

/** ssh's flags without an argument and with one (openssh-portable ssh.c L704-705, the getopt string). */
const FLAGS = '1246ACGKMNTVXYZafgknqstvxy';
const WITH_ARGUMENT = 'BDEFIJLOPQRSWbcelimopw';

/**
 * ssh options as `keyword value` pairs, parsed as ssh parses its argv (each list element is one argument):
 * getopt with clustered flags (`-qoStrictHostKeyChecking=no`), `-o Key=Value`, `-oKey=Value`, `-o "Key Value"`;
 * the config line is split on whitespace or one `=` (misc.c strdelim) and keywords are case-insensitive
 * (readconf.c lowercase(keyword)). A bare `Key=Value` element is not an ssh option (getopt would take it as the
 * host), but it is read as one here, the cautious way.
 *
 * @internal
 */
export function parseSshOptions(opts: unknown): SshOption[] {
  const args = Array.isArray(opts) ? opts.filter((o): o is string => typeof o === 'string') : [];
  const out: SshOption[] = [];
  const line = (text: string, raw: string) => {
    // readconf.c: the keyword, then `=` or blanks; the rest split as argv_split does (quotes, escapes, # comments)
    const words = sshWords(text);
    if (words.length === 0) return;
    let [keyword, ...rest] = words;
    const eq = keyword.indexOf('=');
    if (eq >= 0) {
      rest = [keyword.slice(eq + 1), ...rest].filter((w) => w !== '');
      keyword = keyword.slice(0, eq);
    } else if (rest[0] === '=') {rest = rest.slice(1);} else if (rest[0]?.startsWith('=')) {rest = [rest[0].slice(1), ...rest.slice(1)].filter((w) => w !== '');}
    if (!/^[A-Za-z]+$/.test(keyword)) return;
    out.push({ key: keyword.toLowerCase(), value: rest.join(' ').toLowerCase(), raw: raw.trim() });
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i].trim();
    if (arg.startsWith('-') && arg !== '-' && arg !== '--') {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j];
        if (FLAGS.includes(c)) continue;
        if (!WITH_ARGUMENT.includes(c)) break; // ssh refuses an unknown flag
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i] ?? '';
        if (c === 'o') line(value, value);
        break;
      }
    } else if (/^[A-Za-z]+\s*[= ]/.test(arg)) {
      line(arg, arg);
    }
  }
  return out;
}

/**
 * A configuration line split into words as OpenSSH's argv_split does (misc.c): blanks separate words, single and
 * double quotes group and are removed (also inside a word: `n""o` is `no`), a backslash escapes the next
 * character, and a word starting with `#` ends the line (a comment).
 *
 * @internal
 */
export function sshWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
      continue;
    }
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      continue;
    }
    if (word === undefined && c === '#') break;
    word ??= '';
    if (c === '"' || c === "'") quote = c;
    else if (c === '\\' && i + 1 < text.length) word += text[++i];
    else word += c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * Which host-key protection the options switch off, as ssh applies them: the FIRST value of a keyword wins
 * (readconf.c L1119-1122, command-line options before config files). `StrictHostKeyChecking` no/off/false
 * (readconf.c L1009-1018, compared case-insensitively) accepts any host key; `UserKnownHostsFile` /dev/null
 * or none means no key is ever known. @internal
 */
export function disabledHostKeyChecks(options: SshOption[]): Array<{ what: 'StrictHostKeyChecking' | 'UserKnownHostsFile'; option: SshOption }> {
  const first = (key: string) => options.find((o) => o.key === key);
  const out: Array<{ what: 'StrictHostKeyChecking' | 'UserKnownHostsFile'; option: SshOption }> = [];
  const strict = first('stricthostkeychecking');
  if (strict && ['no', 'off', 'false'].includes(strict.value)) out.push({ what: 'StrictHostKeyChecking', option: strict });
  const known = first('userknownhostsfile');
  // any spelling of /dev/null (/dev/./null, //dev/null) is the same empty file
  const empty = (f: string) => f === 'none' || (f.startsWith('/') && posix.normalize(f).replace(/^\/+/, '/') === '/dev/null');
  if (known && known.value.split(/\s+/).every(empty)) out.push({ what: 'UserKnownHostsFile', option: known });
  return out;
}

/** One option's effect, for refusing it at construction (any occurrence counts there). @internal */
export function disabledHostKeyCheck(o: SshOption): 'StrictHostKeyChecking' | 'UserKnownHostsFile' | undefined {
  return disabledHostKeyChecks([o])[0]?.what;
}
