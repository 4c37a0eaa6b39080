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
    const m = /^\s*"?\s*([A-Za-z]+)(?:\s*=\s*|\s+)"?([^"]*?)"?\s*$/.exec(text);
    if (m) out.push({ key: m[1].toLowerCase(), value: m[2].trim().toLowerCase(), raw: raw.trim() });
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
  if (known && known.value.split(/\s+/).every((f) => f === '/dev/null' || f === 'none')) out.push({ what: 'UserKnownHostsFile', option: known });
  return out;
}

/** One option's effect, for refusing it at construction (any occurrence counts there). @internal */
export function disabledHostKeyCheck(o: SshOption): 'StrictHostKeyChecking' | 'UserKnownHostsFile' | undefined {
  return disabledHostKeyChecks([o])[0]?.what;
}
