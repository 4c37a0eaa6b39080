/**
 * Words that mark an environment variable name as carrying a secret.
 * Checked against the name's `_`/camel-case separated words.
 */
const SECRET_WORDS = new Set([
  'PASSWORD', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE',
  'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'CREDS',
  'PRIVATEKEY', 'ACCESSKEY', 'SECRETKEY', 'AUTHTOKEN', 'BEARER', 'COOKIE', 'SESSIONKEY', 'DSN',
]);

/** Adjacent word pairs that mark a secret (e.g. API_KEY, PRIVATE_KEY). */
const SECRET_PAIRS = new Set([
  'API KEY', 'PRIVATE KEY', 'ACCESS KEY', 'SECRET KEY', 'SIGNING KEY', 'ENCRYPTION KEY',
  'MASTER KEY', 'CLIENT SECRET', 'AUTH KEY', 'SESSION KEY', 'CONNECTION STRING',
]);

/**
 * Name suffixes that point at a file or location instead of holding the
 * secret itself (`DB_PASSWORD_FILE=/run/secrets/db`), the convention many
 * images follow for secret files.
 */
const POINTER_SUFFIXES = ['FILE', 'PATH', 'DIR', 'FILENAME'];

/**
 * Name suffixes of settings about a secret rather than the secret (`TOKEN_TTL`, `PASSWORD_MIN_LENGTH`,
 * `SESSION_COOKIE_NAME`, `SECRET_NAME`): the value is still checked for key, token and credential patterns.
 */
const SETTING_SUFFIXES = ['TTL', 'EXPIRY', 'EXPIRES', 'LIFETIME', 'TIMEOUT', 'LENGTH', 'LEN', 'SIZE', 'BITS', 'NAME', 'ID', 'HEADER',
  'ALGORITHM', 'ALG', 'POLICY', 'ROTATION', 'ENABLED', 'DISABLED', 'REQUIRED', 'COUNT', 'ATTEMPTS', 'RETRIES', 'INTERVAL', 'DOMAIN',
  'SECURE', 'SAMESITE', 'HTTPONLY', 'VERSION', 'TYPE', 'MODE', 'KIND', 'FORMAT', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT',
  'ISSUER', 'AUDIENCE', 'SCOPE', 'SCOPES'];

/**
 * Why an environment variable name looks like it carries a secret, or undefined.
 *
 * @internal
 */
export function secretLikeName(name: string): string | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return undefined;
  if (POINTER_SUFFIXES.includes(words[words.length - 1])) return undefined;
  if (words.length > 1 && SETTING_SUFFIXES.includes(words[words.length - 1])) return undefined;
  const word = words.find((w) => SECRET_WORDS.has(w));
  if (word) return `its name contains "${word}"`;
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = `${words[i]} ${words[i + 1]}`;
    if (SECRET_PAIRS.has(pair)) return `its name contains "${words[i]}_${words[i + 1]}"`;
  }
  return undefined;
}

/** Value patterns that are secrets whatever the variable is called. */
const SECRET_VALUE_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/, 'a PEM private key'],
  // certificates, public keys and CSRs are public; any other PEM block (a symmetric key, a secret) is not
  [/-----BEGIN (?!CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|PGP PUBLIC KEY)[A-Z0-9 ]+-----/, 'a PEM block that is not a certificate or public key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abpors]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/, 'a JSON Web Token'],
  [/:\/\/[^/\s:@]*:[^/\s@]+@/, 'a URL with embedded credentials'],
];

/**
 * Why an environment variable value looks like a secret, or undefined.
 *
 * @internal
 */
export function secretLikeValue(value: string): string | undefined {
  const hit = SECRET_VALUE_PATTERNS.find(([re]) => re.test(value));
  return hit ? `its value looks like ${hit[1]}` : undefined;
}

/**
 * Key/value forms a configuration file sets a value in, each with the key's capture group first and the value second:
 * dotenv/ini/YAML/properties (`KEY=v`, `key: v`, TOML's `"key" = "v"`), the same anywhere in a line (YAML list items
 * and flow mappings, `Password=…;` in connection strings, `--db-password=…` on command lines), quoted keys with blanks
 * (`"db password": v`), JSON (`"key": "v"` or a bare scalar), XML elements (`<key>v</key>`) and attributes
 * (`key="v"`), and .netrc's `password <token>`.
 */
const KEY_VALUE_FORMS: readonly RegExp[] = [
  /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[=:]\s*(\S.*)$/gm,
  /(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*("[^"\n]*"|'[^'\n]*'|[^\s"',;}\]]+)/g,
  /["']([^"'\n]{1,64})["']\s*[=:]\s*("[^"\n]*"|'[^'\n]*'|[^\s"',;}\]]+)/g,
  /"([A-Za-z_][A-Za-z0-9_.-]*)"\s*:\s*("(?:[^"\\]|\\.)+"|[-0-9A-Za-z_.+/=]+)/g,
  /<([A-Za-z_][A-Za-z0-9_.:-]*)(?:\s[^>]*)?>([^<]+)<\/\1\s*>/g,
  /\b([A-Za-z_][A-Za-z0-9_.:-]*)\s*=\s*("[^"]+"|'[^']+')/g,
  /(?:^|\s)(password|passwd)\s+(\S+)/gm,
];

/** Credential shapes no key names: an HTTP Authorization header, a registry `auth` in a Docker config.json, a .pgpass line. */
const CREDENTIAL_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/\bAuthorization\s*:\s*(Basic|Bearer|Digest|Token)\s+\S{4,}/i, 'an HTTP Authorization header'],
  [/"auths"\s*:\s*\{[\s\S]*"auth"\s*:\s*"[A-Za-z0-9+/=]{4,}"/, 'a registry auth in a Docker config.json'],
  [/^[^:\s#]+:(?:\d{1,5}|\*):[^:\s]+:[^:\s]+:\S+$/m, 'a .pgpass line (host:port:database:user:password)'],
];

/**
 * The text a configuration file's bytes hold: UTF-16 (with a byte order mark, or mostly NUL high bytes) decoded as
 * such, XML CDATA sections and JSON `\uXXXX` escapes unwrapped, so that spelling cannot hide a key.
 *
 * @internal
 */
export function configText(data: Buffer): string {
  let text: string;
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) text = data.subarray(2).toString('utf16le');
  else if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) text = Buffer.from(data.subarray(2)).swap16().toString('utf16le');
  else if (data.length >= 4 && data.filter((b, i) => i % 2 === 1 && b === 0).length > data.length / 4) text = data.toString('utf16le');
  else text = data.toString('utf8');
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Why a configuration file's text holds a credential, if it does: a secret-looking value anywhere (keys, tokens,
 * credential URLs, Authorization headers, registry auths, .pgpass lines), or a secret-looking key set to a non-empty
 * value in any of the usual file formats.
 *
 * @internal
 */
export function credentialInText(raw: string): { key?: string; reason: string } | undefined {
  const text = configText(Buffer.from(raw, 'utf8'));
  const value = secretLikeValue(text);
  if (value) return { reason: value };
  for (const [shape, reason] of CREDENTIAL_SHAPES) if (shape.test(text)) return { reason: `it holds ${reason}` };
  for (const form of KEY_VALUE_FORMS) {
    for (const m of text.matchAll(form)) {
      const v = m[2].trim().replace(/^["']|["']$/g, '').trim();
      if (v === '' || v === 'null' || v === '~') continue;
      const why = secretLikeName(m[1]);
      if (why) return { key: m[1], reason: why };
    }
  }
  return undefined;
}

/** credentialInText over a config's raw bytes (UTF-16 included). @internal */
export function credentialInData(data: Buffer): { key?: string; reason: string } | undefined {
  return credentialInText(configText(data));
}
