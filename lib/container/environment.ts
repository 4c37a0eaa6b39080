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
  'ISSUER', 'AUDIENCE', 'SCOPE', 'SCOPES', 'METHOD', 'PROVIDER', 'ENCODER', 'REF', 'AUTHENTICATION', 'ENCRYPTION', 'HASH', 'HASHING',
  'ALGO', 'VALIDITY', 'EXPIRATION', 'STORE', 'HELPERS', 'MODULE', 'QUERY', 'COMPLEXITY', 'SECONDS', 'SECS', 'SEC', 'MINUTES', 'HOURS',
  'DAYS', 'MS', 'AGE'];

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
  // (and the public parameter and signature blocks: DH/EC parameters for TLS, PKCS7 bundles, PGP signatures)
  [/-----BEGIN (?!CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|PGP PUBLIC KEY|DH PARAMETERS|X9\.42 DH PARAMETERS|EC PARAMETERS|PKCS7|PGP SIGNED MESSAGE|PGP SIGNATURE)[A-Z0-9 ]+-----/,
    'a PEM block that is not a certificate or public key'],
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

/** Lines longer than this are scanned in pieces: every pattern below is linear, the cap bounds the constant. */
const MAX_LINE = 4096;

/**
 * Key/value forms a configuration file sets a value in, each with the key's capture group first and the value second,
 * matched within one line (`[ \t]`, never a newline, between the parts; look-behinds so that no match restarts
 * inside a word): `KEY=v`, `key: v` anywhere in a line (dotenv, ini, YAML incl. list items and flow mappings,
 * properties, `Password=…;` in connection strings, `--db-password=…` on command lines), quoted keys (`"db password":
 * v`, JSON), XML elements (`<key>v</key>`), attribute pairs (`key="v"`), and `password <token>` (.netrc, redis
 * `requirepass`, haproxy `insecure-password`).
 */
const KEY_VALUE_FORMS: readonly RegExp[] = [
  /(?<![A-Za-z0-9_.-])-{0,2}([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*("[^"]*"|'[^']*'|[^\s"',;}\]]+)/g,
  /["']([^"'\n]{1,64})["'][ \t]*[=:][ \t]*("[^"]*"|'[^']*'|[^\s"',;}\]]+)/g,
  /<([A-Za-z_][A-Za-z0-9_.:-]*)(?:[ \t][^<>]*)?>([^<>]+)<\/\1[ \t]*>/g,
  /(?<![A-Za-z0-9_.:-])([A-Za-z_][A-Za-z0-9_.:-]*)[ \t]*=[ \t]*("[^"]+"|'[^']+')/g,
];

/** Directives whose argument is a password (.netrc, redis `requirepass`/`masterauth`, haproxy `insecure-password`). */
const PASSWORD_DIRECTIVE = /(?:^[ \t]*|\blogin[ \t]+\S+[ \t]+|(?<![A-Za-z0-9_-])(?=insecure-password))(password|passwd|requirepass|masterauth|insecure-password)[ \t]+([^\s=:]\S*)/g;

/** Words after `password` that make it something else: PAM's control flags (`password required pam_unix.so`). */
const NOT_A_PASSWORD = new Set(['required', 'requisite', 'sufficient', 'optional', 'include', 'substack']);

/**
 * A value that names where the secret comes from instead of being it: `${VAR}`, `$VAR`, `$__file{…}`, `{{ … }}`,
 * `<%= … %>`, `!secret x`, `$(cat …)`, `<placeholder>`, `vault:`/`env:`/`file:` references, calls that read the
 * environment, and masks (`***`).
 */
const REFERENCE_VALUE = /^(?:\$\{|\$[A-Za-z_]|\$__|\{\{|<%|!secret\b|!env|\$\(|<[A-Za-z_ -]+>$|vault:|env:|file:|secret:|getenv\(|os\.environ|ENV\[|process\.env|lookup\(|var\.|readFile|\*{3,}|\\S)/;

/** Placeholders inside a value (`postgres://app:${DB_PASSWORD}@db`, `Bearer ${TOKEN}`), removed before value patterns. */
const PLACEHOLDERS = /\$\{[^}\n]{0,256}\}|\{\{[^}\n]{0,256}\}\}|<%[^%\n]{0,256}%>|\$\([^)\n]{0,256}\)|\$__\w+\{[^}\n]{0,256}\}|<[A-Za-z_ -]{1,64}>/g;

/** A comment line (#, ;, //, --, *, <!-- … -->): configs document their secrets in prose; only settings count. */
const COMMENT_LINE = /^[ \t]*(?:#|;|\/\/|--(?:[ \t]|$)|\*(?:[ \t]|$)|<!--)/;

/**
 * Name/value pairs written as two attributes or two elements (XML app settings, Spring beans, Hadoop properties):
 * `key="DbPassword" value="…"`, `name="password" value="…"`, `<name>fs.s3a.secret.key</name><value>…</value>`.
 */
const NAME_VALUE_PAIRS: readonly RegExp[] = [
  /\b(?:key|name)[ \t]*=[ \t]*"([^"]{1,128})"[^<>]{0,512}?\bvalue[ \t]*=[ \t]*"([^"]+)"/g,
  /<(?:name|key)>[ \t]*([^<>]{1,128}?)[ \t]*<\/(?:name|key)>[ \t\r\n]{0,64}<value>([^<>]+)<\/value>/g,
  /<[A-Za-z_][\w.:-]{0,64}[ \t][^<>]{0,256}?\b(?:key|name)[ \t]*=[ \t]*"([^"<>]{1,128})"[^<>]{0,256}>([^<>]{1,1024})</g,
];

/** Values that set nothing: empty, null, a boolean, or the start of a nested mapping or list. */
const NOT_A_VALUE = new Set(['', 'null', '~', 'true', 'false', 'yes', 'no', 'on', 'off', '{', '[', '{}', '[]', 'none', 'redact', 'drop', 'keep']);

/** Credential shapes no key names: an HTTP Authorization header, a registry `auth` in a Docker config.json, a .pgpass line. */
const CREDENTIAL_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/\bAuthorization[ \t]*:[ \t]*(?:Basic|Bearer|Digest|Token)[ \t]+\S{4,}/i, 'an HTTP Authorization header'],
  [/"auth"[ \t]*:[ \t]*"[A-Za-z0-9+/=]{8,}"/, 'a registry auth in a Docker config.json'],
  // host:port:database:user:password, the database and user named (an IPv6 address has only hex groups)
  [/^[^:\s#]+:(?:\d{1,5}|\*):[^:\s]*[g-zG-Z_][^:\s]*:[^:\s]*[g-zG-Z_][^:\s]*:[^:\s]+$/, 'a .pgpass line (host:port:database:user:password)'],
];

/**
 * The text a configuration file's bytes hold: UTF-16 (with a byte order mark, or mostly NUL bytes in one lane)
 * decoded as such, XML CDATA sections and JSON `\uXXXX` escapes unwrapped, so that spelling cannot hide a key.
 *
 * @internal
 */
export function configText(data: Buffer): string {
  const nulIn = (lane: number) => data.filter((b, i) => i % 2 === lane && b === 0).length;
  let text: string;
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) text = data.subarray(2).toString('utf16le');
  else if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) text = Buffer.from(data.subarray(2)).swap16().toString('utf16le');
  else if (data.length >= 4 && nulIn(1) > data.length / 4) text = data.toString('utf16le');
  else if (data.length >= 4 && data.length % 2 === 0 && nulIn(0) > data.length / 4) text = Buffer.from(data).swap16().toString('utf16le');
  else text = data.toString('utf8');
  return text
    .replace(/<!\[CDATA\[([^\]]*(?:\](?!\]>)[^\]]*)*)\]\]>/g, '$1')
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The lines of a text, long ones cut into overlapping pieces (patterns stay linear in the text's size). */
function linesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.length <= MAX_LINE) out.push(line);
    else for (let i = 0; i < line.length; i += MAX_LINE / 2) out.push(line.slice(i, i + MAX_LINE));
  }
  return out;
}

function judge(key: string, raw: string): { key: string; reason: string } | undefined {
  // quotes and backticks around the value; a PHP/Ruby `=>` leaves its `>` on the value
  const value = raw.trim().replace(/^>[ \t]*/, '').replace(/^["'`]|["'`]$/g, '').trim();
  // systemd's LoadCredential/ImportCredential name a file or credential store entry, never the secret
  if (/^(?:Load|Import)Credential(?:Encrypted)?$/.test(key)) return undefined;
  // an environment variable's NAME as the value (node-config's custom-environment-variables): a pointer
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return undefined;
  if (NOT_A_VALUE.has(value.toLowerCase()) || REFERENCE_VALUE.test(value)) return undefined;
  if (key.toUpperCase() === 'PWD' && value.startsWith('/')) return undefined; // the working directory, not a password
  const why = secretLikeName(key);
  return why ? { key, reason: why } : undefined;
}

/**
 * Why a configuration file's text holds a credential, if it does: a secret-looking value anywhere (keys, tokens,
 * credential URLs, Authorization headers, registry auths, .pgpass lines), or a secret-looking key set to a value in
 * any of the usual file formats. Linear in the text's size.
 *
 * @internal
 */
export function credentialInText(text: string): { key?: string; reason: string } | undefined {
  const lines = linesOf(text.replace(/<!--[^]*?-->/g, (c) => c.replace(/[^\n]/g, ' '))).filter((l) => !COMMENT_LINE.test(l));
  for (const line of lines) {
    const value = secretLikeValue(line.replace(PLACEHOLDERS, ''));
    if (value) return { reason: value };
  }
  for (const [shape, reason] of CREDENTIAL_SHAPES) {
    if (lines.some((l) => shape.test(l.replace(PLACEHOLDERS, '')))) return { reason: `it holds ${reason}` };
  }
  for (const line of lines) {
    for (const m of line.matchAll(PASSWORD_DIRECTIVE)) {
      const v = m[2].replace(/^["']|["']$/g, '');
      if (!NOT_A_VALUE.has(v.toLowerCase()) && !NOT_A_PASSWORD.has(v.toLowerCase()) && !REFERENCE_VALUE.test(v)) {
        return { key: m[1], reason: `${m[1]} takes a password` };
      }
    }
    for (const form of KEY_VALUE_FORMS) {
      for (const m of line.matchAll(form)) {
        const found = judge(m[1], m[2]);
        if (found) return found;
      }
    }
  }
  // name/value pairs may span two lines (an element per line): scan line pairs
  for (let i = 0; i < lines.length; i++) {
    const pair = i + 1 < lines.length ? `${lines[i]}\n${lines[i + 1]}` : lines[i];
    for (const form of NAME_VALUE_PAIRS) {
      for (const m of pair.matchAll(form)) {
        const found = judge(m[1], m[2]);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** credentialInText over a config's raw bytes (UTF-16 included). @internal */
export function credentialInData(data: Buffer): { key?: string; reason: string } | undefined {
  return credentialInText(configText(data));
}
