import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';

/**
 * A swarm service port is published on every node: in `ingress` mode (the
 * default) through the routing mesh on all interfaces of every node of the
 * swarm, in `host` mode on all interfaces of the nodes that run a task. There
 * is no loopback-only publishing for services.
 */
export const S02ServicePublishedPorts: HardeningRule = {
  id: 'HD-S02',
  title: 'Service port published on every node',
  cis: ['CIS 5.14'],
  sources: ['catalogue extension: docker_service endpoint_spec.ports'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['docker_service'],
  suppressible: true,
  explanation: 'endpoint_spec.ports publishes a service port on the routing mesh (publish_mode ingress, the default): every node ' +
    'of the swarm accepts it on all its interfaces and forwards it to a task, whatever node the task runs on, and Docker\'s rules ' +
    'come before host firewalls. publish_mode host binds all interfaces of the node that runs the task. A port without ' +
    'published_port gets one from the swarm (30000-32767), published the same way.',
  fix: 'Do not publish: reach the service over an encrypted overlay network from a gateway service (HardenedService never ' +
    'publishes without a justified opt-out), or put a load balancer in front; when publishing is the point, suppress HD-S02 for ' +
    'that port with the reason.',
  check: (r) => {
    const out: RuleFinding[] = [];
    for (const spec of normalize.blocks(r.attributes.endpoint_spec)) {
      for (const p of normalize.blocks(spec?.ports)) {
        if (p.target_port === undefined) continue; // required: Terraform refuses a ports block without it
        const mode = typeof p.publish_mode === 'string' && p.publish_mode !== '' ? p.publish_mode : 'ingress';
        const published = p.published_port !== undefined && p.published_port !== null && p.published_port !== 0 ? String(p.published_port) : 'auto';
        const protocol = typeof p.protocol === 'string' && p.protocol !== '' ? p.protocol : 'tcp';
        const where = mode === 'host' ? 'on all interfaces of every node that runs a task' : 'on all interfaces of every node of the swarm (routing mesh)';
        out.push({
          findingId: `${published}->${String(p.target_port)}/${protocol}`,
          message: `port ${String(p.target_port)}/${protocol} is published ${published === 'auto' ? 'on a port the swarm picks' : `as ${published}`} ${where} (publish_mode ${mode})`,
        });
      }
    }
    return out;
  },
};
