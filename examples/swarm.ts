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
 * - every network is an encrypted (IPsec), internal, non-attachable overlay: `edge-app` joins exactly the proxy and
 *   the app (the one path across the zones), `app-db` the app and the db;
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

    const edgeApp = new OverlayNetwork(this, 'edge-app', { trustZone: 'dmz' });
    const appDb = new OverlayNetwork(this, 'app-db', { trustZone: 'internal' });
    const dbPassword = new TerraformVariable(this, 'db_password', { type: 'string', sensitive: true, description: 'the database password' });
    const health = (port: number) => HealthCheck.exec(['/bin/healthcheck', String(port)]);

    this.proxy = new HardenedService(this, 'proxy', {
      image: THREE_TIER_IMAGES.proxy,
      trustZone: 'dmz',
      networks: [edgeApp.networkId],
      ports: [{ targetPort: 8443, publishedPort: 443, publishMode: PublishMode.HOST }],
      healthCheck: health(8443),
      memoryLimit: Size.mebibytes(128),
      optOuts: { publishedPorts: { justification: 'the proxy is the entry point; host mode publishes it only on the dmz nodes running it' } },
    });
    this.app = new HardenedService(this, 'app', {
      image: THREE_TIER_IMAGES.app,
      trustZone: 'internal',
      networks: [edgeApp.networkId, appDb.networkId],
      healthCheck: health(8080),
    });
    this.db = new HardenedService(this, 'db', {
      image: THREE_TIER_IMAGES.db,
      trustZone: 'internal',
      networks: [appDb.networkId],
      secrets: [ServiceSecret.fromValue({ fileName: 'db-password', value: dbPassword.stringValue })],
      memoryLimit: Size.mebibytes(512),
      healthCheck: health(5432),
    });

    this.manager = new SecureDaemon(this, 'manager', {
      hostName: 'swarm-manager-1',
      swarm: { advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10' },
      optOuts: { liveRestore: { justification: 'swarm mode does not support live restore; the swarm reschedules tasks instead' } },
    });
  }
}
