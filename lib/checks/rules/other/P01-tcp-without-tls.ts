import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';
import { isOpaque } from '../../values/opaque';

/** A Docker provider talking plain TCP (or TLS without a CA, which the provider treats as skip-verify). */
export const P01TcpWithoutTls: HardeningRule = {
  id: 'HD-P01',
  title: 'Docker provider reaches the daemon over TCP without verified TLS',
  cis: ['CIS 2.7'],
  sources: ['catalogue extension: provider host=tcp:// without TLS'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'error',
  resourceTypes: ['provider.docker'],
  suppressible: false,
  explanation: 'Whoever reaches an unauthenticated Docker API owns the host. The Docker client dials every scheme but unix:// and ' +
    'npipe:// over TCP (tcp://, http://, https://, …) and uses TLS only when cert_material and key_material (or cert_path) are ' +
    'given, whatever the scheme says; provider 3.6.2 sets InsecureSkipVerify when no ca_material is given, so cert/key material ' +
    'without a CA still accepts any server. A `context` replaces `host` with an endpoint read on the machine that runs Terraform.',
  fix: 'Use TlsDockerHost.configureProvider() (tcp://host:2376 with CA, client cert and key), a unix socket, or SshDockerHost.',
  check: (r, stack) => {
    const a = r.attributes;
    // provider.go L191-204: a non-empty `context` replaces `host` with the endpoint of a Docker context that is read from
    // ~/.docker/contexts on the machine that runs Terraform (its TLS settings are not used)
    const context = a.context;
    if (context !== undefined && context !== '') {
      return [{ findingId: 'context', message: `context ${JSON.stringify(String(context))} overrides host: the daemon address and its transport are read from the Docker context on the machine that runs Terraform, which the checks cannot see` }];
    }
    const host = typeof a.host === 'string' ? a.host.trim() : '';
    // client.ParseHostURL (moby v28.1.1 client/client.go L412-432) takes any scheme; go-connections sockets.go L23-36 dials
    // unix and npipe locally and everything else (tcp, http, https, …) over TCP; ssh:// goes through the ssh binary (HD-P02)
    const scheme = /^([^:]*):\/\//.exec(host)?.[1];
    if (host === '' || scheme === 'unix' || scheme === 'npipe' || scheme?.toLowerCase() === 'ssh') return [];
    // config.go L85-139: TLS only with cert_material + key_material (InsecureSkipVerify without ca_material) or cert_path;
    // the scheme plays no part (client.go L225-236), so https:// without material is plain HTTP
    // material read from files (file(), pathexpand()): set, or Terraform fails at plan; its content is not the question here
    const fromFile = (v: unknown) => isOpaque(v) && v.kind === 'unknown' && /^\$\{\s*(file|filebase64|pathexpand|abspath)\(/.test(v.expression);
    for (const v of [a.cert_path, a.cert_material, a.key_material, a.ca_material]) if (fromFile(v)) stack.acknowledge?.(v);
    // a reference counts as material when it points at what produces certificates and keys (tls_*, a local file, a cross-stack
    // output of cdktf): another resource's attribute may well be empty
    const produces = (v: unknown) => isOpaque(v) && v.kind === 'reference' && /^(tls_|local_|terraform_remote_state$)/.test(v.target?.type ?? '') &&
      stack.referenced(v) !== undefined;
    const set = (v: unknown) => (typeof v === 'string' ? v.trim() !== '' : fromFile(v) || produces(v));
    // other material the checks cannot know is its own "cannot verify" finding, not "no material"
    if ([a.cert_path, a.cert_material, a.key_material, a.ca_material].some((v) => isOpaque(v) && v.kind !== 'tainted' && !set(v))) return [];
    if (set(a.cert_path)) return [];
    if (set(a.cert_material) && set(a.key_material)) {
      return set(a.ca_material) ? [] : [{ message: `host ${host} with client material but no ca_material: the provider sets InsecureSkipVerify, so the server is not verified` }];
    }
    const what = set(a.cert_material) || set(a.key_material) ? 'only part of the client material (both cert_material and key_material are needed)' : 'no TLS material';
    return [{
      message: `host ${host} is dialled over TCP with ${what} in the configuration: unless DOCKER_CERT_PATH or DOCKER_*_MATERIAL ` +
      'happen to be set where Terraform runs, the Docker API travels unauthenticated and in clear text',
    }];
  },
};
