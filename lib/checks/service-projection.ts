import { normalize } from './normalize';
import { mark } from './values/evaluate';
import { isOpaque } from './values/opaque';

/**
 * A docker_service's task, seen as the container the engine will run for it,
 * so that the container rules judge services by the same logic (provider
 * 3.6.2 resource_docker_service_structures.go builds the swarm ContainerSpec
 * from task_spec.container_spec, resources, restart_policy and log_driver):
 *
 * | container attribute | from the service |
 * |---|---|
 * | image, user, read_only, mounts, healthcheck, env (a map) | task_spec.container_spec.* |
 * | group_add, sysctls | container_spec.groups, container_spec.sysctl |
 * | capabilities.add/drop | container_spec.cap_add / cap_drop |
 * | security_opts (`label=…`) | container_spec.privileges.se_linux_context |
 * | memory (MB), cpu_quota/cpu_period | task_spec.resources.limits.memory_bytes / nano_cpus |
 * | restart, max_retry_count | task_spec.restart_policy (condition any, the swarm default, is `always`) |
 * | log_driver, log_opts | task_spec.log_driver |
 * | network_mode | `host` when a task_spec.networks_advanced entry is the swarm's host network |
 *
 * Opaque values are carried over as they are, so that the checks still report
 * what they cannot verify; `projectedFrom` names the service attribute behind
 * each container attribute, for messages.
 *
 * @internal
 */
export function projectService(a: { [k: string]: any }): { attributes: { [k: string]: unknown }; projectedFrom: { [k: string]: string } } {
  const task = first(a.task_spec);
  const spec = first(task?.container_spec);
  const out: { [k: string]: unknown } = {};
  const from: { [k: string]: string } = {};
  // a task or container spec the checks cannot know (an unknown dynamic block): every projected attribute is that
  const unknownSpec = [a.task_spec, task?.container_spec].map((v) => (Array.isArray(v) ? v.find(isOpaque) : undefined)).find((v) => v);
  if (unknownSpec) {
    for (const k of ['image', 'user', 'read_only', 'mounts', 'capabilities', 'memory', 'cpu_quota', 'restart', 'network_mode', 'env']) {
      out[k] = unknownSpec;
      from[k] = 'task_spec';
    }
    return { attributes: mark(out), projectedFrom: from };
  }
  const set = (key: string, value: unknown, source: string) => {
    if (value === undefined) return;
    out[key] = value;
    from[key] = source;
  };
  const cs = 'task_spec.container_spec';
  if (spec) {
    set('image', spec.image, `${cs}.image`);
    set('user', spec.user, `${cs}.user`);
    set('read_only', spec.read_only, `${cs}.read_only`);
    set('mounts', spec.mounts, `${cs}.mounts`);
    set('healthcheck', spec.healthcheck, `${cs}.healthcheck`);
    set('env', spec.env, `${cs}.env`);
    set('group_add', spec.groups, `${cs}.groups`);
    set('sysctls', spec.sysctl, `${cs}.sysctl`);
    if (spec.cap_add !== undefined || spec.cap_drop !== undefined) {
      set('capabilities', mark([mark({ ...(spec.cap_add !== undefined ? { add: spec.cap_add } : {}), ...(spec.cap_drop !== undefined ? { drop: spec.cap_drop } : {}) })]),
        `${cs}.cap_add/cap_drop`);
      from['capabilities[0].add'] = `${cs}.cap_add`;
      from['capabilities[0].drop'] = `${cs}.cap_drop`;
    }
    const selinux = first(first(spec.privileges)?.se_linux_context);
    if (selinux) {
      const opts: unknown[] = [];
      if (isOpaque(selinux.disable)) opts.push(selinux.disable);
      else if (normalize.bool(selinux.disable)) opts.push('label=disable');
      for (const k of ['type', 'level', 'user', 'role']) {
        const v = selinux[k];
        if (isOpaque(v)) opts.push(v);
        else if (typeof v === 'string' && v !== '') opts.push(`label=${k}:${v}`);
      }
      set('security_opts', mark(opts), `${cs}.privileges.se_linux_context`);
    }
  }
  const limits = first(first(task?.resources)?.limits);
  set('memory', scale(limits?.memory_bytes, 1 / 1048576) ?? 0, 'task_spec.resources.limits.memory_bytes');
  const quota = scale(limits?.nano_cpus, 100000 / 1e9);
  if (quota !== undefined) {
    set('cpu_quota', quota, 'task_spec.resources.limits.nano_cpus');
    set('cpu_period', 100000, 'task_spec.resources.limits.nano_cpus');
  }
  const restart = first(task?.restart_policy);
  const condition = restart?.condition;
  if (isOpaque(condition)) {set('restart', condition, 'task_spec.restart_policy.condition');} else {
    // swarm's default condition is `any`: restart whatever the exit, without bound unless max_attempts says otherwise
    const c = typeof condition === 'string' && condition !== '' ? condition : 'any';
    const attempts = restart?.max_attempts;
    // swarmkit counts max_attempts within `window` only (restart.go): with a window, restarts never stop for good
    const window = restart?.window;
    const windowed = isOpaque(window) || (typeof window === 'string' && window !== '' && !/^0+(ns|us|µs|ms|s|m|h)?$/.test(window));
    const bounded = typeof attempts === 'number' && attempts > 0 && !windowed;
    if (c === 'none') {
      set('restart', 'no', 'task_spec.restart_policy.condition');
    } else if ((c === 'on-failure' && !windowed) || (c === 'any' && bounded)) {
      set('restart', 'on-failure', 'task_spec.restart_policy.condition');
      set('max_retry_count', attempts ?? 0, 'task_spec.restart_policy.max_attempts');
    } else {
      set('restart', 'always', windowed ? 'task_spec.restart_policy.window' : 'task_spec.restart_policy.condition');
    }
  }
  const log = first(task?.log_driver);
  set('log_driver', log?.name, 'task_spec.log_driver.name');
  set('log_opts', log?.options, 'task_spec.log_driver.options');
  // the swarm's host network puts the task in the node's network namespace; its bridge network on docker0. A reference to a
  // docker_network of the stack is a network the stack creates (never host); one to a data source or unknown value is kept
  const networks = normalize.blocks(task?.networks_advanced);
  for (const n of networks) {
    const name = n?.name;
    const declared = isOpaque(name) && name.kind === 'reference' && name.target?.block === 'resource' && name.target.type === 'docker_network';
    if (!declared && (isOpaque(name) || (typeof name === 'string' && name.trim() === 'host'))) {
      set('network_mode', name, 'task_spec.networks_advanced.name');
      break;
    }
  }
  if (networks.length > 0) set('networks_advanced', mark(networks.map((n) => mark({ name: n?.name }))), 'task_spec.networks_advanced');
  return { attributes: mark(out), projectedFrom: from };
}

function first(v: unknown): { [k: string]: any } | undefined {
  return Array.isArray(v) ? (v[0] && typeof v[0] === 'object' && !isOpaque(v[0]) ? v[0] : undefined) : undefined;
}

function scale(v: unknown, factor: number): unknown {
  if (isOpaque(v)) return v;
  return typeof v === 'number' ? v * factor : undefined;
}
