import { disabledHostKeyCheck, parseSshOptions } from '../../../core/ssh-options';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

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
    for (const o of parseSshOptions(r.attributes.ssh_opts)) {
      const off = disabledHostKeyCheck(o);
      if (off === 'StrictHostKeyChecking') {
        findings.push({ findingId: off, message: `ssh_opts contains "${o.raw}": any host key is accepted` });
      }
      if (off === 'UserKnownHostsFile') {
        findings.push({ findingId: off, message: `ssh_opts contains "${o.raw}": no host key is ever known, so none can be verified` });
      }
    }
    return findings;
  },
};
