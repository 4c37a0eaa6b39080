import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** A container placed under a custom cgroup parent (CIS 5.25). */
export const C20CgroupParent: HardeningRule = {
  id: 'HD-C20',
  title: 'Custom cgroup parent',
  cis: ['CIS 5.25'],
  sources: ['KICS 4d9f44c6'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'cgroup_parent moves the container out of Docker\'s cgroup into one the configuration names: the limits and accounting ' +
    'of that parent (possibly shared with host services, or with none) then apply instead of the ones the daemon manages.',
  fix: 'Remove cgroup_parent from the docker_container (HardenedContainer never sets it).',
  check: (r) => {
    const parent = r.attributes.cgroup_parent;
    return typeof parent === 'string' && parent.trim() !== '' ? [{ message: `cgroup_parent = "${parent.trim()}"` }] : [];
  },
};
