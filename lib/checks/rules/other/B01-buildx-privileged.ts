import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';

/**
 * A buildx builder with the docker-container driver starts a BuildKit
 * container that runs privileged on the engine (buildx driver/docker-container);
 * provider 3.6.2 defaults `driver` to docker-container
 * (resource_docker_buildx_builder.go L41-48).
 */
export const B01BuildxPrivileged: HardeningRule = {
  id: 'HD-B01',
  title: 'Buildx builder runs BuildKit privileged',
  cis: ['CIS 5.5'],
  sources: ['catalogue extension: docker_buildx_builder driver docker-container / kubernetes without rootless'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_buildx_builder'],
  suppressible: true,
  explanation: 'The docker-container driver (provider 3.6.2\'s default, also chosen by a docker_container block) runs the BuildKit ' +
    'daemon in a privileged container, and the kubernetes driver runs a privileged pod unless rootless is set: every build step ' +
    '(RUN of any Dockerfile it builds) then executes next to a privileged daemon with the host\'s devices. Also reported: insecure ' +
    'entitlements allowed by buildkit_flags, a buildkit_config file the checks cannot read, QEMU binfmt handlers installed on the ' +
    'node, and a remote BuildKit on tcp:// without its TLS material. Its images\' pinning is HD-I01.',
  fix: 'Build elsewhere (a CI builder, a remote BuildKit reached with TLS through the remote block), or use the kubernetes driver ' +
    'with rootless = true; if the builder host is dedicated to builds, suppress HD-B01 with that reason.',
  check: (r) => {
    const a = r.attributes;
    const out: RuleFinding[] = [];
    const kubernetes = normalize.block(a.kubernetes);
    const remote = normalize.block(a.remote);
    const container = normalize.block(a.docker_container);
    const driver = typeof a.driver === 'string' && a.driver.trim() !== '' ? a.driver.trim() : 'docker-container';
    if (kubernetes) {
      if (!normalize.bool(kubernetes.rootless)) out.push({ findingId: 'kubernetes', message: 'the kubernetes driver runs BuildKit in a privileged pod (rootless is not set)' });
    } else if (remote || driver === 'remote') {
      // a remote BuildKit reached over TCP is verified and authenticated only with the remote block's TLS material
      const endpoint = typeof a.endpoint === 'string' ? a.endpoint.trim() : '';
      const tls = remote && [remote.cacert, remote.cert, remote.key].every((v) => typeof v === 'string' && v.trim() !== '');
      if (/^tcp:\/\//i.test(endpoint) && !tls) {
        out.push({ findingId: 'remote-tls', message: `the remote BuildKit ${endpoint} is reached without cacert, cert and key: neither side is verified` });
      }
    } else if (driver === 'kubernetes') {
      // resource_docker_buildx_builder.go L401-430: the driver attribute with driver_options (rootless=true)
      const rootless = a.driver_options && typeof a.driver_options === 'object' ? String(a.driver_options.rootless ?? '').trim().toLowerCase() : '';
      if (rootless !== 'true') out.push({ findingId: 'kubernetes', message: 'driver "kubernetes" runs BuildKit in a privileged pod (driver_options rootless is not true)' });
    } else if (driver === 'docker-container' || container) {
      out.push({ findingId: 'docker-container', message: `driver ${a.driver === undefined ? 'unset (provider default docker-container)' : `"${driver}"`} runs BuildKit in a privileged container on the engine` });
    }
    // the BuildKit container on the host network: every build step sees the host's interfaces and localhost services
    if (typeof container?.network === 'string' && container.network.trim() === 'host') {
      out.push({ findingId: 'network', message: 'docker_container.network = "host": BuildKit and its build steps run in the host network namespace' });
    }
    // what the BuildKit daemon may allow its build steps
    const flags = typeof a.buildkit_flags === 'string' ? a.buildkit_flags : '';
    for (const m of flags.matchAll(/--allow-insecure-entitlement[= ]+(\S+)/g)) {
      out.push({ findingId: `entitlement:${m[1]}`, message: `buildkit_flags allow the insecure entitlement ${m[1]} (build steps may run privileged or on the host network)` });
    }
    if (typeof a.buildkit_config === 'string' && a.buildkit_config.trim() !== '') {
      out.push({ findingId: 'buildkit_config', message: `buildkit_config ${a.buildkit_config} configures BuildKit from a file the checks cannot read (entitlements, insecure registries)` });
    }
    if (normalize.bool(normalize.block(kubernetes?.qemu)?.install)) {
      out.push({ findingId: 'qemu.install', message: 'kubernetes.qemu.install registers QEMU binfmt_misc handlers, a setting of the node\'s whole kernel' });
    }
    return out;
  },
};
