import { listOf, settingsOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** Registries the daemon talks to without TLS verification (CIS 2.5); one finding per registry. */
export const D04InsecureRegistries: HardeningRule = {
  id: 'HD-D04',
  title: 'Insecure registries configured',
  cis: ['CIS 2.5'],
  sources: ['docker-bench 2.5'],
  threats: [Threat.POISONED_IMAGE, Threat.COMPROMISED_SECRET],
  level: 'error',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'The daemon pulls from and pushes to an insecure registry over plain HTTP or unverified TLS: anyone on the path can ' +
    'serve tampered images (tags are not verified) and read registry credentials.',
  fix: 'Remove the registry from insecure-registries (SecureDaemon renders it empty) and give the registry a certificate; a private CA ' +
    'goes in /etc/docker/certs.d/<registry>/ca.crt.',
  check: (r) => listOf(settingsOf(r)['insecure-registries']).map((registry) => ({ findingId: registry, message: `insecure registry ${registry}` })),
};
