import { parseUser } from '../../../container/user';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** Provider 3.6.2 cannot set pids_limit: every container fails CIS 5.29; an nproc ulimit is the partial mitigation. */
export const C17PidsLimit: HardeningRule = {
  id: 'HD-C17',
  title: 'PIDs limit cannot be set',
  cis: ['CIS 5.29'],
  sources: ['KICS 221e0658'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'info',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'Without a pids cgroup limit a fork bomb in one container exhausts the host\'s process table. kreuzwerker/docker 3.6.2 ' +
    'has no pids_limit attribute and Docker has no daemon-wide default, so every container fails docker-bench 5.29. An nproc ulimit ' +
    'is the available mitigation, with two limits: it counts all processes of the uid host-wide (give each workload its own uid), ' +
    'and the kernel does not enforce it for uid 0. This info is always reported, saying whether the mitigation is in place.',
  fix: 'Keep HardenedContainer\'s processLimit (an nproc ulimit, 1024 by default) with a dedicated non-root user; on a raw ' +
    'docker_container set ulimit { name = "nproc" }.',
  check: (r) => {
    const a = r.attributes;
    const nproc = normalize.blocks(a.ulimit).find((u) => String(u.name ?? '').trim().toLowerCase() === 'nproc');
    const user = typeof a.user === 'string' ? a.user.trim() : '';
    const parsed = user === '' ? undefined : parseUser(user);
    const root = typeof parsed === 'object' && parsed.isRootUser;
    let mitigation: string;
    if (!nproc) {
      mitigation = 'no nproc ulimit is set either, so the container\'s processes are not limited at all';
    } else {
      const limit = `nproc ulimit soft ${nproc.soft ?? '?'} / hard ${nproc.hard ?? '?'} is set as mitigation (it counts the uid's processes host-wide)`;
      mitigation = root ? `${limit}, but the container runs as uid 0, for which the kernel does not enforce it`
        : user === '' ? `${limit}; no user is set, and the kernel does not enforce it if the image runs as uid 0` : limit;
    }
    return [{ findingId: 'pids-limit', message: `provider 3.6.2 has no pids_limit; ${mitigation}` }];
  },
};
