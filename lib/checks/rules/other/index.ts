import { B01BuildxPrivileged } from './B01-buildx-privileged';
import { G01PluginPrivileges } from './G01-plugin-privileges';
import { I01ImageNotPinned } from './I01-image-not-pinned';
import { I02ImageBuild, I03ImageBuiltLocally } from './I02-image-build';
import { N01NetworkIcc } from './N01-network-icc';
import { N02NetworkEgress } from './N02-network-egress';
import { N03NetworkGatewayMode } from './N03-network-gateway-mode';
import { N04OverlayUnencrypted } from './N04-overlay-unencrypted';
import { N05OverlayAttachable } from './N05-overlay-attachable';
import { P01TcpWithoutTls } from './P01-tcp-without-tls';
import { P02SshHostKey } from './P02-ssh-host-key';
import { P03ProviderSource } from './P03-provider-source';
import { R01RegistrySkipVerify } from './R01-registry-skip-verify';
import { S01ServiceNotExpressible } from './S01-service-not-expressible';
import { S02ServicePublishedPorts } from './S02-service-published-ports';
import { S03ConfigSecret } from './S03-config-secret';
import { S04ServiceTrustZone } from './S04-service-trust-zone';
import { S05ServiceNetworkZone } from './S05-service-network-zone';
import { S06SecretFileMode } from './S06-secret-file-mode';
import { U01NotVerified } from './U01-not-verified';
import { V01SharedVolume } from './V01-shared-volume';
import { X01OpaqueConfiguration } from './X01-opaque-configuration';
import { X02ProvisionerDocker } from './X02-provisioner-docker';
import { HardeningRule } from '../../rule';
import { CONTAINER_RULES_B } from '../container/batch-b';

/** @internal */
export const OTHER_RULES: HardeningRule[] = [
  P01TcpWithoutTls,
  P02SshHostKey,
  P03ProviderSource,
  I01ImageNotPinned,
  I02ImageBuild,
  I03ImageBuiltLocally,
  N01NetworkIcc,
  N02NetworkEgress,
  N03NetworkGatewayMode,
  N04OverlayUnencrypted,
  N05OverlayAttachable,
  B01BuildxPrivileged,
  G01PluginPrivileges,
  X01OpaqueConfiguration,
  X02ProvisionerDocker,
  R01RegistrySkipVerify,
  S01ServiceNotExpressible,
  S02ServicePublishedPorts,
  S03ConfigSecret,
  S04ServiceTrustZone,
  S05ServiceNetworkZone,
  S06SecretFileMode,
  U01NotVerified,
  V01SharedVolume,
  ...CONTAINER_RULES_B,
];
