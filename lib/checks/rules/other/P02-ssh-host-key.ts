import { disabledHostKeyChecks, parseSshOptions } from '../../../core/ssh-options';
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
    'spellings are all read, clustered flags (-qo…) included; as in ssh, the first value of a keyword wins (options given here ' +
    'come before any configuration file ssh reads).',
  fix: 'Remove StrictHostKeyChecking=no / UserKnownHostsFile=/dev/null from the provider\'s ssh_opts and put the daemon host\'s key ' +
    'into known_hosts (SshDockerHost).',
  check: (r) => {
    const findings = [];
    const options = parseSshOptions(r.attributes.ssh_opts);
    for (const { what, option } of disabledHostKeyChecks(options)) {
      findings.push({
        findingId: what,
        message: what === 'StrictHostKeyChecking' ? `ssh_opts contains "${option.raw}": any host key is accepted`
          : `ssh_opts contains "${option.raw}": no host key is ever known, so none can be verified`,
      });
    }
    return findings;
  },
};
