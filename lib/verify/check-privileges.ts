/**
 * Privilege checks: privileged mode, capabilities, security options,
 * namespaces, sysctls and devices.
 *
 * @internal
 */
import { FindingList } from './finding';
import { HostConfigLike } from './live';
import { show, truncate } from './units';
import { normalizeCapabilities } from '../engine/provider-mapping';

/** The capabilities Docker 20.10+ grants a container by default. */
export const DOCKER_DEFAULT_CAPABILITIES = normalizeCapabilities([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

export function checkPrivileges(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const ePriv = expected.Privileged === true;
  const lPriv = live.Privileged === true;
  if (lPriv && !ePriv) out.weaker('privileged', false, true, 'declared false, live true: every capability and device, no seccomp/AppArmor confinement');
  else if (ePriv && !lPriv) out.drift('privileged', true, false, 'declared true, live false');
  checkCapabilities(expected, live, out);
  checkSecurityOpts(expected, live, out);
  checkNamespaces(expected, live, out);
  checkSysctls(expected, live, out);
  checkDevices(expected, live, out);
  checkHostExtras(expected as { [k: string]: any }, live as { [k: string]: any }, out);
}

/** Settings the L2 never declares but `docker run`/`docker update` can add to a container. */
function checkHostExtras(expected: { [k: string]: any }, live: { [k: string]: any }, out: FindingList): void {
  const eGroups: string[] = expected.GroupAdd ?? [];
  const lGroups: string[] = live.GroupAdd ?? [];
  const addedGroups = lGroups.filter((g) => !eGroups.includes(g));
  const powerful = addedGroups.filter((g) => ['0', 'root', 'docker', 'disk', 'sudo', 'wheel', 'adm'].includes(g));
  if (powerful.length > 0) out.weaker('group_add', eGroups, lGroups, `undeclared supplementary groups ${show(powerful)} grant root, engine or disk access`);
  else if (addedGroups.length > 0) out.drift('group_add', eGroups, lGroups, `undeclared supplementary groups ${show(addedGroups)}`);
  if (live.CgroupParent && live.CgroupParent !== (expected.CgroupParent ?? '')) {
    out.weaker('cgroup_parent', expected.CgroupParent ?? null, live.CgroupParent, 'an undeclared cgroup parent escapes the daemon\'s resource accounting (CIS 5.25)');
  }
  if ((expected.Runtime ?? '') !== '' && live.Runtime !== expected.Runtime) {
    out.weaker('runtime', expected.Runtime, live.Runtime ?? null, `declared runtime ${expected.Runtime}, live ${live.Runtime || 'the daemon default'}`);
  }
  const privileged = live.Privileged === true;
  if (!privileged && Array.isArray(live.MaskedPaths) && live.MaskedPaths.length === 0) {
    out.weaker('security_opts', 'masked /proc paths', 'none', 'no /proc paths are masked (systempaths=unconfined): kernel interfaces are exposed');
  }
  if ((live.DeviceRequests ?? []).length > 0 && (expected.DeviceRequests ?? []).length === 0) {
    out.weaker('gpus', null, live.DeviceRequests, 'undeclared device requests (GPUs) give the container host devices');
  }
}

/** The effective capability set of an add/drop pair; `['ALL']` stands for every capability. */
export function effectiveCapabilities(add: string[], drop: string[]): string[] {
  if (add.includes('ALL')) return ['ALL'];
  const base = drop.includes('ALL') ? [] : DOCKER_DEFAULT_CAPABILITIES.filter((c) => !drop.includes(c));
  return normalizeCapabilities([...base, ...add]);
}

function checkCapabilities(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const eAdd = normalizeCapabilities(expected.CapAdd ?? []);
  const eDrop = normalizeCapabilities(expected.CapDrop ?? []);
  const lAdd = normalizeCapabilities(live.CapAdd ?? []);
  const lDrop = normalizeCapabilities(live.CapDrop ?? []);
  const declared = effectiveCapabilities(eAdd, eDrop);
  const actual = effectiveCapabilities(lAdd, lDrop);
  const extra = actual.filter((c) => !declared.includes(c) && !declared.includes('ALL'));
  const fewer = declared.filter((c) => !actual.includes(c) && !actual.includes('ALL'));
  if (extra.length === 0 && fewer.length === 0) return;
  const value = (add: string[], drop: string[]) => ({ CapAdd: add, CapDrop: drop });
  const message = `declared add ${show(eAdd)} drop ${show(eDrop)}, live add ${show(lAdd)} drop ${show(lDrop)}`;
  if (extra.length > 0) {
    out.weaker('capabilities', value(eAdd, eDrop), value(lAdd, lDrop), `${message}: live grants ${extra.join(', ')} beyond the declaration`);
  } else {
    out.drift('capabilities', value(eAdd, eDrop), value(lAdd, lDrop), `${message}: live grants fewer (${fewer.join(', ')} missing)`);
  }
}

/** Security options that switch a protection off. */
const DISABLING_OPTIONS = ['seccomp=unconfined', 'apparmor=unconfined', 'label=disable', 'no-new-privileges=false', 'systempaths=unconfined'];

/** `no-new-privileges` -> `no-new-privileges=true`; `seccomp:unconfined` -> `seccomp=unconfined`. */
export function normalizeSecurityOpt(opt: string): string {
  const m = /^([a-z-]+)[=:](.*)$/s.exec(opt);
  if (!m) return opt === 'no-new-privileges' ? 'no-new-privileges=true' : opt;
  const [, key, value] = m;
  if (key === 'no-new-privileges') return `${key}=${['', 'true', '1'].includes(value.toLowerCase()) ? 'true' : 'false'}`;
  return `${key}=${value}`;
}

function checkSecurityOpts(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const declared = (expected.SecurityOpt ?? []).map(normalizeSecurityOpt);
  const actual = (live.SecurityOpt ?? []).map(normalizeSecurityOpt);
  for (const opt of declared) {
    if (actual.includes(opt)) continue;
    out.weaker('security_opts', opt, live.SecurityOpt ?? [], `declared ${truncate(opt)}, live ${show(live.SecurityOpt ?? [])}: the option is missing`);
  }
  for (const opt of actual) {
    if (declared.includes(opt)) continue;
    const key = opt.split('=')[0];
    if (DISABLING_OPTIONS.includes(opt)) {
      out.weaker('security_opts', expected.SecurityOpt ?? [], opt, `not declared, live ${opt}: a protection is switched off`);
    } else if (key === 'seccomp' || key === 'apparmor') {
      // The declaration relies on the engine's default profile; an undeclared profile cannot be shown to be as strict.
      out.weaker('security_opts', expected.SecurityOpt ?? [], opt, `not declared, live ${truncate(opt)}: replaces the engine's default ${key} profile with an unverified one`);
    } else {
      out.drift('security_opts', expected.SecurityOpt ?? [], opt, `not declared, live ${truncate(opt)}`);
    }
  }
}

const NAMESPACES: Array<{ key: keyof HostConfigLike; field: string; defaultMayBeHost: boolean }> = [
  { key: 'IpcMode', field: 'ipc_mode', defaultMayBeHost: false },
  { key: 'PidMode', field: 'pid_mode', defaultMayBeHost: false },
  { key: 'UsernsMode', field: 'userns_mode', defaultMayBeHost: false },
  { key: 'UTSMode', field: 'uts_mode', defaultMayBeHost: false },
  // the daemon default is host on cgroup v1 and private on v2
  { key: 'CgroupnsMode', field: 'cgroupns_mode', defaultMayBeHost: true },
];

function checkNamespaces(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  for (const ns of NAMESPACES) {
    const e = String(expected[ns.key] ?? '');
    const l = String(live[ns.key] ?? '');
    if (e === l) continue;
    if (e === '' && ns.defaultMayBeHost) continue; // not declared: whatever the daemon chose is what the declaration produces
    const message = `declared ${e || 'the daemon default'}, live ${l || 'the daemon default'}`;
    if (l === 'host' || l.startsWith('container:')) {
      out.weaker(ns.field, e || null, l, `${message}: the namespace is shared with ${l === 'host' ? 'the host' : 'another container'}`);
    } else if (ns.key === 'IpcMode' && l === 'shareable' && e !== '') {
      out.weaker(ns.field, e, l, `${message}: other containers may join the IPC namespace`);
    } else if (e !== '') {
      out.drift(ns.field, e, l || null, message);
    }
  }
}

function checkSysctls(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const declared = expected.Sysctls ?? {};
  const actual = live.Sysctls ?? {};
  for (const key of [...new Set([...Object.keys(declared), ...Object.keys(actual)])].sort()) {
    if (declared[key] === actual[key]) continue;
    out.weaker(`sysctls.${key}`, declared[key] ?? null, actual[key] ?? null,
      `declared ${show(declared[key])}, live ${show(actual[key])}: kernel settings differ from the declaration`);
  }
}

function checkDevices(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const key = (d: { PathOnHost?: string | null; PathInContainer?: string | null }) => `${d.PathOnHost}:${d.PathInContainer}`;
  const declared = new Map((expected.Devices ?? []).map((d) => [key(d), d.CgroupPermissions || 'rwm']));
  for (const d of live.Devices ?? []) {
    const perms = d.CgroupPermissions || 'rwm';
    const e = declared.get(key(d));
    const value = { CgroupPermissions: perms, PathInContainer: d.PathInContainer ?? null, PathOnHost: d.PathOnHost ?? null };
    if (e === undefined) {
      out.weaker(`devices.${d.PathInContainer}`, null, value, `not declared, live ${key(d)} (${perms}): a host device is exposed`);
    } else if ([...perms].some((p) => !e.includes(p))) {
      out.weaker(`devices.${d.PathInContainer}`, e, perms, `declared permissions ${e}, live ${perms}`);
    }
  }
  const liveKeys = new Set((live.Devices ?? []).map(key));
  for (const d of expected.Devices ?? []) {
    if (!liveKeys.has(key(d))) out.drift(`devices.${d.PathInContainer}`, key(d), null, `declared ${key(d)}, live not present`);
  }
  const rules = live.DeviceCgroupRules ?? [];
  const declaredRules = expected.DeviceCgroupRules ?? [];
  for (const rule of rules) {
    if (!declaredRules.includes(rule)) out.weaker('device_cgroup_rules', declaredRules, rule, `not declared, live ${rule}: device access is widened`);
  }
}
