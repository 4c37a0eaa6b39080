import { customSeccompProfiles } from './seccomp-profiles';
import { seccompFindingId } from '../../../core/finding-ids';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/**
 * A custom seccomp profile REPLACES Docker's default one. The literature's
 * "allow everything, deny a few" profile is far weaker than the default it
 * replaced: everything the default denies (mount, unshare, bpf, keyctl, …)
 * becomes callable.
 */
export const C31SeccompAllowByDefault: HardeningRule = {
  id: 'HD-C31',
  title: 'Custom seccomp profile allows by default',
  cis: ['CIS 5.22'],
  sources: ['catalogue: custom profiles weaker than Docker\'s default'],
  threats: [Threat.KERNEL_EXPLOIT, Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'A custom seccomp profile replaces Docker\'s default profile entirely; with defaultAction allow, every system call ' +
    'the default denies is callable again, whatever the short deny list says.',
  fix: 'Use SeccompProfile.dockerDefaultMinus([...]) to deny more than the default, or SeccompProfile.allowList([...]); ' +
    'SeccompProfile.allowByDefault() needs a justified opt-out and is reported as an accepted risk.',
  check: (r) => customSeccompProfiles(normalize.securityOpts(r.attributes.security_opts))
    .filter((p) => p.allowsByDefault && p.denied.length > 0) // an allow-all profile without denials is HD-C03
    .map((p) => ({
      findingId: seccompFindingId(p.json),
      message: `the seccomp profile allows by default and denies only ${p.denied.join(', ')}; it re-allows ` +
        `${p.reallowed.slice(0, 12).join(', ')}${p.reallowed.length > 12 ? ` and ${p.reallowed.length - 12} more` : ''}, which Docker's default denies`,
    })),
};
