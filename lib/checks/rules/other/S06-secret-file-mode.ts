import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';
import { isOpaque } from '../../values/opaque';

/**
 * Provider 3.6.2's default `file_mode` of a service's secret (internal/provider/resource_docker_service.go L442-448:
 * `Default: 0o444`), applied by the engine with chmod (moby daemon/container_operations_unix.go L341-346).
 */
const PROVIDER_DEFAULT_MODE = 0o444;

/**
 * A swarm secret mounted for other users than its owner: with the provider's default mode 0444 every user of the task
 * (a compromised helper process running as another uid, an exec'd debug shell) reads the credential.
 */
export const S06SecretFileMode: HardeningRule = {
  id: 'HD-S06',
  title: 'Secret file readable by other users',
  cis: [],
  sources: ['catalogue extension: docker_service task_spec.container_spec.secrets.file_mode'],
  threats: [Threat.COMPROMISED_SECRET],
  level: 'warning',
  resourceTypes: ['docker_service'],
  suppressible: true,
  explanation: 'A swarm secret is a file under /run/secrets. Provider 3.6.2 mounts it with mode 0444 owned by root unless ' +
    'file_mode, file_uid and file_gid say otherwise: every user in the task reads it. Only the service\'s own user needs to.',
  fix: 'Set file_mode = 256 (0400) and file_uid/file_gid to the service\'s uid:gid (HardenedService does).',
  check: (r, stack) => {
    const task = normalize.blocks(r.attributes.task_spec)[0];
    const spec = normalize.blocks(task?.container_spec)[0];
    const out: RuleFinding[] = [];
    for (const secret of normalize.blocks(spec?.secrets)) {
      const raw = secret?.file_mode;
      if (isOpaque(raw)) continue; // reported as "cannot verify" on its own
      const mode = raw === undefined || raw === null ? PROVIDER_DEFAULT_MODE : Number(raw);
      if (!Number.isInteger(mode) || mode % 0o100 === 0) continue; // no group or other permission bits
      const other = mode % 8;
      const group = Math.floor(mode / 8) % 8;
      const writable = Math.floor(other / 2) % 2 === 1 || Math.floor(group / 2) % 2 === 1;
      const name = secret?.file_name;
      if (isOpaque(name)) stack.acknowledge?.(name); // only named in the message; the mode is what is judged
      const file = isOpaque(name) ? '(file name unknown at synth)' : String(name ?? secret?.secret_name ?? '');
      out.push({
        findingId: `secret:${file}`,
        message: `the secret file ${file} is mounted with mode 0${(mode % 0o10000).toString(8)}` +
          `${raw === undefined || raw === null ? ' (provider 3.6.2\'s default: file_mode is not set)' : ''}: ` +
          `${other > 0 ? 'every user' : 'the group'} in the task can ${writable ? 'change' : 'read'} it`,
      });
    }
    return out;
  },
};
