import * as posix from 'path';
import { normalizeCapabilities } from '../engine/provider-mapping';

/**
 * Values normalised the way Docker normalises them, so that spelling cannot
 * dodge a rule.
 *
 * @internal
 */
export const normalize = {
  /** Upper case, `CAP_` prefix except ALL, de-duplicated, sorted (Go client). */
  capabilities(caps: unknown): string[] {
    return normalizeCapabilities(Array.isArray(caps) ? caps.map(String).map((c) => c.trim()) : []);
  },

  /**
   * Security options split as moby does (daemon/daemon_unix.go parseSecurityOpt, v28.5.2 L215-274): an option
   * with `=` is cut at its first `=`, otherwise at its first `:` (the deprecated spelling, so `label:type:x` is
   * label = `type:x`); the bare words `no-new-privileges` and `writable-cgroups` mean true, and a bare
   * `disable` is the SELinux label option `label=disable`. moby matches keys exactly (another case fails
   * the create); they are lower-cased here so that such a spelling is still judged by what it asks for.
   * Opaque values (not knowable at synth) are skipped: the checks report them on their own.
   */
  securityOpts(opts: unknown): Array<{ key: string; value: string; raw: string }> {
    return (Array.isArray(opts) ? opts.filter((o): o is string => typeof o === 'string') : []).map((raw) => {
      const text = raw.trim();
      if (text.toLowerCase() === 'disable') return { key: 'label', value: 'disable', raw };
      const eq = text.indexOf('=');
      const cut = eq >= 0 ? eq : text.indexOf(':');
      return cut > 0 ? { key: text.slice(0, cut).trim().toLowerCase(), value: text.slice(cut + 1).trim(), raw } : { key: text.toLowerCase(), value: 'true', raw };
    });
  },

  /** An absolute path with `.`, `..` and duplicate slashes resolved. */
  path(p: unknown): string {
    const text = String(p ?? '');
    return text.startsWith('/') ? posix.posix.normalize(text).replace(/(.)\/$/, '$1') : text;
  },

  /** Boolean attributes as Terraform accepts them. */
  bool(v: unknown): boolean {
    return v === true || v === 'true';
  },

  /** A block that cdktf may render as an object or a one-element list. */
  block(v: unknown): { [k: string]: any } | undefined {
    if (Array.isArray(v)) return v[0];
    return v && typeof v === 'object' ? (v as { [k: string]: any }) : undefined;
  },

  /** A repeated block as a list. */
  blocks(v: unknown): Array<{ [k: string]: any }> {
    if (Array.isArray(v)) return v;
    return v && typeof v === 'object' ? [v as { [k: string]: any }] : [];
  },
};

/**
 * Every host path a container mounts: `volumes.host_path`, bind `mounts.source`.
 *
 * @internal
 */
export function hostMounts(a: { [k: string]: any }): Array<{ source: string; target: string; readOnly: boolean; via: string }> {
  const out: Array<{ source: string; target: string; readOnly: boolean; via: string }> = [];
  for (const v of normalize.blocks(a.volumes)) {
    if (v.host_path) out.push({ source: normalize.path(v.host_path), target: String(v.container_path ?? ''), readOnly: normalize.bool(v.read_only), via: 'volumes' });
  }
  for (const m of normalize.blocks(a.mounts)) {
    if (m.type === 'bind') out.push({ source: normalize.path(m.source), target: String(m.target ?? ''), readOnly: normalize.bool(m.read_only), via: 'mounts' });
  }
  return out;
}
