import { Service } from '@cdktf/provider-docker/lib/service';
import { check, fixture, setAttr } from '../adversarial/harness';
import { probeRuleReads } from '../probe';

/**
 * Fail closed, attribute by attribute: every top-level docker_container attribute that a rule reads, given a value
 * known only at apply time (an undeclared variable), is reported as "cannot verify <attribute>" — whatever the
 * attribute, whatever the rule. The attributes come from the probe of what the rules read, so a new rule that
 * reads a new attribute is covered without touching this test.
 */
const READ = Object.keys(probeRuleReads().docker_container ?? {}).map((p) => p.split('.')[0]);
const ATTRIBUTES = [...new Set(READ)].filter((a) => a !== 'name').sort();

describe('every attribute a rule reads fails closed when its value is unknown', () => {
  test('the probe finds the attributes (sanity)', () => {
    expect(ATTRIBUTES.length).toBeGreaterThan(30);
  });
  test.each(ATTRIBUTES)('%s', (attribute) => {
    const { s, f } = fixture();
    setAttr(f.container, attribute, '${var.not_declared}');
    const hits = check(s).filter((x) => !x.suppressed && (x.findingId === `unverifiable:${attribute}` || x.findingId?.startsWith(`unverifiable:${attribute}[`)));
    expect(hits.length, `no "cannot verify ${attribute}" finding`).toBeGreaterThan(0);
  });
});

describe('and so does every task attribute of a docker_service that a rule reads', () => {
  const PATHS = Object.keys(probeRuleReads().docker_service ?? {})
    .filter((p) => /^task_spec\.(container_spec\.(image|user|read_only|cap_add|cap_drop|env|groups)|resources\.limits\.|restart_policy\.condition|log_driver\.)/.test(p))
    .sort();
  test('the probe finds them (sanity)', () => expect(PATHS.length).toBeGreaterThan(8));
  test.each(PATHS)('%s', (p) => {
    const { s } = fixture();
    const svc = new Service(s, 'svc', {
      name: 'svc',
      taskSpec: {
        containerSpec: { image: `registry.example.com/app@sha256:${'a'.repeat(64)}`, user: '10001:10001', readOnly: true, capDrop: ['ALL'] },
        resources: { limits: { memoryBytes: 268435456, nanoCpus: 500000000 } },
        restartPolicy: { condition: 'on-failure', maxAttempts: 3 },
        logDriver: { name: 'json-file', options: { 'max-size': '10m' } },
      },
    });
    svc.addOverride(p, '${var.not_declared}');
    const hits = check(s).filter((x) => !x.suppressed && x.path.endsWith('/svc') && x.findingId?.startsWith('unverifiable:') && x.message.includes(p));
    expect(hits.length, `no "cannot verify ${p}" finding`).toBeGreaterThan(0);
  });
});
