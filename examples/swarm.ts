import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { THREE_TIER_IMAGES } from './three-tier';
import { HardenedService, HealthCheck, OverlayNetwork, PublishMode, SecureDaemon, ServiceSecret, Size } from '../lib';

/**
 * The three-tier app on a Docker Swarm across two trust zones, when one host is not enough:
 *
 * - the proxy runs only on nodes labelled `cdktf-hardened-docker.trust-zone=dmz`, app and db only on `internal`
 *   nodes (placement constraints: services of different zones never share a node);
 * - services talk only over connection grants: each grant is a pair overlay network of its own — encrypted (IPsec),
 *   internal, not attachable — joined by exactly the two services; proxy -> app is the one path across the zones (a
 *   justified opt-out), app -> db stays inside `internal`; the target's alias (`app`, `db`) resolves only there;
 * - the database password is a Swarm secret, a file (0400, owned by the db's uid) at /run/secrets/db-password —
 *   never an environment variable; its value comes from a sensitive variable and is stored in Terraform state;
 * - the proxy publishes 443 in host mode: only on the dmz nodes that run it, not on every node through the ingress
 *   routing mesh (a justified opt-out);
 * - the manager's daemon is a SecureDaemon with swarm settings: swarm.sh initializes it auto-locked, bound to one
 *   interface, with 30-day node certificates and data-plane traffic on a second interface.
 */
export class SwarmStack extends TerraformStack {
  public readonly proxy: HardenedService;
  public readonly app: HardenedService;
  public readonly db: HardenedService;
  public readonly manager: SecureDaemon;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    new DockerProvider(this, 'docker', {});

    const dmz = new OverlayNetwork(this, 'dmz', { trustZone: 'dmz' });
    const internal = new OverlayNetwork(this, 'internal', { trustZone: 'internal' });
    const dbPassword = new TerraformVariable(this, 'db_password', { type: 'string', sensitive: true, description: 'the database password' });
    const health = (port: number) => HealthCheck.exec(['/bin/healthcheck', String(port)]);

    this.proxy = new HardenedService(this, 'proxy', {
      image: THREE_TIER_IMAGES.proxy,
      trustZone: 'dmz',
      ports: [{ targetPort: 8443, publishedPort: 443, publishMode: PublishMode.HOST }],
      healthCheck: health(8443),
      memoryLimit: Size.mebibytes(128),
      optOuts: { publishedPorts: { justification: 'the proxy is the entry point; host mode publishes it only on the dmz nodes running it' } },
    });
    this.app = new HardenedService(this, 'app', {
      image: THREE_TIER_IMAGES.app,
      trustZone: 'internal',
      healthCheck: health(8080),
    });
    this.db = new HardenedService(this, 'db', {
      image: THREE_TIER_IMAGES.db,
      trustZone: 'internal',
      secrets: [ServiceSecret.fromValue({ fileName: 'db-password', value: dbPassword.stringValue })],
      memoryLimit: Size.mebibytes(512),
      healthCheck: health(5432),
    });
    dmz.allow(this.proxy, this.app, {
      port: 8080,
      alias: 'app',
      crossTrustZone: { justification: 'the proxy forwards requests to the app: the one path from the dmz into the internal zone' },
    });
    internal.allow(this.app, this.db, { port: 5432, alias: 'db' });

    this.manager = new SecureDaemon(this, 'manager', {
      hostName: 'swarm-manager-1',
      swarm: { advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10' },
      optOuts: { liveRestore: { justification: 'swarm mode does not support live restore; the swarm reschedules tasks instead' } },
    });
  }
}
