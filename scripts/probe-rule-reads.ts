/**
 * Which attributes of each provider resource type the rules read: runs every
 * rule over probe resources whose every schema attribute is set (as a tainted
 * opaque value, so that each read is recorded) and prints, per type, the
 * attribute paths (block indices removed) with the rules that read them.
 * test/checks/classification.test.ts runs the same probe to hold
 * lib/checks/schema-classification.ts to it.
 *
 *   npx ts-node --transpile-only scripts/probe-rule-reads.ts
 */
import { probeRuleReads } from '../test/checks/probe';

if (require.main === module) {
  const reads = probeRuleReads();
  for (const type of Object.keys(reads).sort()) {
    for (const path of Object.keys(reads[type]).sort()) console.log(`${type}\t${path}\t${[...reads[type][path]].sort().join(',')}`);
  }
}
