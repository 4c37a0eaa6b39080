import { networkDriver } from './N01-network-icc';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';
import { isOpaque } from '../../values/opaque';

/**
 * An attachable overlay network (provider 3.6.2 `attachable = true`, Engine API NetworkCreate `Attachable`) accepts
 * standalone containers — `docker run --network <overlay>` on any node of the swarm — next to the services it was
 * made for, outside the service model (no placement, no service-level secrets or limits).
 */
export const N05OverlayAttachable: HardeningRule = {
  id: 'HD-N05',
  title: 'Overlay network attachable by standalone containers',
  cis: [],
  sources: ['Docker docs: docker network create --attachable'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'warning',
  resourceTypes: ['docker_network'],
  suppressible: true,
  explanation: 'An attachable overlay lets anyone who can run a container on any node of the swarm put it on the services\' ' +
    'network, where it reaches them directly, outside placement by trust zone and the service\'s limits.',
  fix: 'Leave attachable unset (OverlayNetwork is not attachable unless optOuts attachable is given with a justification).',
  check: (r) => {
    if (networkDriver(r.attributes).toLowerCase() !== 'overlay') return [];
    const attachable = r.attributes.attachable;
    if (isOpaque(attachable)) return [];
    return attachable === true || attachable === 'true'
      ? [{ message: 'attachable = true: standalone containers on any swarm node can join this overlay network' }] : [];
  },
};
