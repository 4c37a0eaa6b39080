import { portFindingId } from '../../../core/finding-ids';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** A port published on a privileged host port, below 1024 (CIS 5.8). */
export const C29PrivilegedHostPorts: HardeningRule = {
  id: 'HD-C29',
  title: 'Privileged host port published',
  cis: ['CIS 5.8'],
  sources: ['KICS bc2908f3'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'Host ports below 1024 are reserved for privileged services; publishing a container there lets it take over (or ' +
    'impersonate) a well-known service of the host. Only ports.external is checked: an unset external gets a random port ' +
    '>= 32768. Unlike KICS, container ports (ports.internal) below 1024 are not reported, because they live in the container\'s ' +
    'own network namespace and never occupy a host port; whether the container may bind them is HD-C26\'s concern.',
  fix: 'Use a host port of 1024 or more in HardenedContainer ports (hostPort; below 1024 needs privilegedHostPort), or in ' +
    'docker_container.ports.external, and put a proxy in front if a well-known port is needed.',
  check: (r) => {
    const findings = [];
    const seen = new Set<string>();
    for (const p of normalize.blocks(r.attributes.ports)) {
      if (p.external === undefined || p.external === null || String(p.external).trim() === '') continue;
      const port = Number(p.external);
      if (!Number.isInteger(port) || port <= 0 || port >= 1024) continue; // 0 is unset for the provider (random port)
      const protocol = String(p.protocol ?? 'tcp').trim().toLowerCase() || 'tcp';
      if (seen.has(`${port}/${protocol}`)) continue;
      seen.add(`${port}/${protocol}`);
      findings.push({ findingId: portFindingId(port, protocol), message: `host port ${port}/${protocol} (on ${String(p.ip ?? '0.0.0.0')}) is below 1024` });
    }
    return findings;
  },
};
