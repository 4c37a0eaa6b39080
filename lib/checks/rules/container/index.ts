import { C01Privileged } from './C01-privileged';
import { C02DockerSocket } from './C02-engine-socket';
import { C03SeccompUnconfined } from './C03-seccomp-unconfined';
import { C04AppArmorUnconfined } from './C04-apparmor-unconfined';
import { C05NoNewPrivileges } from './C05-no-new-privileges';
import { C06RootUser } from './C06-root-user';
import { C07WritableRootFilesystem } from './C07-writable-rootfs';
import { C08Capabilities } from './C08-capabilities';
import { C09MemoryLimit, C35SwapNotLimited } from './C09-memory-limit';
import { C10CpuLimit } from './C10-cpu-limit';
import { C11HostNamespaces } from './C11-host-namespaces';
import { C12SensitiveHostPaths } from './C12-sensitive-host-paths';
import { C13SharedPropagation } from './C13-shared-propagation';
import { C14PortsAllInterfaces } from './C14-ports-all-interfaces';
import { C15AddedCapabilities } from './C15-added-capabilities';
import { C16UserNotSet } from './C16-user-not-set';
import { C30SshPort } from './C30-ssh-port';
import { C31SeccompAllowByDefault } from './C31-seccomp-allow-by-default';
import { C32SeccompReallows } from './C32-seccomp-reallows';
import { C33SharedContainerNamespace } from './C33-shared-container-namespace';
import { C34AppArmorProfileUnverified } from './C34-apparmor-profile-unverified';
import { C36TmpfsExec } from './C36-tmpfs-exec';
import { C37LogsNotRotated } from './C37-logs-not-rotated';
import { C38UnprivilegedPortsDefault } from './C38-unprivileged-ports-default';
import { C39Runtime } from './C39-runtime';
import { C40HealthcheckDisabled } from './C40-healthcheck-disabled';
import { C41SharedUidProcessLimit } from './C41-shared-uid-process-limit';
import { HardeningRule } from '../../rule';

/** @internal */
export const CONTAINER_RULES: HardeningRule[] = [
  C01Privileged,
  C02DockerSocket,
  C03SeccompUnconfined,
  C04AppArmorUnconfined,
  C05NoNewPrivileges,
  C06RootUser,
  C07WritableRootFilesystem,
  C08Capabilities,
  C09MemoryLimit,
  C10CpuLimit,
  C11HostNamespaces,
  C12SensitiveHostPaths,
  C13SharedPropagation,
  C14PortsAllInterfaces,
  C15AddedCapabilities,
  C16UserNotSet,
  C30SshPort,
  C31SeccompAllowByDefault,
  C32SeccompReallows,
  C33SharedContainerNamespace,
  C34AppArmorProfileUnverified,
  C35SwapNotLimited,
  C36TmpfsExec,
  C37LogsNotRotated,
  C38UnprivilegedPortsDefault,
  C39Runtime,
  C40HealthcheckDisabled,
  C41SharedUidProcessLimit,
];
