import { credentialInData } from '../../../container/environment';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** A swarm config's data (base64): readable by every service it is given to and by `docker config inspect`, unlike a secret. */
/** @internal */
export function configSecrets(data: unknown): Array<{ findingId: string; message: string }> {
  if (typeof data !== 'string') return [];
  const found = credentialInData(Buffer.from(data, 'base64'));
  if (!found) return [];
  return found.key === undefined
    ? [{ findingId: 'data', message: `the config data looks like a secret (${found.reason}): use a docker_secret` }]
    : [{ findingId: `data:${found.key}`, message: `the config data sets ${found.key}, which looks like a secret (${found.reason}): use a docker_secret` }];
}

/**
 * A secret put into a swarm config: unlike a docker_secret, a config's data is
 * returned by `docker config inspect`, mounted unencrypted and kept in state.
 */
export const S03ConfigSecret: HardeningRule = {
  id: 'HD-S03',
  title: 'Secret in a swarm config',
  cis: [],
  sources: ['catalogue extension: docker_config.data'],
  threats: [Threat.COMPROMISED_SECRET],
  level: 'warning',
  resourceTypes: ['docker_config'],
  suppressible: true,
  explanation: 'Swarm configs are for non-secret data: anyone with API access reads them back (config inspect), and they sit ' +
    'unencrypted in the tasks that mount them and in the Terraform state. Data that looks like a key, a token, a credential URL or ' +
    'sets a secret-looking name is reported.',
  fix: 'Put secrets into a docker_secret (encrypted in the managers\' Raft log, mounted as a tmpfs file) and keep the config for ' +
    'settings.',
  check: (r) => configSecrets(r.attributes.data),
};
