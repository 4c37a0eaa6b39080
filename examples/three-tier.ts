import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HardenedContainer, IsolatedNetwork, Size } from '../lib';

/** Images of the three tiers, pinned by digest. */
export const THREE_TIER_IMAGES = {
  proxy: 'ghcr.io/example/proxy:2.1.0@sha256:0d5f2c1b8a7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c',
  app: 'ghcr.io/example/webapp:1.4.2@sha256:4b7c8f0e2d1a9c3b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5',
  db: 'ghcr.io/example/db:16.4@sha256:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d',
};

export interface ThreeTierStackProps {
  /** One image for all tiers (the engine tests use the probe image). @default THREE_TIER_IMAGES */
  readonly image?: string;
  /** Commands per tier. @default - the images' own */
  readonly commands?: { proxy?: string[]; app?: string[]; db?: string[] };
  /** Loopback port the proxy is published on. @default 8443 */
  readonly hostPort?: number;
}

/**
 * proxy -> app -> db, and nothing else.
 *
 * - `edge` (trust zone dmz): the proxy's network. It needs the egress opt-out
 *   only because ports on an internal network cannot be published.
 * - `tier` (trust zone internal, internal: no route out): app and db. Inter-
 *   container communication is off, so app and db cannot talk over it.
 * - Two grants: proxy -> app (port 8080, across zones, justified) and
 *   app -> db (port 5432). Each is a pair network of its own, on which the
 *   target has a DNS alias (`app`, `db`) that resolves nowhere else.
 */
export class ThreeTierStack extends TerraformStack {
  public readonly proxy: HardenedContainer;
  public readonly app: HardenedContainer;
  public readonly db: HardenedContainer;
  public readonly edge: IsolatedNetwork;
  public readonly tier: IsolatedNetwork;

  constructor(scope: Construct, id: string, props: ThreeTierStackProps = {}) {
    super(scope, id);
    new DockerProvider(this, 'docker', {});

    this.edge = new IsolatedNetwork(this, 'edge', {
      trustZone: 'dmz',
      egress: { justification: 'the proxy publishes 8443 on the host loopback; ports on an internal network are unreachable' },
    });
    this.tier = new IsolatedNetwork(this, 'tier', { trustZone: 'internal' });

    this.proxy = new HardenedContainer(this, 'proxy', {
      image: props.image ?? THREE_TIER_IMAGES.proxy,
      command: props.commands?.proxy,
      trustZone: 'dmz',
      networks: [{ network: this.edge }],
      ports: [{ containerPort: 8443, hostPort: props.hostPort ?? 8443 }],
    });
    this.app = new HardenedContainer(this, 'app', {
      image: props.image ?? THREE_TIER_IMAGES.app,
      command: props.commands?.app,
      user: '1500:1500',
      trustZone: 'internal',
      networks: [{ network: this.tier }],
    });
    this.db = new HardenedContainer(this, 'db', {
      image: props.image ?? THREE_TIER_IMAGES.db,
      command: props.commands?.db,
      user: '999:999',
      trustZone: 'internal',
      memoryLimit: Size.mebibytes(512),
      networks: [{ network: this.tier }],
      volumes: [{ volumeName: 'db-data', containerPath: '/var/lib/db', writable: { justification: 'the database writes its data files here' } }],
    });

    this.tier.allow(this.proxy, this.app, {
      port: 8080,
      crossTrustZone: { justification: 'the dmz proxy forwards HTTP to the app; the only path into the internal zone' },
    });
    this.tier.allow(this.app, this.db, { port: 5432 });
  }
}
