import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** Host devices or GPUs passed into a container (CIS 5.18). */
export const C21HostDevices: HardeningRule = {
  id: 'HD-C21',
  title: 'Host device exposed to the container',
  cis: ['CIS 5.18'],
  sources: ['docker-bench 5.18'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.KERNEL_EXPLOIT],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'A host device in the container is a direct line to a kernel driver, and often to host data (a disk, /dev/mem) or ' +
    'hardware: device drivers are a large attack surface, and rw/mknod permissions on a block device give the whole disk. gpus ' +
    'passes GPU devices and driver libraries in through the runtime hook.',
  fix: 'Remove the devices blocks and gpus from the docker_container (HardenedContainer has no device prop); if a device is needed, ' +
    'pass only that one with permissions "r" or "rw" (not "m").',
  check: (r) => {
    const findings = [];
    for (const d of normalize.blocks(r.attributes.devices)) {
      const host = normalize.path(d.host_path);
      const inside = d.container_path ? ` as ${String(d.container_path)}` : '';
      const perms = d.permissions ? ` (permissions ${String(d.permissions)})` : ' (permissions rwm by default)';
      findings.push({ findingId: host, message: `host device ${host}${inside}${perms}` });
    }
    const gpus = r.attributes.gpus;
    if (gpus !== undefined && gpus !== null && String(gpus).trim() !== '') {
      findings.push({ findingId: 'gpus', message: `gpus = "${String(gpus).trim()}" passes host GPUs into the container` });
    }
    return findings;
  },
};
