import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/**
 * `apparmor=<name>` runs the container under whatever profile of that name the
 * host has loaded (moby daemon/oci_linux.go v28.5.2 L124-150: the value is used
 * verbatim). Its content is not in the configuration, unless the library
 * rendered it (AppArmorProfile), and a profile loaded with
 * `flags=(unconfined)` confines nothing.
 */
export const C34AppArmorProfileUnverified: HardeningRule = {
  id: 'HD-C34',
  title: 'AppArmor profile not in the configuration',
  cis: ['CIS 5.2'],
  sources: ['catalogue extension: security_opts apparmor=<host profile>'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'apparmor=<name> makes the engine apply the host\'s profile of that name, whatever it contains: a profile that the ' +
    'host loaded in complain mode or with flags=(unconfined) (several distributions ship such profiles, lxc-container-default-' +
    'with-nesting allows mounts) confines nothing, and the configuration cannot show which. docker-default is the engine\'s own; ' +
    'profiles rendered by the library (AppArmorProfile) are checked with their content.',
  fix: 'Render the profile with AppArmorProfile and give it to HardenedContainer apparmorProfile, or drop the option so that ' +
    'docker-default applies; once the host profile is reviewed, suppress HD-C34 for it with the reason.',
  check: (r, stack) => {
    const rendered = stack.libraryAppArmorProfiles ?? [];
    return normalize.securityOpts(r.attributes.security_opts)
      .filter((o) => o.key === 'apparmor')
      .map((o) => o.value.trim())
      .filter((name) => name !== '' && name !== 'docker-default' && name.toLowerCase() !== 'unconfined' && !rendered.includes(name))
      .map((name) => ({ findingId: name, message: `security_opts apparmor=${name} applies the host's profile of that name, whose content the checks cannot see` }));
  },
};
