import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** OCI runtimes whose isolation is runc's (or stronger: a user-space kernel, a VM). */
const KNOWN_RUNTIMES = ['runc', 'io.containerd.runc.v2', 'crun', 'youki', 'runsc', 'io.containerd.runsc.v1', 'kata', 'kata-runtime',
  'kata-qemu', 'kata-fc', 'kata-clh', 'io.containerd.kata.v2'];

/**
 * `runtime` names the program that builds the container's isolation. The
 * checks judge the settings runc enforces; another runtime configured on the
 * daemon (a wrapper, a debugging shim, nvidia's prestart hook runtime) may
 * apply them differently or not at all.
 */
export const C39Runtime: HardeningRule = {
  id: 'HD-C39',
  title: 'Container runtime not verified',
  cis: [],
  sources: ['catalogue extension: docker_container.runtime'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'The checks assume runc (or a runtime with at least its isolation: crun, youki, gVisor runsc, Kata). A runtime name the ' +
    'daemon maps to another binary (daemon.json runtimes) is whatever that binary does with namespaces, capabilities, seccomp ' +
    'and mounts: the configuration cannot show it.',
  fix: 'Leave runtime unset (the daemon default, runc), or use a known sandbox runtime; suppress HD-C39 with the reason once the ' +
    'runtime is reviewed.',
  check: (r) => {
    const runtime = typeof r.attributes.runtime === 'string' ? r.attributes.runtime.trim() : '';
    return runtime === '' || KNOWN_RUNTIMES.includes(runtime) ? []
      : [{ findingId: runtime, message: `runtime "${runtime}" is not a runtime whose isolation the checks know` }];
  },
};
