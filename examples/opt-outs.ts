import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Capability, ContainerNetwork, HardenedContainer, RestartPolicy, Size } from '../lib';
import { WEBAPP_IMAGE } from './webapp';

/**
 * One container per opt-out, so that each accepted risk is visible on its own
 * in the hardening summary. Every opt-out names the control it weakens and
 * carries a justification; nothing else about the container changes.
 */
export class OptOutsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DockerProvider(this, 'docker', {});
    const edge = ContainerNetwork.fromName('edge');

    new HardenedContainer(this, 'root-user', {
      image: WEBAPP_IMAGE,
      user: '0:0',
      optOuts: { rootUser: { justification: 'vendor installer must chown /data on first start (ticket OPS-112)' } },
    });
    new HardenedContainer(this, 'image-user', {
      image: WEBAPP_IMAGE,
      optOuts: { imageUser: { justification: 'image declares USER 101 and its files are owned by 101' } },
    });
    new HardenedContainer(this, 'writable-rootfs', {
      image: WEBAPP_IMAGE,
      optOuts: { writableRootFilesystem: { justification: 'legacy app writes its pid file next to the binary' } },
    });
    new HardenedContainer(this, 'privilege-escalation', {
      image: WEBAPP_IMAGE,
      optOuts: { privilegeEscalation: { justification: 'entrypoint uses a setuid helper to read a root-owned device' } },
    });
    new HardenedContainer(this, 'mutable-tag', {
      image: 'ghcr.io/example/webapp:1.4',
      optOuts: { mutableImageTag: { justification: 'staging follows the 1.4 branch; production pins digests' } },
    });
    // Docker grants added capabilities to uid 0 only, so adding one goes with the root opt-out.
    new HardenedContainer(this, 'capabilities', {
      image: WEBAPP_IMAGE,
      user: '0:0',
      capabilities: [Capability.NET_BIND_SERVICE, Capability.SETUID, Capability.SETGID],
      optOuts: {
        rootUser: { justification: 'nginx master binds 443 as root, then its workers drop to uid 101' },
        addedCapabilities: { justification: 'bind 443 and switch workers to uid 101; nothing else' },
      },
    });
    new HardenedContainer(this, 'unbounded-restart', {
      image: WEBAPP_IMAGE,
      restartPolicy: RestartPolicy.unlessStopped(),
      optOuts: { unboundedRestart: { justification: 'must survive host reboots; alerting watches restart counts' } },
    });
    new HardenedContainer(this, 'secret-like-env', {
      image: WEBAPP_IMAGE,
      environment: { TOKEN_LIFE: '900' },
      optOuts: { secretLikeEnvironment: { names: ['TOKEN_LIFE'], justification: 'a lifetime in seconds, not a token' } },
    });
    new HardenedContainer(this, 'exec-tmpfs', {
      image: WEBAPP_IMAGE,
      tmpfs: [{ containerPath: '/var/cache/jit', size: Size.mebibytes(32), allowExec: { justification: 'the JIT maps code it writes here' } }],
    });
    new HardenedContainer(this, 'writable-volume', {
      image: WEBAPP_IMAGE,
      volumes: [{ volumeName: 'pgdata', containerPath: '/var/lib/postgresql/data', writable: { justification: 'the database stores its files here' } }],
      bindMounts: [{ hostPath: '/srv/uploads', containerPath: '/uploads', writable: { justification: 'uploads land here for the nightly archive job' } }],
    });
    new HardenedContainer(this, 'public-port', {
      image: WEBAPP_IMAGE,
      networks: [{ network: edge }],
      ports: [{
        containerPort: 8443,
        hostPort: 443,
        hostIp: '0.0.0.0',
        nonLoopbackBinding: { justification: 'public HTTPS entry point behind the cloud firewall' },
        privilegedHostPort: { justification: 'clients connect to the standard HTTPS port' },
      }],
    });
  }
}
