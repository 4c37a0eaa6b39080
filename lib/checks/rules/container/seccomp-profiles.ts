import { allKnownSyscalls, DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS } from '../../../seccomp/docker-default';

/** A custom profile found inline in security_opts, reduced to what the rules need. @internal */
export interface CustomSeccomp {
  readonly allowsByDefault: boolean;
  /** Names denied by unconditional non-allow rules. */
  readonly denied: string[];
  /** Names allowed unconditionally that Docker's default profile does not allow unconditionally. */
  readonly reallowed: string[];
}

const ALLOW = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG']);

let everythingSorted: string[] | undefined;
/** Every syscall name, built on first use: most containers carry no inline profile. */
function everything(): string[] {
  everythingSorted ??= allKnownSyscalls();
  return everythingSorted;
}

/** Parses every inline `seccomp=<json>` option (invalid JSON is ignored here: the engine refuses it). @internal */
export function customSeccompProfiles(opts: Array<{ key: string; value: string }>): CustomSeccomp[] {
  const out: CustomSeccomp[] = [];
  for (const o of opts) {
    if (o.key !== 'seccomp' || !o.value.trim().startsWith('{')) continue;
    let profile: any;
    try {
      profile = JSON.parse(o.value);
    } catch {
      continue;
    }
    const rules: any[] = Array.isArray(profile.syscalls) ? profile.syscalls : [];
    const names = (r: any): string[] => (Array.isArray(r.names) ? r.names : r.name ? [r.name] : []);
    // Each side reads conditions the cautious way. A deny counts only when nothing narrows it. An allow counts
    // unless it needs arguments or capabilities (HardenedContainer drops them all): a kernel-version, architecture
    // or excluded-capability condition still lets it apply somewhere, and Docker's own format writes `includes: {}`.
    const denies = rules.filter((r) => !ALLOW.has(String(r.action)) && !(r.args?.length) && !hasCondition(r.includes) && !hasCondition(r.excludes));
    const allows = rules.filter((r) => ALLOW.has(String(r.action)) && !(r.args?.length) && !(r.includes?.caps?.length));
    const allowsByDefault = ALLOW.has(String(profile.defaultAction));
    const denied = [...new Set(denies.flatMap(names))].sort();
    const allowed = allowsByDefault ? everything().filter((n) => !denied.includes(n)) : [...new Set(allows.flatMap(names))];
    out.push({ allowsByDefault, denied, reallowed: allowed.filter((n) => !DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS.has(n)).sort() });
  }
  return out;
}

/** Whether an `includes`/`excludes` block actually narrows a rule (empty blocks and lists do not). */
function hasCondition(block: unknown): boolean {
  if (!block || typeof block !== 'object') return false;
  return Object.values(block).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== ''));
}
