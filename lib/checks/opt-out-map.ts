import { OptOutRecord } from '../core/opt-out';

/**
 * Which rule findings a justified L2 opt-out answers: such a finding is
 * reported as an accepted risk (suppressed with the opt-out's justification)
 * instead of failing synth. Keyed by the opt-out's prop, narrowly: an opt-out
 * never answers what an escape hatch added beyond it (e.g. `addedCapabilities`
 * answers HD-C15, Docker's default set, never HD-C08, host-level capabilities),
 * and unsuppressible rules are never answered.
 *
 * @internal
 */
const ANSWERS: Array<{ prop: RegExp; rules: string[]; exceptFindings?: string[] }> = [
  { prop: /^optOuts\.rootUser$/, rules: ['HD-C06'] },
  { prop: /^optOuts\.imageUser$/, rules: ['HD-C16'] },
  { prop: /^optOuts\.writableRootFilesystem$/, rules: ['HD-C07'] },
  { prop: /^optOuts\.privilegeEscalation$/, rules: ['HD-C05'] },
  { prop: /^optOuts\.addedCapabilities$/, rules: ['HD-C15'] },
  { prop: /^optOuts\.mutableImageTag$/, rules: ['HD-C22', 'HD-I01'] },
  { prop: /^optOuts\.unboundedRestart$/, rules: ['HD-C28'] },
  { prop: /^optOuts\.secretLikeEnvironment$/, rules: ['HD-C19'] },
  { prop: /^ports\[\d+\]\.nonLoopbackBinding$/, rules: ['HD-C14'], exceptFindings: ['publish_all_ports'] },
  { prop: /^ports\[\d+\]\.privilegedHostPort$/, rules: ['HD-C29'] },
  { prop: /^egress$/, rules: ['HD-N02'] },
  { prop: /^attachable$/, rules: ['HD-N05'] },
  { prop: /^optOuts\.publishedPorts$/, rules: ['HD-S02'] },
  { prop: /^unencrypted$/, rules: ['HD-N04'] },
  { prop: /^seccompProfile$/, rules: ['HD-C31'] },
  { prop: /^tmpfs(\[\d+\]| \(default \/tmp\))\.allowExec$/, rules: ['HD-C36'] },
  { prop: /^optOuts\.interContainerCommunication$/, rules: ['HD-D01'] },
  { prop: /^optOuts\.userNamespaceRemap$/, rules: ['HD-D05'] },
  { prop: /^optOuts\.noNewPrivileges$/, rules: ['HD-D06'] },
  { prop: /^optOuts\.liveRestore$/, rules: ['HD-D07'] },
  { prop: /^optOuts\.userlandProxy$/, rules: ['HD-D08'] },
  { prop: /^optOuts\.swarmAutolock$/, rules: ['HD-D19'] },
];

/** @internal */
export function optOutAnswers(record: OptOutRecord, ruleId: string, findingId: string | undefined): boolean {
  const entry = ANSWERS.find((a) => a.prop.test(record.prop) && a.rules.includes(ruleId));
  if (!entry) return false;
  if (findingId !== undefined && entry.exceptFindings?.includes(findingId)) return false;
  // an opt-out that names what it covers (e.g. environment variable names) answers only those
  if (record.findings && record.findings.length > 0) return findingId !== undefined && record.findings.includes(findingId);
  return true;
}
