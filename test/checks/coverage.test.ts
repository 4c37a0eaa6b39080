import { ALL_RULES } from '../../lib/checks/rules';

/**
 * The rule set against ../shared/docs/rule-catalogue.md: every CIS Docker
 * Benchmark v1.6.0 row of sections 2-5 in the catalogue is either covered by a
 * rule or listed here with the reason it cannot be (provider 3.6.2 cannot
 * express it, or it is runtime-only); every KICS docker-compose query is cited
 * by a rule.
 */
const CATALOGUE_CIS = [
  '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '2.14', '2.15', '2.16', '2.17', '2.18',
  '3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14',
  '4.1', '4.5', '4.6', '4.8', '4.10',
  '5.1', '5.2', '5.3', '5.4', '5.5', '5.6', '5.7', '5.8', '5.9', '5.10', '5.11', '5.12', '5.13', '5.14', '5.15', '5.16', '5.17', '5.18',
  '5.19', '5.20', '5.21', '5.22', '5.23', '5.24', '5.25', '5.26', '5.27', '5.28', '5.29', '5.30', '5.31', '5.32',
];

/** Catalogue rows no static rule can check, and why. */
export const NOT_COVERED: { [cis: string]: string } = {
  2.1: 'rootless mode is a host installation choice (info only in CIS)',
  2.6: 'aufs: the storage driver is not configured by SecureDaemon and removed from current Docker',
  2.11: 'dm.basesize: devicemapper is removed from current Docker; SecureDaemon sets no storage-opts',
  3.7: 'registry certificate files under /etc/docker/certs.d are not managed by the library',
  3.8: 'registry certificate files under /etc/docker/certs.d are not managed by the library',
  3.9: 'ownership is root:root in the host files manifest; checked with 3.10 by HD-D16',
  3.11: 'ownership is root:root in the host files manifest; checked with 3.12 by HD-D16',
  3.13: 'ownership is root:root in the host files manifest; checked with 3.14 by HD-D16',
  4.6: 'a HEALTHCHECK inside the image is not visible at synth; the runtime side is CIS 5.27 (HD-C18)',
  4.8: 'setuid binaries inside the image are not visible at synth; no-new-privileges (HD-C05) neutralises them',
  5.1: 'swarm mode is host state; SecureDaemon refuses live-restore with swarmMode',
  5.9: 'manual review of published ports; every published port is listed by HD-C14/HD-C29 findings and the reports',
  5.19: 'manual: overriding default ulimits is expected (HardenedContainer sets nofile/nproc on purpose)',
  5.21: 'provider 3.6.2 has no uts_mode: the UTS namespace is always private (compliant by construction)',
  5.23: 'docker exec is not expressible in provider 3.6.2',
  5.24: 'docker exec is not expressible in provider 3.6.2',
};

const CATALOGUE_KICS = [
  '610e266e', 'ce76b7d0', 'ae5b6871', '1c1325ff', 'bc2908f3', '071a71ff', 'bb9ac4f7', '6b610c50', '451d79dc', '2fc99041', '4f31dd9f',
  'baa3890f', 'baa452f0', '404fde2c', '4d9f44c6', '27fcc7d6', '698ed579', '221e0658', 'ce14a68b', '8af7162d', 'd6355c88', '8c978947',
  'f996f3cb', 'fd54f200',
];

describe('rule set covers the catalogue', () => {
  const covered = new Set(ALL_RULES.flatMap((r) => r.cis.map((c) => c.replace('CIS ', ''))));

  test.each(CATALOGUE_CIS)('CIS %s is covered by a rule or listed as not coverable', (id) => {
    expect(covered.has(id) || NOT_COVERED[id] !== undefined, `CIS ${id}`).toBe(true);
  });

  test('nothing is listed as not coverable that a rule covers', () => {
    expect(Object.keys(NOT_COVERED).filter((id) => covered.has(id))).toEqual([]);
  });

  test.each(CATALOGUE_KICS)('KICS %s is cited by a rule', (id) => {
    expect(ALL_RULES.some((r) => r.sources.some((s) => s.includes(id)))).toBe(true);
  });
});

describe('every rule is tested', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as typeof import('fs');
  const dir = `${__dirname}/rules`;
  const tests = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => fs.readFileSync(`${dir}/${f}`, 'utf8')).join('\n');
  test.each(ALL_RULES.map((r) => r.id))('%s has tests', (id) => {
    expect(tests.includes(`'${id}'`) || tests.includes(`"${id}"`) || tests.includes(`${id} `)).toBe(true);
  });
});

// The rule table is RULES.md, generated from the rules (test/checks/rule-docs.test.ts keeps it equal to them); the
// README points at it and states the count.
test('the README points at RULES.md and states the number of rules', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const readme = (require('fs') as typeof import('fs')).readFileSync(`${__dirname}/../../README.md`, 'utf8');
  expect(/The checks have (\d+) rules\./.exec(readme)?.[1]).toBe(String(ALL_RULES.length));
  expect(readme).toContain('[RULES.md](RULES.md)');
});
