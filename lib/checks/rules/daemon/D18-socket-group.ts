import { settingsOf, textOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Groups whose members are ordinary users: giving them the engine socket makes every one of them root. */
const BROAD_GROUPS = ['users', 'staff', 'nogroup', 'nobody', 'everyone', 'domain users', 'adm', '100'];

/**
 * daemon.json `group` owns the engine's unix socket: every member can drive the
 * engine, which is root on the host. A broad group hands that to every user.
 */
export const D18SocketGroup: HardeningRule = {
  id: 'HD-D18',
  title: 'Engine socket owned by a broad group',
  cis: ['CIS 3.15'],
  sources: ['docker-bench 3.15 (socket ownership root:docker)'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Whoever can connect to the engine socket can start a privileged container with the host root mounted. dockerd ' +
    'gives the socket to the group `group` names (docker by default); a group every user is in (users, staff, …) makes every ' +
    'local user root on the host.',
  fix: 'Leave group unset (docker) and keep that group to the administrators, or use a dedicated group.',
  check: (r) => {
    const group = textOf(settingsOf(r).group);
    return group !== undefined && BROAD_GROUPS.includes(group.toLowerCase())
      ? [{ findingId: group, message: `group = "${group}": every member of that group can drive the engine` }] : [];
  },
};
