import { ALLOWED_CAPABILITIES } from '../../../container/capability';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';

/** Capabilities that amount to host-level power (and `ALL`), as Docker normalises them. */
export const HOST_LEVEL_CAPABILITIES: readonly string[] = normalize.capabilities([
  'ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_PTRACE', 'SYS_BOOT', 'NET_ADMIN', 'DAC_READ_SEARCH', 'BPF', 'PERFMON',
  'MAC_ADMIN', 'MAC_OVERRIDE', 'SYSLOG', 'SYS_TIME', 'LINUX_IMMUTABLE',
]);

/**
 * The capabilities that may be added back after dropping ALL when justified:
 * Docker's default grant plus IPC_LOCK (HardenedContainer's `Capability`).
 */
export const ACCEPTABLE_CAPABILITIES: readonly string[] = normalize.capabilities([...ALLOWED_CAPABILITIES]);

/** The `capabilities` block of a container: `add` and `drop` normalised the way the Docker client does. */
export function capabilitiesOf(attributes: { [k: string]: any }): { add: string[]; drop: string[] } {
  const block = normalize.block(attributes.capabilities);
  return { add: normalize.capabilities(block?.add), drop: normalize.capabilities(block?.drop) };
}

/** Every capability is kernel attack surface; the host-level ones are root on the host by themselves. */
export const C08Capabilities: HardeningRule = {
  id: 'HD-C08',
  title: 'Capabilities not dropped, or host-level capability added',
  cis: ['CIS 5.4'],
  sources: ['KICS ce76b7d0'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.KERNEL_EXPLOIT],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'Unless drop contains ALL a container keeps Docker\'s 14 default capabilities (CHOWN, DAC_OVERRIDE, SETUID, ' +
    'NET_RAW, MKNOD, …). Capabilities outside that set, such as SYS_ADMIN, SYS_MODULE, SYS_PTRACE, NET_ADMIN, BPF or ' +
    'DAC_READ_SEARCH, are host-level power: mounts, kernel modules, other processes\' memory, the host network stack, ' +
    'arbitrary file reads. Names are compared as Docker normalises them (any case, with or without CAP_).',
  fix: 'HardenedContainer drops ALL and adds back only members of Capability (Docker\'s default set and IPC_LOCK) with ' +
    'optOuts.addedCapabilities; it offers no host-level capability, so one here comes from an escape hatch that must go. ' +
    'On a raw Container set capabilities { drop: ["ALL"] } and add only what is needed.',
  check: (r) => {
    const { add, drop } = capabilitiesOf(r.attributes);
    const out: RuleFinding[] = [];
    if (!drop.includes('ALL')) {
      out.push({ findingId: 'drop-all', message: `capabilities.drop ${drop.length ? `is [${drop.join(', ')}], without ALL` : 'does not contain ALL'}: Docker's default capabilities remain` });
    }
    for (const cap of add) {
      if (HOST_LEVEL_CAPABILITIES.includes(cap)) {
        out.push({ findingId: cap, message: `capabilities.add grants ${cap === 'ALL' ? 'every capability (ALL)' : `${cap}, a host-level capability`}` });
      } else if (!ACCEPTABLE_CAPABILITIES.includes(cap)) {
        out.push({ findingId: cap, message: `capabilities.add grants ${cap}, outside Docker's default set` });
      }
    }
    return out;
  },
};
