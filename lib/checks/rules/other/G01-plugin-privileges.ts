import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';
import { engineSocketReason } from '../container/C02-engine-socket';
import { sensitiveReason } from '../container/C12-sensitive-host-paths';

/** Plugin privileges (moby api/types PluginPrivilege names) that give the plugin the host. */
function dangerous(name: string, values: string[]): string | undefined {
  const n = name.trim().toLowerCase();
  if (n === 'network') return values.some((v) => v.trim().toLowerCase() === 'host') ? 'the host network' : undefined;
  if (n === 'host pid' || n === 'host-pid') return 'the host PID namespace';
  if (n === 'mount') return `host mounts (${values.join(', ')})`;
  if (n === 'device' || n === 'allow-all-devices') return `host devices (${values.join(', ') || 'all'})`;
  if (n === 'capabilities') return values.length > 0 ? `capabilities ${values.join(', ')}` : undefined;
  return `the privilege ${name} (${values.join(', ')})`;
}

/**
 * A managed plugin runs as root with the privileges its manifest asks for;
 * `grant_all_permissions` grants all of them, whatever they are.
 */
export const G01PluginPrivileges: HardeningRule = {
  id: 'HD-G01',
  title: 'Plugin granted host privileges',
  cis: ['CIS 5.4', 'CIS 5.5'],
  sources: ['catalogue extension: docker_plugin grant_all_permissions / grant_permissions'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.POISONED_IMAGE],
  level: 'error',
  resourceTypes: ['docker_plugin'],
  suppressible: true,
  explanation: 'An engine plugin runs as root outside any container the checks see, with the privileges it is granted: ' +
    'grant_all_permissions accepts whatever the plugin\'s manifest asks for (host network, devices, mounts of host paths, ' +
    'CAP_SYS_ADMIN), now and after an upgrade; explicit grants of the host network, devices, mounts or capabilities give it the host.',
  fix: 'Grant only the privileges the plugin needs with grant_permissions, pin the plugin by digest, and suppress HD-G01 per ' +
    'privilege with the reason once reviewed.',
  check: (r) => {
    const a = r.attributes;
    const out: RuleFinding[] = [];
    if (normalize.bool(a.grant_all_permissions)) {
      out.push({ findingId: 'grant_all_permissions', message: 'grant_all_permissions = true grants every privilege the plugin\'s manifest asks for' });
    }
    // plugin settings in env: `<mount>.source=<host path>` and `<device>.path=<host device>` are applied after the grants
    // were checked against the manifest (moby plugin/v2/plugin.go Set), so a settable mount can be pointed at /
    for (const e of Array.isArray(a.env) ? a.env : []) {
      const m = typeof e === 'string' ? /^([^=.]+)\.(source|path)=(.*)$/.exec(e.trim()) : null;
      if (!m || !m[3].startsWith('/')) continue;
      const p = normalize.path(m[3]);
      const why = engineSocketReason(p) ?? sensitiveReason(p) ?? (m[2] === 'path' ? 'a host device' : undefined);
      if (why) out.push({ findingId: `env:${m[1]}.${m[2]}`, message: `env sets ${m[1]}.${m[2]} = ${p}: ${why}` });
    }
    for (const g of normalize.blocks(a.grant_permissions)) {
      const values = Array.isArray(g.value) ? g.value.filter((v: unknown): v is string => typeof v === 'string') : [];
      const what = typeof g.name === 'string' ? dangerous(g.name, values) : undefined;
      if (what) out.push({ findingId: String(g.name), message: `grant_permissions gives the plugin ${what}` });
    }
    return out;
  },
};
