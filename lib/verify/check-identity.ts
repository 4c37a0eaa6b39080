/**
 * Identity checks: user, image, labels (config hash), health check, command
 * and run state.
 *
 * @internal
 */
import { FindingList } from './finding';
import { ContainerConfigLike, HealthConfig, LiveContainer } from './live';
import { shortId, show } from './units';

/** The label HardenedContainer hashes the attributes provider 3.6.2 never updates into. */
export const CONFIG_HASH_LABEL = 'io.cdktf-hardened-docker.config-hash';

export interface IdentityContext {
  /** The declared image reference (the `docker_image` name, or the `image` attribute). */
  readonly declaredImage: string;
  /** The ID `declaredImage` resolves to on the engine; null when the engine does not have it. */
  readonly declaredImageId: string | null;
  /** `USER` of the image the container runs: Docker uses it when the declaration sets no user. */
  readonly imageUser?: string;
}

export interface DeclaredRun {
  readonly start: boolean;
  readonly mustRun: boolean;
}

export function checkIdentity(expected: ContainerConfigLike, run: DeclaredRun, live: LiveContainer, ctx: IdentityContext, out: FindingList): void {
  const config = live.Config ?? {};
  checkUser(expected, config, ctx, out);
  checkImage(live, ctx, out);
  checkLabels(expected, config, out);
  checkHealthcheck(expected.Healthcheck, config.Healthcheck, out);
  for (const [key, field] of [['Cmd', 'command'], ['Entrypoint', 'entrypoint']] as const) {
    const e = expected[key];
    if (e && e.length > 0 && JSON.stringify(e) !== JSON.stringify(config[key] ?? null)) {
      out.drift(field, e, config[key] ?? null, `declared ${show(e)}, live ${show(config[key])}`);
    }
  }
  if (expected.WorkingDir && expected.WorkingDir !== config.WorkingDir) {
    out.drift('working_dir', expected.WorkingDir, config.WorkingDir ?? null, `declared ${expected.WorkingDir}, live ${show(config.WorkingDir)}`);
  }
  const liveEnv = config.Env ?? [];
  for (const entry of expected.Env ?? []) {
    if (liveEnv.includes(entry)) continue;
    const name = entry.split('=')[0];
    const actual = liveEnv.find((e) => e.split('=')[0] === name);
    // values are not echoed: environment entries may be sensitive
    out.drift(`env.${name}`, null, null, actual === undefined ? 'declared, live not set' : 'declared and live values differ');
  }
  checkRunning(run, live, out);
}

/**
 * A container declared to run (`start` and `must_run`, the provider's defaults) that is not running
 * is `stopped`, whatever else is found: what is declared is not what serves. Its configuration is
 * still compared (inspect keeps it while the container is stopped).
 */
function checkRunning(run: DeclaredRun, live: LiveContainer, out: FindingList): void {
  if (!run.start || !run.mustRun) return; // declared not started, or allowed to exit
  const state = live.State ?? {};
  const exit = state.ExitCode != null ? ` (exit code ${state.ExitCode})` : '';
  let status: string;
  let text: string;
  if (state.Paused === true) {
    [status, text] = ['paused', 'paused: its processes are frozen'];
  } else if (state.Restarting === true) {
    [status, text] = ['restarting', `restarting${exit}: it keeps exiting and its restart policy starts it again`];
  } else if (state.Dead === true) {
    [status, text] = ['dead', 'dead: the engine could not stop or remove it'];
  } else if (state.Running !== true) {
    status = state.Status || 'not running';
    text = status === 'created' ? 'created: it was never started' : `${status}${status === 'exited' ? exit : ''}: the declared workload is not running`;
  } else {
    return;
  }
  out.add('stopped', 'state', 'running', status, `declared running, live ${text}`);
}

function checkUser(expected: ContainerConfigLike, live: ContainerConfigLike, ctx: IdentityContext, out: FindingList): void {
  // With no user declared, Docker runs the image's USER and reports it as the container's.
  const declared = expected.User || ctx.imageUser || '';
  const actual = live.User ?? '';
  if (declared === actual) return;
  const who = (u: string) => (u === '' ? 'the image default (root)' : u);
  out.weaker('user', expected.User || null, actual || null,
    `declared ${who(declared)}, live ${who(actual)}: running as a different identity is always weaker`);
}

function checkImage(live: LiveContainer, ctx: IdentityContext, out: FindingList): void {
  const actual = live.Image ?? '';
  if (ctx.declaredImageId === null) {
    out.weaker('image', ctx.declaredImage, actual || null,
      `declared ${ctx.declaredImage}, which is not on the engine; the live image ${shortId(actual)} cannot be attested`);
  } else if (actual !== ctx.declaredImageId) {
    const declared = ctx.declaredImage === ctx.declaredImageId ? shortId(ctx.declaredImageId) : `${ctx.declaredImage} (${shortId(ctx.declaredImageId)})`;
    out.weaker('image', ctx.declaredImageId, actual || null,
      `declared ${declared}, live ${shortId(actual)}: the container runs a different image (replaced or re-tagged since it was created)`);
  }
}

function checkLabels(expected: ContainerConfigLike, live: ContainerConfigLike, out: FindingList): void {
  const declared = expected.Labels ?? {};
  const actual = live.Labels ?? {};
  for (const key of Object.keys(declared).sort()) {
    if (declared[key] === actual[key]) continue;
    if (actual[key] === undefined) {
      // No live value to compare with: say so, and nothing about what a differing value would mean.
      const why = key === CONFIG_HASH_LABEL
        ? ': the live container was not created from a HardenedContainer declaration, or was re-created without its labels;'
          + ' tmpfs, healthcheck, cpu_period and cpu_quota are compared directly'
        : '';
      out.drift(`labels.${key}`, declared[key], null, `label missing (declared ${show(declared[key])})${why}`);
      continue;
    }
    let message = `declared ${show(declared[key])}, live ${show(actual[key])}`;
    if (key === CONFIG_HASH_LABEL) {
      message += ': tmpfs, healthcheck, cpu_period or cpu_quota changed since the container was created;'
        + ' provider 3.6.2 never updates these in place, so the live container still has the old values'
        + ' (this ForceNew label makes the next apply replace it)';
    }
    out.drift(`labels.${key}`, declared[key], actual[key] ?? null, message);
  }
}

function checkHealthcheck(declared: HealthConfig | null | undefined, actual: HealthConfig | null | undefined, out: FindingList): void {
  if (!declared) return; // not declared: the image's HEALTHCHECK applies
  const norm = (h: HealthConfig | null | undefined) => ({
    Interval: h?.Interval ?? 0,
    Retries: h?.Retries ?? 0,
    StartPeriod: h?.StartPeriod ?? 0,
    Test: h?.Test ?? [],
    Timeout: h?.Timeout ?? 0,
  });
  const e = norm(declared);
  const l = norm(actual);
  if (JSON.stringify(e) === JSON.stringify(l)) return;
  const disabled = l.Test.length === 0 || l.Test[0] === 'NONE';
  out.drift('healthcheck', e, actual ? l : null,
    `declared ${show(e.Test)} every ${e.Interval / 1e9}s, live ${disabled ? 'no health check' : `${show(l.Test)} every ${l.Interval / 1e9}s`}`
    + ' (provider 3.6.2 never updates healthcheck in place)');
}
