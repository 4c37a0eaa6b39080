import { D01Icc } from './D01-icc';
import { D02LogLevel } from './D02-log-level';
import { D03Iptables } from './D03-iptables';
import { D04InsecureRegistries } from './D04-insecure-registries';
import { D05UsernsRemap } from './D05-userns-remap';
import { D06NoNewPrivileges } from './D06-no-new-privileges';
import { D07LiveRestore } from './D07-live-restore';
import { D08UserlandProxy } from './D08-userland-proxy';
import { D09TcpWithoutTls } from './D09-tcp-without-tls';
import { D10DefaultUlimits } from './D10-default-ulimits';
import { D11CgroupParent } from './D11-cgroup-parent';
import { D12Experimental } from './D12-experimental';
import { D13SeccompUnconfined } from './D13-seccomp-unconfined';
import { D14UnboundedLocalLogs } from './D14-unbounded-local-logs';
import { D15AuthorizationPlugins } from './D15-authorization-plugins';
import { D16TlsFilePermissions } from './D16-tls-file-permissions';
import { D17ConfigFilePermissions } from './D17-config-file-permissions';
import { D18SocketGroup } from './D18-socket-group';
import { D19SwarmAutolock, D20SwarmDataPath, D21SwarmCertificateExpiry } from './D19-swarm';
import { HardeningRule } from '../../rule';

/** CIS Docker Benchmark v1.6.0 section 2 (daemon.json), section 3 (host file) and section 7 (swarm) rules, on every SecureDaemon. @internal */
export const DAEMON_RULES: HardeningRule[] = [
  D01Icc,
  D02LogLevel,
  D03Iptables,
  D04InsecureRegistries,
  D05UsernsRemap,
  D06NoNewPrivileges,
  D07LiveRestore,
  D08UserlandProxy,
  D09TcpWithoutTls,
  D10DefaultUlimits,
  D11CgroupParent,
  D12Experimental,
  D13SeccompUnconfined,
  D14UnboundedLocalLogs,
  D15AuthorizationPlugins,
  D16TlsFilePermissions,
  D17ConfigFilePermissions,
  D18SocketGroup,
  D19SwarmAutolock,
  D20SwarmDataPath,
  D21SwarmCertificateExpiry,
];
