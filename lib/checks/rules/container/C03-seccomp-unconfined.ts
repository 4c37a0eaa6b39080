import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';

/** Actions that let a system call through. */
const ALLOWING = ['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG'];

/** A security option value with surrounding quotes and blanks removed, for comparison. */
export function bareValue(value: string): string {
  return value.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
}

/** Whether a seccomp profile (JSON content) lets every system call through: unconfined under another name. */
function allowsEverything(profile: string): boolean {
  let p: any;
  try {
    p = JSON.parse(profile);
  } catch {
    return false;
  }
  if (!p || typeof p !== 'object' || !ALLOWING.includes(String(p.defaultAction ?? '').toUpperCase())) return false;
  const rules: any[] = Array.isArray(p.syscalls) ? p.syscalls : [];
  return rules.every((s) => s && ALLOWING.includes(String(s.action ?? '').toUpperCase()));
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
    'deprecated `:` spelling, or a profile that allows every call removes that filter.',
  fix: 'Remove the seccomp option (HardenedContainer never emits one, so the engine default applies; an escape-hatch override ' +
    'must go). If a workload needs an extra system call, pass a custom profile that adds only it: security_opts ' +
    '"seccomp=${file("profile.json")}" (the API expects the JSON content, not a path).',
  check: (r) => {
    const out: RuleFinding[] = [];
    for (const o of normalize.securityOpts(r.attributes.security_opts)) {
      if (o.key !== 'seccomp') continue;
      const value = bareValue(o.value);
      if (value.toLowerCase() === 'unconfined') {
        out.push({ findingId: 'unconfined', message: `security_opts "${o.raw}" disables seccomp` });
      } else if (allowsEverything(value)) {
        out.push({ findingId: 'allow-all-profile', message: 'security_opts seccomp profile allows every system call (defaultAction allow, no denying rule)' });
      }
    }
    return out;
  },
};
