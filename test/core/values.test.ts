import * as fc from 'fast-check';
import { Duration, Size } from '../../lib';
import { secretLikeName, secretLikeValue } from '../../lib/container/environment';
import { parseUser } from '../../lib/container/user';
import { formatGoDuration } from '../../lib/core/duration';
import { checkAbsolutePath, sensitiveHostPathReason } from '../../lib/core/paths';

describe('Duration renders like Go time.Duration.String()', () => {
  test.each([
    [0, '0s'], [1, '1ms'], [999, '999ms'], [1000, '1s'], [1500, '1.5s'], [1050, '1.05s'], [1001, '1.001s'],
    [60_000, '1m0s'], [90_000, '1m30s'], [3_600_000, '1h0m0s'], [3_661_500, '1h1m1.5s'], [86_400_000, '24h0m0s'],
  ])('%i ms -> %s', (ms, go) => {
    expect(formatGoDuration(ms)).toBe(go);
  });

  test('round-trips through a Go-style parser for any whole number of ms', () => {
    const parse = (s: string) => {
      let total = 0;
      for (const [, n, unit] of s.matchAll(/([0-9.]+)(h|ms|m|s)/g)) {
        total += Number(n) * ({ h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as any)[unit];
      }
      return Math.round(total);
    };
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), (ms) => parse(formatGoDuration(ms)) === ms), { seed: 1 });
  });

  test('refuses negative and sub-millisecond durations', () => {
    expect(() => Duration.seconds(-1)).toThrow(/>= 0/);
    expect(() => Duration.millis(0.5)).toThrow(/whole number of milliseconds/);
    expect(Duration.minutes(2).toGoString()).toBe('2m0s');
  });
});

describe('Size', () => {
  test('units and suffixed strings', () => {
    expect(Size.kibibytes(64).toSuffixedString()).toBe('64k');
    expect(Size.mebibytes(64).toSuffixedString()).toBe('64m');
    expect(Size.gibibytes(2).toSuffixedString()).toBe('2g');
    expect(Size.bytes(1000).toSuffixedString()).toBe('1000');
    expect(Size.kibibytes(1024).toSuffixedString()).toBe('1m');
    expect(Size.mebibytes(128).toWholeMebibytes()).toBe(128);
    expect(Size.kibibytes(1536).toWholeMebibytes()).toBeUndefined();
    expect(Size.mebibytes(1.5).toBytes()).toBe(1572864);
  });
  test('refuses negative, fractional-byte and unsafe sizes', () => {
    expect(() => Size.mebibytes(-1)).toThrow(/>= 0/);
    expect(() => Size.bytes(0.5)).toThrow(/whole number of bytes/);
    expect(() => Size.gibibytes(1e12)).toThrow(/too large/);
  });
});

describe('paths', () => {
  test('normal form', () => {
    expect(checkAbsolutePath('/srv/data')).toBeUndefined();
    expect(checkAbsolutePath('/')).toBeUndefined();
    for (const bad of ['', 'srv', '/srv/', '/srv//x', '/srv/./x', '/srv/../etc', '/a:b', '/a,b', '/a\nb']) {
      expect(checkAbsolutePath(bad), bad).toBeDefined();
    }
  });
  test('sensitive host paths respect component boundaries', () => {
    expect(sensitiveHostPathReason('/etc')).toBeDefined();
    expect(sensitiveHostPathReason('/etc/passwd')).toBeDefined();
    expect(sensitiveHostPathReason('/etcetera')).toBeUndefined();
    expect(sensitiveHostPathReason('/srv/etc')).toBeUndefined();
    expect(sensitiveHostPathReason('/runner/work')).toBeUndefined();
    expect(sensitiveHostPathReason('/run/user/1000')).toBeDefined();
    expect(sensitiveHostPathReason('/home/x/.docker/run/docker.sock')).toBeDefined();
    expect(sensitiveHostPathReason('/srv/podman.sock')).toBeDefined();
  });
});

describe('secret-looking environment', () => {
  test.each(['DB_PASSWORD', 'PASSWORD', 'MYSQL_ROOT_PASSWORD', 'API_KEY', 'STRIPE_API_KEY', 'GITHUB_TOKEN', 'githubToken',
    'AWS_SECRET_ACCESS_KEY', 'CLIENT_SECRET', 'PRIVATE_KEY', 'SENTRY_DSN', 'REDIS_PASS', 'DB_CREDENTIALS'])('%s is flagged', (name) => {
    expect(secretLikeName(name)).toBeDefined();
  });
  test.each(['DB_PASSWORD_FILE', 'TLS_KEY_PATH', 'LOG_LEVEL', 'AUTHOR', 'BYPASS_PROXY', 'PORT', 'KEYCLOAK_URL', 'PUBLIC_KEY_ID', 'TOKENIZER_MODEL'])('%s is not flagged', (name) => {
    expect(secretLikeName(name)).toBeUndefined();
  });
  test('secret-looking values', () => {
    expect(secretLikeValue('-----BEGIN OPENSSH PRIVATE KEY-----')).toMatch(/private key/);
    expect(secretLikeValue('ghp_' + 'a'.repeat(36))).toMatch(/GitHub/);
    expect(secretLikeValue('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig')).toMatch(/JSON Web Token/);
    expect(secretLikeValue('redis://:pw@host')).toMatch(/embedded credentials/);
    expect(secretLikeValue('https://example.com/path')).toBeUndefined();
  });
});

describe('user parsing', () => {
  test('root detection', () => {
    expect(parseUser('root')).toMatchObject({ isRootUser: true });
    expect(parseUser('0')).toMatchObject({ isRootUser: true, isNumeric: true });
    expect(parseUser('00:1')).toMatchObject({ isRootUser: true });
    expect(parseUser('1:0')).toMatchObject({ isRootUser: false, isRootGroup: true });
    expect(parseUser('rooter')).toMatchObject({ isRootUser: false, isNumeric: false });
    expect(parseUser('1500:1500')).toMatchObject({ isRootUser: false, isRootGroup: false, isNumeric: true });
  });
  test('malformed users', () => {
    for (const bad of ['', ':', '1:', ':1', 'a:b:c', 'a b', '-x', '9999999999']) expect(typeof parseUser(bad), bad).toBe('string');
  });
});
