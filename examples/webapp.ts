import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ContainerNetwork, Duration, HardenedContainer, HealthCheck, Size } from '../lib';

/** The image the examples run, pinned by digest. */
export const WEBAPP_IMAGE =
  'ghcr.io/example/webapp:1.4.2@sha256:4b7c8f0e2d1a9c3b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5';

/**
 * The webapp from the seed literature, hardened:
 *
 *   docker run --user 1500:1500 --read-only --tmpfs /tmp:rw,noexec,nosuid,size=64k \
 *     --security-opt=no-new-privileges --memory 128m --cpus 0.75 webapp
 *
 * written as a HardenedContainer. Everything the command line asks for is a
 * prop or already a default; everything it forgets (capabilities, swap,
 * process limit, restart bound, logging, network, port binding) comes from
 * the construct's defaults.
 */
export interface WebappStackProps {
  /** @default WEBAPP_IMAGE */
  readonly image?: string;
  /** Host directory holding the `session-key` secret file. @default '/srv/webapp/secrets' */
  readonly secretsDir?: string;
  /** @default 'webapp' */
  readonly networkName?: string;
  /** @default 8080 */
  readonly hostPort?: number;
}

export class WebappStack extends TerraformStack {
  public readonly web: HardenedContainer;

  constructor(scope: Construct, id: string, props: WebappStackProps = {}) {
    super(scope, id);
    new DockerProvider(this, 'docker', {});

    // A user-defined network with inter-container traffic off. (IsolatedNetwork
    // will replace this raw resource; see the roadmap in the README.)
    const network = new Network(this, 'net', {
      name: props.networkName ?? 'webapp',
      driver: 'bridge',
      options: {
        'com.docker.network.bridge.enable_icc': 'false',
        'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1',
      },
    });

    this.web = new HardenedContainer(this, 'webapp', {
      image: props.image ?? WEBAPP_IMAGE,
      user: '1500:1500',
      memoryLimit: Size.mebibytes(128),
      cpuLimit: 0.75,
      tmpfs: [{ containerPath: '/tmp', size: Size.kibibytes(64) }],
      networks: [{ network: ContainerNetwork.fromName(network.name) }],
      ports: [{ containerPort: 8080, hostPort: props.hostPort ?? 8080 }],
      secrets: [{ name: 'session-key', hostPath: `${props.secretsDir ?? '/srv/webapp/secrets'}/session-key` }],
      environment: { LOG_LEVEL: 'info', SESSION_KEY_FILE: '/run/secrets/session-key' },
      healthCheck: HealthCheck.exec(['/webapp', 'healthcheck'], { interval: Duration.seconds(30), timeout: Duration.seconds(3) }),
    });
    this.web.node.addDependency(network);
  }
}
