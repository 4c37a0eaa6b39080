/** One ssh `-o` option as ssh reads it: keyword and value lower-cased, and the text as written. @internal */
export interface SshOption {
  readonly key: string;
  readonly value: string;
  readonly raw: string;
}

/**
 * ssh options as `keyword value` pairs, from every spelling ssh reads: `-o Key=Value`, `-oKey=Value`,
 * `-o "Key Value"`, and a bare `Key=Value` as some configurations pass it. Keywords and the values
 * checked here are case-insensitive in ssh.
 *
 * @internal
 */
export function parseSshOptions(opts: unknown): SshOption[] {
  const args = Array.isArray(opts) ? opts.map((o) => String(o)) : [];
  const out: SshOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i].trim();
    let text: string | undefined;
    if (arg === '-o') text = args[++i];
    else if (arg.startsWith('-o')) text = arg.slice(2);
    else if (/^[A-Za-z]+\s*[= ]/.test(arg)) text = arg;
    if (text === undefined) continue;
    const m = /^\s*"?\s*([A-Za-z]+)\s*(?:=|\s)\s*"?([^"]*?)"?\s*$/.exec(text);
    if (m) out.push({ key: m[1].toLowerCase(), value: m[2].trim().toLowerCase(), raw: text.trim() });
  }
  return out;
}

/**
 * Which host-key protection an option switches off: `StrictHostKeyChecking` no/off (any host key is
 * accepted) or `UserKnownHostsFile` /dev/null or none (no key is ever known). @internal
 */
export function disabledHostKeyCheck(o: SshOption): 'StrictHostKeyChecking' | 'UserKnownHostsFile' | undefined {
  if (o.key === 'stricthostkeychecking' && (o.value === 'no' || o.value === 'off')) return 'StrictHostKeyChecking';
  if (o.key === 'userknownhostsfile' && o.value.split(/\s+/).every((f) => f === '/dev/null' || f === 'none')) return 'UserKnownHostsFile';
  return undefined;
}
