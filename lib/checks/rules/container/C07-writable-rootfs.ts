import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** A writable root filesystem lets an intruder change binaries and configuration and persist until the container is replaced. */
export const C07WritableRootFilesystem: HardeningRule = {
  id: 'HD-C07',
  title: 'Root filesystem writable',
  cis: ['CIS 5.13'],
  sources: ['docker-bench 5.13 (ReadonlyRootfs)'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.POISONED_IMAGE],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'With read_only unset or false (the provider default) a compromised process can replace binaries, libraries ' +
    'and configuration of the image, drop tools and persist across restarts. A read-only root with explicit, size-limited ' +
    'writable paths confines writes to where the application expects them.',
  fix: 'HardenedContainer mounts the root filesystem read-only, with /tmp and `tmpfs` paths (noexec) and `volumes` for writable ' +
    'state; read-write needs optOuts.writableRootFilesystem. On a raw Container set readOnly: true and add tmpfs mounts.',
  check: (r) => (normalize.bool(r.attributes.read_only) ? [] : [{ message: `read_only = ${JSON.stringify(r.attributes.read_only ?? false)}: the root filesystem is writable` }]),
};
