import { ACCEPTABLE_CAPABILITIES, capabilitiesOf } from './C08-capabilities';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Capabilities of Docker's default set (or IPC_LOCK) added back: acceptable when the workload needs them, but visible. */
export const C15AddedCapabilities: HardeningRule = {
  id: 'HD-C15',
  title: 'Capability added back',
  cis: ['CIS 5.4'],
  sources: ['KICS ce76b7d0', 'docker-bench 5.4 (CapAdd)'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'Each added capability is attack surface even within Docker\'s default set: DAC_OVERRIDE bypasses file ' +
    'permissions, SETUID/SETGID switch identities, NET_RAW allows spoofing on the container network, MKNOD creates device ' +
    'nodes. Adding one back after dropping ALL is accepted when the workload needs it and the reason is written down. ' +
    'Host-level capabilities are HD-C08 errors instead.',
  fix: 'Remove the capability if the workload runs without it (e.g. bind ports >= 1024 instead of NET_BIND_SERVICE). If it is ' +
    'needed, HardenedContainer `capabilities` with optOuts.addedCapabilities records the justification; on a raw Container ' +
    'suppress HD-C15 for that capability (appliesTo: ["CAP_…"]) with the reason.',
  check: (r) => capabilitiesOf(r.attributes).add
    .filter((cap) => ACCEPTABLE_CAPABILITIES.includes(cap))
    .map((cap) => ({ findingId: cap, message: `capabilities.add grants ${cap}` })),
};
