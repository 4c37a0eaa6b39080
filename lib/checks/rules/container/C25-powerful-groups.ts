import { engineSocketReason, hostSources } from './C02-engine-socket';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Supplementary groups that grant root-equivalent or host-wide access. */
const POWERFUL_GROUPS: { [group: string]: string } = {
  0: 'gid 0, the root group: root-owned group-writable files, and anything group 0 may read',
  root: 'the root group (gid 0)',
  docker: 'the docker group: with the Docker socket reachable it is root on the host',
  disk: 'the disk group: raw read/write access to block devices',
  sudo: 'the sudo group: sudo to root where sudo is installed',
  wheel: 'the wheel group: sudo/su to root where configured',
  adm: 'the adm group: read access to system logs',
};

/** Supplementary groups that give more than the container's user should have (extension). */
export const C25PowerfulGroups: HardeningRule = {
  id: 'HD-C25',
  title: 'Powerful supplementary group',
  cis: [],
  sources: ['catalogue extension: group_add containing docker, 0 or root'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'group_add gives the container\'s processes extra groups whatever the user is: a non-root user in group 0, docker, ' +
    'disk, sudo, wheel or adm gets root-equivalent or host-wide access through files, sockets or devices owned by that group. ' +
    'Numeric ids are compared as numbers ("00" is gid 0), names case-insensitively.',
  fix: 'Remove the group from docker_container.group_add (HardenedContainer sets no supplementary groups; give shared files a ' +
    'dedicated group instead).',
  check: (r, stack) => {
    const groups = Array.isArray(r.attributes.group_add) ? r.attributes.group_add : [];
    const findings = [];
    const seen = new Set<string>();
    for (const g of groups) {
      const text = String(g ?? '').trim();
      // a numeric group as moby/sys/user reads it (strconv.ParseInt: sign and leading zeros allowed)
      const key = /^[+-]?[0-9]+$/.test(text) ? String(Math.abs(Number(text))) : text.toLowerCase();
      if (!(key in POWERFUL_GROUPS) || seen.has(key)) continue;
      // the name resolves in the image's /etc/group; it gives the engine only where an engine socket is mounted (HD-C02 then)
      if (key === 'docker' && !hostSources(r, stack).some((h) => engineSocketReason(h.path) !== undefined)) continue;
      seen.add(key);
      findings.push({ findingId: key, message: `group_add contains "${text}": ${POWERFUL_GROUPS[key]}` });
    }
    return findings;
  },
};
