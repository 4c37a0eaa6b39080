import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as fc from 'fast-check';
import {
  AppArmorCapability,
  AppArmorNetworkProtocol,
  AppArmorProfile,
  AppArmorProfileProps,
} from '../../lib/apparmor/apparmor-profile';

// ---------------------------------------------------------------------------
// The real AppArmor parser, in compile-only mode.
//
//   -Q / --skip-kernel-load  parse and compile the profile (includes, variables,
//                            rule merging, DFA build) but do not load it, so no
//                            AppArmor-enabled kernel and no securityfs is needed
//   -K / --skip-cache        neither read nor write the binary cache, so every
//                            call really compiles the text and nothing is
//                            written to /var/cache/apparmor
//   --abort-on-error         stop at the first error (exit status != 0)
//
// The policy features come from /etc/apparmor/parser.conf (Debian pins
// /usr/share/apparmor-features/features), so the result does not depend on the
// kernel of the machine running the tests.
// ---------------------------------------------------------------------------

const PARSER_FLAGS = ['--skip-kernel-load', '--skip-cache', '--abort-on-error'];
const MISSING_PARSER =
  "apparmor_parser not found (looked in /sbin, /usr/sbin and PATH): install Debian's `apparmor` package " +
  '(apt-get install apparmor); the AppArmor tests check every generated profile with the real parser and are never skipped';

function findParser(): string | undefined {
  const dirs = ['/sbin', '/usr/sbin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  return dirs.map(dir => join(dir, 'apparmor_parser')).find(candidate => existsSync(candidate));
}

let workDir: string;
let fileCount = 0;

interface ParseResult {
  readonly status: number | null;
  readonly output: string;
}

/** Writes the text to a temp file and compiles it with apparmor_parser (no kernel load). */
function parse(text: string): ParseResult {
  const parser = findParser();
  if (parser === undefined) throw new Error(MISSING_PARSER);
  const file = join(workDir, `profile-${++fileCount}`);
  writeFileSync(file, text);
  const result = spawnSync(parser, [...PARSER_FLAGS, file], { encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function expectParses(text: string): void {
  const result = parse(text);
  if (result.status !== 0) {
    throw new Error(`apparmor_parser rejected the profile (exit ${result.status}):\n${result.output}\n--- profile ---\n${text}`);
  }
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'apparmor-profile-test-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/** bane's sample.toml (nginx) expressed with this builder. */
const NGINX: AppArmorProfileProps = {
  name: 'nginx',
  readOnlyPaths: [
    '/bin/**', '/boot/**', '/etc/**', '/home/**', '/lib/**', '/lib64/**', '/media/**', '/mnt/**',
    '/opt/**', '/proc/**', '/root/**', '/sbin/**', '/srv/**', '/sys/**', '/usr/**',
  ],
  writablePaths: ['/var/cache/nginx', '/run', '/tmp'],
  logOnWritePaths: ['/var/cache/nginx/**'],
  allowExec: ['/usr/sbin/nginx'],
  denyExec: ['/bin/dash', '/bin/sh', '/usr/bin/top'],
  capabilities: [
    AppArmorCapability.CHOWN,
    AppArmorCapability.DAC_OVERRIDE,
    AppArmorCapability.SETUID,
    AppArmorCapability.SETGID,
    AppArmorCapability.NET_BIND_SERVICE,
  ],
  network: {
    protocols: [AppArmorNetworkProtocol.TCP, AppArmorNetworkProtocol.UDP, AppArmorNetworkProtocol.ICMP],
  },
};

const FIXTURES: Record<string, AppArmorProfileProps> = {
  'nginx': NGINX,
  'minimal': { name: 'minimal' },
  'network-tools': {
    name: 'docker-network-tools',
    network: { raw: true, packet: true },
    deniedPaths: ['/etc/shadow', '/root'],
    denyExec: ['/usr/bin/*sh'],
    logOnWritePaths: ['/**'],
    capabilities: [AppArmorCapability.NET_RAW, AppArmorCapability.NET_ADMIN],
  },
  'worker': {
    name: 'worker.v2',
    readOnlyPaths: ['/usr/**', '/etc/**'],
    allowExec: ['/usr/local/bin/worker', '/usr/bin/python3*'],
    network: { protocols: [AppArmorNetworkProtocol.TCP], raw: true },
  },
};

describe('AppArmorProfile fixtures', () => {
  test('apparmor_parser is installed', () => {
    expect(findParser(), MISSING_PARSER).toBeDefined();
  });

  for (const [fixture, props] of Object.entries(FIXTURES)) {
    test(`${fixture}: snapshot`, async () => {
      const text = new AppArmorProfile(props).toProfileText();
      await expect(text).toMatchFileSnapshot(`./__snapshots__/${fixture}.apparmor`);
    });

    test(`${fixture}: apparmor_parser compiles it`, () => {
      expectParses(new AppArmorProfile(props).toProfileText());
    });
  }

  test('nginx renders bane-like rules', () => {
    const text = new AppArmorProfile(NGINX).toProfileText();
    expect(text).toContain('profile docker-nginx flags=(attach_disconnected,mediate_deleted) {');
    expect(text).toContain('#include <tunables/global>');
    expect(text).toContain('  #include <abstractions/base>');
    expect(text).toContain('  /usr/** r,\n  deny /usr/** wl,');
    expect(text).toContain('  /var/cache/nginx{,/**} rw,');
    expect(text).toContain('  audit /var/cache/nginx/** w,');
    expect(text).toContain('  /usr/sbin/nginx{,/**} ix,');
    expect(text).toContain('  deny /bin/dash{,/**} x,');
    expect(text).toContain('  /** rmk,');
    expect(text).not.toMatch(/^ {2}file,$/m);
    expect(text).toContain('  capability net_bind_service,');
    expect(text).toContain('  network inet tcp,\n  network inet6 tcp,');
    expect(text).toContain('  deny network inet raw,');
    expect(text).toContain('  deny network packet,');
    expect(text).toContain('  deny mount,\n  deny umount,\n  deny pivot_root,');
    expect(text).toContain('  deny @{PROC}/* w,');
    expect(text).toContain('  deny /sys/[^f]*/** wklx,');
    expect(text).toContain('  ptrace (trace,read,tracedby,readby) peer=docker-nginx,');
    expect(text.trimEnd().endsWith('}')).toBe(true);
  });

  test('minimal is docker-default without capabilities, raw or packet sockets', () => {
    const text = new AppArmorProfile({ name: 'minimal' }).toProfileText();
    expect(text).toMatch(/^ {2}file,$/m);
    expect(text).toMatch(/^ {2}network,$/m);
    expect(text).not.toMatch(/^ {2}capability/m);
    expect(text).toContain('deny network inet6 raw,');
  });

  test('raw and packet sockets are allowed only on request', () => {
    const text = new AppArmorProfile(FIXTURES['network-tools']).toProfileText();
    expect(text).not.toContain('deny network');
    const worker = new AppArmorProfile(FIXTURES.worker).toProfileText();
    expect(worker).toContain('  network inet raw,');
    expect(worker).toContain('  deny network packet,');
    expect(worker).not.toContain('network inet6 udp');
  });

  test('profile name, file and security option', () => {
    const profile = new AppArmorProfile(NGINX);
    expect(profile.name).toBe('nginx');
    expect(profile.profileName).toBe('docker-nginx');
    expect(profile.securityOpt()).toBe('apparmor=docker-nginx');
    expect(profile.toFile()).toEqual({
      path: '/etc/apparmor.d/containers/docker-nginx',
      mode: '0644',
      content: profile.toProfileText(),
    });
    const prefixed = new AppArmorProfile({ name: 'docker-network-tools' });
    expect(prefixed.profileName).toBe('docker-network-tools');
    expect(prefixed.securityOpt()).toBe('apparmor=docker-network-tools');
    expect(prefixed.toFile().path).toBe('/etc/apparmor.d/containers/docker-network-tools');
  });

  test('output is sorted and de-duplicated', () => {
    const a = new AppArmorProfile({
      name: 'order',
      readOnlyPaths: ['/usr/**', '/etc', '/usr/**'],
      capabilities: [AppArmorCapability.SETUID, AppArmorCapability.CHOWN, AppArmorCapability.SETUID],
    }).toProfileText();
    const b = new AppArmorProfile({
      name: 'order',
      readOnlyPaths: ['/etc', '/usr/**'],
      capabilities: [AppArmorCapability.CHOWN, AppArmorCapability.SETUID],
    }).toProfileText();
    expect(a).toBe(b);
    expect(a.indexOf('/etc{,/**} r,')).toBeLessThan(a.indexOf('/usr/** r,'));
    expect(a.match(/capability setuid,/g)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------
// The parser check can fail
// ---------------------------------------------------------------------------

describe('the apparmor_parser check rejects broken profiles', () => {
  test('a profile without its closing brace', () => {
    const text = new AppArmorProfile(NGINX).toProfileText().replace(/\}\n$/, '');
    const result = parse(text);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/syntax error|unexpected/i);
    expect(() => expectParses(text)).toThrow(/apparmor_parser rejected the profile/);
  });

  test('a rule with an unknown capability', () => {
    const text = new AppArmorProfile(NGINX).toProfileText()
      .replace('  capability chown,', '  capability no_such_capability,');
    const result = parse(text);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/Invalid capability/);
  });

  test('a path with an unquoted space (what the path validation prevents)', () => {
    const text = new AppArmorProfile({ name: 'space' }).toProfileText()
      .replace('  file,', '  /var/my cache/** rw,');
    expect(parse(text).status).not.toBe(0);
  });

  test('conflicting exec modes on one path', () => {
    const text = new AppArmorProfile({ name: 'modes' }).toProfileText()
      .replace('  file,', '  /usr/bin/env ix,\n  /usr/bin/env px,');
    expect(parse(text).status).not.toBe(0);
  });
});

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

function errorOf(props: unknown): string {
  try {
    new AppArmorProfile(props as AppArmorProfileProps);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(props)} to be refused`);
}

describe('AppArmorProfile validation', () => {
  test.each([
    ['empty', ''],
    ['upper case', 'Nginx'],
    ['leading dash', '-nginx'],
    ['leading dot', '.nginx'],
    ['slash', 'web/app'],
    ['space', 'web app'],
    ['brace', 'web{x}'],
    ['too long', 'a'.repeat(65)],
    ['bare prefix', 'docker-'],
    ['not a string', 42],
    ['missing', undefined],
  ])('name: %s', (_label, name) => {
    expect(errorOf({ name })).toMatch(/^AppArmorProfile: invalid name .*: lower-case letters, digits/);
  });

  test.each(['default', 'docker-default'])('name %s (Docker\'s own profile) is refused', name => {
    expect(errorOf({ name })).toBe(
      `AppArmorProfile: invalid name "${name}": any name but "default"/"docker-default": docker-default is the profile Docker loads itself`);
  });

  test('props must be an object', () => {
    expect(errorOf(undefined)).toMatch(/^AppArmorProfile: invalid props \(unset\): an object/);
  });

  const badPaths: Array<[string, unknown]> = [
    ['relative', 'var/cache'],
    ['dot-dot', '/var/../etc'],
    ['trailing dot-dot', '/var/..'],
    ['dot', '/var/./cache'],
    ['double slash', '/var//cache'],
    ['trailing slash', '/var/cache/'],
    ['root', '/'],
    ['double quote', '/var/"cache"'],
    ['single quote', "/var/'cache'"],
    ['newline', '/var/cache\n/etc'],
    ['comma', '/var/cache,'],
    ['braces', '/var/{cache,run}'],
    ['brackets', '/var/[a-z]*'],
    ['variable', '@{HOME}/x'],
    ['variable inside', '/home/@{USER}'],
    ['space', '/var/my cache'],
    ['tab', '/var/\tcache'],
    ['hash', '/var/#cache'],
    ['caret', '/var/^cache'],
    ['backslash', '/var/\\cache'],
    ['triple star', '/var/***'],
    ['cdktf token', '${TfToken[TOKEN.1]}'],
    ['too long', `/${'a'.repeat(1024)}`],
    ['not a string', 7],
  ];
  const pathProps = ['readOnlyPaths', 'writablePaths', 'logOnWritePaths', 'allowExec', 'denyExec', 'deniedPaths'];
  for (const prop of pathProps) {
    test.each(badPaths)(`${prop}: %s`, (_label, path) => {
      const message = errorOf({ name: 'x', [prop]: [path] });
      const shown = JSON.stringify(path);
      expect(message.startsWith(shown.length > 200
        ? `AppArmorProfile: invalid ${prop} ${shown.slice(0, 200)}…: an absolute path`
        : `AppArmorProfile: invalid ${prop} ${shown}: an absolute path`)).toBe(true);
      expect(message).toContain('braces, brackets, @{variables}, quotes, whitespace, commas and "#" are refused');
    });

    test(`${prop}: must be a list`, () => {
      expect(errorOf({ name: 'x', [prop]: '/etc' })).toMatch(new RegExp(`^AppArmorProfile: invalid ${prop} "/etc": a list of paths`));
    });
  }

  test('a path both writable and read-only', () => {
    expect(errorOf({ name: 'x', readOnlyPaths: ['/srv'], writablePaths: ['/srv'] })).toBe(
      'AppArmorProfile: invalid writablePaths "/srv": it lies inside readOnlyPaths "/srv"; ' +
      'a path is either writable or read-only; the read-only deny rule would silently win');
  });

  test('a writable path inside a read-only glob', () => {
    expect(errorOf({ name: 'x', readOnlyPaths: ['/usr/**'], writablePaths: ['/usr/local/cache'] }))
      .toMatch(/^AppArmorProfile: invalid writablePaths "\/usr\/local\/cache": it lies inside readOnlyPaths "\/usr\/\*\*"/);
    expect(errorOf({ name: 'x', readOnlyPaths: ['/srv'], writablePaths: ['/srv/*/data'] }))
      .toMatch(/^AppArmorProfile: invalid writablePaths "\/srv\/\*\/data": it lies inside readOnlyPaths "\/srv"/);
  });

  test('a writable path inside a denied path', () => {
    expect(errorOf({ name: 'x', deniedPaths: ['/secret'], writablePaths: ['/secret/tmp'] }))
      .toMatch(/^AppArmorProfile: invalid writablePaths "\/secret\/tmp": it lies inside deniedPaths "\/secret"; a denied path cannot be writable/);
  });

  test('both allowExec and denyExec', () => {
    expect(errorOf({ name: 'x', allowExec: ['/bin/sh'], denyExec: ['/bin/sh'] })).toBe(
      'AppArmorProfile: invalid allowExec "/bin/sh": it lies inside denyExec "/bin/sh"; ' +
      'a path is either executable or denied execution; the deny rule would silently win');
    expect(errorOf({ name: 'x', allowExec: ['/bin/sh'], denyExec: ['/bin/*'] }))
      .toMatch(/^AppArmorProfile: invalid allowExec "\/bin\/sh": it lies inside denyExec "\/bin\/\*"/);
  });

  test('an executable inside a denied path', () => {
    expect(errorOf({ name: 'x', allowExec: ['/opt/app/run'], deniedPaths: ['/opt/app'] }))
      .toMatch(/^AppArmorProfile: invalid allowExec "\/opt\/app\/run": it lies inside deniedPaths "\/opt\/app"; a denied path cannot be executable/);
  });

  test('a path both writable and executable (write xor execute)', () => {
    expect(errorOf({ name: 'x', writablePaths: ['/app'], allowExec: ['/app/bin/server'] })).toBe(
      'AppArmorProfile: invalid allowExec "/app/bin/server": it lies inside writablePaths "/app"; ' +
      'a path both writable and executable lets the container run code it wrote (write xor execute)');
    expect(errorOf({ name: 'x', writablePaths: ['/app/cache'], allowExec: ['/app/**'] }))
      .toMatch(/^AppArmorProfile: invalid writablePaths "\/app\/cache": it lies inside allowExec "\/app\/\*\*"; a path both writable and executable/);
  });

  test('logged writes outside writablePaths when writablePaths is set', () => {
    expect(errorOf({ name: 'x', writablePaths: ['/run'], logOnWritePaths: ['/**'] })).toBe(
      'AppArmorProfile: invalid logOnWritePaths "/**": a path inside writablePaths: an audit rule also grants the write, ' +
      'so with writablePaths set it may only log writes to writable paths');
  });

  test('unknown capability', () => {
    expect(errorOf({ name: 'x', capabilities: ['CAP_SYS_ADMIN'] }))
      .toMatch(/^AppArmorProfile: invalid capabilities "CAP_SYS_ADMIN": one of chown, dac_override, .*checkpoint_restore$/);
    expect(errorOf({ name: 'x', capabilities: ['all'] })).toMatch(/^AppArmorProfile: invalid capabilities "all": one of /);
    expect(errorOf({ name: 'x', capabilities: 'chown' })).toMatch(/^AppArmorProfile: invalid capabilities "chown": a list of /);
  });

  test('network', () => {
    expect(errorOf({ name: 'x', network: { protocols: ['sctp'] } }))
      .toBe('AppArmorProfile: invalid network.protocols "sctp": one of tcp, udp, icmp');
    expect(errorOf({ name: 'x', network: { protocols: [] } }))
      .toBe('AppArmorProfile: invalid network.protocols []: at least one of tcp, udp, icmp; leave it unset to allow every protocol');
    expect(errorOf({ name: 'x', network: { raw: 'yes' } })).toBe('AppArmorProfile: invalid network.raw "yes": true or false');
    expect(errorOf({ name: 'x', network: { packet: 1 } })).toBe('AppArmorProfile: invalid network.packet 1: true or false');
    expect(errorOf({ name: 'x', network: 'none' })).toMatch(/^AppArmorProfile: invalid network "none": an object/);
  });

  test('overlaps where the deny rule is the intent are accepted', () => {
    // Everything writable except /usr; every binary in /usr/bin except top;
    // an executable in a writable tree that is read-only itself.
    const profile = new AppArmorProfile({
      name: 'carve-outs',
      writablePaths: ['/**'],
      readOnlyPaths: ['/usr/**'],
      allowExec: ['/usr/bin/*'],
      denyExec: ['/usr/bin/top'],
    });
    expectParses(profile.toProfileText());
  });

  test('every capability compiles', () => {
    expectParses(new AppArmorProfile({ name: 'all-caps', capabilities: Object.values(AppArmorCapability) }).toProfileText());
  });
});

// ---------------------------------------------------------------------------
// Property-based: generated profiles compile with apparmor_parser
// ---------------------------------------------------------------------------

const SEGMENT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+~:%=-';
const plainSegment = fc
  .string({ unit: fc.constantFrom(...SEGMENT_CHARS.split('')), minLength: 1, maxLength: 10 })
  .filter(segment => segment !== '.' && segment !== '..');
const globSegment = fc.constantFrom('*', '**', '?', '*.conf', 'lib*', 'x?y', 'a**', '*-*');
const segment = fc.oneof({ weight: 4, arbitrary: plainSegment }, { weight: 1, arbitrary: globSegment });

/** Paths under a fixed top-level directory, so that lists of different kinds never overlap. */
function pathsUnder(top: string, maxLength = 4) {
  return fc.array(fc.array(segment, { minLength: 0, maxLength: 4 }).map(parts => [top, ...parts].join('/')), { maxLength });
}

const propsArbitrary = fc.record({
  name: fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}$/).filter(n => n !== 'default' && n !== 'docker-default' && n !== 'docker-'),
  readOnlyPaths: pathsUnder('/ro'),
  writablePaths: pathsUnder('/rw'),
  logOnWriteSuffixes: fc.array(fc.array(segment, { maxLength: 3 }), { maxLength: 3 }),
  logEverything: fc.boolean(),
  allowExec: pathsUnder('/bin'),
  denyExec: pathsUnder('/sbin'),
  deniedPaths: pathsUnder('/secret'),
  capabilities: fc.subarray(Object.values(AppArmorCapability)),
  network: fc.record({
    raw: fc.option(fc.boolean(), { nil: undefined }),
    packet: fc.option(fc.boolean(), { nil: undefined }),
    protocols: fc.option(fc.subarray(Object.values(AppArmorNetworkProtocol), { minLength: 1 }), { nil: undefined }),
  }, { requiredKeys: [] }),
}).map(({ logOnWriteSuffixes, logEverything, ...rest }): AppArmorProfileProps => {
  // Logged writes must lie inside writablePaths when it is set; otherwise anything goes.
  const logOnWritePaths = rest.writablePaths.length > 0
    ? logOnWriteSuffixes.map((suffix, i) => {
      const writable = rest.writablePaths[i % rest.writablePaths.length];
      return /[*?]/.test(writable) ? writable : [writable, ...suffix].join('/');
    })
    : logOnWriteSuffixes.map(suffix => ['/log', ...suffix].join('/')).concat(logEverything ? ['/**'] : []);
  return { ...rest, logOnWritePaths };
});

describe('AppArmorProfile property-based', () => {
  test('generated profiles are deterministic and compile with apparmor_parser', () => {
    fc.assert(
      fc.property(propsArbitrary, props => {
        const text = new AppArmorProfile(props).toProfileText();
        const reversed = new AppArmorProfile({
          ...props,
          readOnlyPaths: [...props.readOnlyPaths!].reverse(),
          writablePaths: [...props.writablePaths!].reverse(),
          allowExec: [...props.allowExec!].reverse(),
          capabilities: [...props.capabilities!].reverse(),
        }).toProfileText();
        expect(reversed).toBe(text);
        expect(text).toContain(`profile ${new AppArmorProfile(props).profileName} flags=(attach_disconnected,mediate_deleted) {`);
        expectParses(text);
      }),
      { seed: 20250611, numRuns: 50 },
    );
  });
});

// ---------------------------------------------------------------------------
// Regressions found by test/seccomp/profiles.property.test.ts
// ---------------------------------------------------------------------------

describe('AppArmorProfile regressions (property-based findings)', () => {
  test('regression: allowed executables are never writable, also when writablePaths is unset (write xor execute)', () => {
    const text = new AppArmorProfile({ name: 'x', allowExec: ['/app/run', '/opt/bin/*'] }).toProfileText();
    expect(text).toContain('  /** rwmlk,');
    expect(text).toContain('  /app/run{,/**} ix,');
    expect(text).toContain('  deny /app/run{,/**} wl,');
    expect(text).toContain('  deny /opt/bin/* wl,');
    expectParses(text);
  });

  test('regression: a logged glob that only overlaps writablePaths is refused (an audit rule grants the write)', () => {
    for (const [writable, logged] of [['/app/x', '/app/?'], ['/app/xx', '/app/x?'], ['/app/x*', '/app/*x'], ['/app', '/ap?']]) {
      expect(errorOf({ name: 'x', writablePaths: [writable], logOnWritePaths: [logged] }))
        .toMatch(new RegExp(`^AppArmorProfile: invalid logOnWritePaths "${logged.replace(/[?*]/g, '\\$&')}": a path inside writablePaths`));
    }
    // what lies inside is still accepted
    for (const [writable, logged] of [['/app/x', '/app/x/**'], ['/app/x', '/app/x/?'], ['/app/*', '/app/x?'], ['/app/**', '/app/*/x'], ['/app/x*', '/app/xy*']]) {
      expect(() => new AppArmorProfile({ name: 'x', writablePaths: [writable], logOnWritePaths: [logged] })).not.toThrow();
    }
  });
});
