import { customSeccompProfiles } from './seccomp-profiles';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** A deny-by-default custom profile that still allows syscalls Docker's default denies or only allows conditionally. */
export const C32SeccompReallows: HardeningRule = {
  id: 'HD-C32',
  title: 'Custom seccomp profile allows system calls Docker\'s default denies',
  cis: ['CIS 5.22'],
  sources: ['catalogue: custom profiles weaker than Docker\'s default'],
  threats: [Threat.KERNEL_EXPLOIT, Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'Docker\'s default profile denies system calls such as mount, unshare, setns, bpf, keyctl and ptrace, or allows them ' +
    'only with a capability; a custom profile that allows them unconditionally is weaker there than the default it replaces.',
  fix: 'Remove those names from the allow list (SeccompProfile.allowList), or start from SeccompProfile.dockerDefaultMinus().',
  check: (r) => customSeccompProfiles(normalize.securityOpts(r.attributes.security_opts))
    .filter((p) => !p.allowsByDefault)
    .flatMap((p) => p.reallowed.map((name) => ({ findingId: name, message: `the custom seccomp profile allows ${name} unconditionally` }))),
};
