import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';
import { isOpaque } from '../../values/opaque';
import { engineSocketReason } from '../container/C02-engine-socket';
import { sensitiveReason } from '../container/C12-sensitive-host-paths';

/** CLIs that start containers on an engine (Docker's containerd namespace is reachable with ctr/crictl too). */
const CLI = /(^|[\s;&|(`])(docker|podman|nerdctl|ctr|crictl|docker-compose)(\s|$)/;
/** A value pflag/strconv.ParseBool reads as true. */
const TRUE = '(=(1|t|T|TRUE|true|True))?';

/** docker/podman/nerdctl options that give a container the host, with what they do. */
const DANGEROUS: Array<[RegExp, string]> = [
  [new RegExp(`(^|\\s)--privileged${TRUE}(\\s|$)`), '--privileged (every capability and device)'],
  [/(^|\s)--(pid|ipc|uts|userns|cgroupns)[= ]host(\s|$)/, 'a host namespace'],
  [/(^|\s)--(net|network)[= ]host(\s|$)/, 'the host network'],
  [/(^|\s)--device[= ]\S+/, 'a host device'],
  [/(^|\s)--cap-add[= ](all|sys_admin|cap_sys_admin|sys_module|cap_sys_module|sys_ptrace|cap_sys_ptrace|dac_read_search|cap_dac_read_search|sys_rawio|cap_sys_rawio)(\s|$)/i,
    'a host-level capability'],
  [/(^|\s)--security-opt[= ](seccomp|apparmor)[=:]unconfined/, 'seccomp or AppArmor disabled'],
  [/(^|\s)(-H|--host)[= ]tcp:\/\//, 'the engine API over plain TCP'],
  [/(^|\s|;)DOCKER_HOST=tcp:\/\//, 'the engine API over plain TCP (DOCKER_HOST)'],
  [/--unix-socket[= ]\S*(docker|containerd|podman)[^\s]*\.sock/, 'the engine API called directly through its socket'],
];

/** The host paths a command mounts: -v/--volume SRC:…, --mount …source=SRC (any order of keys). */
function mountedSources(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\s)(?:-v|--volume)[= ](\S+)/g)) out.push(m[1].split(':')[0]);
  for (const m of text.matchAll(/(?:^|\s)--mount[= ](\S+)/g)) {
    const src = /(?:^|,)(?:source|src)=([^,]+)/.exec(m[1]);
    if (src) out.push(src[1]);
  }
  return out.filter((p) => p.startsWith('/')).map((p) => normalize.path(p));
}

/** The shell text a provisioner runs: interpreter + command (or inline lines), its environment substituted, quotes removed. */
function shellText(a: { [k: string]: any }): string {
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && !isOpaque(x));
  let text = [...strings(a.interpreter), ...strings(a.command), ...strings(a.inline), ...strings(a.script), ...strings(a.scripts)].join('\n');
  const env = a.environment && typeof a.environment === 'object' && !Array.isArray(a.environment) ? a.environment : {};
  for (const [k, v] of Object.entries(env)) {
    if (typeof v !== 'string') continue;
    text = text.split(`\${${k}}`).join(v).replace(new RegExp(`\\$${k}(?![A-Za-z0-9_])`, 'g'), () => v);
  }
  // the shell removes quotes and joins what they held to the word
  return text.replace(/["']/g, '').replace(/\\\n/g, ' ');
}

/**
 * A provisioner whose command runs a container engine CLI (or calls the
 * engine API) with options that give the container the host: the checked
 * configuration is bypassed entirely.
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
  explanation: 'A local-exec or remote-exec provisioner that runs a container CLI (docker, podman, nerdctl, ctr, crictl) with ' +
    '--privileged, a host namespace, a host device, a host-level capability, seccomp/AppArmor off, a sensitive host path or an engine ' +
    'socket mounted, or that talks to an engine over plain TCP or straight through its socket, creates exactly what the checks ' +
    'refuse on docker_container, outside any resource they can see. The command is read with its interpreter and environment, ' +
    'and quotes removed as the shell does.',
  fix: 'Declare the container as a HardenedContainer (or a docker_container the checks judge) instead of running the CLI.',
  check: (r) => {
    const text = shellText(r.attributes);
    if (!CLI.test(text) && !/--unix-socket|DOCKER_HOST=/.test(text)) return [];
    const found = DANGEROUS.filter(([re]) => re.test(text)).map(([, what]) => what);
    for (const p of mountedSources(text)) {
      const why = engineSocketReason(p) ?? sensitiveReason(p);
      if (why) found.push(`the host path ${p} mounted (${why})`);
    }
    return [...new Set(found)].map((what) => ({ findingId: what, message: `${r.name} runs a container engine CLI with ${what}` }));
  },
};
