import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/**
 * `terraform.required_providers.docker` bound to another provider binary: the
 * `docker_*` resources of the stack are then implemented by code whose
 * semantics the checks do not know (they model kreuzwerker/docker 3.6.2).
 */
export const P03ProviderSource: HardeningRule = {
  id: 'HD-P03',
  title: 'docker_* resources served by another provider than kreuzwerker/docker',
  cis: [],
  sources: ['catalogue extension: terraform.required_providers.docker.source'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.POISONED_IMAGE],
  level: 'error',
  resourceTypes: ['terraform.required_providers'],
  suppressible: true,
  explanation: 'Terraform picks the provider binary of a resource type by the local name in required_providers. When `docker` is ' +
    'mapped to another source, every docker_container, docker_volume, … of the stack is created by that binary, which may read ' +
    'the same attributes differently (or ignore them): none of the checks, which model kreuzwerker/docker 3.6.2, then hold.',
  fix: 'Map `docker` to kreuzwerker/docker (what @cdktf/provider-docker declares), or suppress HD-P03 with the reason the other ' +
    'provider is trusted to behave like it.',
  check: (r) => [{
    findingId: String(r.attributes.source),
    message: `required_providers maps ${r.name} to ${JSON.stringify(String(r.attributes.source))}, not kreuzwerker/docker on the public registry: ` +
      'what its docker_* resources and provider blocks do is not what the checks model',
  }],
};
