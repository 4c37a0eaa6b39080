import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/**
 * Parts of a stack that act on the engine without being described in the
 * stack's JSON: modules (their resources live in another configuration),
 * provisioners (commands run by Terraform) and import blocks (an existing
 * object adopted as it is).
 */
export const X01OpaqueConfiguration: HardeningRule = {
  id: 'HD-X01',
  title: 'Configuration the checks cannot see',
  cis: [],
  sources: ['catalogue extension: TerraformHclModule / module blocks, local-exec and remote-exec provisioners, import blocks'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.POISONED_IMAGE],
  level: 'warning',
  resourceTypes: ['module', 'provisioner', 'import'],
  suppressible: true,
  explanation: 'A module creates resources from another configuration (a registry module, a directory, a git repository) that is ' +
    'not part of the synthesized JSON; a local-exec or remote-exec provisioner runs commands on the machine that runs Terraform or ' +
    'on a host (HD-X02 reads them for docker commands that give a container the host); an import block adopts an existing ' +
    'container, network or volume as it is, and provider 3.6.2 does not read back several attributes (volumes, env, networks_advanced, ' +
    'cgroup settings), so the live object can keep what the configuration no longer says. None of these can be verified here.',
  fix: 'Write the resources in the stack (HardenedContainer, IsolatedNetwork, …) instead of a module or a command, and re-create ' +
    'imported objects instead of adopting them; if one is reviewed and needed, suppress HD-X01 on it with the reason.',
  check: (r) => {
    if (r.type === 'module') {
      const source = typeof r.attributes.source === 'string' ? r.attributes.source : String(r.attributes.source ?? '');
      return [{ findingId: `module.${r.name}`, message: `module ${r.name} (source ${JSON.stringify(source)}) creates resources the checks do not see` }];
    }
    if (r.type === 'import') {
      return [{ findingId: r.address ?? r.name, message: `an import block adopts the existing ${String(r.attributes.to)} as it is: attributes the provider does not read back keep their live values` }];
    }
    return [{ findingId: r.name, message: `provisioner ${r.attributes.kind} runs ${JSON.stringify(commandText(r.attributes))}, which the checks cannot verify` }];
  },
};

/** The text a provisioner runs (command, inline lines, scripts), shortened for messages. @internal */
export function commandText(a: { [k: string]: any }): string {
  const command = a.command ?? a.inline ?? a.script ?? a.scripts;
  const text = Array.isArray(command) ? command.map(String).join('; ') : String(command ?? '');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
