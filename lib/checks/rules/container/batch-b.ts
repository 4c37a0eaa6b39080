import { C17PidsLimit } from './C17-pids-limit';
import { C18NoHealthcheck } from './C18-no-healthcheck';
import { C19SecretEnvironment } from './C19-secret-environment';
import { C20CgroupParent } from './C20-cgroup-parent';
import { C21HostDevices } from './C21-host-devices';
import { C22ImageNotPinned } from './C22-image-not-pinned';
import { C23LogDriverNone } from './C23-log-driver-none';
import { C24ConfinementDisabled } from './C24-confinement-disabled';
import { C25PowerfulGroups } from './C25-powerful-groups';
import { C26UnprivilegedPortsSysctl } from './C26-unprivileged-ports-sysctl';
import { C27DefaultBridge } from './C27-default-bridge';
import { C28RestartPolicy } from './C28-restart-policy';
import { C29PrivilegedHostPorts } from './C29-privileged-host-ports';
import { HardeningRule } from '../../rule';

/** Container rules C17-C29, registered through OTHER_RULES. @internal */
export const CONTAINER_RULES_B: HardeningRule[] = [
  C17PidsLimit,
  C18NoHealthcheck,
  C19SecretEnvironment,
  C20CgroupParent,
  C21HostDevices,
  C22ImageNotPinned,
  C23LogDriverNone,
  C24ConfinementDisabled,
  C25PowerfulGroups,
  C26UnprivilegedPortsSysctl,
  C27DefaultBridge,
  C28RestartPolicy,
  C29PrivilegedHostPorts,
];
