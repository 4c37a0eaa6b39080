import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/**
 * CIS 5.7 asks that no sshd runs in a container. Whether one runs is only
 * visible at runtime (docker-bench runs `ps` inside); statically, a published
 * container port 22 is the tell-tale sign (Checkov CK_DOCKER_1, Trivy DS-0004
 * look for EXPOSE 22 in Dockerfiles).
 */
export const C30SshPort: HardeningRule = {
  id: 'HD-C30',
  title: 'Container port 22 published (sshd in the container?)',
  cis: ['CIS 5.7'],
  sources: ['CK_DOCKER_1', 'TV DS-0004'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'An SSH daemon in a container is a second, long-lived way in with its own keys and users, outside the engine\'s ' +
    'access control; use `docker exec` (through the engine\'s TLS-protected API) instead.',
  fix: 'Remove the port 22 mapping (HardenedContainer prop ports) and the sshd from the image.',
  check: (r) => normalize.blocks(r.attributes.ports)
    .filter((p) => Number(p.internal) === 22)
    .map((p) => ({ findingId: `${p.external ?? 'auto'}->22`, message: `container port 22 is published (host port ${p.external ?? 'chosen by the engine'})` })),
};
