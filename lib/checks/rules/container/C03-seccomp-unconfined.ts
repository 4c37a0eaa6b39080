import { decodeSeccompProfile, inlineProfileText } from './seccomp-profiles';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';

/** A security option value with surrounding quotes and blanks removed, for comparison. */
export function bareValue(value: string): string {
  return value.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
}

/** seccomp filters the system calls a container may make; unconfined opens the whole kernel API. */
export const C03SeccompUnconfined: HardeningRule = {
  id: 'HD-C03',
  title: 'seccomp disabled',
  cis: ['CIS 5.22'],
  sources: ['KICS 404fde2c'],
  threats: [Threat.KERNEL_EXPLOIT, Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container'],
  suppressible: false,
  explanation: 'Docker\'s default seccomp profile blocks about 50 system calls (kexec_load, open_by_handle_at, bpf, keyctl, ' +
    'unshare of user namespaces, …) that most kernel container escapes rely on. seccomp=unconfined, in either the `=` or the ' +
    'deprecated `:` spelling, a profile that allows every call, or one with neither a default action nor syscall rules (`{}`, ' +
    '`null`: the engine then installs no filter) removes that filter. Profiles are read as Go\'s encoding/json reads them: keys in ' +
    'any case, the last duplicate wins.',
  fix: 'Remove the seccomp option (HardenedContainer never emits one, so the engine default applies; an escape-hatch override ' +
    'must go). If a workload needs an extra system call, pass a custom profile that adds only it: security_opts ' +
    '"seccomp=${file("profile.json")}" (the API expects the JSON content, not a path).',
  check: (r) => {
    const out: RuleFinding[] = [];
    for (const o of normalize.securityOpts(r.attributes.security_opts)) {
      if (o.key !== 'seccomp') continue;
      const value = bareValue(o.value);
      const json = inlineProfileText(o.value);
      const profile = json === undefined ? undefined : decodeSeccompProfile(json);
      if (value.toLowerCase() === 'unconfined') {
        out.push({ findingId: 'unconfined', message: `security_opts "${o.raw}" disables seccomp` });
      } else if (profile?.noFilter) {
        out.push({ findingId: 'no-filter-profile', message: 'security_opts seccomp profile has neither a default action nor syscall rules, so the engine installs no filter at all' });
      } else if (profile?.allowsEverything) {
        out.push({ findingId: 'allow-all-profile', message: 'security_opts seccomp profile allows every system call (defaultAction allow, no denying rule)' });
      }
    }
    return out;
  },
};
