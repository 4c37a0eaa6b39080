import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';
import { isOpaque } from '../../values/opaque';

/** docker/podman/nerdctl options that give a container the host, with what they do. */
const DANGEROUS: Array<[RegExp, string]> = [
  [/(^|\s)--privileged(=true)?(\s|$)/, '--privileged (every capability and device)'],
  [/(^|\s)--(pid|ipc|uts|userns|cgroupns)[= ]host(\s|$)/, 'a host namespace'],
  [/(^|\s)--(net|network)[= ]host(\s|$)/, 'the host network'],
  [/(^|\s)(-v|--volume|--mount)[= ]\S*(\/var)?\/run\/(docker|containerd|podman|crio)[^\s]*\.sock/, 'an engine socket'],
  [/(^|\s)(-v|--volume)[= ]\/:/, 'the host root filesystem'],
  [/(^|\s)--mount[= ]\S*(source|src)=\/(,|\s|$)/, 'the host root filesystem'],
  [/(^|\s)--cap-add[= ](all|sys_admin|cap_sys_admin|sys_module|sys_ptrace)(\s|$)/i, 'a host-level capability'],
  [/(^|\s)--security-opt[= ]["']?(seccomp|apparmor)[=:]unconfined/, 'seccomp or AppArmor disabled'],
  [/(^|\s)(-H|--host)[= ]tcp:\/\//, 'the engine API over plain TCP'],
];

/**
 * A provisioner whose command runs a container engine CLI with options that
 * give the container the host: the checked configuration is bypassed entirely.
 */
export const X02ProvisionerDocker: HardeningRule = {
  id: 'HD-X02',
  title: 'Provisioner runs a container with host access',
  cis: ['CIS 5.5', 'CIS 5.32'],
  sources: ['catalogue extension: local-exec / remote-exec running docker run --privileged, -v /:/host, --network host, …'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['provisioner'],
  suppressible: true,
  explanation: 'A local-exec or remote-exec provisioner that runs `docker run --privileged`, mounts / or an engine socket, joins a ' +
    'host namespace, adds a host-level capability, disables seccomp/AppArmor or talks to an engine over plain TCP creates exactly what ' +
    'the checks refuse on docker_container, outside any resource they can see.',
  fix: 'Declare the container as a HardenedContainer (or a docker_container the checks judge) instead of running the CLI.',
  check: (r) => {
    const a = r.attributes;
    const parts = [a.command, a.inline, a.script, a.scripts].flat().filter((x) => typeof x === 'string' && !isOpaque(x)) as string[];
    const text = parts.join('\n');
    if (!/\b(docker|podman|nerdctl)\b/.test(text)) return [];
    return DANGEROUS.filter(([re]) => re.test(text)).map(([, what]) => ({ findingId: what, message: `${r.name} runs a container engine CLI with ${what}` }));
  },
};
