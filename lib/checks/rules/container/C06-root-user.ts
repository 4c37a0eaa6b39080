import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/**
 * Whether one part of a `user` value names root: the name `root`, or an id
 * that Go's `strconv.Atoi` (used by runc) reads as 0 (`0`, `00`, `+0`, `-0`).
 */
export function namesRoot(part: string | undefined): boolean {
  if (part === undefined) return false;
  const p = part.trim();
  return p === 'root' || /^[+-]?0+$/.test(p);
}

/** Root in the container is root on the host kernel, only a namespace (and no userns remap by default) away. */
export const C06RootUser: HardeningRule = {
  id: 'HD-C06',
  title: 'Container runs as root',
  cis: ['CIS 4.1'],
  sources: ['KICS fd54f200 (Dockerfile)', 'Checkov CKV_DOCKER_8', 'Trivy DS-0002'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.KERNEL_EXPLOIT],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'Without user-namespace remapping, uid 0 in the container is uid 0 on the host: any breakout, writable host ' +
    'mount or kernel bug is then root on the host, and RLIMIT_NPROC does not apply to it. A root group (gid 0) reads and writes ' +
    'every root-group file of mounts and of the image. `user` is checked for `root`, uid 0 in any spelling (`0`, `00`, `+0`) ' +
    'and a root group (`<user>:0`, `<user>:root`).',
  fix: 'HardenedContainer runs as a non-root uid:gid of its own (20000–59999) unless `user` says otherwise; root needs optOuts.rootUser with a justification. ' +
    'On a raw Container set user to a numeric non-root uid:gid such as "10001:10001".',
  check: (r) => {
    const user = r.attributes.user;
    if (typeof user !== 'string' && typeof user !== 'number') return [];
    const text = String(user).trim();
    if (text === '') return [];
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    const group = colon < 0 ? undefined : text.slice(colon + 1);
    const what = [namesRoot(name) ? 'the root user' : '', namesRoot(group) ? 'the root group' : ''].filter((w) => w).join(' and ');
    return what ? [{ findingId: 'root', message: `user "${text}" is ${what}` }] : [];
  },
};
