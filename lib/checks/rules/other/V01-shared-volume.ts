import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { CheckedResource, HardeningRule, StackView } from '../../rule';
import { fromContainer, volumeSource } from '../container/C02-engine-socket';

interface Share {
  /** `volume` (named volume) or `host` (bind-mounted host path). */
  readonly kind: 'volume' | 'host';
  /** The volume name, or the normalised host path. */
  readonly key: string;
}

/** A named volume's name, resolved through a `${docker_volume.x.name}` reference when its name is literal. */
function volumeName(v: unknown, stack: StackView): string {
  const target = stack.referenced(v, 'docker_volume');
  if (target?.type === 'docker_volume' && typeof target.attributes.name === 'string') return target.attributes.name;
  return String(v).trim();
}

/** Every named volume and host path a container mounts (tmpfs and anonymous volumes are its own). */
function sharesOf(c: CheckedResource, stack: StackView): Share[] {
  const out = new Map<string, Share>();
  const add = (s: Share) => out.set(`${s.kind}|${s.key}`, s);
  for (const v of normalize.blocks(c.attributes.volumes)) {
    // provider 3.6.2: volume_name, else host_path; an absolute source is a host bind (volumeSource)
    const src = volumeSource(v);
    if (src?.kind === 'volume') add({ kind: 'volume', key: volumeName(v.volume_name, stack) });
    if (src?.kind === 'host') add({ kind: 'host', key: src.source });
  }
  for (const m of normalize.blocks(c.attributes.mounts)) {
    const type = String(m.type ?? '').trim().toLowerCase();
    if (!m.source) continue;
    if (type === 'volume') add({ kind: 'volume', key: volumeName(m.source, stack) });
    if (type === 'bind') add({ kind: 'host', key: normalize.path(m.source) });
  }
  return [...out.values()];
}

/** Whether two host paths overlap: the same directory, or one below the other. */
function overlaps(a: string, b: string): boolean {
  const below = (x: string, y: string) => x === y || y === '/' || x.startsWith(`${y}/`);
  return below(a, b) || below(b, a);
}

/** A volume or host path mounted by more than one container of the stack (KICS 8c978947). */
export const V01SharedVolume: HardeningRule = {
  id: 'HD-V01',
  title: 'Volume shared between containers',
  cis: [],
  sources: ['KICS 8c978947'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'info',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'A volume or host directory that two containers mount is a channel between them: one that is compromised can read ' +
    'the other\'s data or plant files it will execute or parse. Named volumes (volumes.volume_name, mounts of type volume, also ' +
    'through ${docker_volume.x.name}) and host paths (volumes.host_path, bind mounts; a path below another counts as shared) are ' +
    'compared across the stack, and volumes.from_container shares every volume of another container.',
  fix: 'Give each HardenedContainer its own volumes (prop volumes / bindMounts), mount shared data read-only where possible, or ' +
    'drop volumes.from_container.',
  check: (r, stack) => {
    // every container's shares, computed once per stack: the rule stays linear in the containers that mount something
    const index = stack.memo('HD-V01:shares', () => stack.resources
      .filter((c) => c.type === 'docker_container' || c.type === 'docker_service')
      .map((c) => ({ c, shares: sharesOf(c, stack) }))
      .filter((e) => e.shares.length > 0));
    const findings = [];
    for (const s of sharesOf(r, stack)) {
      const with_ = index.filter((e) => e.c !== r && e.shares.some((t) => t.kind === s.kind &&
        (s.kind === 'volume' ? t.key === s.key : overlaps(t.key, s.key)))).map((e) => e.c);
      if (with_.length === 0) continue;
      const what = s.kind === 'volume' ? `volume "${s.key}"` : `host path ${s.key}`;
      findings.push({ findingId: s.key, message: `${what} is also mounted by ${with_.map((o) => o.path).join(', ')}` });
    }
    for (const v of normalize.blocks(r.attributes.volumes)) {
      if (!v.from_container) continue;
      const from = fromContainer(v.from_container, stack);
      findings.push({
        findingId: `from_container:${String(v.from_container)}`,
        message: `volumes.from_container mounts every volume of ${from ? from.path : String(v.from_container)}`,
      });
    }
    return findings;
  },
};
