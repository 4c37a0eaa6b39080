import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { HardenedContainer, SecureDaemon, TlsDockerHost } from '../lib';
import { WEBAPP_IMAGE } from './webapp';

/**
 * A remote Docker host reached over mutual TLS, in two stacks:
 *
 * - `pki`: the CA, the server certificate for docker.example.com (+ 10.0.0.5)
 *   and a client certificate for Terraform, made by hashicorp/tls. Its state
 *   holds every private key: keep it in an encrypted remote backend.
 * - `remote-workload`: the Docker provider configured for
 *   tcp://docker.example.com:2376 from the PKI stack's outputs (cdktf
 *   cross-stack references), a HardenedContainer, and the SecureDaemon whose
 *   files (daemon.json, systemd drop-in, TLS files with CIS modes,
 *   install.sh) the pipeline ships to the host before the first apply of the
 *   workload stack.
 *
 * Deploy order: `cdktf deploy pki`, install the host files on the host, then
 * `cdktf deploy remote-workload`.
 */
export function remoteHost(app: App): { pki: TerraformStack; workload: TerraformStack; daemon: SecureDaemon } {
  const pki = new TerraformStack(app, 'pki');
  new TlsProvider(pki, 'tls');
  const host = new TlsDockerHost(pki, 'docker-host', {
    hostName: 'docker.example.com',
    ipAddresses: ['10.0.0.5'],
    clients: ['terraform'],
  });

  const workload = new TerraformStack(app, 'remote-workload');
  host.configureProvider(workload);
  const daemon = new SecureDaemon(workload, 'daemon', { hostName: 'docker.example.com', tls: host });
  new HardenedContainer(workload, 'web', { image: WEBAPP_IMAGE, user: '1500:1500' });
  return { pki, workload, daemon };
}
