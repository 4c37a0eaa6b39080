import { Threat } from '../../../report/control';
import { CheckedResource, HardeningRule } from '../../rule';

/**
 * A SecureDaemon's swarm settings (`attributes.swarmMode`, `attributes.swarm`: what `swarm.sh` renders; null when the
 * host runs in swarm mode but its swarm is initialized outside this stack).
 */
type SwarmSettings = { autolock?: boolean; dataPathAddress?: string; advertiseAddress?: string; certificateExpiryHours?: number };

function swarmOf(r: CheckedResource): { mode: boolean; swarm?: SwarmSettings } {
  const mode = r.attributes.swarmMode === true;
  const s = r.attributes.swarm;
  return { mode, swarm: s && typeof s === 'object' ? s : undefined };
}

const UNMANAGED = 'the host runs in swarm mode, but its swarm is initialized outside this stack (no SecureDaemon `swarm` settings), so';

/** CIS 7.6: a manager without autolock. */
export const D19SwarmAutolock: HardeningRule = {
  id: 'HD-D19',
  title: 'Swarm manager not auto-locked',
  cis: ['CIS 7.6'],
  sources: ['docker-bench 7.6'],
  threats: [Threat.COMPROMISED_SECRET],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'A swarm manager keeps the Raft log — every swarm secret, the TLS keys of the swarm — encrypted with a key stored ' +
    'next to it on disk unless the swarm is auto-locked: then the key is only in memory, and a restarted manager needs the unlock ' +
    'key. Without autolock, a copy of a stopped manager\'s disk reveals every secret of the swarm.',
  fix: 'Give the SecureDaemon `swarm` settings (autolock is on unless optOuts.swarmAutolock) and run the rendered swarm.sh; keep the ' +
    'unlock key it prints in a secrets manager and rotate it (`docker swarm unlock-key --rotate`, CIS 7.7).',
  check: (r) => {
    const { mode, swarm } = swarmOf(r);
    if (!mode) return [];
    if (!swarm) return [{ findingId: 'unmanaged', message: `${UNMANAGED} whether it is auto-locked cannot be verified` }];
    return swarm.autolock === true ? [] : [{ message: 'the swarm is initialized without --autolock: the Raft key lies on the manager\'s disk' }];
  },
};

/** CIS 7.10: management and data-plane traffic on one interface. */
export const D20SwarmDataPath: HardeningRule = {
  id: 'HD-D20',
  title: 'Swarm management and data traffic not separated',
  cis: ['CIS 7.10'],
  sources: ['docker-bench 7.10'],
  threats: [Threat.DENIAL_OF_SERVICE],
  level: 'info',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Without a separate data-path address, the overlay traffic of every service shares the manager\'s management interface: ' +
    'a service flooding the data plane starves the Raft and control traffic that keeps the swarm healthy.',
  fix: 'Set swarm.dataPathAddress to the address of a second interface of the host.',
  check: (r) => {
    const { mode, swarm } = swarmOf(r);
    if (!mode) return [];
    if (!swarm) return [{ findingId: 'unmanaged', message: `${UNMANAGED} its data-path address cannot be verified` }];
    return swarm.dataPathAddress ? [] : [{ message: `no --data-path-addr: data-plane traffic uses the management address ${swarm.advertiseAddress}` }];
  },
};

/** CIS 7.8: node certificates valid for long. */
export const D21SwarmCertificateExpiry: HardeningRule = {
  id: 'HD-D21',
  title: 'Swarm node certificates valid for more than 90 days',
  cis: ['CIS 7.8'],
  sources: ['docker-bench 7.8'],
  threats: [Threat.COMPROMISED_SECRET],
  level: 'info',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Swarm nodes renew their TLS certificates before they expire; the longer they are valid, the longer a stolen node ' +
    'certificate admits its holder to the swarm. Docker\'s default is 90 days.',
  fix: 'Keep swarm.certificateExpiry at 90 days or less (SecureDaemon defaults to 30).',
  check: (r) => {
    const { mode, swarm } = swarmOf(r);
    if (!mode) return [];
    if (!swarm) return [{ findingId: 'unmanaged', message: `${UNMANAGED} its certificate expiry cannot be verified (Docker's default: 90 days)` }];
    const hours = Number(swarm.certificateExpiryHours);
    return Number.isFinite(hours) && hours <= 90 * 24 ? [] : [{ message: `node certificates are valid for ${swarm.certificateExpiryHours}h (over 90 days)` }];
  },
};
