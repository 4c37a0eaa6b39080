import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { runChecks } from './util';
import { SecureDaemon } from '../../lib';
import type { ReportFinding } from '../../lib/checks/report';
import { RULE_EXAMPLES, RuleExample } from '../../lib/checks/rule-examples';
import { ALL_RULES } from '../../lib/checks/rules';

/**
 * Runs HardeningChecks on one example, the way a user's stack gets checked:
 * - a Terraform fragment is merged into the synthesized JSON of an otherwise empty stack (a stack-level override, as an
 *   escape hatch would), with a default Docker provider unless the fragment brings its own provider block;
 * - daemon settings become those of a SecureDaemon of the stack (the daemon.json settings and host files the checks read
 *   from it; SecureDaemon itself refuses most weak settings, so they are set on the construct after it is built).
 */
function checkExample(example: RuleExample): ReportFinding[] {
  const s = new TerraformStack(Testing.app(), 'example');
  if (example.terraform) {
    if (!('provider' in example.terraform)) new DockerProvider(s, 'docker', {});
    for (const [block, content] of Object.entries(example.terraform)) s.addOverride(block, content);
  } else {
    new DockerProvider(s, 'docker', {});
    const d = new SecureDaemon(s, 'daemon', { hostName: 'docker-host' });
    Object.defineProperty(d, 'settings', { value: example.daemon.settings });
    Object.defineProperty(d, 'files', { get: () => example.daemon.files ?? [] });
    if (example.daemon.swarm !== undefined) {
      Object.defineProperty(d, 'swarmMode', { value: true });
      Object.defineProperty(d, '_swarm', { value: example.daemon.swarm ?? undefined });
    }
  }
  return runChecks(s);
}

const unsuppressed = (findings: ReportFinding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId && !f.suppressed);

const cases = ALL_RULES.flatMap((rule) => {
  const examples = RULE_EXAMPLES[rule.id] ?? { failing: [], passing: [] };
  return [
    ...examples.failing.map((example, i) => ({ id: rule.id, kind: 'failing' as const, i, example })),
    ...examples.passing.map((example, i) => ({ id: rule.id, kind: 'passing' as const, i, example })),
  ];
});

describe('rule examples', () => {
  test('every rule has a failing and a passing example (or says why it reports every resource it looks at)', () => {
    const missing = ALL_RULES.filter((r) => {
      const e = RULE_EXAMPLES[r.id];
      return !e || e.failing.length === 0 || (e.passing.length === 0 && !e.alwaysReported);
    }).map((r) => r.id);
    expect(missing, 'add examples to lib/checks/rule-examples.ts').toEqual([]);
  });

  test('no examples of rules that do not exist', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    expect(Object.keys(RULE_EXAMPLES).filter((id) => !ids.has(id))).toEqual([]);
  });

  test('an always-reported rule has no passing example', () => {
    expect(Object.entries(RULE_EXAMPLES).filter(([, e]) => e.alwaysReported && e.passing.length > 0).map(([id]) => id)).toEqual([]);
  });

  test('daemon rules have daemon examples, the others Terraform fragments', () => {
    const wrong = Object.entries(RULE_EXAMPLES).flatMap(([id, e]) => [...e.failing, ...e.passing]
      .filter((x) => (id.startsWith('HD-D') ? !x.daemon || x.terraform : !x.terraform || x.daemon)).map((x) => `${id}: ${x.description}`));
    expect(wrong).toEqual([]);
  });

  test.each(cases)('$id $kind example $i: $example.description', ({ id, kind, example }) => {
    const findings = checkExample(example);
    const own = unsuppressed(findings, id);
    if (kind === 'failing') {
      expect(own.length, `no unsuppressed ${id} finding; findings: ${JSON.stringify(findings.map((f) => `${f.ruleId} ${f.message}`))}`).toBeGreaterThan(0);
    } else {
      expect(own.map((f) => `${f.path}: ${f.message}`)).toEqual([]);
    }
  });
});
