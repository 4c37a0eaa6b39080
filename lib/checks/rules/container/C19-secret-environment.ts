import { secretLikeName, secretLikeValue } from '../../../container/environment';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** `env` entries as name/value pairs: the provider's set of `K=V` strings (or a map, through an override). */
function environment(env: unknown): Array<{ name: string; value: string }> {
  if (Array.isArray(env)) {
    return env.map((e) => {
      const text = String(e);
      const eq = text.indexOf('=');
      return eq < 0 ? { name: text.trim(), value: '' } : { name: text.slice(0, eq).trim(), value: text.slice(eq + 1) };
    });
  }
  if (env && typeof env === 'object') return Object.entries(env).map(([name, value]) => ({ name: name.trim(), value: String(value ?? '') }));
  return [];
}

/** A secret passed as an environment variable (CIS 4.10). */
export const C19SecretEnvironment: HardeningRule = {
  id: 'HD-C19',
  title: 'Secret in an environment variable',
  cis: ['CIS 4.10'],
  sources: ['KICS f996f3cb', 'CK_DOCKER_1005', 'Trivy DS-0031'],
  threats: [Threat.COMPROMISED_SECRET],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'Environment variables are stored in plain text in the Terraform state, shown by docker inspect, inherited by every ' +
    'child process and readable in /proc/<pid>/environ. A name that looks like a secret (PASSWORD, TOKEN, API_KEY, …, but not ' +
    'pointers such as DB_PASSWORD_FILE) or a value that looks like a key, token or credential URL is reported. The value itself is ' +
    'never repeated in the finding.',
  fix: 'Pass secrets as files: HardenedContainer secrets: [{ name, hostPath }] (mounted read-only at /run/secrets/<name>) and point ' +
    'the application at them (e.g. DB_PASSWORD_FILE); remove the variable from docker_container.env.',
  check: (r) => {
    const findings = [];
    const seen = new Set<string>();
    for (const { name, value } of environment(r.attributes.env)) {
      if (name === '' || seen.has(name)) continue;
      const reason = secretLikeValue(value) ?? secretLikeName(name);
      if (!reason) continue;
      seen.add(name);
      findings.push({ findingId: name, message: `environment variable ${name} looks like a secret (${reason})` });
    }
    return findings;
  },
};
