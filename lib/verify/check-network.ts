/**
 * Network checks: network mode, attached networks and published ports.
 *
 * @internal
 */
import { FindingList } from './finding';
import { HostConfigLike, LiveContainer, PortBinding } from './live';

/** A declared `networks_advanced` entry. */
export interface DeclaredNetwork {
  readonly name: string;
  readonly ipv4Address: string;
}

function mode(m: string | null | undefined): string {
  return !m || m === 'default' ? 'bridge' : m;
}

function isShared(m: string): boolean {
  return m === 'host' || m.startsWith('container:');
}

export function checkNetwork(expected: HostConfigLike, declaredNetworks: DeclaredNetwork[], live: LiveContainer, out: FindingList): void {
  const host = live.HostConfig ?? {};
  const eMode = mode(expected.NetworkMode);
  const lMode = mode(host.NetworkMode);
  const liveNetworks = live.NetworkSettings?.Networks ?? {};
  const declaredNames = declaredNetworks.map((n) => n.name);
  let reported: string | undefined;
  let expectedNames: string[];

  if (declaredNames.length === 0) {
    if (lMode !== eMode) {
      const message = `declared ${eMode}, live ${lMode}`;
      if (lMode === 'none' && eMode !== 'none') out.drift('network_mode', eMode, lMode, message);
      else out.weaker('network_mode', eMode, lMode, isShared(lMode) ? `${message}: shares another network namespace` : `${message}: joins a network not declared`);
      reported = lMode;
    }
    expectedNames = eMode.startsWith('container:') ? [] : [eMode];
  } else {
    // Provider 3.6.2 creates on `bridge` (or the network_mode given), disconnects it, then connects the declared networks.
    if (isShared(lMode) || (lMode !== 'none' && lMode !== eMode && !declaredNames.includes(lMode))) {
      out.weaker('network_mode', eMode, lMode, `declared ${eMode} then ${declaredNames.join(', ')}, live ${lMode}`);
      reported = lMode;
    } else if (lMode === 'none') {
      out.drift('network_mode', eMode, lMode, `declared ${declaredNames.join(', ')}, live none`);
    }
    expectedNames = declaredNames;
  }

  for (const name of Object.keys(liveNetworks).sort()) {
    if (expectedNames.includes(name) || name === reported) continue;
    out.weaker(`networks.${name}`, expectedNames, name, `not declared, live on ${name}${name === 'bridge' ? ' (Docker\'s default bridge)' : ''}: reachable from an undeclared network`);
  }
  for (const name of expectedNames) {
    if (name === 'none' || (reported !== undefined && name === eMode)) continue; // already reported as network_mode
    if (!(name in liveNetworks)) out.drift(`networks.${name}`, name, Object.keys(liveNetworks).sort(), `declared ${name}, live not connected`);
  }
  for (const n of declaredNetworks) {
    const actual = liveNetworks[n.name]?.IPAMConfig?.IPv4Address ?? '';
    if (n.ipv4Address && n.name in liveNetworks && actual !== n.ipv4Address) {
      out.drift(`networks.${n.name}.ipv4_address`, n.ipv4Address, actual || null, `declared ${n.ipv4Address}, live ${actual || 'engine-assigned'}`);
    }
  }
  checkPorts(expected, host, out);
}

/** Docker reports "all interfaces" as "", "0.0.0.0" or "::". */
function hostIp(ip: string | null | undefined): string {
  return !ip || ip === '0.0.0.0' || ip === '::' ? '*' : ip;
}

function hostPortMatches(declared: string | null | undefined, actual: string | null | undefined): boolean {
  return !declared || declared === '0' || declared === actual;
}

function showBinding(b: PortBinding): string {
  const ip = hostIp(b.HostIp);
  const port = !b.HostPort || b.HostPort === '0' ? 'any port' : b.HostPort;
  return ip === '*' ? `all interfaces:${port}` : `${ip.includes(':') ? `[${ip}]` : ip}:${port}`;
}

function checkPorts(expected: HostConfigLike, live: HostConfigLike, out: FindingList): void {
  const declared = expected.PortBindings ?? {};
  const actual = live.PortBindings ?? {};
  const value = (b: PortBinding) => ({ HostIp: b.HostIp ?? '', HostPort: b.HostPort ?? '' });
  const reported = new Set<string>();
  for (const key of Object.keys(actual).sort()) {
    const candidates = declared[key] ?? [];
    for (const b of actual[key] ?? []) {
      const sameIp = candidates.filter((c) => hostIp(c.HostIp) === hostIp(b.HostIp));
      const declaredText = candidates.length === 0 ? 'not published' : candidates.map(showBinding).join(', ');
      const message = `declared ${declaredText}, live ${showBinding(b)}`;
      if (sameIp.length === 0 || !sameIp.some((c) => hostPortMatches(c.HostPort, b.HostPort))) reported.add(key);
      if (sameIp.length === 0) {
        const why = hostIp(b.HostIp) === '*' ? ': published on all interfaces' : ': published on an undeclared host address';
        out.weaker(`ports.${key}`, candidates.map(value), value(b), message + why);
      } else if (!sameIp.some((c) => hostPortMatches(c.HostPort, b.HostPort))) {
        out.drift(`ports.${key}`, candidates.map(value), value(b), `${message}: a different host port`);
      }
    }
  }
  for (const key of Object.keys(declared).sort()) {
    if (reported.has(key)) continue; // the declared binding was moved: already reported above
    for (const c of declared[key] ?? []) {
      const found = (actual[key] ?? []).some((b) => hostIp(b.HostIp) === hostIp(c.HostIp) && hostPortMatches(c.HostPort, b.HostPort));
      if (!found && (actual[key] ?? []).every((b) => hostIp(b.HostIp) !== hostIp(c.HostIp))) {
        out.drift(`ports.${key}`, value(c), (actual[key] ?? []).map(value), `declared ${showBinding(c)}, live not published there`);
      }
    }
  }
  if (live.PublishAllPorts === true && expected.PublishAllPorts !== true) {
    out.weaker('publish_all_ports', false, true, 'declared false, live true: every exposed port is published on all interfaces');
  }
}
