import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/** A registry image data source or push that does not verify the registry's TLS certificate. */
export const R01RegistrySkipVerify: HardeningRule = {
  id: 'HD-R01',
  title: 'Registry TLS certificate not verified',
  cis: ['CIS 2.5'],
  sources: ['catalogue extension: data.docker_registry_image.insecure_skip_verify'],
  threats: [Threat.POISONED_IMAGE, Threat.COMPROMISED_SECRET],
  level: 'error',
  resourceTypes: ['data.docker_registry_image', 'docker_registry_image', 'data.docker_registry_image_manifests'],
  suppressible: true,
  explanation: 'insecure_skip_verify = true accepts any certificate from the registry: whoever sits on the path can answer with a ' +
    'digest of their choice (which the configuration then pins and pulls) or capture the registry credentials sent with the request. ' +
    'It is the provider-side form of the daemon\'s insecure-registries (CIS 2.5).',
  fix: 'Remove insecure_skip_verify from data.docker_registry_image / docker_registry_image and give the registry a certificate the ' +
    'host trusts.',
  check: (r) => (normalize.bool(r.attributes.insecure_skip_verify)
    ? [{ message: `insecure_skip_verify = true for ${String(r.attributes.name ?? r.name)}` }]
    : []),
};
