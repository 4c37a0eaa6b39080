/**
 * Declared `docker_service` resources against the live swarm: the service spec (what the manager will run), every
 * running task's own spec (what runs now: a task of an older spec survives a paused rollout), where the tasks run
 * (whether their node satisfies the declared constraints now: swarmkit's constraint enforcer rejects a task whose node
 * was relabelled, moby v20.10.24 vendor/github.com/docker/swarmkit/manager/orchestrator/constraintenforcer, but only
 * once it sees the node change, and a rejected task is then pending: both are reported), and how many run. Pure: the
 * engine reads are in verify.ts.
 *
 * @internal
 */
import { FieldFinding, FindingList, FindingValue } from './finding';
import { ServiceCreatePlan } from '../engine/service-mapping';

type Json = { [key: string]: any };

/** The ContainerSpec fields compared one by one; any other difference is reported as unverifiable. */
const CONTAINER_SPEC_COMPARED = new Set(['User', 'ReadOnly', 'CapabilityDrop', 'CapabilityAdd', 'Groups', 'Hostname', 'Hosts', 'DNSConfig',
  'StopSignal', 'Init', 'Privileges', 'Isolation', 'Sysctls', 'Mounts', 'Secrets', 'Configs', 'Env', 'Image', 'Command', 'Args', 'Dir',
  'Healthcheck', 'Ulimits', 'TTY', 'OpenStdin', 'StopGracePeriod']);
/** The TaskTemplate fields compared one by one (Placement.Platforms, ForceUpdate: set by clients and the manager). */
const TASK_TEMPLATE_COMPARED = new Set(['ContainerSpec', 'Resources', 'RestartPolicy', 'Placement', 'Networks', 'LogDriver', 'ForceUpdate', 'Runtime']);

/** A live swarm node, as much as placement needs. */
export interface LiveNode {
  readonly ID: string;
  readonly Description?: { readonly Hostname?: string };
  readonly Spec?: { readonly Role?: string; readonly Availability?: string; readonly Labels?: { [key: string]: string } };
}

/** A running (or desired-running) task of the service. */
export interface LiveTask {
  readonly ID: string;
  readonly NodeID?: string;
  readonly Slot?: number;
  readonly Spec?: Json;
  readonly DesiredState?: string;
  readonly Status?: { readonly State?: string; readonly Err?: string };
}

/** What the comparison needs from the swarm besides the service. */
export interface ServiceContext {
  /** Network ID -> name, for the live specs' network targets. */
  readonly networkNames: ReadonlyMap<string, string>;
  readonly nodes: readonly LiveNode[];
  readonly tasks: readonly LiveTask[];
  /** Secret and config ID -> the name the swarm gives it (a spec's SecretName/ConfigName is the client's claim). */
  readonly secretNames?: ReadonlyMap<string, string>;
  readonly configNames?: ReadonlyMap<string, string>;
}

/** Every place where the live service (and its running tasks) is weaker than, or drifts from, the declaration. */
export function compareService(plan: ServiceCreatePlan, live: Json, context: ServiceContext): FieldFinding[] {
  const out = new FindingList();
  const declared: Json = plan.spec;
  const spec: Json = live.Spec ?? {};
  compareTaskTemplate(declared.TaskTemplate ?? {}, spec.TaskTemplate ?? {}, context, out, '');
  compareEndpoint(declared.EndpointSpec ?? {}, spec.EndpointSpec ?? {}, out);
  // the deprecated top-level Networks still attach tasks (moby falls back to them when the task template has none)
  for (const n of (spec.Networks ?? []) as Json[]) {
    const name = context.networkNames.get(String(n.Target)) ?? String(n.Target);
    out.weaker(`networks.${name}`, null, name, `the service spec's top-level Networks joins ${name}, which is not declared`);
  }
  if (JSON.stringify(norm(spec.Labels)) !== JSON.stringify(norm(declared.Labels))) {
    // labels drive reverse proxies and schedulers (traefik.enable publishes a service): cannot be shown not to weaken
    out.weaker('labels', (declared.Labels ?? null) as FindingValue, (spec.Labels ?? null) as FindingValue, 'the service labels differ from the declaration');
  }
  for (const key of ['UpdateConfig', 'RollbackConfig'] as const) {
    if (JSON.stringify(norm(spec[key])) !== JSON.stringify(norm(declared[key]))) {
      out.drift(key === 'UpdateConfig' ? 'update_config' : 'rollback_config', (declared[key] ?? null) as FindingValue, (spec[key] ?? null) as FindingValue,
        `the live ${key} differs from the declaration`);
    }
  }
  const modeKind = (m: Json | undefined) => Object.keys(m ?? {}).sort().join(',') || 'Replicated';
  if (modeKind(declared.Mode) !== modeKind(spec.Mode)) {
    out.weaker('mode', modeKind(declared.Mode), modeKind(spec.Mode), `declared mode ${modeKind(declared.Mode)}, live ${modeKind(spec.Mode)}`);
  }

  const replicas = declared.Mode?.Replicated?.Replicas;
  const liveReplicas = spec.Mode?.Replicated?.Replicas;
  if (declared.Mode?.Global && !spec.Mode?.Global) out.drift('mode', 'global', liveReplicas ?? null, `declared global, live ${liveReplicas} replica(s)`);
  if (replicas !== undefined && liveReplicas !== replicas) {
    out.drift('mode.replicas', replicas, spec.Mode?.Global ? 'global' : liveReplicas ?? null, `declared ${replicas} replica(s), live ${spec.Mode?.Global ? 'global' : liveReplicas}`);
  }

  // the tasks: their own spec, their node, their state
  // the tasks the swarm wants running, and every task whose container still runs whatever the swarm wants (a task
  // being shut down runs out the grace period of its own spec: an old, weaker task can outlive an update)
  const running = context.tasks.filter((t) => t.DesiredState === 'running' || t.Status?.State === 'running');
  const liveTemplate = JSON.stringify(spec.TaskTemplate ?? {});
  for (const task of running) {
    const name = `tasks.${task.Slot ?? task.NodeID ?? task.ID.slice(0, 12)}`;
    if (task.Spec && JSON.stringify(task.Spec) !== liveTemplate) {
      compareTaskTemplate(declared.TaskTemplate ?? {}, task.Spec, context, out, `${name}.`);
    }
    const node = context.nodes.find((n) => n.ID === task.NodeID);
    for (const constraint of declared.TaskTemplate?.Placement?.Constraints ?? []) {
      const holds = node ? constraintHolds(String(constraint), node) : false;
      if (holds === false) {
        out.weaker(`${name}.placement`, constraint, node?.ID ?? task.NodeID ?? null,
          `task ${task.ID.slice(0, 12)} runs on node ${node?.Description?.Hostname ?? task.NodeID ?? 'unknown'}, which does not satisfy "${constraint}" ` +
          '(the node was changed after scheduling and the swarm has not rejected the task yet)');
      } else if (holds === undefined) {
        out.weaker(`${name}.placement`, constraint, node?.ID ?? null, `cannot tell whether node ${node?.Description?.Hostname ?? task.NodeID} satisfies "${constraint}"`);
      }
    }
    if (task.DesiredState === 'running' && task.Status?.State !== 'running') {
      out.add('stopped', `${name}.state`, 'running', task.Status?.State ?? null,
        `task ${task.ID.slice(0, 12)} should run but is ${task.Status?.State ?? 'in an unknown state'}${task.Status?.Err ? `: ${task.Status.Err}` : ''}`);
    }
  }
  const up = running.filter((t) => t.DesiredState === 'running' && t.Status?.State === 'running').length;
  if (replicas !== undefined && !declared.Mode?.Global) {
    if (up < replicas) out.add('stopped', 'tasks', replicas, up, `${up} of ${replicas} declared task(s) running`);
  } else if (declared.Mode?.Global) {
    // one task per node that satisfies the declared constraints and takes tasks
    const eligible = context.nodes.filter((n) => (n.Spec?.Availability ?? 'active') === 'active' &&
      ((declared.TaskTemplate?.Placement?.Constraints ?? []) as string[]).every((c) => constraintHolds(c, n) === true)).length;
    if (up < eligible) out.add('stopped', 'tasks', eligible, up, `${up} of ${eligible} eligible node(s) run a task of this global service`);
  }
  return [...out.all];
}

/** The engine's view of a task template compared field by field with the declared one; `prefix` names a task. */
function compareTaskTemplate(declared: Json, live: Json, context: ServiceContext, out: FindingList, prefix: string): void {
  const d: Json = declared.ContainerSpec ?? {};
  const l: Json = live.ContainerSpec ?? {};
  const f = (field: string) => `${prefix}${field}`;

  if ((d.User ?? '') !== (l.User ?? '')) {
    out.weaker(f('user'), d.User ?? null, l.User ?? null, `declared user ${d.User || '(image default)'}, live ${l.User || '(image default: often root)'}`);
  }
  if (d.ReadOnly === true && l.ReadOnly !== true) out.weaker(f('read_only'), true, l.ReadOnly ?? false, 'declared a read-only root filesystem, live writable');
  else if (d.ReadOnly !== true && l.ReadOnly === true) out.drift(f('read_only'), false, true, 'declared writable, live read-only');

  const drops = (x: Json) => ((x.CapabilityDrop ?? []) as string[]).map(capName);
  const adds = (x: Json) => ((x.CapabilityAdd ?? []) as string[]).map(capName);
  if (drops(d).includes('ALL') && !drops(l).includes('ALL')) {
    out.weaker(f('cap_drop'), drops(d), drops(l), `declared cap_drop ALL, live drops ${drops(l).join(', ') || 'nothing'}`);
  }
  for (const cap of adds(l).filter((c) => !adds(d).includes(c))) out.weaker(f(`cap_add.${cap}`), null, cap, `live adds ${cap}, which is not declared`);
  for (const cap of adds(d).filter((c) => !adds(l).includes(c))) out.drift(f(`cap_add.${cap}`), cap, null, `declared ${cap}, not added live`);

  const groups = (x: Json) => ((x.Groups ?? []) as string[]).map(String);
  for (const g of groups(l).filter((x) => !groups(d).includes(x))) {
    out.weaker(f(`groups.${g}`), null, g, `live adds supplementary group ${g}, which is not declared (0, docker or disk give host-level access)`);
  }
  for (const [key, name] of [['Hosts', 'hosts'], ['DNSConfig', 'dns_config']] as const) {
    // where names resolve to: another address receives the service's connections (and their credentials)
    if (JSON.stringify(norm(l[key])) !== JSON.stringify(norm(d[key]))) {
      out.weaker(f(name), (d[key] ?? null) as FindingValue, (l[key] ?? null) as FindingValue, `the live ${name} differs from the declaration: names resolve elsewhere`);
    }
  }
  for (const [key, name] of [['Hostname', 'hostname'], ['StopSignal', 'stop_signal'], ['Init', 'init']] as const) {
    if (JSON.stringify(l[key] ?? null) !== JSON.stringify(d[key] ?? null)) {
      out.drift(f(name), (d[key] ?? null) as FindingValue, (l[key] ?? null) as FindingValue, `declared ${name} ${JSON.stringify(d[key] ?? null)}, live ${JSON.stringify(l[key] ?? null)}`);
    }
  }
  if (JSON.stringify(norm(l.Privileges)) !== JSON.stringify(norm(d.Privileges))) {
    out.weaker(f('privileges'), (d.Privileges ?? null) as FindingValue, (l.Privileges ?? null) as FindingValue, 'the live privileges (SELinux context, credential spec) differ from the declaration');
  }
  if ((l.Isolation ?? 'default') !== (d.Isolation ?? 'default')) out.weaker(f('isolation'), d.Isolation ?? 'default', l.Isolation ?? null, `declared isolation ${d.Isolation ?? 'default'}, live ${l.Isolation}`);
  compareMap(d.Sysctls, l.Sysctls, f('sysctl'), out);

  // mounts by target: an undeclared mount or a writable one is weaker
  const mounts = (x: Json) => new Map<string, Json>(((x.Mounts ?? []) as Json[]).map((m) => [String(m.Target), m]));
  const dm = mounts(d);
  const lm = mounts(l);
  for (const [target, m] of lm) {
    const want = dm.get(target);
    if (!want) {
      out.weaker(f(`mounts.${target}`), null, describeMount(m), `live mounts ${m.Type} ${m.Source ?? ''} at ${target}, which is not declared`);
    } else if (want.ReadOnly === true && m.ReadOnly !== true) {
      out.weaker(f(`mounts.${target}`), describeMount(want), describeMount(m), `declared ${target} read-only, live writable`);
    } else if ((want.Type ?? '') !== (m.Type ?? '') || (want.Source ?? '') !== (m.Source ?? '')) {
      out.weaker(f(`mounts.${target}`), describeMount(want), describeMount(m), `declared ${describeMount(want)} at ${target}, live ${describeMount(m)}`);
    } else if (JSON.stringify(m.BindOptions?.Propagation ?? null) !== JSON.stringify(want.BindOptions?.Propagation ?? null)) {
      // shared propagation lets mounts made in the container appear on the host (CIS 5.20)
      out.weaker(f(`mounts.${target}.propagation`), want.BindOptions?.Propagation ?? null, m.BindOptions?.Propagation ?? null,
        `declared propagation ${want.BindOptions?.Propagation ?? '(default)'} at ${target}, live ${m.BindOptions?.Propagation ?? '(default)'}`);
    } else if (JSON.stringify(norm(m.TmpfsOptions)) !== JSON.stringify(norm(want.TmpfsOptions))) {
      out.weaker(f(`mounts.${target}.tmpfs`), (want.TmpfsOptions ?? null) as FindingValue, (m.TmpfsOptions ?? null) as FindingValue,
        `the live tmpfs options at ${target} (mode, size) differ from the declaration`);
    } else if (JSON.stringify(m.VolumeOptions?.DriverConfig ?? null) !== JSON.stringify(want.VolumeOptions?.DriverConfig ?? null)) {
      // a volume driver's options can bind any host path (local driver, o=bind)
      out.weaker(f(`mounts.${target}.driver`), (want.VolumeOptions?.DriverConfig ?? null) as FindingValue, (m.VolumeOptions?.DriverConfig ?? null) as FindingValue,
        `the live volume driver configuration at ${target} differs from the declaration`);
    }
  }
  for (const [target, want] of dm) if (!lm.has(target)) out.drift(f(`mounts.${target}`), describeMount(want), null, `declared mount at ${target} is not live`);

  // secrets and configs by file: a wider mode or another owner is weaker
  for (const kind of ['Secrets', 'Configs'] as const) {
    const key = (x: Json) => String(x.File?.Name ?? x.Runtime ?? '');
    const dl = new Map<string, Json>(((d[kind] ?? []) as Json[]).map((x) => [key(x), x]));
    const ll = new Map<string, Json>(((l[kind] ?? []) as Json[]).map((x) => [key(x), x]));
    const field = (file: string) => f(`${kind.toLowerCase()}.${file}`);
    for (const [file, x] of ll) {
      const want = dl.get(file);
      if (!want) {
        // a secret the declaration does not give this service (another service's credential, for one)
        out.weaker(field(file), null, x[kind === 'Secrets' ? 'SecretName' : 'ConfigName'] ?? null, `live mounts ${kind === 'Secrets' ? 'secret' : 'config'} file ${file}, which is not declared`);
        continue;
      }
      const nameKey = kind === 'Secrets' ? 'SecretName' : 'ConfigName';
      const idKey = kind === 'Secrets' ? 'SecretID' : 'ConfigID';
      const names = kind === 'Secrets' ? context.secretNames : context.configNames;
      const liveName = names?.get(String(x[idKey])) ?? null;
      // a literal ID (an existing secret named by its ID) must be that very object: a re-created one has the name, not the ID
      // (a reference to a docker_secret/docker_config resolves to its name: there the name is what can be compared)
      if (want[idKey] !== want[nameKey] && want[idKey] !== x[idKey]) {
        out.weaker(field(file), want[idKey], x[idKey] ?? null, `declared ${kind === 'Secrets' ? 'secret' : 'config'} ID ${want[idKey]} at ${file}, live ${x[idKey]}`);
      }
      if (liveName !== want[nameKey]) {
        out.weaker(field(file), want[nameKey] ?? null, liveName, `declared ${kind === 'Secrets' ? 'secret' : 'config'} ${want[nameKey]} at ${file}, ` +
          `live ${liveName ?? `${x[idKey]} (not found)`}: another ${kind === 'Secrets' ? 'secret' : 'config'} is mounted`);
      }
      const dmode = Number(want.File?.Mode ?? 0o444);
      const lmode = Number(x.File?.Mode ?? 0);
      if (permissionBits(lmode).some((bit) => !permissionBits(dmode).includes(bit))) {
        out.weaker(field(file), `0${dmode.toString(8)}`, `0${lmode.toString(8)}`, `declared mode 0${dmode.toString(8)}, live 0${lmode.toString(8)}`);
      }
      if (String(want.File?.UID ?? '0') !== String(x.File?.UID ?? '0') || String(want.File?.GID ?? '0') !== String(x.File?.GID ?? '0')) {
        out.weaker(field(file), `${want.File?.UID}:${want.File?.GID}`, `${x.File?.UID}:${x.File?.GID}`, `declared owner ${want.File?.UID}:${want.File?.GID}, live ${x.File?.UID}:${x.File?.GID}`);
      }
    }
    for (const [file, want] of dl) {
      if (!ll.has(file)) out.drift(field(file), want[kind === 'Secrets' ? 'SecretName' : 'ConfigName'] ?? null, null, `declared file ${file} is not mounted live`);
    }
  }

  // the environment configures the program (LD_PRELOAD, NODE_OPTIONS, a TLS switch): any difference can weaken it
  const env = (x: Json) => new Map<string, string>(((x.Env ?? []) as string[]).map((e) => [e.split('=')[0], e]));
  const de = env(d);
  const le = env(l);
  for (const [name, e] of le) {
    if (de.get(name) !== e) {
      out.weaker(f(`env.${name}`), de.has(name) ? '(declared value)' : null, '(value not shown)',
        de.has(name) ? `the live value of ${name} is not the declared one` : `live environment sets ${name}, which is not declared`);
    }
  }
  for (const name of de.keys()) if (!le.has(name)) out.weaker(f(`env.${name}`), '(declared value)', null, `declared ${name} is not set live`);

  if (d.Image && d.Image !== l.Image) {
    const digest = (ref: string) => /@(sha256:[0-9a-f]{64})$/.exec(ref ?? '')?.[1];
    const withoutDigest = (ref: string) => String(ref ?? '').replace(/@sha256:[0-9a-f]{64}$/, '');
    const repository = (ref: string) => withoutDigest(ref).replace(/:[^/:]+$/, '');
    // a digest pins the image; without one, the tag names it (the manager appends the digest it resolved)
    const weaker = digest(d.Image) !== undefined
      ? digest(d.Image) !== digest(l.Image) || repository(d.Image) !== repository(l.Image)
      : withoutDigest(d.Image) !== withoutDigest(l.Image);
    out.add(weaker ? 'weaker' : 'drift', f('image'), d.Image, l.Image ?? null,
      weaker ? `declared ${d.Image}, live ${l.Image}: another image` : `declared ${d.Image}, live ${l.Image} (the manager resolved the reference)`);
  }
  for (const [key, name] of [['Command', 'command'], ['Args', 'args'], ['Dir', 'dir']] as const) {
    if (JSON.stringify(l[key] ?? null) !== JSON.stringify(d[key] ?? null)) {
      out.weaker(f(name), (d[key] ?? null) as FindingValue, (l[key] ?? null) as FindingValue, `the live ${name} is not the declared one: another program runs`);
    }
  }
  const healthTest = (h: Json | undefined) => ((h?.Test ?? []) as string[]);
  if (healthTest(d.Healthcheck).length > 0 && JSON.stringify(healthTest(l.Healthcheck)) !== JSON.stringify(healthTest(d.Healthcheck))) {
    out.weaker(f('healthcheck'), healthTest(d.Healthcheck), l.Healthcheck ? healthTest(l.Healthcheck) : null,
      healthTest(l.Healthcheck)[0] === 'NONE' || !l.Healthcheck ? 'declared a healthcheck, none runs live' : 'the live healthcheck runs another test');
  } else if (JSON.stringify(norm(l.Healthcheck)) !== JSON.stringify(norm(d.Healthcheck))) {
    out.drift(f('healthcheck'), (d.Healthcheck ?? null) as FindingValue, (l.Healthcheck ?? null) as FindingValue, 'the live healthcheck differs from the declaration');
  }
  const dLog = declared.LogDriver ?? {};
  const lLog = live.LogDriver ?? {};
  if (JSON.stringify(norm(lLog)) !== JSON.stringify(norm(dLog))) {
    out.weaker(f('log_driver'), (declared.LogDriver ?? null) as FindingValue, (live.LogDriver ?? null) as FindingValue,
      `declared logging ${dLog.Name ?? '(engine default)'} ${JSON.stringify(dLog.Options ?? {})}, live ${lLog.Name ?? '(engine default)'} ${JSON.stringify(lLog.Options ?? {})}`);
  }
  const runtime = (t: Json) => (t.Runtime === undefined || t.Runtime === '' ? 'container' : String(t.Runtime)); // the manager fills it in
  if (runtime(live) !== runtime(declared)) out.weaker(f('runtime'), runtime(declared), runtime(live), `declared runtime ${runtime(declared)}, live ${runtime(live)}`);
  for (const [key, name] of [['Ulimits', 'ulimits'], ['TTY', 'tty'], ['OpenStdin', 'open_stdin']] as const) {
    if (JSON.stringify(norm(l[key])) !== JSON.stringify(norm(d[key]))) {
      out.weaker(f(name), (d[key] ?? null) as FindingValue, (l[key] ?? null) as FindingValue, `the live ${name} differs from the declaration`);
    }
  }

  // anything else that differs is reported: verify cannot show that it is not weaker
  for (const key of new Set([...Object.keys(d), ...Object.keys(l)])) {
    if (CONTAINER_SPEC_COMPARED.has(key)) continue;
    if (JSON.stringify(norm(l[key])) !== JSON.stringify(norm(d[key]))) {
      out.weaker(f(`container_spec.${key}`), (d[key] ?? null) as FindingValue, (l[key] ?? null) as FindingValue,
        `the live ContainerSpec.${key} differs from the declaration (not compared field by field: cannot be shown not to be weaker)`);
    }
  }
  for (const key of new Set([...Object.keys(declared), ...Object.keys(live)])) {
    if (TASK_TEMPLATE_COMPARED.has(key)) continue;
    if (JSON.stringify(norm(live[key])) !== JSON.stringify(norm(declared[key]))) {
      out.weaker(f(`task_spec.${key}`), (declared[key] ?? null) as FindingValue, (live[key] ?? null) as FindingValue,
        `the live TaskTemplate.${key} differs from the declaration (cannot be shown not to be weaker)`);
    }
  }

  // resources: a higher limit (or none) is weaker
  const dl = declared.Resources?.Limits ?? {};
  const ll = live.Resources?.Limits ?? {};
  for (const [key, name] of [['MemoryBytes', 'memory'], ['NanoCPUs', 'cpus'], ['Pids', 'pids']] as const) {
    if (!dl[key]) continue;
    if (!ll[key] || ll[key] > dl[key]) out.weaker(f(`limits.${name}`), dl[key], ll[key] ?? null, `declared limit ${dl[key]}, live ${ll[key] || 'none'}`);
    else if (ll[key] < dl[key]) out.drift(f(`limits.${name}`), dl[key], ll[key], `declared limit ${dl[key]}, live ${ll[key]} (lower)`);
  }

  // restart policy: unbounded restarts are weaker
  const dr = declared.RestartPolicy ?? {};
  const lr = live.RestartPolicy ?? {};
  if ((lr.Window ?? 0) > 0 && !((dr.Window ?? 0) > 0)) {
    out.weaker(f('restart_policy.window'), dr.Window ?? 0, lr.Window, 'a live restart window: swarmkit counts attempts only within it, so restarts never stop for good');
  }
  if ((lr.Delay ?? 0) < (dr.Delay ?? 0)) out.drift(f('restart_policy.delay'), dr.Delay ?? 0, lr.Delay ?? 0, 'a shorter live restart delay');
  const cond = (x: Json) => String(x.Condition ?? 'any');
  if (cond(dr) !== 'any' && cond(lr) === 'any') out.weaker(f('restart_policy.condition'), cond(dr), cond(lr), `declared restart on ${cond(dr)}, live on any exit`);
  if (dr.MaxAttempts && (!lr.MaxAttempts || lr.MaxAttempts > dr.MaxAttempts)) {
    out.weaker(f('restart_policy.max_attempts'), dr.MaxAttempts, lr.MaxAttempts ?? 0, `declared at most ${dr.MaxAttempts} restart(s), live ${lr.MaxAttempts || 'unbounded'}`);
  }

  // placement: a missing constraint lets the swarm schedule anywhere
  const dc = (declared.Placement?.Constraints ?? []) as string[];
  const lc = (live.Placement?.Constraints ?? []) as string[];
  for (const c of dc.filter((x) => !lc.map(normalizeConstraint).includes(normalizeConstraint(x)))) {
    out.weaker(f('placement.constraints'), c, lc, `declared placement "${c}", live constraints ${lc.length > 0 ? lc.join(', ') : 'none'}`);
  }
  for (const c of lc.filter((x) => !dc.map(normalizeConstraint).includes(normalizeConstraint(x)))) {
    out.drift(f('placement.constraints'), null, c, `live placement "${c}" is not declared`);
  }
  for (const [key, name] of [['Preferences', 'placement.preferences'], ['MaxReplicas', 'placement.max_replicas']] as const) {
    if (JSON.stringify(norm(live.Placement?.[key])) !== JSON.stringify(norm(declared.Placement?.[key]))) {
      out.drift(f(name), (declared.Placement?.[key] ?? null) as FindingValue, (live.Placement?.[key] ?? null) as FindingValue, `the live ${name} differs from the declaration`);
    }
  }
  if (JSON.stringify(norm(live.Resources?.Reservations)) !== JSON.stringify(norm(declared.Resources?.Reservations))) {
    out.drift(f('reservations'), (declared.Resources?.Reservations ?? null) as FindingValue, (live.Resources?.Reservations ?? null) as FindingValue,
      'the live reservations differ from the declaration');
  }

  // networks: an undeclared network is a path the declaration does not have
  const name = (target: string) => context.networkNames.get(target) ?? target;
  const dn = new Map<string, Json>(((declared.Networks ?? []) as Json[]).map((n) => [name(String(n.Target)), n]));
  const ln = new Map<string, Json>(((live.Networks ?? []) as Json[]).map((n) => [name(String(n.Target)), n]));
  if (ln.size < ((live.Networks ?? []) as Json[]).length) {
    out.weaker(f('networks'), null, ((live.Networks ?? []) as Json[]).map((n) => name(String(n.Target))), 'a network is attached twice: only one of its attachments is compared');
  }
  for (const n of ln.keys()) if (!dn.has(n)) out.weaker(f(`networks.${n}`), null, n, `live tasks join network ${n}, which is not declared`);
  for (const n of dn.keys()) if (!ln.has(n)) out.drift(f(`networks.${n}`), n, null, `declared network ${n} is not joined live`);
  for (const [n, want] of dn) {
    const got = ln.get(n);
    if (!got) continue;
    const extra = ((got.Aliases ?? []) as string[]).filter((a) => !((want.Aliases ?? []) as string[]).includes(a));
    // an undeclared alias takes a name on the network: the service receives traffic meant for another
    if (extra.length > 0) out.weaker(f(`networks.${n}.aliases`), want.Aliases ?? [], got.Aliases ?? [], `live aliases ${extra.join(', ')} on ${n} are not declared`);
    const missingAliases = ((want.Aliases ?? []) as string[]).filter((a) => !((got.Aliases ?? []) as string[]).includes(a));
    if (missingAliases.length > 0) out.drift(f(`networks.${n}.aliases`), want.Aliases ?? [], got.Aliases ?? [], `declared aliases ${missingAliases.join(', ')} on ${n} are not live`);
    if (JSON.stringify(norm(got.DriverOpts)) !== JSON.stringify(norm(want.DriverOpts))) {
      out.weaker(f(`networks.${n}.driver_opts`), (want.DriverOpts ?? null) as FindingValue, (got.DriverOpts ?? null) as FindingValue, `the live driver options on ${n} differ`);
    }
  }
}

function compareEndpoint(declared: Json, live: Json, out: FindingList): void {
  const key = (p: Json) => `${p.PublishedPort ?? 'auto'}->${p.TargetPort}/${p.Protocol ?? 'tcp'} (${p.PublishMode ?? 'ingress'})`;
  const dp = ((declared.Ports ?? []) as Json[]).map(key);
  const lp = ((live.Ports ?? []) as Json[]).map(key);
  for (const p of lp) if (!dp.includes(p)) out.weaker(`ports.${p}`, null, p, `live publishes ${p}, which is not declared`);
  for (const p of dp) if (!lp.includes(p)) out.drift(`ports.${p}`, p, null, `declared port ${p} is not published live`);
  if ((declared.Mode ?? 'vip') !== (live.Mode ?? 'vip')) out.drift('endpoint_spec.mode', declared.Mode ?? 'vip', live.Mode ?? null, `declared endpoint mode ${declared.Mode ?? 'vip'}, live ${live.Mode}`);
}

/** A spec value with empty objects, empty lists, zeros and false removed (the engine fills defaults in). */
function norm(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(norm);
  if (v && typeof v === 'object') {
    const out: Json = {};
    for (const k of Object.keys(v).sort()) {
      const x = norm((v as Json)[k]);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === 0 || v === false || v === '' || v === null ? undefined : v;
}

function compareMap(declared: Json | undefined, live: Json | undefined, field: string, out: FindingList): void {
  const d = declared ?? {};
  const l = live ?? {};
  for (const k of Object.keys(l)) {
    if (d[k] !== l[k]) out.weaker(`${field}.${k}`, d[k] ?? null, l[k], `declared ${k}=${d[k] ?? '(unset)'}, live ${l[k]}`);
  }
  for (const k of Object.keys(d)) if (!(k in l)) out.weaker(`${field}.${k}`, d[k], null, `declared ${k}=${d[k]}, not set live`);
}

function describeMount(m: Json): string {
  return `${m.Type ?? 'volume'} ${m.Source ?? ''}${m.ReadOnly ? ' (read-only)' : ''}`.replace(/ +/g, ' ').trim();
}

function capName(cap: string): string {
  const up = String(cap).trim().toUpperCase();
  return up === 'ALL' || up.startsWith('CAP_') ? up : `CAP_${up}`;
}

/** The permission bits set in a file mode, as their values (no bitwise operators). */
function permissionBits(mode: number): number[] {
  const bits: number[] = [];
  for (let bit = 0o4000; bit >= 1; bit = bit / 2) if (Math.floor(mode / bit) % 2 === 1) bits.push(bit);
  return bits;
}

/** swarmkit's constraint syntax: key, `==` or `!=`, value; spaces around the operator do not matter. */
const CONSTRAINT = /^\s*([^=!\s]+)\s*(==|!=)\s*(.*?)\s*$/;

/** A constraint in one spelling: key prefix and value case do not matter to swarmkit, the label name does. */
function normalizeConstraint(c: string): string {
  const m = CONSTRAINT.exec(c);
  if (!m) return c.trim();
  const key = /^node\.labels\./i.test(m[1]) ? `node.labels.${m[1].slice('node.labels.'.length)}` : m[1].toLowerCase();
  return `${key}${m[2]}${m[3].toLowerCase()}`;
}

/**
 * Whether a node satisfies a constraint now, as swarmkit decides it (moby v20.10.24
 * vendor/github.com/docker/swarmkit/manager/constraint/constraint.go `NodeMatches` L107-200, `Match` L84-104): keys
 * node.id, node.hostname, node.role and the `node.labels.` prefix case-insensitive, the label name itself
 * case-sensitive, values compared case-insensitively (EqualFold), a missing label matched as "". undefined: a key
 * this check does not evaluate (node.ip, node.platform.*, engine.labels.*).
 */
export function constraintHolds(constraint: string, node: LiveNode): boolean | undefined {
  const m = CONSTRAINT.exec(constraint);
  if (!m) return undefined;
  const key = m[1].toLowerCase();
  let actual: string;
  if (key === 'node.id') actual = node.ID;
  else if (key === 'node.hostname') actual = node.Description?.Hostname ?? '';
  else if (key === 'node.role') actual = node.Spec?.Role ?? '';
  else if (key.startsWith('node.labels.') && key.length > 'node.labels.'.length) actual = node.Spec?.Labels?.[m[1].slice('node.labels.'.length)] ?? '';
  else return undefined;
  const equal = actual.toLowerCase() === m[3].toLowerCase();
  return m[2] === '==' ? equal : !equal;
}
