import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

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
    '(RUN of any Dockerfile it builds) then executes next to a privileged daemon with the host\'s devices.',
  fix: 'Build elsewhere (a CI builder, a remote BuildKit reached with TLS through the remote block), or use the kubernetes driver ' +
    'with rootless = true; if the builder host is dedicated to builds, suppress HD-B01 with that reason.',
  check: (r) => {
    const a = r.attributes;
    const kubernetes = normalize.block(a.kubernetes);
    if (kubernetes) return normalize.bool(kubernetes.rootless) ? [] : [{ findingId: 'kubernetes', message: 'the kubernetes driver runs BuildKit in a privileged pod (rootless is not set)' }];
    if (normalize.block(a.remote)) return [];
    const driver = typeof a.driver === 'string' && a.driver.trim() !== '' ? a.driver.trim() : 'docker-container';
    if (driver === 'kubernetes') {
      // resource_docker_buildx_builder.go L401-430: the driver attribute with driver_options (rootless=true)
      const rootless = a.driver_options && typeof a.driver_options === 'object' ? String(a.driver_options.rootless ?? '').trim().toLowerCase() : '';
      return rootless === 'true' ? [] : [{ findingId: 'kubernetes', message: 'driver "kubernetes" runs BuildKit in a privileged pod (driver_options rootless is not true)' }];
    }
    if (driver === 'remote') return [];
    if (driver !== 'docker-container' && !normalize.block(a.docker_container)) return [];
    return [{ findingId: 'docker-container', message: `driver ${a.driver === undefined ? 'unset (provider default docker-container)' : `"${driver}"`} runs BuildKit in a privileged container on the engine` }];
  },
};
