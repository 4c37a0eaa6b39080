import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';
import { goParseBool } from '../other/N01-network-icc';

/** SELinux process types that run unconfined. */
const UNCONFINED_SELINUX_TYPES = ['spc_t', 'unconfined_t'];

/**
 * Whether a `label=` value (go-selinux label.InitLabels: `type:`, `level:`, `user:`, `role:`, `filetype:`) takes
 * the container out of the separation the engine gives it: another process type than a confined container type,
 * another SELinux user or role, a level without MCS categories (`s0`) or with a range (`s0-s0:c0.c1023` dominates
 * every container's categories).
 */
function weakensLabels(value: string): boolean {
  const m = /^(type|level|user|role|filetype):(.*)$/.exec(value);
  if (!m) return false;
  const v = m[2].trim();
  // CIS 5.3 asks for SELinux options (a chosen level or type is how it is applied): only values that leave confinement count
  if (m[1] === 'type') return UNCONFINED_SELINUX_TYPES.includes(v) || /unconfined/.test(v) || ['container_runtime_t', 'kernel_t', 'init_t'].includes(v);
  // a range (low-high sensitivities, s0-s0:…) or every category dominates every container's MCS label
  if (m[1] === 'level') return /^s\d+(:[^-]*)?-s\d+/.test(v) || /c0\.c1023/.test(v);
  if (m[1] === 'user') return v === 'unconfined_u';
  if (m[1] === 'role') return v === 'unconfined_r' || v === 'sysadm_r';
  return false;
}

/**
 * Security options that lift a confinement other than seccomp and AppArmor:
 * masked/read-only /proc and /sys paths, SELinux labelling, read-only cgroups.
 */
export const C24ConfinementDisabled: HardeningRule = {
  id: 'HD-C24',
  title: 'Security option disables confinement',
  cis: ['CIS 5.3'],
  sources: ['catalogue extension: security_opts systempaths=unconfined, label=disable'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.KERNEL_EXPLOIT],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'systempaths=unconfined unmasks /proc/kcore, /proc/sysrq-trigger, /sys/firmware and the other paths Docker masks or ' +
    'makes read-only; label=disable (or bare `disable`, or an unconfined SELinux type such as spc_t, or unconfined_u/unconfined_r) ' +
    'turns SELinux confinement off, and a level range such as s0-s0:c0.c1023 dominates every container\'s MCS categories. Other ' +
    'label options are how CIS 5.3 applies SELinux and are not reported. writable-cgroups=true ' +
    'lets the container rewrite its own cgroup limits. Options are read like the daemon reads them: key=value or the deprecated ' +
    'key:value, any key case, booleans as Go\'s ParseBool.',
  fix: 'Remove the option from docker_container.security_opts (HardenedContainer emits only no-new-privileges).',
  check: (r) => {
    const findings = [];
    for (const o of normalize.securityOpts(r.attributes.security_opts)) {
      const value = o.value.toLowerCase();
      let id: string | undefined;
      if (o.key === 'systempaths' && value === 'unconfined') id = 'systempaths=unconfined';
      else if (o.key === 'label' && value === 'disable') id = 'label=disable';
      else if (o.key === 'label' && value.startsWith('type:') && UNCONFINED_SELINUX_TYPES.includes(value.slice(5).trim())) id = `label=${value}`;
      // selinux label.InitLabels (go-selinux label_linux.go L29-80): type, level, user, role and filetype replace the
      // labels the engine gives each container; a chosen level (or a range such as s0-s0:c0.c1023) drops the per-container
      // MCS categories that keep containers apart, a chosen type or role another domain
      else if (o.key === 'label' && weakensLabels(value)) id = `label=${value.slice(0, value.indexOf(':'))}`;
      else if (o.key === 'writable-cgroups' && goParseBool(o.value) !== false) id = 'writable-cgroups=true';
      const where = r.projectedFrom?.security_opts;
      if (id) findings.push({ findingId: id, message: where ? `${where} gives "${o.raw}"` : `security_opts contains "${o.raw}"` });
    }
    return findings;
  },
};
