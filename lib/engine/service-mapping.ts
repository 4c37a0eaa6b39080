/**
 * The Engine API requests kreuzwerker/terraform-provider-docker **v3.6.2** makes for
 * `docker_service`, `docker_secret` and `docker_config` resources: `verify` compares live
 * services with them, and the engine suite's swarm applier (test/engine/swarm-applier.ts)
 * sends them. Pure: no engine I/O.
 *
 * Sources (tag v3.6.2, read from github:kreuzwerker/terraform-provider-docker):
 *
 * - `internal/provider/resource_docker_service_structures.go`:
 *   `createServiceSpec` L577-622, `createServiceTaskSpec` L633-693,
 *   `createContainerSpec` L696-973 (attribute lines cited below),
 *   `createResources` L976-1017, `createGenericResources` L1020-1053,
 *   `createRestartPolicy` L1056-1081, `createPlacement` L1084-1107,
 *   `createServiceAdvancedNetworks` L1110-1128, `createLogDriver` L1131-1149,
 *   `createServiceMode` L1152-1185, `createServiceUpdateConfig`/`RollbackConfig`
 *   L1188-1202, `createServiceEndpointSpec` L1205-1224, `portSetToServicePorts`
 *   L1227-1256, `createUpdateOrRollbackConfig` L1259-1285, `createConvergeConfig`
 *   L1288-1303, `extraHostsSetToServiceExtraHosts` L1388-1401.
 * - `internal/provider/resource_docker_service_funcs.go`: `resourceDockerServiceCreate`
 *   L32-80 (ServiceCreate with QueryRegistry, converge wait), `resourceDockerServiceRead`
 *   L82-101 (wait until the endpoint spec is exposed), `deleteService` L250-331,
 *   `resourceDockerServiceCreateRefreshFunc` L347-395, `replicatedConsoleLogUpdater`
 *   L494-590, `numberedStates`/`serviceCreatePendingStates` L654-687,
 *   `authToServiceAuth`/`retrieveAndMarshalAuth` L597-648.
 * - `internal/provider/resource_docker_service.go`: the schema (defaults:
 *   secrets/configs `file_uid`/`file_gid` "0", `file_mode` 0o444 L430-446;
 *   `mode.replicated.replicas` 1 L767-771; update/rollback defaults L794-884;
 *   ports `protocol` "tcp", `publish_mode` "ingress" L917-940; converge
 *   `delay` "7s", `timeout` "3m" L956-968; `isolation` "default" L495-500).
 * - `internal/provider/resource_docker_secret.go` / `resource_docker_config.go`:
 *   `data` is base64 (StdEncoding) in the resource and decoded before SecretCreate/ConfigCreate.
 * - `internal/provider/resource_docker_network_funcs.go`: NetworkCreate (reused from
 *   lib/engine/provider-mapping.ts `networkCreatePlan`) and the delete retry on
 *   "has active endpoints" (`resourceDockerNetworkRemoveRefreshFunc` L192-213).
 * - docker/docker v28.1.1 `client/service_create.go` (vendored by the provider):
 *   `imageWithTagString` (adds `:latest`), `resolveContainerSpecImage` (QueryRegistry).
 *
 * Terraform SDKv2 detail that shapes the request: a nested block read with `d.Get`
 * is a map that holds EVERY attribute of the block's schema (unset ones with their
 * zero value or schema default), so the provider's `if value, ok := raw["x"]; ok`
 * checks are always true inside a block that is present. The provider relies on it
 * itself (`rawMount["source"].(string)`, `rawSecret["file_mode"].(int)` are
 * unchecked assertions). That is why, e.g., an absent `stop_grace_period` is sent
 * as `StopGracePeriod: 0` and a `restart_policy` block without `delay` as `Delay: 0`.
 *
 * @internal
 */
import { parseGoDuration, ResourceBody } from './provider-mapping';

/** One `docker_service` create, as the provider performs it. */
export interface ServiceCreatePlan {
  readonly name: string;
  /** Body of `POST /services/create` (swarm.ServiceSpec, Engine API JSON). */
  readonly spec: { [key: string]: any };
  /** The `X-Registry-Auth` value (base64url of the marshalled registry.AuthConfig). */
  readonly registryAuth: string;
  /** `converge_config`, if set. */
  readonly converge?: { delayMs: number; timeoutMs: number; timeoutRaw: string };
  /** `task_spec.container_spec.stop_grace_period` as configured ("" when unset); used by delete. */
  readonly stopGracePeriod: string;
}

const META_KEYS = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'connection', 'provisioner']);

/** A strict block reader: every attribute must be known to the 3.6.2 schema of its block. */
class Block {
  static of(where: string, body: ResourceBody, known: string[]): Block {
    for (const k of Object.keys(body)) {
      if (k === 'count' || k === 'for_each') throw new Error(`${where}: count/for_each are not supported by the swarm applier`);
      if (META_KEYS.has(k)) continue;
      if (!known.includes(k)) throw new Error(`${where}.${k}: attribute not in the provider 3.6.2 schema of this block (known: ${known.join(', ')})`);
    }
    return new Block(where, body);
  }

  private constructor(private readonly where: string, private readonly body: ResourceBody) {}

  private value(key: string): unknown {
    const v = this.body[key];
    return v === null ? undefined : v;
  }

  error(key: string, message: string): Error {
    return new Error(`${this.where}.${key}: ${message}`);
  }

  /** Whether the attribute is configured (Go `GetOk` on a top-level attribute also needs a non-zero value). */
  set(key: string): boolean {
    return this.value(key) !== undefined;
  }

  str(key: string, dflt = ''): string {
    const v = this.value(key);
    if (v === undefined) return dflt;
    if (typeof v !== 'string') throw this.error(key, `expected a string, got ${JSON.stringify(v)}`);
    return v;
  }

  int(key: string, dflt = 0): number {
    const v = this.value(key);
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw this.error(key, `expected an integer, got ${JSON.stringify(v)}`);
    return v;
  }

  bool(key: string, dflt = false): boolean {
    const v = this.value(key);
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw this.error(key, `expected a boolean, got ${JSON.stringify(v)}`);
    return v;
  }

  strList(key: string): string[] {
    const v = this.value(key);
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw this.error(key, `expected a list of strings, got ${JSON.stringify(v)}`);
    return [...v] as string[];
  }

  /** Set of strings: Terraform de-duplicates a set. */
  strSet(key: string): string[] {
    return [...new Set(this.strList(key))];
  }

  strMap(key: string): { [k: string]: string } {
    const v = this.value(key);
    if (v === undefined) return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw this.error(key, `expected a map, got ${JSON.stringify(v)}`);
    const out: { [k: string]: string } = {};
    for (const [k, x] of Object.entries(v as object)) {
      if (typeof x !== 'string') throw this.error(`${key}.${k}`, `expected a string, got ${JSON.stringify(x)}`);
      out[k] = x;
    }
    return out;
  }

  /** Nested blocks (cdktf writes a MaxItems=1 block as an object, others as lists). */
  blocks(key: string, known: string[], maxItems?: number): Block[] {
    const v = this.value(key);
    if (v === undefined) return [];
    const list = Array.isArray(v) ? v : [v];
    if (maxItems !== undefined && list.length > maxItems) throw this.error(key, `at most ${maxItems} block(s) allowed`);
    return list.map((b, i) => {
      if (typeof b !== 'object' || b === null || Array.isArray(b)) throw this.error(key, 'expected block(s)');
      return Block.of(`${this.where}.${key}[${i}]`, b as ResourceBody, known);
    });
  }

  /** label.go / helpers.go `labelSetToMap`: `{label, value}` blocks to a map. */
  labels(key: string): { [k: string]: string } {
    const out: { [k: string]: string } = {};
    for (const l of this.blocks(key, ['label', 'value'])) out[l.str('label')] = l.str('value');
    return out;
  }
}

/** Go's `time.ParseDuration` with the error ignored, as the provider does everywhere (`parsed, _ :=`): 0 on error. */
export function durationOrZero(text: string): number {
  try {
    return parseGoDuration(text);
  } catch {
    return 0;
  }
}

/** Sets `obj[key] = value` unless Go's `omitempty` would drop it (zero value of a non-pointer field). */
function put(obj: { [k: string]: any }, key: string, value: unknown): void {
  if (value === undefined || value === '' || value === 0 || value === false) return;
  if (Array.isArray(value) && value.length === 0) return;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0) return;
  obj[key] = value;
}

/** Base64 (StdEncoding, padded) decode; the schema's validateStringIsBase64Encoded rejects anything else at plan time. */
function decodeStdBase64(where: string, text: string): Buffer {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new Error(`${where}.data: '${text.length > 20 ? `${text.slice(0, 20)}...` : text}' is not base64 decodeable`);
  }
  return Buffer.from(text, 'base64');
}

/** docker/docker client `imageWithTagString`: a name without tag or digest gets `:latest` (simplified reference grammar). */
export function imageWithTag(image: string): string {
  if (image.includes('@')) return image;
  const lastSlash = image.lastIndexOf('/');
  const tail = image.slice(lastSlash + 1);
  return tail.includes(':') ? image : `${image}:latest`;
}

/** `resource_docker_secret.go` `resourceDockerSecretCreate`: swarm.SecretSpec. */
export function secretCreateSpec(address: string, body: ResourceBody): { name: string; spec: { [key: string]: any } } {
  const r = Block.of(`docker_secret.${address}`, body, ['name', 'data', 'labels']);
  const name = r.str('name');
  if (!name) throw r.error('name', 'required');
  if (!r.set('data')) throw r.error('data', 'required');
  const data = decodeStdBase64(`docker_secret.${address}`, r.str('data'));
  const spec: { [key: string]: any } = { Name: name, Data: data.toString('base64') }; // []byte -> JSON base64
  const labels = r.labels('labels'); // `if v, ok := d.GetOk("labels")`
  if (Object.keys(labels).length > 0) spec.Labels = labels;
  return { name, spec };
}

/** `resource_docker_config.go` `resourceDockerConfigCreate`: swarm.ConfigSpec (no labels in 3.6.2's schema). */
export function configCreateSpec(address: string, body: ResourceBody): { name: string; spec: { [key: string]: any } } {
  const r = Block.of(`docker_config.${address}`, body, ['name', 'data']);
  const name = r.str('name');
  if (!name) throw r.error('name', 'required');
  if (!r.set('data')) throw r.error('data', 'required');
  return { name, spec: { Name: name, Data: decodeStdBase64(`docker_config.${address}`, r.str('data')).toString('base64') } };
}

/** Maps one `docker_service` body (references resolved) to the provider 3.6.2 ServiceCreate request. */
export function serviceCreatePlan(address: string, body: ResourceBody): ServiceCreatePlan {
  const where = `docker_service.${address}`;
  const r = Block.of(where, body, ['name', 'labels', 'task_spec', 'mode', 'update_config', 'rollback_config', 'endpoint_spec', 'converge_config', 'auth']);
  const name = r.str('name');
  if (!name) throw r.error('name', 'required');

  // createServiceSpec L577-622
  const spec: { [key: string]: any } = { Name: name };
  put(spec, 'Labels', r.labels('labels')); // createServiceLabels L624-630 (GetOk)

  const taskSpecs = r.blocks('task_spec', ['container_spec', 'resources', 'restart_policy', 'placement', 'force_update', 'runtime', 'networks_advanced', 'log_driver'], 1);
  if (taskSpecs.length !== 1) throw r.error('task_spec', 'required (exactly one block)');
  const { taskTemplate, stopGracePeriod } = taskSpec(taskSpecs[0]);
  spec.TaskTemplate = taskTemplate;

  // createServiceMode L1152-1185: d.GetOk("mode"); Mode is a struct value, sent as {} when unset (daemon default: 1 replica)
  const mode: { [key: string]: any } = {};
  for (const m of r.blocks('mode', ['replicated', 'global'], 1)) {
    for (const rep of m.blocks('replicated', ['replicas'], 1)) {
      mode.Replicated = { Replicas: rep.int('replicas', 1) }; // schema Default 1
    }
    if (m.bool('global')) mode.Global = {};
  }
  spec.Mode = mode;

  // createServiceUpdateConfig / createServiceRollbackConfig L1188-1202 -> createUpdateOrRollbackConfig L1259-1285
  const updateKeys = ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'];
  const [update] = r.blocks('update_config', updateKeys, 1);
  if (update) spec.UpdateConfig = updateOrRollbackConfig(update);
  const [rollback] = r.blocks('rollback_config', updateKeys, 1);
  if (rollback) spec.RollbackConfig = updateOrRollbackConfig(rollback);

  // createServiceEndpointSpec L1205-1224: always a (possibly empty) *EndpointSpec
  const endpoint: { [key: string]: any } = {};
  for (const e of r.blocks('endpoint_spec', ['mode', 'ports'], 1)) {
    put(endpoint, 'Mode', e.str('mode'));
    // portSetToServicePorts L1227-1256
    put(endpoint, 'Ports', e.blocks('ports', ['name', 'protocol', 'target_port', 'published_port', 'publish_mode']).map((p) => {
      const port: { [key: string]: any } = {};
      put(port, 'Name', p.str('name'));
      put(port, 'Protocol', p.str('protocol', 'tcp'));
      put(port, 'TargetPort', p.int('target_port'));
      put(port, 'PublishedPort', p.int('published_port'));
      put(port, 'PublishMode', p.str('publish_mode', 'ingress'));
      return port;
    }));
  }
  spec.EndpointSpec = endpoint;

  // createConvergeConfig L1288-1303 (delay default 7s, timeout default 3m); used only when the block is set (GetOk)
  const [cc] = r.blocks('converge_config', ['delay', 'timeout'], 1);
  const converge = cc ? {
    delayMs: durationOrZero(cc.str('delay', '7s')) / 1e6,
    timeoutMs: durationOrZero(cc.str('timeout', '3m')) / 1e6,
    timeoutRaw: cc.str('timeout', '3m'),
  } : undefined;
  // the schema's ConflictsWith (L782): mode.global conflicts with converge_config
  if (converge && mode.Global) throw r.error('converge_config', 'conflicts with mode.global');

  // retrieveAndMarshalAuth L633-648 / authToServiceAuth L597-613: service auth only with username AND password
  let auth: { [key: string]: string } = {};
  for (const a of r.blocks('auth', ['server_address', 'username', 'password'], 1)) {
    if (a.str('username') && a.str('password')) auth = { username: a.str('username'), password: a.str('password'), serveraddress: a.str('server_address') };
  }
  const registryAuth = Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

  return { name, spec, registryAuth, converge, stopGracePeriod };
}

function updateOrRollbackConfig(c: Block): { [key: string]: any } {
  // createUpdateOrRollbackConfig L1259-1285, with the schema defaults (L794-884)
  const out: { [key: string]: any } = { Parallelism: c.int('parallelism', 1) }; // no omitempty on Parallelism
  put(out, 'Delay', durationOrZero(c.str('delay', '0s')));
  put(out, 'FailureAction', c.str('failure_action', 'pause'));
  put(out, 'Monitor', durationOrZero(c.str('monitor', '5s')));
  const ratio = Number.parseFloat(c.str('max_failure_ratio', '0.0'));
  out.MaxFailureRatio = Number.isFinite(ratio) ? Math.fround(ratio) : 0; // float32, strconv error ignored
  out.Order = c.str('order', 'stop-first');
  return out;
}

/** createServiceTaskSpec L633-693. */
function taskSpec(t: Block): { taskTemplate: { [key: string]: any }; stopGracePeriod: string } {
  const task: { [key: string]: any } = {};
  const containers = t.blocks('container_spec', [
    'image', 'labels', 'command', 'args', 'hostname', 'env', 'dir', 'user', 'groups', 'privileges', 'read_only', 'mounts',
    'stop_signal', 'stop_grace_period', 'healthcheck', 'hosts', 'dns_config', 'secrets', 'configs', 'isolation', 'sysctl',
    'cap_add', 'cap_drop',
  ], 1);
  if (containers.length !== 1) throw t.error('container_spec', 'required (exactly one block)');
  task.ContainerSpec = containerSpec(containers[0]);
  const stopGracePeriod = containers[0].str('stop_grace_period');

  // createResources L976-1017: rawTaskSpec["resources"] is always present -> always a (possibly empty) *ResourceRequirements
  const resources: { [key: string]: any } = {};
  for (const res of t.blocks('resources', ['limits', 'reservation'], 1)) {
    for (const l of res.blocks('limits', ['nano_cpus', 'memory_bytes'], 1)) {
      resources.Limits = {};
      put(resources.Limits, 'NanoCPUs', l.int('nano_cpus'));
      put(resources.Limits, 'MemoryBytes', l.int('memory_bytes'));
    }
    for (const v of res.blocks('reservation', ['nano_cpus', 'memory_bytes', 'generic_resources'], 1)) {
      resources.Reservations = {};
      put(resources.Reservations, 'NanoCPUs', v.int('nano_cpus'));
      put(resources.Reservations, 'MemoryBytes', v.int('memory_bytes'));
      // createGenericResources L1020-1053: "kind=value" strings
      const generic: Array<{ [key: string]: any }> = [];
      for (const g of v.blocks('generic_resources', ['named_resources_spec', 'discrete_resources_spec'], 1)) {
        for (const s of g.strSet('named_resources_spec')) {
          const [kind, value] = s.split('=');
          generic.push({ NamedResourceSpec: { Kind: kind, Value: value } });
        }
        for (const s of g.strSet('discrete_resources_spec')) {
          const [kind, value] = s.split('=');
          generic.push({ DiscreteResourceSpec: { Kind: kind, Value: Number.parseInt(value, 10) || 0 } });
        }
      }
      put(resources.Reservations, 'GenericResources', generic);
    }
  }
  task.Resources = resources;

  // createRestartPolicy L1056-1081: every key of a present block is read; an unset duration parses to 0 (error ignored)
  const restart: { [key: string]: any } = {};
  for (const p of t.blocks('restart_policy', ['condition', 'delay', 'max_attempts', 'window'], 1)) {
    const condition = p.str('condition');
    if (condition && !/^(none|on-failure|any)$/.test(condition)) throw p.error('condition', `expected none, on-failure or any, got ${condition}`);
    put(restart, 'Condition', condition);
    restart.Delay = durationOrZero(p.str('delay'));
    restart.MaxAttempts = p.int('max_attempts');
    restart.Window = durationOrZero(p.str('window'));
  }
  task.RestartPolicy = restart;

  // createPlacement L1084-1107
  const placement: { [key: string]: any } = {};
  for (const p of t.blocks('placement', ['constraints', 'prefs', 'max_replicas', 'platforms'], 1)) {
    put(placement, 'Constraints', p.strSet('constraints'));
    // stringSetToPlacementPrefs L1355-1369: every pref is a spread descriptor
    put(placement, 'Preferences', p.strSet('prefs').map((s) => ({ Spread: { SpreadDescriptor: s } })));
    put(placement, 'MaxReplicas', p.int('max_replicas'));
    put(placement, 'Platforms', p.blocks('platforms', ['architecture', 'os']).map((x) => ({ Architecture: x.str('architecture'), OS: x.str('os') })));
  }
  task.Placement = placement;

  task.ForceUpdate = t.int('force_update'); // uint64, no omitempty
  put(task, 'Runtime', t.str('runtime'));
  if (t.str('runtime') && !/^(container|plugin)$/.test(t.str('runtime'))) throw t.error('runtime', 'expected container or plugin');

  // createServiceAdvancedNetworks L1110-1128: Target = name (a name or an id)
  put(task, 'Networks', t.blocks('networks_advanced', ['name', 'aliases', 'driver_opts']).map((n) => {
    const net: { [key: string]: any } = { Target: n.str('name') };
    put(net, 'Aliases', n.strSet('aliases'));
    // stringSetToMapStringString (resource_docker_container_structures.go L104-117): "k=v", others skipped
    const opts: { [k: string]: string } = {};
    for (const o of n.strSet('driver_opts')) {
      const i = o.indexOf('=');
      if (i >= 0) opts[o.slice(0, i)] = o.slice(i + 1);
    }
    put(net, 'DriverOpts', opts);
    return net;
  }));

  // createLogDriver L1131-1149: nil unless the block is set
  for (const l of t.blocks('log_driver', ['name', 'options'], 1)) {
    task.LogDriver = { Name: l.str('name') };
    put(task.LogDriver, 'Options', l.strMap('options'));
  }
  return { taskTemplate: task, stopGracePeriod };
}

/** createContainerSpec L696-973. */
function containerSpec(c: Block): { [key: string]: any } {
  const spec: { [key: string]: any } = {};
  const image = c.str('image'); // L701
  if (!image) throw c.error('image', 'required');
  // docker/docker client ServiceCreate: imageWithTagString; then QueryRegistry (see SwarmApplier.createService)
  spec.Image = imageWithTag(image);
  put(spec, 'Labels', c.labels('labels')); // L704
  put(spec, 'Command', c.strList('command')); // L707
  put(spec, 'Args', c.strList('args')); // L710
  put(spec, 'Hostname', c.str('hostname')); // L713
  // L716 mapTypeMapValsToStringSlice (resource_docker_container_structures.go L128-137): "k=v", empty keys skipped
  put(spec, 'Env', Object.entries(c.strMap('env')).filter(([k]) => k.length > 0).map(([k, v]) => `${k}=${v}`));
  put(spec, 'Dir', c.str('dir')); // L719
  put(spec, 'User', c.str('user')); // L722
  put(spec, 'Groups', c.strList('groups')); // L725

  // L728-773 privileges: only credential_spec and se_linux_context exist in 3.6.2 (no seccomp/apparmor/no-new-privileges)
  for (const p of c.blocks('privileges', ['credential_spec', 'se_linux_context'], 1)) {
    const privileges: { [key: string]: any } = {};
    for (const cs of p.blocks('credential_spec', ['file', 'registry'], 1)) {
      // the provider assigns BOTH file and registry to CredentialSpec.File (L744-749); registry, read last, wins
      privileges.CredentialSpec = {};
      put(privileges.CredentialSpec, 'File', cs.str('registry'));
    }
    for (const se of p.blocks('se_linux_context', ['disable', 'user', 'role', 'type', 'level'], 1)) {
      privileges.SELinuxContext = {};
      put(privileges.SELinuxContext, 'Disable', se.bool('disable'));
      put(privileges.SELinuxContext, 'User', se.str('user'));
      put(privileges.SELinuxContext, 'Role', se.str('role'));
      put(privileges.SELinuxContext, 'Type', se.str('type'));
      put(privileges.SELinuxContext, 'Level', se.str('level'));
    }
    spec.Privileges = privileges;
  }

  put(spec, 'ReadOnly', c.bool('read_only')); // L775
  // L778-852 mounts
  put(spec, 'Mounts', c.blocks('mounts', ['target', 'source', 'type', 'read_only', 'bind_options', 'volume_options', 'tmpfs_options']).map((m) => {
    const type = m.str('type');
    if (!/^(bind|volume|tmpfs)$/.test(type)) throw m.error('type', `expected bind, volume or tmpfs, got ${JSON.stringify(type)}`);
    const mount: { [key: string]: any } = { Type: type };
    put(mount, 'Target', m.str('target'));
    put(mount, 'Source', m.str('source'));
    put(mount, 'ReadOnly', m.bool('read_only'));
    // L794-805: BindOptions whenever the block is present (no type check; the daemon rejects a mismatch)
    for (const b of m.blocks('bind_options', ['propagation'], 1)) {
      const propagation = b.str('propagation', 'rprivate');
      if (!/^(private|rprivate|shared|rshared|slave|rslave)$/.test(propagation)) throw b.error('propagation', `invalid value ${propagation}`);
      mount.BindOptions = { Propagation: propagation };
    }
    // L807-833: driver_name/driver_options are always present in the block's map -> DriverConfig always set
    for (const v of m.blocks('volume_options', ['no_copy', 'labels', 'driver_name', 'driver_options'], 1)) {
      mount.VolumeOptions = {};
      put(mount.VolumeOptions, 'NoCopy', v.bool('no_copy'));
      put(mount.VolumeOptions, 'Labels', v.labels('labels'));
      mount.VolumeOptions.DriverConfig = {};
      put(mount.VolumeOptions.DriverConfig, 'Name', v.str('driver_name'));
      put(mount.VolumeOptions.DriverConfig, 'Options', v.strMap('driver_options'));
    }
    // L835-848: `mountInstance.TmpfsOptions.SizeBytes = value.(int64)` on a TypeInt value (a Go int) panics the
    // provider for ANY tmpfs_options block (size_bytes is always in the map, 0 when unset):
    // kreuzwerker/terraform-provider-docker#563, fixed only in v4.0.0 (#882). Refuse rather than pretend.
    if (m.blocks('tmpfs_options', ['size_bytes', 'mode'], 1).length > 0) {
      throw m.error('tmpfs_options', 'provider 3.6.2 panics on any docker_service tmpfs_options block ("interface {} is int, not int64", ' +
        'kreuzwerker/terraform-provider-docker#563, fixed in v4.0.0); a service tmpfs mount can have neither size nor mode with 3.6.2');
    }
    return mount;
  }));
  put(spec, 'StopSignal', c.str('stop_signal')); // L855
  // L858-861: Computed; unset reads as "" -> ParseDuration error ignored -> a pointer to 0 is sent
  spec.StopGracePeriod = durationOrZero(c.str('stop_grace_period'));
  // L862-884: Computed list; always a (possibly empty) *HealthConfig
  const health: { [key: string]: any } = {};
  for (const h of c.blocks('healthcheck', ['test', 'interval', 'timeout', 'start_period', 'retries'], 1)) {
    put(health, 'Test', h.strList('test'));
    put(health, 'Interval', durationOrZero(h.str('interval', '0s')));
    put(health, 'Timeout', durationOrZero(h.str('timeout', '0s')));
    put(health, 'StartPeriod', durationOrZero(h.str('start_period', '0s')));
    put(health, 'Retries', h.int('retries'));
  }
  spec.Healthcheck = health;
  // L885-887 extraHostsSetToServiceExtraHosts L1388-1401: "ip host"
  put(spec, 'Hosts', c.blocks('hosts', ['host', 'ip']).map((h) => `${h.str('ip')} ${h.str('host')}`));
  // L888-906: Computed; always a (possibly empty) *DNSConfig
  const dns: { [key: string]: any } = {};
  for (const d of c.blocks('dns_config', ['nameservers', 'search', 'options'], 1)) {
    put(dns, 'Nameservers', d.strList('nameservers'));
    put(dns, 'Search', d.strList('search'));
    put(dns, 'Options', d.strList('options'));
  }
  spec.DNSConfig = dns;
  // L907-928 secrets / L929-950 configs: File target with the schema defaults uid/gid "0", mode 0o444
  put(spec, 'Secrets', c.blocks('secrets', ['secret_id', 'secret_name', 'file_name', 'file_uid', 'file_gid', 'file_mode']).map((s) => {
    if (!s.str('secret_id')) throw s.error('secret_id', 'required');
    if (!s.str('file_name')) throw s.error('file_name', 'required');
    return {
      SecretID: s.str('secret_id'),
      SecretName: s.str('secret_name'),
      File: { Name: s.str('file_name'), UID: s.str('file_uid', '0'), GID: s.str('file_gid', '0'), Mode: s.int('file_mode', 0o444) },
    };
  }));
  put(spec, 'Configs', c.blocks('configs', ['config_id', 'config_name', 'file_name', 'file_uid', 'file_gid', 'file_mode']).map((s) => {
    if (!s.str('config_id')) throw s.error('config_id', 'required');
    if (!s.str('file_name')) throw s.error('file_name', 'required');
    return {
      ConfigID: s.str('config_id'),
      ConfigName: s.str('config_name'),
      File: { Name: s.str('file_name'), UID: s.str('file_uid', '0'), GID: s.str('file_gid', '0'), Mode: s.int('file_mode', 0o444) },
    };
  }));
  put(spec, 'Isolation', c.str('isolation', 'default')); // L951, schema Default "default"
  put(spec, 'Sysctls', c.strMap('sysctl')); // L954
  // L957-968: passed through unchanged (the Go client does not normalize service capabilities; the daemon does)
  put(spec, 'CapabilityAdd', c.strList('cap_add'));
  put(spec, 'CapabilityDrop', c.strList('cap_drop'));
  return spec;
}

