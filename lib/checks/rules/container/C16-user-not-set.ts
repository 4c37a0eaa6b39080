import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Without `user`, the image's USER applies: often root, and unknowable when the configuration is synthesized. */
export const C16UserNotSet: HardeningRule = {
  id: 'HD-C16',
  title: 'User not set (the image USER cannot be verified)',
  cis: ['CIS 4.1'],
  sources: ['KICS fd54f200 (Dockerfile)', 'Checkov CKV_DOCKER_3', 'Trivy DS-0002', 'docker-bench 4.1 (Config.User "")'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.KERNEL_EXPLOIT],
  level: 'warning',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'When `user` is unset or empty the container runs as the image\'s USER, and as root when the image has none, ' +
    'which is the case for most base images. The configuration cannot show which; a new image version can change it silently.',
  fix: 'Set `user` to a numeric non-root uid:gid (HardenedContainer defaults to a uid:gid of its own in 20000–59999; keeping the image user needs ' +
    'optOuts.imageUser). Once the image\'s USER is verified, suppress HD-C16 with the reason.',
  check: (r) => {
    const user = r.attributes.user;
    if (user === undefined || user === null || String(user).trim() === '') {
      return [{ message: 'user is not set: the image\'s USER applies (root if the image has none)' }];
    }
    // runc (moby/sys/user GetExecUser) takes the group from the image's /etc/passwd when only a uid is given, and
    // leaves gid 0 when the uid has no entry there
    const text = String(user).trim();
    if (/^[+-]?[0-9]+$/.test(text) && !/^[+-]?0+$/.test(text)) {
      return [{ findingId: 'group', message: `user "${text}" names no group: the image's /etc/passwd decides it, and without an entry for the uid the group is 0 (root)` }];
    }
    return [];
  },
};
