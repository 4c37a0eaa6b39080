import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** A privileged container has every capability, every device and no seccomp/AppArmor confinement. */
export const C01Privileged: HardeningRule = {
  id: 'HD-C01',
  title: 'Container runs privileged',
  cis: ['CIS 5.5'],
  sources: ['KICS ae5b6871'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.KERNEL_EXPLOIT],
  level: 'error',
  resourceTypes: ['docker_container'],
  suppressible: false,
  explanation: 'privileged = true gives the container every capability and every host device and lifts seccomp and AppArmor: ' +
    'root in the container is root on the host.',
  fix: 'Remove privileged (HardenedContainer has no such prop); add back only the capability that is needed.',
  check: (r) => (normalize.bool(r.attributes.privileged) ? [{ message: 'privileged = true' }] : []),
};
