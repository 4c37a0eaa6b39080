/**
 * Filesystem checks: read-only root, tmpfs mounts, volumes and bind mounts.
 *
 * @internal
 */
import { FindingList } from './finding';
import { HostConfigLike, LiveMount, MountConfig } from './live';
import { formatBytes, parseSuffixedSize, show } from './units';

export interface FilesystemContext {
  /** `VOLUME` paths of the image the container runs: Docker creates anonymous volumes there whatever was declared. */
  readonly imageVolumes: string[];
}

export function checkFilesystem(
  expected: HostConfigLike, live: HostConfigLike, liveMounts: LiveMount[], ctx: FilesystemContext, out: FindingList,
): void {
  const eRo = expected.ReadonlyRootfs === true;
  const lRo = live.ReadonlyRootfs === true;
  if (eRo && !lRo) out.weaker('read_only', true, false, 'declared true, live false: the root filesystem is writable');
  else if (!eRo && lRo) out.drift('read_only', false, true, 'declared false, live true');
  checkTmpfs(expected.Tmpfs ?? {}, live.Tmpfs ?? {}, out);
  checkMounts(expected, live, liveMounts, ctx, out);
}

/** The effective options of a `HostConfig.Tmpfs` entry; the daemon adds `noexec,nosuid,nodev` unless overridden. */
export interface TmpfsOptions {
  readonly readOnly: boolean;
  readonly exec: boolean;
  readonly suid: boolean;
  readonly dev: boolean;
  /** Bytes; undefined: no size (half the host's RAM); NaN: not comparable (e.g. a percentage). */
  readonly size: number | undefined;
  /** Every other option (uid, gid, mode, nr_inodes, …), by name. */
  readonly other: { [key: string]: string };
}

export function parseTmpfsOptions(options: string): TmpfsOptions {
  const flags = { readOnly: false, exec: false, suid: false, dev: false };
  let size: number | undefined;
  const other: { [key: string]: string } = {};
  for (const raw of options.split(',').map((o) => o.trim()).filter((o) => o !== '')) {
    const [name, ...rest] = raw.split('=');
    const value = rest.join('=');
    switch (name) {
      case 'ro': flags.readOnly = true; break;
      case 'rw': flags.readOnly = false; break;
      case 'exec': flags.exec = true; break;
      case 'noexec': flags.exec = false; break;
      case 'suid': flags.suid = true; break;
      case 'nosuid': flags.suid = false; break;
      case 'dev': flags.dev = true; break;
      case 'nodev': flags.dev = false; break;
      case 'size': size = parseSuffixedSize(value) ?? NaN; break;
      default: other[name] = value;
    }
  }
  return { ...flags, size, other };
}

function sizeText(size: number | undefined): string {
  if (size === undefined) return 'no size limit';
  return Number.isNaN(size) ? 'an uncomparable size' : formatBytes(size);
}

function checkTmpfs(declared: { [path: string]: string }, actual: { [path: string]: string }, out: FindingList): void {
  for (const path of Object.keys(declared).sort()) {
    const field = `tmpfs.${path}`;
    if (actual[path] === undefined) {
      out.drift(field, declared[path], null, `declared ${declared[path]}, live not mounted`);
      continue;
    }
    if (actual[path] === declared[path]) continue;
    const e = parseTmpfsOptions(declared[path]);
    const l = parseTmpfsOptions(actual[path]);
    const weaker: string[] = [];
    const drift: string[] = [];
    for (const [flag, on, off] of [['exec', 'exec', 'noexec'], ['suid', 'suid', 'nosuid'], ['dev', 'dev', 'nodev']] as const) {
      if (l[flag] && !e[flag]) weaker.push(`${off} removed`);
      else if (!l[flag] && e[flag]) drift.push(`${on} removed`);
    }
    if (!l.readOnly && e.readOnly) weaker.push('writable');
    else if (l.readOnly && !e.readOnly) drift.push('read-only');
    if (e.size !== l.size) {
      const larger = e.size !== undefined && (l.size === undefined || Number.isNaN(l.size) || Number.isNaN(e.size) || l.size > e.size);
      (larger ? weaker : drift).push(`size ${sizeText(e.size)} -> ${sizeText(l.size)}`);
    }
    for (const key of [...new Set([...Object.keys(e.other), ...Object.keys(l.other)])].sort()) {
      if (e.other[key] !== l.other[key]) drift.push(`${key} ${show(e.other[key])} -> ${show(l.other[key])}`);
    }
    const message = `declared ${declared[path]}, live ${actual[path]}`;
    if (weaker.length > 0) out.weaker(field, declared[path], actual[path], `${message}: ${weaker.join(', ')}`);
    if (drift.length > 0) out.drift(field, declared[path], actual[path], `${message}: ${drift.join(', ')}`);
  }
  for (const path of Object.keys(actual).sort()) {
    if (declared[path] === undefined) {
      out.weaker(`tmpfs.${path}`, null, actual[path], `not declared, live ${actual[path]}: an undeclared writable path`);
    }
  }
}

interface DeclaredMount {
  readonly type: string;
  /** Volume name or host path; '' for an anonymous volume or a tmpfs. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  readonly propagation: string;
  readonly tmpfsSize?: number;
}

/** `HostConfig.Mounts` plus `HostConfig.Binds` (`source:target[:options]`) of a create body. */
function declaredMounts(host: HostConfigLike): DeclaredMount[] {
  const mounts = (host.Mounts ?? []).map((m: MountConfig): DeclaredMount => ({
    type: m.Type || 'volume',
    source: m.Source ?? '',
    target: m.Target ?? '',
    readOnly: m.ReadOnly === true,
    propagation: m.BindOptions?.Propagation ?? '',
    tmpfsSize: m.TmpfsOptions?.SizeBytes ?? undefined,
  }));
  for (const bind of host.Binds ?? []) {
    const [source, target, options = ''] = bind.split(':');
    const opts = options.split(',');
    mounts.push({
      type: source.startsWith('/') ? 'bind' : 'volume',
      source,
      target,
      readOnly: opts.includes('ro'),
      propagation: opts.find((o) => /^r?(private|shared|slave)$/.test(o)) ?? '',
    });
  }
  return mounts;
}

/** How far host mount events reach into the container: private 0, slave 1, shared 2. */
function propagationRank(p: string): number {
  if (/shared$/.test(p)) return 2;
  if (/slave$/.test(p)) return 1;
  return 0;
}

const ENGINE_SOCKET = /(^|\/)(docker|containerd|podman|crio)\.sock$/;

function checkMounts(expected: HostConfigLike, live: HostConfigLike, liveMounts: LiveMount[], ctx: FilesystemContext, out: FindingList): void {
  const declared = declaredMounts(expected);
  const liveByTarget = new Map(liveMounts.map((m) => [m.Destination ?? '', m]));
  const liveTmpfsSize = new Map((live.Mounts ?? []).filter((m) => m.Type === 'tmpfs').map((m) => [m.Target ?? '', m.TmpfsOptions?.SizeBytes ?? 0]));
  for (const d of [...declared].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0))) {
    const field = `mounts.${d.target}`;
    const l = liveByTarget.get(d.target);
    const dValue = { propagation: d.propagation, read_only: d.readOnly, source: d.source, type: d.type };
    if (!l) {
      out.drift(field, dValue, null, `declared ${describe(d)}, live not mounted`);
      continue;
    }
    const lSource = (l.Type === 'volume' ? l.Name : l.Source) ?? '';
    const lValue = { propagation: l.Propagation ?? '', read_only: l.RW === false, source: lSource, type: l.Type ?? '' };
    const weaker: string[] = [];
    const drift: string[] = [];
    if (l.Type !== d.type) weaker.push(`type ${d.type} -> ${l.Type}`);
    else if (d.source !== '' && d.type !== 'tmpfs' && lSource !== d.source) weaker.push(`a different source is mounted (${lSource})`);
    if (l.RW !== false && d.readOnly) weaker.push('writable');
    else if (l.RW === false && !d.readOnly) drift.push('read-only');
    if (d.type === 'bind') {
      const dRank = propagationRank(d.propagation);
      const lRank = propagationRank(l.Propagation ?? '');
      if (lRank > dRank) weaker.push(`propagation ${d.propagation || 'rprivate'} -> ${l.Propagation}`);
      else if (lRank < dRank) drift.push(`propagation ${d.propagation} -> ${l.Propagation || 'rprivate'}`);
    }
    if (d.type === 'tmpfs' && d.tmpfsSize !== undefined && liveTmpfsSize.has(d.target)) {
      const lSize = liveTmpfsSize.get(d.target)!;
      if (lSize !== d.tmpfsSize) {
        const larger = d.tmpfsSize > 0 && (lSize === 0 || lSize > d.tmpfsSize);
        const text = (n: number) => (n > 0 ? formatBytes(n) : 'no size limit');
        (larger ? weaker : drift).push(`size ${text(d.tmpfsSize)} -> ${text(lSize)}`);
      }
    }
    const message = `declared ${describe(d)}, live ${describeLive(l)}`;
    if (weaker.length > 0) out.weaker(field, dValue, lValue, `${message}: ${weaker.join(', ')}`);
    if (drift.length > 0) out.drift(field, dValue, lValue, `${message}: ${drift.join(', ')}`);
  }
  const declaredTargets = new Set(declared.map((d) => d.target));
  for (const l of [...liveMounts].sort((a, b) => ((a.Destination ?? '') < (b.Destination ?? '') ? -1 : 1))) {
    const target = l.Destination ?? '';
    if (declaredTargets.has(target)) continue;
    if (l.Type === 'volume' && ctx.imageVolumes.includes(target)) continue; // the image's own VOLUME
    const socket = ENGINE_SOCKET.test(l.Source ?? '') ? ': the container engine\'s socket (root on the host)' : '';
    const lValue = { propagation: l.Propagation ?? '', read_only: l.RW === false, source: (l.Type === 'volume' ? l.Name : l.Source) ?? '', type: l.Type ?? '' };
    out.weaker(`mounts.${target}`, null, lValue, `not declared, live ${describeLive(l)}${socket}`);
  }
}

function describe(d: DeclaredMount): string {
  const source = d.source ? `${d.source} ` : '';
  return `${d.type} ${source}(${d.readOnly ? 'ro' : 'rw'}${d.propagation ? `, ${d.propagation}` : ''})`;
}

function describeLive(l: LiveMount): string {
  const source = (l.Type === 'volume' ? l.Name : l.Source) || '';
  return `${l.Type} ${source ? `${source} ` : ''}(${l.RW === false ? 'ro' : 'rw'}${l.Propagation ? `, ${l.Propagation}` : ''})`;
}
