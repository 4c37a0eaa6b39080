/**
 * Which Docker engine `verify` talks to, and how: a unix socket, or TCP with
 * mutual TLS. Plain TCP and SSH are refused.
 *
 * @internal
 */
import { readFileSync } from 'fs';
// Types only: dockerode is not a dependency of the package (see loadDockerode).
import type Docker from 'dockerode';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';
/** Docker's TLS port, used when a tcp:// host has none. */
const DEFAULT_TLS_PORT = 2376;

/** A wrong flag or host: the user can fix it (exit code 2). */
export class UsageError extends Error {}

export interface DockerHostOptions {
  /** `unix:///path` or `tcp://host:port`; default `DOCKER_HOST`, else the local socket. */
  readonly host?: string;
  readonly tlsCa?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

export interface DockerConnection {
  /** Options for dockerode. Every connection field is set, so none is taken from the environment. */
  readonly options: Docker.DockerOptions;
  /** For messages, e.g. `unix:///var/run/docker.sock` or `tcp://host:2376 (TLS)`. */
  readonly description: string;
}

/**
 * Turns the host flags into dockerode options, reading the TLS files.
 * Throws `UsageError` for anything that would not be a unix socket or mutual TLS.
 */
export function dockerConnection(flags: DockerHostOptions, env: { [name: string]: string | undefined }): DockerConnection {
  const host = flags.host || env.DOCKER_HOST || DEFAULT_DOCKER_HOST;
  const tls = [flags.tlsCa, flags.tlsCert, flags.tlsKey];
  const tlsCount = tls.filter((f) => f !== undefined && f !== '').length;
  if (tlsCount !== 0 && tlsCount !== 3) {
    throw new UsageError('--tls-ca, --tls-cert and --tls-key must be given together (mutual TLS needs the CA, a client certificate and its key)');
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host)?.[1]?.toLowerCase();
  const unset = { socketPath: undefined, host: undefined, port: undefined, protocol: undefined, ca: undefined, cert: undefined, key: undefined };

  if (scheme === 'unix') {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new UsageError(`invalid host ${host}: expected unix:///absolute/path/to/docker.sock`);
    if (tlsCount > 0) throw new UsageError(`--tls-ca/--tls-cert/--tls-key apply to tcp:// hosts, not to the unix socket ${host}`);
    return { options: { ...unset, socketPath }, description: host };
  }
  if (scheme === 'tcp') {
    let url: URL;
    try {
      url = new URL(`https://${host.slice('tcp://'.length)}`);
    } catch {
      throw new UsageError(`invalid host ${host}: expected tcp://host:port`);
    }
    if (!url.hostname || (url.pathname !== '/' && url.pathname !== '')) throw new UsageError(`invalid host ${host}: expected tcp://host:port`);
    if (tlsCount === 0) {
      throw new UsageError(`refusing to talk to ${host} without TLS: a Docker daemon on plain TCP gives anyone who can reach it root on its host. `
        + 'Pass --tls-ca, --tls-cert and --tls-key (mutual TLS), or use a unix:// socket');
    }
    const port = url.port ? Number(url.port) : DEFAULT_TLS_PORT;
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return {
      options: {
        ...unset,
        host: hostname,
        port,
        protocol: 'https',
        ca: readTlsFile('--tls-ca', flags.tlsCa!),
        cert: readTlsFile('--tls-cert', flags.tlsCert!),
        key: readTlsFile('--tls-key', flags.tlsKey!),
      },
      description: `tcp://${url.host.replace(/:\d+$/, '')}:${port} (TLS)`,
    };
  }
  if (scheme === 'ssh') {
    throw new UsageError(`ssh:// hosts are not supported (${host}): forward the remote socket, e.g. `
      + '`ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock user@host`, and pass --host unix:///tmp/docker.sock');
  }
  throw new UsageError(`unsupported Docker host ${host}: expected unix:///path/to/docker.sock or tcp://host:port with --tls-ca/--tls-cert/--tls-key`);
}

function readTlsFile(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: ${(e as Error).message}`);
  }
}

/**
 * The dockerode versions `verify` is written and tested against (the
 * devDependency in .projenrc.ts; a test keeps the two equal).
 */
export const DOCKERODE_VERSION_RANGE = '^4.0.9';

/** The command that installs the client `verify` needs. */
export const DOCKERODE_INSTALL_COMMAND = `npm install dockerode@${DOCKERODE_VERSION_RANGE}`;

/** Loads a module by name, as `require` does. */
export type ModuleLoader = (id: string) => unknown;

/**
 * Loads dockerode, the Docker Engine API client. It is not a dependency of
 * the package: the constructs never need it, and its dependency tree (ssh2,
 * with a native addon) is most of an install. Only `verify` loads it, here,
 * when it runs; when it is not installed that is a `UsageError` naming the
 * install command.
 */
export function loadDockerode(load: ModuleLoader = defaultLoader): typeof Docker {
  try {
    const loaded = load('dockerode') as typeof Docker | { default: typeof Docker };
    return typeof loaded === 'function' ? loaded : loaded.default;
  } catch (e) {
    if (isMissing(e, 'dockerode')) {
      throw new UsageError('`verify` needs dockerode, the Docker Engine API client, which is not installed '
        + '(cdktf-hardened-docker does not depend on it, so that synthesizing needs no native build). '
        + `Install it next to cdktf-hardened-docker: ${DOCKERODE_INSTALL_COMMAND} `
        + `(for a global install of the CLI: ${DOCKERODE_INSTALL_COMMAND.replace('npm install', 'npm install -g')})`);
    }
    throw new Error(`cannot load dockerode, the Docker Engine API client \`verify\` uses (reinstall it: ${DOCKERODE_INSTALL_COMMAND}): ${(e as Error).message}`);
  }
}

function defaultLoader(id: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id);
}

/** Whether `e` is Node's "Cannot find module" for `id` itself (not for a module `id` requires). */
function isMissing(e: unknown, id: string): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err !== null && typeof err === 'object' && err.code === 'MODULE_NOT_FOUND'
    && typeof err.message === 'string' && err.message.startsWith(`Cannot find module '${id}'`);
}

/** A dockerode client for a connection; `load` loads dockerode (see `loadDockerode`). */
export function createDocker(connection: DockerConnection, load?: ModuleLoader): Docker {
  const DockerClient = loadDockerode(load);
  return new DockerClient({ ...connection.options, timeout: 60_000 });
}
