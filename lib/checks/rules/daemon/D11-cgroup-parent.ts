import { settingsOf, textOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** A daemon-wide custom cgroup parent (CIS 2.10). */
export const D11CgroupParent: HardeningRule = {
  id: 'HD-D11',
  title: 'Custom default cgroup parent',
  cis: ['CIS 2.10'],
  sources: ['docker-bench 2.10'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'cgroup-parent moves every container under a cgroup the configuration names: that parent\'s limits and accounting ' +
    '(possibly shared with host services, or none) then apply instead of the ones Docker manages.',
  fix: 'Remove cgroup-parent from daemon.json (SecureDaemon never sets it).',
  check: (r) => {
    const parent = textOf(settingsOf(r)['cgroup-parent']);
    return parent === undefined ? [] : [{ message: `cgroup-parent = "${parent}"` }];
  },
};
