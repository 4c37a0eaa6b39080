import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/**
 * Parts of a stack that act on the engine without being described in the
 * stack's JSON: modules (their resources live in another configuration) and
 * provisioners (commands run by Terraform).
 */
export const X01OpaqueConfiguration: HardeningRule = {
  id: 'HD-X01',
  title: 'Configuration the checks cannot see',
  cis: [],
  sources: ['catalogue extension: TerraformHclModule / module blocks, local-exec and remote-exec provisioners'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.POISONED_IMAGE],
  level: 'error',
  resourceTypes: ['module', 'provisioner'],
  suppressible: true,
  explanation: 'A module creates resources from another configuration (a registry module, a directory, a git repository) that is ' +
    'not part of the synthesized JSON; a local-exec or remote-exec provisioner runs commands (`docker run --privileged …`, ' +
    '`docker -H tcp://…`) on the machine that runs Terraform or on a host. Neither can be checked, so neither may pass silently.',
  fix: 'Write the resources in the stack (HardenedContainer, IsolatedNetwork, …) instead of a module or a command; if a module or ' +
    'provisioner is reviewed and needed, suppress HD-X01 on it with the reason.',
  check: (r) => {
    if (r.type === 'module') {
      const source = typeof r.attributes.source === 'string' ? r.attributes.source : String(r.attributes.source ?? '');
      return [{ findingId: `module.${r.name}`, message: `module ${r.name} (source ${JSON.stringify(source)}) creates resources the checks do not see` }];
    }
    const command = r.attributes.command ?? r.attributes.inline ?? r.attributes.script ?? r.attributes.scripts;
    const text = Array.isArray(command) ? command.map(String).join('; ') : String(command ?? '');
    return [{ findingId: r.name, message: `provisioner ${r.attributes.kind} runs ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)}, which the checks cannot verify` }];
  },
};
