/**
 * Builds (once per content hash) the tiny probe image the engine tests run:
 * a busybox-static userland plus the statically linked `probe` from probe.c,
 * and a root-owned setuid copy of it at /bin/suid-probe.
 *
 * The image is imported from a deterministic tar rather than built from a
 * Dockerfile, so it needs no base image, no registry and no network.
 * Requirements on the host: gcc (with static glibc), /bin/busybox from
 * Debian's busybox-static, GNU tar, and a reachable Docker engine.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ProbeImage {
  /** Image ID, `sha256:<64 hex>`. */
  readonly id: string;
  /** `cdktf-hardened-docker-probe:<12 hex>`. */
  readonly tag: string;
}

const REPOSITORY = 'cdktf-hardened-docker-probe';
const PROBE_SOURCE = path.join(__dirname, 'probe.c');
const HOST_BUSYBOX = '/bin/busybox';
const CMD = 'CMD ["/bin/probe","sleep-forever"]';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  'app:x:1500:1500:app:/tmp:/bin/sh',
  'probe:x:4242:4242:probe:/tmp:/bin/sh',
  'nobody:x:65534:65534:nobody:/nonexistent:/bin/false',
  '',
].join('\n');

const GROUP = [
  'root:x:0:',
  'app:x:1500:',
  'probe:x:4242:',
  'nogroup:x:65534:',
  '',
].join('\n');

/** Build the probe image unless an image with the same content tag exists. */
export function buildProbeImage(): ProbeImage {
  const source = readRequired(PROBE_SOURCE, 'probe source');
  const busybox = readRequired(HOST_BUSYBOX, 'busybox (install Debian\'s busybox-static)');
  if (!isStaticElf(busybox)) {
    throw new Error(`${HOST_BUSYBOX} is not a statically linked ELF binary; install Debian's busybox-static`);
  }
  // the recipe (this file) is part of the identity too: a change to flags or rootfs layout rebuilds
  const hash = createHash('sha256').update(source).update(busybox).update(fs.readFileSync(__filename)).digest('hex');
  const tag = `${REPOSITORY}:${hash.slice(0, 12)}`;

  const existing = inspectImageId(tag);
  if (existing) {
    return { id: existing, tag };
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-probe-image-'));
  try {
    const probe = path.join(work, 'probe');
    // -s (strip): ~1.1 MB -> ~0.99 MB, so exec-copy's copy still fits a size=1m tmpfs.
    run('gcc', ['-static', '-O2', '-s', '-Wall', '-Werror', '-o', probe, PROBE_SOURCE]);
    if (!isStaticElf(fs.readFileSync(probe))) {
      throw new Error('gcc -static produced a dynamically linked probe (is static glibc, libc6-dev, installed?)');
    }

    const rootfs = path.join(work, 'rootfs');
    makeRootfs(rootfs, probe);

    const tar = run('tar', [
      '--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0',
      '-C', rootfs, '-c', '.',
    ]);
    run('docker', ['import', '--change', CMD, '-', tag], tar);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }

  const id = inspectImageId(tag);
  if (!id) {
    throw new Error(`docker import reported success but ${tag} cannot be inspected`);
  }
  verifySetuidSurvived(id, tag);
  return { id, tag };
}

/** Lay out the image's root file system under `rootfs`. */
function makeRootfs(rootfs: string, probe: string): void {
  const dir = (rel: string, mode: number): void => {
    const p = path.join(rootfs, rel);
    fs.mkdirSync(p, { recursive: true });
    fs.chmodSync(p, mode); // mkdir's mode is filtered by the umask; be exact.
  };
  dir('.', 0o755); // mkdtemp-style 0700 here would become a 0700 `/` in the image.
  for (const d of ['bin', 'etc', 'mnt', 'proc', 'sys', 'dev', 'run', 'var', 'var/run']) {
    dir(d, 0o755);
  }
  dir('tmp', 0o1777);

  const bin = path.join(rootfs, 'bin');
  fs.copyFileSync(HOST_BUSYBOX, path.join(bin, 'busybox'));
  fs.chmodSync(path.join(bin, 'busybox'), 0o755);
  const applets = run(HOST_BUSYBOX, ['--list']).toString('utf8')
    .split('\n').map((a) => a.trim())
    .filter((a) => a !== '' && a !== 'busybox');
  if (applets.length === 0) {
    throw new Error(`${HOST_BUSYBOX} --list printed no applets`);
  }
  for (const applet of applets) {
    if (!/^[A-Za-z0-9._[-]+$/.test(applet)) {
      throw new Error(`unexpected busybox applet name ${JSON.stringify(applet)}`);
    }
    fs.symlinkSync('busybox', path.join(bin, applet));
  }

  fs.copyFileSync(probe, path.join(bin, 'probe'));
  fs.chmodSync(path.join(bin, 'probe'), 0o755);

  const suid = path.join(bin, 'suid-probe');
  fs.copyFileSync(probe, suid);
  chownRoot(suid);
  fs.chmodSync(suid, 0o4755); // after chown: chown clears the setuid bit.

  const etc = (name: string, content: string): void => {
    fs.writeFileSync(path.join(rootfs, 'etc', name), content);
    fs.chmodSync(path.join(rootfs, 'etc', name), 0o644);
  };
  etc('passwd', PASSWD);
  etc('group', GROUP);
  // Without this file glibc's default is "dns [!UNAVAIL=return] files".
  etc('nsswitch.conf', 'hosts: files dns\n');
}

/** chown 0:0; when not root the tar's --owner=0 --group=0 does the same. */
function chownRoot(file: string): void {
  try {
    fs.chownSync(file, 0, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM' || process.getuid?.() === 0) {
      throw e;
    }
  }
}

/** The ID of `ref`, or undefined if no such image exists. */
function inspectImageId(ref: string): string | undefined {
  const r = spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { encoding: 'utf8' });
  if (r.error) {
    throw new Error(`cannot run docker: ${r.error.message}`);
  }
  if (r.status !== 0) {
    if (/no such (image|object)/i.test(r.stderr)) {
      return undefined;
    }
    throw new Error(`docker image inspect ${ref} failed (exit ${r.status}): ${r.stderr.trim()}`);
  }
  const id = r.stdout.trim();
  if (!/^sha256:[0-9a-f]{64}$/.test(id)) {
    throw new Error(`docker image inspect ${ref} printed an unexpected ID: ${JSON.stringify(id)}`);
  }
  return id;
}

/** Guard against a tar or import step that dropped the setuid bit or owner. */
function verifySetuidSurvived(id: string, tag: string): void {
  const out = run('docker', [
    'run', '--rm', '--network', 'none', '--entrypoint', '/bin/busybox', id,
    'stat', '-c', '%a %u %g', '/bin/suid-probe',
  ]).toString('utf8').trim();
  if (out !== '4755 0 0') {
    spawnSync('docker', ['image', 'rm', '--force', tag]);
    throw new Error(`/bin/suid-probe in ${tag} has mode/uid/gid "${out}", expected "4755 0 0"`);
  }
}

/** Run a program without a shell; return stdout or throw with its stderr. */
function run(cmd: string, args: string[], input?: Buffer): Buffer {
  const r = spawnSync(cmd, args, { input, maxBuffer: 512 * 1024 * 1024 });
  const line = [cmd, ...args].join(' ');
  if (r.error) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? `${cmd} not found (needed to build the probe image): ${line}`
      : `${line}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const why = r.status === null ? `killed by ${r.signal}` : `exit ${r.status}`;
    throw new Error(`${line} failed (${why}): ${r.stderr.toString('utf8').trim()}`);
  }
  return r.stdout;
}

function readRequired(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read ${what} at ${file}: ${(e as Error).message}`);
  }
}

/** True for an ELF executable without a PT_INTERP program header. */
function isStaticElf(bin: Buffer): boolean {
  if (bin.length < 64 || bin.readUInt32BE(0) !== 0x7f454c46) {
    return false;
  }
  const is64 = bin[4] === 2;
  const le = bin[5] === 1;
  const u16 = (o: number) => (le ? bin.readUInt16LE(o) : bin.readUInt16BE(o));
  const u32 = (o: number) => (le ? bin.readUInt32LE(o) : bin.readUInt32BE(o));
  const phoff = is64 ? Number(le ? bin.readBigUInt64LE(0x20) : bin.readBigUInt64BE(0x20)) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  for (let i = 0; i < phnum; i++) {
    const off = phoff + i * phentsize;
    if (off + 4 > bin.length) {
      return false;
    }
    if (u32(off) === 3 /* PT_INTERP */) {
      return false;
    }
  }
  return true;
}
