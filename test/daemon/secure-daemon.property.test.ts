import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import * as fc from 'fast-check';
import {
  AppArmorProfile, DaemonLogLevel, DaemonUlimit, HardenedContainer, OPT_OUT_METADATA_TYPE, SECCOMP_PROFILE_PATH, SeccompProfile,
  SecureDaemon, SecureDaemonOptOuts, SecureDaemonProps, TlsDockerHost,
} from '../../lib';
import { runChecks, stack as checksStack } from '../checks/util';
import { expectNamedRefusal, hostileString, mostly, rarely, RUNS, SEED } from '../fuzz/config';

// ---- generators ------------------------------------------------------------------------------

const STACK = 'fuzz';
const IMAGE = `registry.example.com/app@sha256:${'cd'.repeat(32)}`;
const OPT_OUT_KEYS: Array<keyof SecureDaemonOptOuts> = ['interContainerCommunication', 'userNamespaceRemap', 'noNewPrivileges', 'liveRestore', 'userlandProxy'];
const ROTATING = ['local', 'json-file'];
const DRIVERS = ['local', 'json-file', 'journald', 'syslog', 'fluentd', 'gelf'];
/** What dockerd accepts in default-ulimits (go-units); anything else stops it from starting. */
const KNOWN_ULIMITS = ['as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio',
  'rttime', 'sigpending', 'stack'];

const justification = mostly(
  fc.constantFrom('legacy links between two containers', 'the host is a swarm manager', 'documented in ADR-12 for the CI runners'),
  fc.oneof(fc.constantFrom('short', '', '          '), fc.string({ maxLength: 30 })),
);
/** An opt-out: mostly absent; when present mostly justified, sometimes not an OptOut at all (null, false, {}, …). */
const optOut = rarely(mostly(
  justification.map((j) => ({ justification: j })),
  fc.constantFrom<any>(null, false, 0, '', {}, { justification: 7 }, 'because we must'),
));

const hostPath = (valid: string[]) => mostly(
  fc.oneof(fc.constantFrom(...valid),
    fc.array(fc.stringMatching(/^[a-z0-9_][a-z0-9._-]{0,7}$/), { minLength: 1, maxLength: 4 }).map((p) => `/${p.join('/')}`)),
  fc.oneof(
    fc.constantFrom('relative/path', '', '/', '/a/../b', '/a/./b', '//a', '/a/', '/a b', '/x"; id; "', '/x$(id)', '/x`id`', "/x'y",
      '/x\ny', '/x\u0000y', '/x\\y', '/ü', `/${'a'.repeat(300)}`),
    hostileString,
  ),
);

const SECCOMP = [
  SeccompProfile.dockerDefault(),
  SeccompProfile.dockerDefaultMinus(['socket']),
  SeccompProfile.allowList(['read', 'write', 'exit_group', 'rt_sigreturn']),
  SeccompProfile.allowByDefault(['socket'], { justification: 'a vendor agent that needs almost every syscall' }),
];
const APPARMOR = ['nginx', 'app', 'db'].map((name) => new AppArmorProfile({ name, writablePaths: ['/tmp/**'] }));

/** Name, soft and hard limit each mostly valid, independently hostile; soft <= hard when both are valid numbers. */
const limit = mostly(fc.integer({ min: 0, max: 2 ** 20 }), fc.constantFrom(-1, 1.5, NaN, Infinity, 2 ** 60, 1e21));
const ulimit: fc.Arbitrary<DaemonUlimit> = mostly(
  fc.record({
    name: mostly(fc.constantFrom('nofile', 'nproc', 'core', 'memlock', 'stack'), fc.constantFrom('NOFILE', 'foo', '', 'no file', 'pids', 'nofile ')),
    a: limit,
    b: limit,
    swap: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }).map(({ name, a, b, swap }) => (Number.isInteger(a) && Number.isInteger(b) && !swap
    ? { name, soft: Math.min(a, b), hard: Math.max(a, b) } : { name, soft: a, hard: b })),
  fc.constantFrom<any>(null, 'nofile=1024:1024', { name: 'nofile' }),
);

const props = fc.record({
  hostName: mostly(
    fc.constantFrom('docker-1', 'docker.example.com', 'h', 'a'.repeat(253)),
    fc.oneof(fc.constantFrom('', '-x', 'a b', 'a/b', '../etc', 'x'.repeat(254), 'a_b'), hostileString),
  ),
  tcpListenAddress: rarely(mostly(
    fc.constantFrom('0.0.0.0', '127.0.0.1', '10.0.0.5', '192.0.2.10'),
    fc.oneof(fc.constantFrom('::', '::1', 'localhost', '256.1.1.1', '01.2.3.4', '0.0.0.0:2376', '1.2.3', ' 1.2.3.4'), hostileString),
  )),
  unixSocket: rarely(hostPath(['/var/run/docker.sock', '/run/docker.sock', '/run/docker/api.sock'])),
  tlsDirectory: rarely(hostPath(['/etc/docker/tls', '/etc/docker/certs', '/srv/pki/docker'])),
  logDriver: rarely(mostly(
    fc.constantFrom(...DRIVERS),
    fc.oneof(fc.constantFrom('none', 'Local', 'awslogs', '', 'json-file '), hostileString),
  )),
  logMaxSize: rarely(mostly(
    fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('k', 'm', 'g')).map(([n, u]) => `${n}${u}`),
    fc.oneof(fc.constantFrom('0m', '10', '10M', '-1m', '10mb', '1.5m', ''), hostileString),
  )),
  logMaxFiles: rarely(mostly(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0, -1, 101, 2.5, NaN, Infinity))),
  logLevel: rarely(mostly(fc.constantFrom(...Object.values(DaemonLogLevel)), fc.constantFrom<any>('debug', 'INFO', 'fatal', '', null))),
  defaultUlimits: rarely(mostly(
    fc.array(ulimit, { maxLength: 3 }),
    fc.constantFrom<any>(null, { name: 'nofile', soft: 1, hard: 1 }, 'nofile=1024'),
  )),
  userNamespaceRemapUser: rarely(mostly(
    fc.constantFrom('default', 'dockremap', 'dockremap:dockremap', '_svc'),
    fc.oneof(fc.constantFrom('root', 'root:root', 'root:dockremap', '0', '0:0', '1000:1000', 'Default', 'a:b:c', ''), hostileString),
  )),
  swarmMode: rarely(fc.boolean()),
  engineVersion: rarely(mostly(
    fc.constantFrom('28.0', '25.0.3', '24.0.7', '20.10.24', '27'),
    fc.oneof(fc.constantFrom('v28', '', 'latest', '-1', '9'.repeat(400), '28abc'), hostileString),
  )),
  bridgeName: rarely(mostly(
    fc.constantFrom('docker1', 'br-int', 'docker0'),
    fc.oneof(fc.constantFrom('none', '', 'a'.repeat(16), 'br 0', 'br/0', '.', '..', 'br:0'), hostileString),
  )),
  dataRoot: rarely(hostPath(['/var/lib/docker', '/srv/docker'])),
  execRoot: rarely(hostPath(['/var/run/docker', '/run/docker-2'])),
  pidFile: rarely(hostPath(['/var/run/docker.pid', '/run/docker-2.pid'])),
  seccompProfile: rarely(mostly(fc.constantFrom(...SECCOMP), fc.constantFrom<any>('unconfined', {}, null))),
  apparmorProfiles: rarely(mostly(
    fc.array(fc.constantFrom(...APPARMOR), { maxLength: 3 }),
    fc.oneof(fc.array(fc.constantFrom<any>(null, 'docker-default', {}), { minLength: 1, maxLength: 2 }), fc.constant<any>(APPARMOR[0])),
  )),
  optOuts: rarely(mostly(
    fc.record(Object.fromEntries(OPT_OUT_KEYS.map((k) => [k, optOut])) as { [K in keyof SecureDaemonOptOuts]: typeof optOut }, { requiredKeys: [] }),
    fc.constantFrom<any>(null, 'none'),
  ), 2),
}, { requiredKeys: ['hostName'] });

/** The case around the props: TLS (from a PKI stack, whose id lands in install.sh), a second daemon, a container. */
const scenario = fc.record({
  props,
  tls: rarely(mostly(
    fc.record({
      port: fc.constantFrom(2376, 12376),
      pkiStack: mostly(fc.constant('pki'), fc.constantFrom('pki;reboot', 'pki$(id)', 'pki`id`', "pk'i", 'pk"i', 'p&&q', 'pki|nc', 'pki>x')),
    }),
    fc.constantFrom<any>({}, 'tcp://docker:2376', null),
  ), 2),
  secondDaemon: rarely(fc.constantFrom('same-host', 'other-host')),
  container: fc.boolean(),
});

// ---- install.sh, read as a POSIX shell reads it -----------------------------------------------

interface Word { readonly text: string; readonly literal: boolean }

/**
 * Splits a shell script into its simple commands (argv of words, each literal or not), including the
 * commands inside command substitutions, the way a POSIX shell tokenizes it: quotes, backslashes,
 * `$var`, `$(…)`, backticks, operators and redirections. It never runs anything.
 */
function shellCommands(src: string): Word[][] {
  const commands: Word[][] = [];
  let i = 0;
  const parse = (end: string | undefined): void => {
    let argv: Word[] = [];
    let text = '';
    let literal = true;
    let inWord = false;
    let redirect = false;
    const endWord = () => {
      if (inWord) {
        if (redirect) redirect = false;
        else argv.push({ text, literal });
      }
      text = '';
      literal = true;
      inWord = false;
    };
    const endCommand = () => {
      endWord();
      while (argv.length > 0 && ['if', 'then', 'else', 'elif', 'fi', 'do', 'done', '!', '{', '}'].includes(argv[0].text) && argv[0].literal) argv.shift();
      if (argv.length > 0) commands.push(argv);
      argv = [];
    };
    const substitution = (closing: string) => {
      parse(closing);
      literal = false;
      text += '$(…)';
      inWord = true;
    };
    const variable = () => {
      const m = /^\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*|[0-9#?$!@*-])/.exec(src.slice(i));
      if (!m) {
        text += '$';
        i++;
      } else {
        text += m[0];
        i += m[0].length;
        literal = false;
      }
      inWord = true;
    };
    while (i < src.length) {
      const c = src[i];
      if (end !== undefined && c === end) {
        i++;
        endCommand();
        return;
      }
      if (c === '\'') {
        const close = src.indexOf('\'', i + 1);
        if (close < 0) throw new Error('unterminated single quote');
        text += src.slice(i + 1, close);
        inWord = true;
        i = close + 1;
      } else if (c === '"') {
        i++;
        inWord = true;
        while (i < src.length && src[i] !== '"') {
          if (src[i] === '\\' && '$`"\\\n'.includes(src[i + 1])) {
            text += src[i + 1];
            i += 2;
          } else if (src.startsWith('$(', i)) {
            i += 2;
            substitution(')');
          } else if (src[i] === '$') {
            variable();
          } else if (src[i] === '`') {
            i++;
            substitution('`');
          } else {
            text += src[i++];
          }
        }
        if (i >= src.length) throw new Error('unterminated double quote');
        i++;
      } else if (c === '\\') {
        if (src[i + 1] !== '\n') text += src[i + 1];
        inWord = src[i + 1] !== '\n' || inWord;
        i += 2;
      } else if (src.startsWith('$(', i)) {
        i += 2;
        substitution(')');
      } else if (c === '$') {
        variable();
      } else if (c === '`') {
        i++;
        substitution('`');
      } else if (c === '#' && !inWord) {
        while (i < src.length && src[i] !== '\n') i++;
      } else if (c === ' ' || c === '\t') {
        endWord();
        i++;
      } else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        endCommand();
        i += src.startsWith('&&', i) || src.startsWith('||', i) || src.startsWith(';;', i) ? 2 : 1;
      } else if (c === '>' || c === '<') {
        if (inWord && literal && /^[0-9]+$/.test(text)) {
          text = '';
          inWord = false;
        }
        endWord();
        i += src.startsWith('>>', i) || src.startsWith('>&', i) || src.startsWith('<&', i) || src.startsWith('<<', i) ? 2 : 1;
        redirect = true;
      } else {
        text += c;
        inWord = true;
        i++;
      }
    }
    if (end !== undefined) throw new Error(`unterminated ${end}`);
    endCommand();
  };
  parse(undefined);
  return commands;
}

/**
 * install.sh does exactly what the host files say, whatever the props held: every command is one the script
 * is meant to run, and every path or name in it is a literal word equal to the file's path (nothing in a prop
 * can add a command, split a word or expand).
 */
function assertInstallScript(d: SecureDaemon, pkiStack: string | undefined): void {
  const script: string = (d as any).installScript();
  const files = d.files;
  const paths = files.map((f) => f.path);
  const literal = (w: Word | undefined) => (w?.literal ? w.text : `<non-literal ${w?.text}>`);
  const installed: string[] = [];
  for (const raw of shellCommands(script)) {
    const argv = [...raw];
    while (argv.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0].text)) {
      expect(argv[0].text).toBe('tmp=$(…)'); // the only assignment: tmp=$(mktemp)
      argv.shift();
    }
    if (argv.length === 0) continue;
    const words = argv.map(literal);
    const [cmd, ...args] = words;
    switch (cmd) {
      case 'set': expect(args).toEqual(['-eu']); break;
      case 'umask': expect(args).toEqual(['077']); break;
      case 'cd': expect(argv.slice(1).map((w) => w.text)).toEqual(['$(…)']); break;
      case 'dirname': expect(argv.slice(1).map((w) => w.text)).toEqual(['$0']); break;
      case 'mktemp': expect(args).toEqual([]); break;
      case 'rm': expect(argv.slice(1).map((w) => w.text)).toEqual(['-f', '$tmp']); break;
      case 'command': expect(args).toEqual(['-v', 'systemctl']); break;
      case 'systemctl': expect([['daemon-reload'], ['restart', 'docker']]).toContainEqual(args); break;
      case 'grep': expect(args).toEqual(['-q', '--', '--validate']); break;
      case 'dockerd': expect([['--help'], ['--validate', '--config-file=/etc/docker/daemon.json']]).toContainEqual(args); break;
      case 'apparmor_parser':
        expect(args.slice(0, 2)).toEqual(['-r', '-W']);
        expect(paths).toContain(args[2]);
        expect(args).toHaveLength(3);
        break;
      case 'terraform':
        expect(args.slice(0, 1)).toEqual([`-chdir=cdktf.out/stacks/${pkiStack}`]);
        expect(args.slice(1, 3)).toEqual(['output', '-raw']);
        expect(Object.values((d as any).tls.outputNames)).toContain(args[3]);
        expect(args).toHaveLength(4);
        break;
      case '[':
        // `[ -d <dir> ] || install -d …`: only a missing directory is created
        expect(args.slice(0, 1)).toEqual(['-d']);
        expect(paths.map((p) => path.posix.dirname(p))).toContain(args[1]);
        expect(args.slice(2)).toEqual([']']);
        break;
      case 'install':
        if (args[0] === '-d') {
          expect(args.slice(0, 7)).toEqual(['-d', '-m', '0755', '-o', 'root', '-g', 'root']);
          expect(paths.map((p) => path.posix.dirname(p))).toContain(args[7]);
          expect(args).toHaveLength(8);
        } else {
          const f = files.find((x) => x.path === args[7]);
          expect(f).toBeDefined();
          expect(args.slice(0, 6)).toEqual(['-m', f!.mode, '-o', 'root', '-g', 'root']);
          expect(argv[7].text).toBe(f!.content !== undefined ? `files${f!.path}` : '$tmp');
          expect(args).toHaveLength(8);
          installed.push(f!.path);
        }
        break;
      default:
        throw new Error(`install.sh runs an unexpected command ${JSON.stringify(words)}:\n${script}`);
    }
  }
  expect([...installed].sort()).toEqual([...paths].sort());
}

// ---- what must hold when a case synthesizes --------------------------------------------------

/** Absolute, normalised, no control characters: what a path setting in daemon.json or a host file must be. */
const isCleanPath = (p: unknown) => typeof p === 'string' && p.startsWith('/') && p.length > 1 && !p.endsWith('/')
  && path.posix.normalize(p) === p && !/[\u0000-\u001f\u007f]/.test(p);

function assertDefaults(p: SecureDaemonProps, d: SecureDaemon, tls: TlsDockerHost | undefined): void {
  const s = d.settings as { [k: string]: any };
  // valid JSON, sorted keys, exactly the settings
  expect(d.daemonJson.endsWith('\n')).toBe(true);
  expect(JSON.parse(d.daemonJson)).toEqual(s);
  expect(Object.keys(s)).toEqual([...Object.keys(s)].sort());

  const o = (p.optOuts ?? {}) as { [k: string]: unknown };
  const taken = (k: keyof SecureDaemonOptOuts) => o[k] !== undefined && o[k] !== null;
  // CIS §2 defaults unless opted out
  expect(s.experimental).toBe(false);
  expect(s.iptables).toBe(true);
  expect(s['insecure-registries']).toEqual([]);
  expect(s.icc).toBe(taken('interContainerCommunication'));
  expect(s['no-new-privileges']).toBe(!taken('noNewPrivileges'));
  expect(s['live-restore']).toBe(!taken('liveRestore'));
  expect(s['userland-proxy']).toBe(taken('userlandProxy'));
  if (taken('userNamespaceRemap')) {
    expect(s['userns-remap']).toBeUndefined();
    expect(p.userNamespaceRemapUser).toBeUndefined(); // a prop that does nothing is refused
  } else {
    expect(s['userns-remap']).toBe(p.userNamespaceRemapUser ?? 'default');
    // dockerd turns user namespaces off for root ("root cannot be remapped with itself")
    expect(String(s['userns-remap']).split(':')[0]).not.toBe('root');
  }
  const major = Number(/^(\d+)/.exec(p.engineVersion ?? '28.0')![1]);
  if (!taken('interContainerCommunication') && major >= 25) {
    expect(s['default-network-opts']).toEqual({ bridge: { 'com.docker.network.bridge.enable_icc': 'false' } });
  } else {
    expect(s['default-network-opts']).toBeUndefined();
  }
  // logging: never none, rotated where kept locally, every given log prop carried through
  expect(s['log-driver']).toBe(p.logDriver ?? 'local');
  expect(DRIVERS).toContain(s['log-driver']);
  expect(s['log-level']).toBe(p.logLevel ?? 'info');
  expect(['info', 'warn', 'error']).toContain(s['log-level']);
  if (ROTATING.includes(s['log-driver'])) {
    expect(s['log-opts']).toEqual({ 'max-file': String(p.logMaxFiles ?? 3), 'max-size': p.logMaxSize ?? '10m' });
    expect(s['log-opts']['max-size']).toMatch(/^[1-9][0-9]*[kmg]$/);
    expect(Number(s['log-opts']['max-file'])).toBeGreaterThanOrEqual(1);
  } else {
    expect(s['log-opts']).toBeUndefined();
    expect(p.logMaxSize === undefined && p.logMaxFiles === undefined).toBe(true); // a prop that does nothing is refused
  }
  // default-ulimits: every given one, names dockerd knows, 0 <= soft <= hard
  const ulimits = p.defaultUlimits ?? [{ name: 'nofile', soft: 4096, hard: 4096 }, { name: 'nproc', soft: 1024, hard: 1024 }];
  if (ulimits.length === 0) {
    expect(s['default-ulimits']).toBeUndefined();
  } else {
    expect(Object.keys(s['default-ulimits'])).toHaveLength(ulimits.length);
    for (const u of ulimits) {
      expect(s['default-ulimits'][u.name]).toEqual({ Hard: u.hard, Name: u.name, Soft: u.soft });
      expect(KNOWN_ULIMITS).toContain(u.name);
      expect(Number.isSafeInteger(u.soft) && Number.isSafeInteger(u.hard) && u.soft >= 0 && u.soft <= u.hard).toBe(true);
    }
  }
  // listeners: TCP only with mutual TLS, on an IPv4 address, and the TLS files under tlsDirectory
  const hosts: string[] = s.hosts ?? [];
  const unixSocket = p.unixSocket ?? '/var/run/docker.sock';
  if (tls) {
    const dir = p.tlsDirectory ?? '/etc/docker/tls';
    expect(hosts).toEqual([`unix://${unixSocket}`, `tcp://${p.tcpListenAddress ?? '0.0.0.0'}:${tls.port}`]);
    expect(hosts[1]).toMatch(/^tcp:\/\/(\d{1,3}\.){3}\d{1,3}:\d+$/);
    expect(s).toMatchObject({ tls: true, tlsverify: true, tlscacert: `${dir}/ca.pem`, tlscert: `${dir}/server-cert.pem`, tlskey: `${dir}/server-key.pem` });
    const modes = Object.fromEntries(d.files.map((f) => [f.path, `${f.mode} ${f.owner}`]));
    expect(modes[s.tlscacert]).toBe('0444 root:root');
    expect(modes[s.tlscert]).toBe('0444 root:root');
    expect(modes[s.tlskey]).toBe('0400 root:root');
  } else {
    expect(hosts.filter((h) => !h.startsWith('unix://'))).toEqual([]);
    expect(s.hosts).toEqual(p.unixSocket !== undefined ? [`unix://${p.unixSocket}`] : undefined);
    for (const k of ['tls', 'tlsverify', 'tlscacert', 'tlscert', 'tlskey']) expect(s[k]).toBeUndefined();
    expect(p.tlsDirectory).toBeUndefined(); // a prop that does nothing is refused
  }
  // seccomp: Docker's default unless a profile is shipped; never unconfined
  if (p.seccompProfile !== undefined) {
    expect(s['seccomp-profile']).toBe(SECCOMP_PROFILE_PATH);
    const file = d.files.find((f) => f.path === SECCOMP_PROFILE_PATH);
    expect(JSON.parse(file!.content!)).toEqual(JSON.parse(p.seccompProfile.toJson()));
  } else {
    expect(s['seccomp-profile']).toBeUndefined();
  }
  // the other settings are carried through as given, and clean
  expect(s.bridge).toBe(p.bridgeName);
  if (s.bridge !== undefined) {
    expect(s.bridge).toMatch(/^[A-Za-z0-9_.-]{1,15}$/);
    expect(['none', '.', '..']).not.toContain(s.bridge);
  }
  expect(s['data-root']).toBe(p.dataRoot);
  expect(s['exec-root']).toBe(p.execRoot);
  expect(s.pidfile).toBe(p.pidFile);
  for (const v of [s['data-root'], s['exec-root'], s.pidfile, unixSocket]) if (v !== undefined) expect(isCleanPath(v)).toBe(true);
  // host files: clean, unique paths; daemon.json 0644 root:root with exactly the rendered settings; AppArmor profiles shipped
  const paths = d.files.map((f) => f.path);
  expect(new Set(paths).size).toBe(paths.length);
  for (const f of d.files) expect(isCleanPath(f.path)).toBe(true);
  expect(d.files[0]).toEqual({ path: '/etc/docker/daemon.json', mode: '0644', owner: 'root:root', content: d.daemonJson });
  for (const a of p.apparmorProfiles ?? []) expect(paths).toContain(a.toFile().path);
  // opt-outs: exactly the ones taken, each recorded with a real justification
  const recorded = d.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE).map((m) => m.data as { prop: string; justification: string });
  const expected = OPT_OUT_KEYS.filter(taken).map((k) => `optOuts.${k}`);
  if (p.seccompProfile?.allowsByDefault) expected.push('seccompProfile');
  expect(recorded.map((r) => r.prop).sort()).toEqual(expected.sort());
  for (const r of recorded) expect(r.justification.trim().length).toBeGreaterThanOrEqual(10);
}

/** The documented synth-time check of the stack's containers against the daemon: a container must repeat its default-ulimits. */
function isDocumentedValidation(e: unknown, daemonPaths: string[]): boolean {
  const message = String((e as Error)?.message ?? e);
  const lines = /^Validation failed with the following errors:\n((?:[^\n]+\n)+)\n/.exec(message)?.[1].trim().split('\n') ?? [];
  return lines.length > 0 && lines.every((line) => daemonPaths.some((d) =>
    new RegExp(`^\\s*\\[${d}\\] ${STACK}/c: ulimit lacks [a-z, ]+ from the daemon's default-ulimits \\(${d}\\); `).test(line)));
}

describe('SecureDaemon property-based', () => {
  test(`every generated prop set renders the CIS defaults that were not opted out, or is refused with a named error (${RUNS} runs)`, () => {
    let synthesized = 0;
    let refused = 0;
    let refusedAtSynth = 0;
    let withTls = 0;
    fc.assert(
      fc.property(scenario, ({ props: p, tls: tlsSpec, secondDaemon, container }) => {
        const stack = checksStack(STACK);
        let tls: TlsDockerHost | undefined;
        let tlsProp: any = tlsSpec;
        if (tlsSpec && typeof tlsSpec === 'object' && 'pkiStack' in tlsSpec) {
          const pki = new TerraformStack(stack.node.root, tlsSpec.pkiStack);
          tls = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com', port: tlsSpec.port });
          tlsProp = tls;
        }
        const daemonPaths = [`${STACK}/daemon`];
        let d: SecureDaemon;
        try {
          if (secondDaemon) {
            new SecureDaemon(stack, 'other', { hostName: secondDaemon === 'same-host' ? p.hostName : 'other-host' });
            daemonPaths.push(`${STACK}/other`);
          }
          d = new SecureDaemon(stack, 'daemon', { ...p, tls: tlsProp } as SecureDaemonProps);
        } catch (e) {
          refused++;
          expectNamedRefusal(e, String((e as Error)?.message).startsWith(`${STACK}/other: `) ? `${STACK}/other` : `${STACK}/daemon`);
          return;
        }
        if (container) new HardenedContainer(stack, 'c', { image: IMAGE });
        try {
          Testing.synth(stack, true);
        } catch (e) {
          if (isDocumentedValidation(e, daemonPaths)) {
            refusedAtSynth++;
            return;
          }
          throw e;
        }
        synthesized++;
        if (tls) withTls++;
        // one SecureDaemon per host: the host files of two would overwrite each other under <dir>/<hostName>/
        const hostNames = stack.node.root.node.findAll().filter((c): c is SecureDaemon => c instanceof SecureDaemon).map((x) => x.hostName);
        expect(new Set(hostNames).size).toBe(hostNames.length);
        assertDefaults(p as SecureDaemonProps, d, tls);
        assertInstallScript(d, tls ? (tlsSpec as { pkiStack: string }).pkiStack : undefined);
        // no finding the stack-wide checks call an error: every weakening is an answered opt-out
        const errors = runChecks(stack).filter((f) => f.level === 'error' && !f.suppressed);
        expect(errors.map((f) => `${f.ruleId} ${f.findingId ?? ''} ${f.message}`)).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.info(`secure-daemon property: ${synthesized} synthesized (${withTls} with TLS), ${refused} refused with a named error, ` +
      `${refusedAtSynth} refused by the documented container check at synth (seed ${SEED}, ${RUNS} runs)`);
    expect(synthesized).toBeGreaterThan(RUNS * 0.15);
    expect(refused).toBeGreaterThan(RUNS * 0.2);
    expect(withTls).toBeGreaterThan(RUNS * 0.02);
  }, Math.max(120_000, RUNS * 60));
});
