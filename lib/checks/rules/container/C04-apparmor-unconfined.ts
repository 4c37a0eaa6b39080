import { bareValue } from './C03-seccomp-unconfined';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** AppArmor's docker-default profile denies mounts, /proc and /sys writes; unconfined lifts it. */
export const C04AppArmorUnconfined: HardeningRule = {
  id: 'HD-C04',
  title: 'AppArmor disabled',
  cis: ['CIS 5.2'],
  sources: ['docker-bench 5.2'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container'],
  suppressible: false,
  explanation: 'On AppArmor hosts the docker-default profile denies mount(2), writes to most of /proc and /sys and ptrace of ' +
    'other profiles: it stops several breakouts that capabilities alone do not. apparmor=unconfined (or the deprecated ' +
    'apparmor:unconfined) runs the container without any profile.',
  fix: 'Remove the apparmor option (HardenedContainer never emits one, so docker-default applies; an escape-hatch override must ' +
    'go). If the workload needs more, load a custom profile on the host and name it: security_opts "apparmor=<profile>".',
  check: (r) => normalize.securityOpts(r.attributes.security_opts)
    .filter((o) => o.key === 'apparmor' && bareValue(o.value).toLowerCase() === 'unconfined')
    .map((o) => ({ message: `security_opts "${o.raw}" runs the container without an AppArmor profile` })),
};
