import { DOCKER_DEFAULT_ALLOWED, KNOWN_SYSCALLS, DOCKER_DEFAULT_OMITTED_SYSCALLS } from '../../../seccomp/docker-default';

/** A custom profile found inline in security_opts, reduced to what the rules need. @internal */
export interface CustomSeccomp {
  readonly allowsByDefault: boolean;
  /** Names denied by unconditional non-allow rules. */
  readonly denied: string[];
  /** Names allowed unconditionally that Docker's default profile does not allow unconditionally. */
  readonly reallowed: string[];
}

const ALLOW = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG']);

let sets: { defaultAllowed: Set<string>; everything: string[] } | undefined;
/** Built on first use: most containers carry no inline profile. */
function syscallSets(): { defaultAllowed: Set<string>; everything: string[] } {
  sets ??= {
    defaultAllowed: new Set(DOCKER_DEFAULT_ALLOWED),
    everything: [...new Set([...KNOWN_SYSCALLS, ...DOCKER_DEFAULT_OMITTED_SYSCALLS])].sort(),
  };
  return sets;
}

/** Parses every inline `seccomp=<json>` option (invalid JSON is ignored here: the engine refuses it). @internal */
export function customSeccompProfiles(opts: Array<{ key: string; value: string }>): CustomSeccomp[] {
  const out: CustomSeccomp[] = [];
  for (const o of opts) {
    if (o.key !== 'seccomp' || !o.value.trim().startsWith('{')) continue;
    const { defaultAllowed, everything } = syscallSets();
    let profile: any;
    try {
      profile = JSON.parse(o.value);
    } catch {
      continue;
    }
    const rules: any[] = Array.isArray(profile.syscalls) ? profile.syscalls : [];
    const unconditional = rules.filter((r) => !(r.args?.length) && !r.includes && !r.excludes);
    const namesOf = (pred: (r: any) => boolean) => unconditional.filter(pred)
      .flatMap((r) => (Array.isArray(r.names) ? r.names : r.name ? [r.name] : []));
    const allowsByDefault = ALLOW.has(String(profile.defaultAction));
    const denied = [...new Set(namesOf((r) => !ALLOW.has(String(r.action))))].sort();
    const allowed = allowsByDefault ? everything.filter((n) => !denied.includes(n)) : [...new Set(namesOf((r) => ALLOW.has(String(r.action))))];
    out.push({ allowsByDefault, denied, reallowed: allowed.filter((n) => !defaultAllowed.has(n)).sort() });
  }
  return out;
}
