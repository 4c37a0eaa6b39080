import { goToUpper } from '../core/go-strings';

/**
 * The Docker provider's create path, re-implemented against the Engine API.
 *
 * Terraform providers cannot be downloaded in our CI, so the real-engine tests
 * and `verify` turn synthesized `docker_container` / `docker_network` /
 * `docker_image` resources into Engine API requests the way
 * kreuzwerker/terraform-provider-docker **v3.6.2** does. Sources (read through
 * the project's search tool; line numbers approximate):
 *
 * - `internal/provider/resource_docker_container_funcs.go`,
 *   `resourceDockerContainerCreate` (~L47-L620): Config/HostConfig literal,
 *   units, what is sent when unset, network connect sequence, start and the
 *   wait-for-running Read.
 * - `internal/provider/resource_docker_container_structures.go`:
 *   `portSetToDockerPorts`, `volumeSetToDockerVolumes`, `ulimitsToDockerUlimits`,
 *   `extraHostsSetToContainerExtraHosts`.
 * - `internal/provider/resource_docker_container.go`: schema defaults
 *   (`network_mode` "bridge", `restart` "no", ports `ip` "0.0.0.0"/`protocol` "tcp").
 * - `internal/provider/resource_docker_network_funcs.go`: `NetworkCreate` options.
 * - `internal/provider/resource_docker_image_funcs.go`: `findImage` (local lookup, then pull).
 * - docker/docker `client/container_create.go` (v28, vendored by the provider):
 *   `normalizeCapabilities` for API >= 1.40 (upper-case, `CAP_` prefix except
 *   `ALL`, de-duplicated, sorted).
 *
 * Every attribute the library's constructs emit is mapped; an attribute that is
 * not mapped makes the mapping throw, so nothing is silently dropped.
 *
 * @internal
 */

/** A resource body from `cdk.tf.json` (snake_case attributes). */
export type ResourceBody = { [key: string]: unknown };

/** Terraform meta-arguments and cdktf bookkeeping that are not provider attributes. */
const META_KEYS = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'connection', 'provisioner']);
const UNSUPPORTED_META = new Set(['count', 'for_each']);

const MIB = 1024 * 1024;

/** The pieces of one container create, in the order the provider performs them. */
export interface ContainerCreatePlan {
  /** Container name (`name`). */
  readonly name: string;
  /** Image reference as configured (`image`), after reference resolution. */
  readonly image: string;
  /** Body of `POST /containers/create` (Config fields plus `HostConfig`). */
  readonly body: { [key: string]: any };
  /** `networks_advanced`, connected after `bridge` is disconnected, before start. */
  readonly networks: Array<{ name: string; aliases: string[]; ipv4Address: string; ipv6Address: string }>;
  /** `start` (default true). */
  readonly start: boolean;
  /** `must_run` (default true). */
  readonly mustRun: boolean;
  /** `container_read_refresh_timeout_milliseconds` (default 15000). */
  readonly readTimeoutMs: number;
}

/** The pieces of one network create. */
export interface NetworkCreatePlan {
  readonly name: string;
  /** Body of `POST /networks/create`. */
  readonly body: { [key: string]: any };
}

class AttributeReader {
  private readonly used = new Set<string>();
  constructor(private readonly type: string, private readonly address: string, private readonly body: ResourceBody) {
    for (const key of Object.keys(body)) {
      if (UNSUPPORTED_META.has(key)) throw this.error(key, 'count/for_each are not supported by the engine applier');
    }
  }

  has(key: string): boolean {
    this.used.add(key);
    const v = this.body[key];
    return v !== undefined && v !== null;
  }

  /** Go's `d.GetOk`: set and not the zero value. */
  getOk(key: string): boolean {
    if (!this.has(key)) return false;
    const v = this.body[key];
    if (v === '' || v === 0 || v === false) return false;
    if (Array.isArray(v) && v.length === 0) return false;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0) return false;
    return true;
  }

  str(key: string, dflt = ''): string {
    if (!this.has(key)) return dflt;
    const v = this.body[key];
    if (typeof v !== 'string') throw this.error(key, `expected a string, got ${JSON.stringify(v)}`);
    return v;
  }

  num(key: string, dflt = 0): number {
    if (!this.has(key)) return dflt;
    const v = this.body[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.error(key, `expected a number, got ${JSON.stringify(v)}`);
    return v;
  }

  bool(key: string, dflt = false): boolean {
    if (!this.has(key)) return dflt;
    const v = this.body[key];
    if (typeof v !== 'boolean') throw this.error(key, `expected a boolean, got ${JSON.stringify(v)}`);
    return v;
  }

  strList(key: string): string[] {
    if (!this.has(key)) return [];
    const v = this.body[key];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw this.error(key, `expected a list of strings, got ${JSON.stringify(v)}`);
    return [...v];
  }

  strMap(key: string): { [k: string]: string } {
    if (!this.has(key)) return {};
    const v = this.body[key];
    if (typeof v !== 'object' || Array.isArray(v) || v === null) throw this.error(key, `expected a map, got ${JSON.stringify(v)}`);
    const out: { [k: string]: string } = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== 'string') throw this.error(`${key}.${k}`, `expected a string, got ${JSON.stringify(x)}`);
      out[k] = x;
    }
    return out;
  }

  blocks(key: string): ResourceBody[] {
    if (!this.has(key)) return [];
    const v = this.body[key];
    const list = Array.isArray(v) ? v : [v];
    if (list.some((b) => typeof b !== 'object' || b === null || Array.isArray(b))) throw this.error(key, 'expected block(s)');
    return list as ResourceBody[];
  }

  /** label.go `labelSetToMap`: `{label, value}` blocks to a map. */
  labelMap(key: string): { [k: string]: string } {
    const labels: { [k: string]: string } = {};
    for (const b of this.blocks(key)) {
      const l = this.nested(key, b, ['label', 'value']);
      labels[String(l.label)] = String(l.value);
    }
    return labels;
  }

  /** Nested block reader that enforces the same "no unknown attribute" rule. */
  nested(key: string, block: ResourceBody, known: string[]): ResourceBody {
    for (const k of Object.keys(block)) {
      if (!known.includes(k)) throw this.error(`${key}.${k}`, `attribute not supported by the engine applier (known: ${known.join(', ')})`);
    }
    return block;
  }

  /** Throws for every attribute that no mapping consumed. */
  finish(): void {
    for (const key of Object.keys(this.body)) {
      if (META_KEYS.has(key) || this.used.has(key)) continue;
      throw this.error(key, 'attribute not supported by the engine applier; add its provider 3.6.2 mapping before using it');
    }
  }

  error(key: string, message: string): Error {
    return new Error(`${this.type}.${this.address}: ${key}: ${message}`);
  }
}

/** docker/docker client `normalizeCapabilities` (API >= 1.40). */
export function normalizeCapabilities(caps: string[]): string[] {
  const norm = caps.map((c) => {
    const up = goToUpper(c);
    return up === 'ALL' || up.startsWith('CAP_') ? up : `CAP_${up}`;
  });
  return [...new Set(norm)].sort();
}

/** Go `time.ParseDuration` for the forms the provider accepts (e.g. `1m30s`, `1.5s`, `500ms`), in ns. */
export function parseGoDuration(text: string): number {
  if (text === '0' || text === '') return 0;
  const re = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/g;
  const unit: { [u: string]: number } = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    if (m.index !== consumed) break;
    total += Number(m[1]) * unit[m[2]];
    consumed += m[0].length;
  }
  // The provider ignores ParseDuration errors (the value becomes 0); schema validation rejects them first.
  if (consumed !== text.length) throw new Error(`invalid Go duration ${JSON.stringify(text)}`);
  return Math.round(total);
}

const CONTAINER_ATTRIBUTES_NOT_SENT = [
  // state-only in Create (resource_docker_container_funcs.go): used by Read/Delete, not by ContainerCreate
  'destroy_grace_seconds', 'remove_volumes', 'wait', 'wait_timeout', 'attach', 'logs',
];

/**
 * Maps one `docker_container` body to the provider 3.6.2 create sequence.
 * References must already be resolved.
 */
export function containerCreatePlan(address: string, body: ResourceBody): ContainerCreatePlan {
  const r = new AttributeReader('docker_container', address, body);
  for (const k of CONTAINER_ATTRIBUTES_NOT_SENT) r.has(k);

  if (r.has('cpus') && r.str('cpus') !== '') {
    // kreuzwerker#759: `v.(float32)` on a TypeString panics in 3.6.0-3.6.2.
    throw r.error('cpus', 'provider 3.6.2 panics on any cpus value ("interface {} is string, not float32"); use cpu_period + cpu_quota');
  }

  const name = r.str('name');
  if (!name) throw r.error('name', 'required');
  const image = r.str('image');
  if (!image) throw r.error('image', 'required');

  // ---- container.Config ------------------------------------------------------
  const config: { [key: string]: any } = {
    Image: image,
    Hostname: r.str('hostname'), // always sent ("" when unset)
    Domainname: r.str('domainname'),
    Tty: r.bool('tty'),
    OpenStdin: r.bool('stdin_open'),
    StopSignal: r.str('stop_signal'),
  };
  if (r.getOk('stop_timeout')) config.StopTimeout = r.num('stop_timeout');
  if (r.getOk('env')) config.Env = r.strList('env');
  if (r.getOk('command')) {
    const cmd = r.strList('command');
    if (cmd.some((c) => c === '')) throw r.error('command', 'values for command may not be empty');
    config.Cmd = cmd;
  }
  if (r.getOk('entrypoint')) config.Entrypoint = r.strList('entrypoint');
  if (r.getOk('user')) config.User = r.str('user');
  if (r.getOk('working_dir')) config.WorkingDir = r.str('working_dir');
  if (r.getOk('labels')) config.Labels = r.labelMap('labels');
  if (r.has('healthcheck')) {
    const [hc] = r.blocks('healthcheck');
    const h = r.nested('healthcheck', hc, ['test', 'interval', 'timeout', 'start_period', 'start_interval', 'retries']);
    config.Healthcheck = {
      Test: h.test,
      Interval: parseGoDuration(String(h.interval ?? '0s')),
      Timeout: parseGoDuration(String(h.timeout ?? '0s')),
      StartPeriod: parseGoDuration(String(h.start_period ?? '0s')),
      StartInterval: parseGoDuration(String(h.start_interval ?? '0s')),
      Retries: Number(h.retries ?? 0),
    };
  }

  // ---- container.HostConfig --------------------------------------------------------
  const restart = r.str('restart', 'no');
  if (!/^(no|on-failure|always|unless-stopped)$/.test(restart)) throw r.error('restart', `invalid value ${restart}`);
  const mounts = r.blocks('mounts').map((b) => mountToApi(r, b));
  const host: { [key: string]: any } = {
    Privileged: r.bool('privileged'),
    PublishAllPorts: r.bool('publish_all_ports'),
    RestartPolicy: { Name: restart, MaximumRetryCount: r.num('max_retry_count') },
    Runtime: r.str('runtime'),
    Mounts: mounts,
    AutoRemove: r.bool('rm'),
    ReadonlyRootfs: r.bool('read_only'),
    LogConfig: { Type: r.str('log_driver') },
    NetworkMode: r.str('network_mode', 'bridge'), // schema Default "bridge": always sent
    Init: r.bool('init'), // always sent: unset means an explicit false
  };
  if (r.getOk('log_opts')) host.LogConfig.Config = r.strMap('log_opts');
  if (r.getOk('tmpfs')) host.Tmpfs = r.strMap('tmpfs');

  const ports = r.blocks('ports');
  if (ports.length > 0) {
    // portSetToDockerPorts: exposed "<internal>/<protocol>", binding HostIP = ip, HostPort = strconv.Itoa(external)
    const exposed: { [k: string]: object } = {};
    const bindings: { [k: string]: Array<{ HostIp: string; HostPort: string }> } = {};
    for (const b of ports) {
      const p = r.nested('ports', b, ['internal', 'external', 'ip', 'protocol']);
      const key = `${Number(p.internal)}/${String(p.protocol ?? 'tcp')}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: String(p.ip ?? '0.0.0.0'), HostPort: String(Number(p.external ?? 0)) });
    }
    config.ExposedPorts = exposed;
    host.PortBindings = bindings;
  }
  if (r.getOk('host')) {
    host.ExtraHosts = r.blocks('host').map((b) => {
      const h = r.nested('host', b, ['host', 'ip']);
      return `${String(h.host)}:${String(h.ip)}`;
    });
  }
  if (r.getOk('volumes')) {
    const binds: string[] = [];
    const volumesFrom: string[] = [];
    const volumes: { [k: string]: object } = {};
    for (const b of r.blocks('volumes')) {
      const v = r.nested('volumes', b, ['container_path', 'host_path', 'volume_name', 'from_container', 'read_only']);
      const from = String(v.from_container ?? '');
      const path = String(v.container_path ?? '');
      if (from && path) throw r.error('volumes', 'both a container and a path specified in a volume entry');
      if (!from && !path) throw r.error('volumes', 'volume entry without container path or source container');
      if (from) {
        volumesFrom.push(from);
        continue;
      }
      const source = String(v.volume_name || v.host_path || '');
      volumes[path] = {};
      if (source) binds.push(`${source}:${path}:${v.read_only === true ? 'ro' : 'rw'}`);
    }
    config.Volumes = volumes;
    if (binds.length > 0) host.Binds = binds;
    if (volumesFrom.length > 0) host.VolumesFrom = volumesFrom;
  }
  if (r.getOk('ulimit')) {
    host.Ulimits = r.blocks('ulimit').map((b) => {
      const u = r.nested('ulimit', b, ['name', 'soft', 'hard']);
      return { Name: String(u.name), Soft: Number(u.soft), Hard: Number(u.hard) };
    });
  }
  if (r.has('capabilities')) {
    const [c] = r.blocks('capabilities');
    const caps = r.nested('capabilities', c, ['add', 'drop']);
    // The provider passes the sets through unchanged; the Go client normalizes them (API >= 1.40).
    host.CapAdd = normalizeCapabilities((caps.add as string[] | undefined) ?? []);
    host.CapDrop = normalizeCapabilities((caps.drop as string[] | undefined) ?? []);
  }
  if (r.getOk('devices')) {
    host.Devices = r.blocks('devices').map((b) => {
      const d = r.nested('devices', b, ['host_path', 'container_path', 'permissions']);
      const hostPath = String(d.host_path);
      const containerPath = String(d.container_path ?? '');
      // deviceSetToDockerDevices: an empty container_path forces permissions "rwm"
      if (!containerPath) return { PathOnHost: hostPath, PathInContainer: hostPath, CgroupPermissions: 'rwm' };
      return { PathOnHost: hostPath, PathInContainer: containerPath, CgroupPermissions: String(d.permissions || 'rwm') };
    });
  }
  if (r.getOk('dns')) host.Dns = r.strList('dns');
  if (r.getOk('dns_opts')) host.DnsOptions = r.strList('dns_opts');
  if (r.getOk('dns_search')) host.DnsSearch = r.strList('dns_search');
  if (r.getOk('security_opts')) host.SecurityOpt = r.strList('security_opts');
  if (r.getOk('memory')) host.Memory = r.num('memory') * MIB;
  if (r.getOk('memory_swap')) {
    const swap = r.num('memory_swap');
    host.MemorySwap = swap > 0 ? swap * MIB : swap;
  }
  if (r.getOk('shm_size')) host.ShmSize = r.num('shm_size') * MIB;
  if (r.getOk('cpu_period')) host.CpuPeriod = r.num('cpu_period');
  if (r.getOk('cpu_quota')) host.CpuQuota = r.num('cpu_quota');
  if (r.getOk('cpu_shares')) host.CpuShares = r.num('cpu_shares');
  if (r.getOk('cpu_set')) host.CpusetCpus = r.str('cpu_set');
  if (r.getOk('userns_mode')) host.UsernsMode = r.str('userns_mode');
  if (r.getOk('pid_mode')) host.PidMode = r.str('pid_mode');
  if (r.getOk('sysctls')) host.Sysctls = r.strMap('sysctls');
  if (r.getOk('ipc_mode')) host.IpcMode = r.str('ipc_mode');
  if (r.getOk('group_add')) host.GroupAdd = r.strList('group_add');
  if (r.getOk('cgroupns_mode')) {
    const mode = r.str('cgroupns_mode');
    if (mode !== 'private' && mode !== 'host') {
      throw r.error('cgroupns_mode', "invalid CGROUP mode, must be either 'private', 'host' or empty");
    }
    host.CgroupnsMode = mode;
  }
  if (r.getOk('cgroup_parent')) host.CgroupParent = r.str('cgroup_parent');
  if (r.getOk('storage_opts')) host.StorageOpt = r.strMap('storage_opts');
  if (r.getOk('gpus')) throw r.error('gpus', 'GPU device requests are not supported by the engine applier');
  if (r.getOk('upload')) throw r.error('upload', 'upload is not supported by the engine applier (and is refused by a read-only root filesystem)');

  const networks = r.blocks('networks_advanced').map((b) => {
    const n = r.nested('networks_advanced', b, ['name', 'aliases', 'ipv4_address', 'ipv6_address']);
    return {
      name: String(n.name),
      aliases: ((n.aliases as string[] | undefined) ?? []).slice(),
      ipv4Address: String(n.ipv4_address ?? ''),
      ipv6Address: String(n.ipv6_address ?? ''),
    };
  });

  const start = r.bool('start', true);
  const mustRun = r.bool('must_run', true);
  const readTimeoutMs = r.num('container_read_refresh_timeout_milliseconds', 15000) || 15000;
  r.finish();
  return { name, image, body: { ...config, HostConfig: host }, networks, start, mustRun, readTimeoutMs };
}

function mountToApi(r: AttributeReader, block: ResourceBody): { [key: string]: any } {
  const m = r.nested('mounts', block, ['target', 'source', 'type', 'read_only', 'bind_options', 'volume_options', 'tmpfs_options']);
  const type = String(m.type);
  if (!['bind', 'volume', 'tmpfs'].includes(type)) throw r.error('mounts.type', `expected bind, volume or tmpfs, got ${type}`);
  const out: { [key: string]: any } = {
    Type: type,
    Target: String(m.target),
    Source: String(m.source ?? ''),
    ReadOnly: m.read_only === true,
  };
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v) as ResourceBody | undefined;
  const bind = one(m.bind_options);
  if (type === 'bind' && bind) {
    r.nested('mounts.bind_options', bind, ['propagation']);
    out.BindOptions = { Propagation: String(bind.propagation ?? '') };
  }
  const vol = one(m.volume_options);
  if (type === 'volume' && vol) {
    r.nested('mounts.volume_options', vol, ['no_copy', 'labels', 'driver_name', 'driver_options', 'subpath']);
    const labels: { [k: string]: string } = {};
    for (const l of (vol.labels as ResourceBody[] | undefined) ?? []) labels[String(l.label)] = String(l.value);
    out.VolumeOptions = {
      NoCopy: vol.no_copy === true,
      Labels: labels,
      DriverConfig: { Name: String(vol.driver_name ?? ''), Options: (vol.driver_options as object | undefined) ?? {} },
    };
    if (vol.subpath) out.VolumeOptions.Subpath = String(vol.subpath);
  }
  const tmpfs = one(m.tmpfs_options);
  if (type === 'tmpfs' && tmpfs) {
    r.nested('mounts.tmpfs_options', tmpfs, ['size_bytes', 'mode']);
    out.TmpfsOptions = { SizeBytes: Number(tmpfs.size_bytes ?? 0), Mode: Number(tmpfs.mode ?? 0) };
  }
  return out;
}

/** Maps one `docker_network` body to the provider's `NetworkCreate` request. */
export function networkCreatePlan(address: string, body: ResourceBody): NetworkCreatePlan {
  const r = new AttributeReader('docker_network', address, body);
  const name = r.str('name');
  if (!name) throw r.error('name', 'required');
  const req: { [key: string]: any } = { Name: name };
  if (r.getOk('labels')) req.Labels = r.labelMap('labels');
  // Unset driver: the provider sends none and the daemon picks bridge (local scope).
  if (r.getOk('driver')) req.Driver = r.str('driver');
  if (r.getOk('options')) req.Options = r.strMap('options');
  if (r.getOk('internal')) req.Internal = r.bool('internal');
  if (r.getOk('attachable')) req.Attachable = r.bool('attachable');
  if (r.getOk('ingress')) req.Ingress = r.bool('ingress');
  if (r.getOk('ipv6')) req.EnableIPv6 = r.bool('ipv6');
  // In the 3.6.2 schema (see @cdktf/provider-docker 12.0.3 NetworkConfig.checkDuplicate); daemons >= API 1.44 ignore it.
  if (r.getOk('check_duplicate')) req.CheckDuplicate = r.bool('check_duplicate');
  // ipam_driver has schema Default "default", so IPAM is always sent.
  const ipam: { [key: string]: any } = { Driver: r.str('ipam_driver', 'default') || 'default' };
  if (r.getOk('ipam_config')) {
    ipam.Config = r.blocks('ipam_config').map((b) => {
      const c = r.nested('ipam_config', b, ['subnet', 'ip_range', 'gateway', 'aux_address']);
      return {
        Subnet: String(c.subnet ?? ''),
        IPRange: String(c.ip_range ?? ''),
        Gateway: String(c.gateway ?? ''),
        AuxAddress: (c.aux_address as object | undefined) ?? {},
      };
    });
  }
  if (r.getOk('ipam_options')) ipam.Options = r.strMap('ipam_options');
  req.IPAM = ipam;
  r.finish();
  return { name, body: req };
}

/** Maps one `docker_image` body: the name to find locally or pull. */
export function imageName(address: string, body: ResourceBody): { name: string; keepLocally: boolean } {
  const r = new AttributeReader('docker_image', address, body);
  const name = r.str('name');
  if (!name) throw r.error('name', 'required');
  const keepLocally = r.bool('keep_locally');
  r.has('force_remove');
  if (r.getOk('build')) throw r.error('build', 'image builds are not supported by the engine applier');
  if (r.getOk('platform')) throw r.error('platform', 'platform-specific pulls are not supported by the engine applier');
  r.has('pull_triggers');
  r.has('triggers');
  r.finish();
  return { name, keepLocally };
}
