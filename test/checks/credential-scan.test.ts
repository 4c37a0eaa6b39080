/**
 * The config credential scanner (HD-S03, ServiceConfigFile): formats it must read, secure configs it must not flag,
 * and inputs that made the earlier regexes quadratic (a linear scan: the large inputs run in one test's time).
 */
import { describe, expect, test } from 'vitest';
import { credentialInData, credentialInText } from '../../lib/container/environment';

const PW = 'correct-horse-battery-staple';

describe('credentialInText', () => {
  test.each([
    ['nested YAML', `db:\n  password: ${PW}\n`],
    ['nested YAML token', 'auth:\n  token: abcdef123456\n'],
    ['YAML block scalar', `password: |\n  ${PW}\n`],
    ['.NET appSettings', `<add key="DbPassword" value="${PW}"/>`],
    ['Spring bean property', `<property name="password" value="${PW}"/>`],
    ['Hadoop property', `<property>\n  <name>fs.s3a.secret.key</name>\n  <value>${PW}</value>\n</property>`],
    ['Java XML properties', `<entry key="db.password">${PW}</entry>`],
    ['redis', `requirepass ${PW}`],
    ['haproxy', `user admin insecure-password ${PW}`],
  ])('reads %s', (_what, text) => {
    expect(credentialInText(text)).toBeDefined();
  });

  test('a default password from an example file is flagged: it ships as the password unless someone changes it', () => {
    expect(credentialInText('DB_PASSWORD=changeme\n')).toMatchObject({ key: 'DB_PASSWORD' });
  });

  test('UTF-16 big-endian without a byte order mark', () => {
    expect(credentialInData(Buffer.from(`PASSWORD=${PW}\n`, 'utf16le').swap16())).toBeDefined();
  });

  test.each([
    ['a JSON schema', '{"properties":{"password":{"type":"string"}}}'],
    ['an OpenAPI property', 'password:\n  type: string\n  format: password\n'],
    ['an OAuth setting', 'token_endpoint_auth_method: client_secret_basic'],
    ['booleans', 'password_authentication: false\nsession_cookie: true\n'],
    ['the working directory', 'PWD=/app'],
    ['references and settings', 'secretRef: db-creds\ncredentials_provider: env\npasswordEncoder: bcrypt\n'],
    ['a nested mapping', '{"token":{"ttl":3600}}'],
    ['an IPv6 address', '2001:4860:4860:0:0:0:0:8888'],
    ['a pointer to the secret file', 'password_file: /run/secrets/db'],
    ['an nginx config', 'server {\n  listen 8080;\n  location / { proxy_pass http://app:8080; }\n}\n'],
  ])('does not flag %s', (_what, text) => {
    expect(credentialInText(text)).toBeUndefined();
  });

  test('linear: 600 KB of hostile input is scanned in about the time of 60 KB (ratio, not an absolute time)', () => {
    const hostile = (n: number) => ['\n'.repeat(n), 'a-'.repeat(n / 2), 'a.'.repeat(n / 2), '<a '.repeat(n / 3),
      Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919) % 256)).toString('base64url').slice(0, n)];
    const time = (n: number) => {
      const start = process.hrtime.bigint();
      for (const text of hostile(n)) credentialInText(text);
      return Number(process.hrtime.bigint() - start);
    };
    time(60_000); // warm-up
    const small = Math.min(time(60_000), time(60_000));
    const large = Math.min(time(600_000), time(600_000));
    // ten times the input: linear is ~10x, the quadratic regexes were ~100x
    expect(large / small).toBeLessThan(40);
  });
});
