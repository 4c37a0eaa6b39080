import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';
import { goParseBool } from '../other/N01-network-icc';

/** SELinux process types that run unconfined. */
const UNCONFINED_SELINUX_TYPES = ['spc_t', 'unconfined_t'];

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
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'systempaths=unconfined unmasks /proc/kcore, /proc/sysrq-trigger, /sys/firmware and the other paths Docker masks or ' +
    'makes read-only; label=disable (or an unconfined SELinux type such as spc_t) turns SELinux confinement off; writable-cgroups=true ' +
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
      else if (o.key === 'writable-cgroups' && goParseBool(o.value) !== false) id = 'writable-cgroups=true';
      if (id) findings.push({ findingId: id, message: `security_opts contains "${o.raw}"` });
    }
    return findings;
  },
};
