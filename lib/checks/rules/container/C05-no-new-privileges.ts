import { bareValue } from './C03-seccomp-unconfined';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** Go `strconv.ParseBool`, which the daemon uses for `no-new-privileges=<bool>`. */
const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];

/** no-new-privileges stops setuid binaries and file capabilities from raising privileges. */
export const C05NoNewPrivileges: HardeningRule = {
  id: 'HD-C05',
  title: 'no-new-privileges not set',
  cis: ['CIS 5.26'],
  sources: ['KICS 27fcc7d6', 'KICS 610e266e (security_opt missing: a container without no-new-privileges has none of ours)'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'Without no-new-privileges a process can gain privileges through setuid/setgid binaries and file capabilities ' +
    '(su, sudo, ping, a planted setuid shell), which turns a non-root compromise into root in the container. The option must be ' +
    'set on the container: a daemon-wide default (CIS 2.14) is invisible to the configuration and to another host.',
  fix: 'HardenedContainer sets no-new-privileges by default (opt-out: optOuts.privilegeEscalation, with a justification). ' +
    'On a raw Container add "no-new-privileges" (or "no-new-privileges=true") to securityOpts and remove any "=false".',
  check: (r) => {
    const opts = normalize.securityOpts(r.attributes.security_opts).filter((o) => o.key === 'no-new-privileges');
    const exact = (raw: string) => raw.trim().startsWith('no-new-privileges');
    const enabled = opts.filter((o) => exact(o.raw) && GO_TRUE.includes(bareValue(o.value)));
    const other = opts.filter((o) => !enabled.includes(o));
    if (other.length > 0) {
      return [{ message: `security_opts ${other.map((o) => `"${o.raw}"`).join(', ')} ${enabled.length > 0 ? 'contradicts' : 'does not enable'} no-new-privileges` }];
    }
    return enabled.length > 0 ? [] : [{ message: 'security_opts does not contain no-new-privileges' }];
  },
};
