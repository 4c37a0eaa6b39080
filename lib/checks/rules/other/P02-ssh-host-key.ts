import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** ssh options as `keyword value` pairs, from `-o Key=Value`, `-oKey=Value`, `-o "Key Value"` spellings. */
function sshOptions(opts: unknown): Array<{ key: string; value: string; raw: string }> {
  const args = Array.isArray(opts) ? opts.map((o) => String(o)) : [];
  const out: Array<{ key: string; value: string; raw: string }> = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i].trim();
    let text: string | undefined;
    if (arg === '-o') text = args[++i];
    else if (arg.startsWith('-o')) text = arg.slice(2);
    else if (/^[A-Za-z]+\s*[= ]/.test(arg)) text = arg; // an option without its -o, as some configurations pass it
    if (text === undefined) continue;
    const m = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*"?([^"]*?)"?\s*$/.exec(text);
    if (m) out.push({ key: m[1].toLowerCase(), value: m[2].trim().toLowerCase(), raw: text.trim() });
  }
  return out;
}

/** A Docker provider reaching the daemon over ssh without checking the host key. */
export const P02SshHostKey: HardeningRule = {
  id: 'HD-P02',
  title: 'Docker provider does not verify the ssh host key',
  cis: [],
  sources: ['catalogue extension: provider ssh_opts'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'warning',
  resourceTypes: ['provider.docker'],
  suppressible: true,
  explanation: 'The ssh connection carries full control of the Docker daemon. With StrictHostKeyChecking=no (or off), or with an ' +
    'empty known-hosts file (UserKnownHostsFile=/dev/null), ssh accepts any host key, so a man in the middle gets the session and ' +
    'can run containers as it pleases. ssh keywords and these values are case-insensitive, and "-o", "-oKey=value" and "Key value" ' +
    'spellings are all read.',
  fix: 'Remove StrictHostKeyChecking=no / UserKnownHostsFile=/dev/null from the provider\'s ssh_opts and put the daemon host\'s key ' +
    'into known_hosts (SshDockerHost).',
  check: (r) => {
    const findings = [];
    for (const o of sshOptions(r.attributes.ssh_opts)) {
      if (o.key === 'stricthostkeychecking' && (o.value === 'no' || o.value === 'off')) {
        findings.push({ findingId: 'StrictHostKeyChecking', message: `ssh_opts contains "${o.raw}": any host key is accepted` });
      }
      if (o.key === 'userknownhostsfile' && o.value.split(/\s+/).every((f) => f === '/dev/null' || f === 'none')) {
        findings.push({ findingId: 'UserKnownHostsFile', message: `ssh_opts contains "${o.raw}": no host key is ever known, so none can be verified` });
      }
    }
    return findings;
  },
};
