import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';
import { isOpaque } from '../../values/opaque';
import { imageReason } from '../other/I01-image-not-pinned';

/**
 * A container whose image is not pinned by digest (CIS 5.28, 4.5). `image`
 * usually holds `${docker_image.x.image_id}`: the rule follows it to the
 * docker_image and checks that image's name.
 */
export const C22ImageNotPinned: HardeningRule = {
  id: 'HD-C22',
  title: 'Container image not pinned by digest',
  cis: ['CIS 5.28', 'CIS 4.5'],
  sources: ['KICS-Dockerfile f45ea400', 'CK_DOCKER_7', 'Trivy DS-0001'],
  threats: [Threat.POISONED_IMAGE],
  level: 'error',
  resourceTypes: ['docker_container', 'docker_service'],
  suppressible: true,
  explanation: 'A container runs whatever its image reference resolves to at pull time; a tag (":latest", no tag, or any other) can be ' +
    'moved to other content. docker_container.image usually holds ${docker_image.x.image_id}, an id of whatever was pulled, so the ' +
    'rule checks the docker_image it comes from: its name must end in @sha256:<64 hex> (or be a sha256 image id). A registry port ' +
    'is not a tag ("host:5000/img" pulls :latest), and an image the rule cannot resolve at synth is reported too.',
  fix: 'Give HardenedContainer a digest-pinned image ("repo[:tag]@sha256:<64 hex>"), or pin docker_image.name (or a literal ' +
    'docker_container.image) the same way.',
  check: (r, stack) => {
    const image = r.attributes.image;
    // task_spec and container_spec.image are required: Terraform refuses a service without them
    if (r.type === 'docker_service' && image === undefined) return [];
    const target = stack.referenced(image, 'docker_image') ?? stack.referenced(image, 'docker_registry_image') ??
      stack.referenced(image, 'data.docker_registry_image') ?? stack.referenced(image, 'data.docker_image');
    if (target) {
      // a locally built image: no registry digest to pin (HD-I03, info)
      if (target.type === 'docker_image' && normalize.blocks(target.attributes.build).length > 0) return [];
      const name = target.attributes.name;
      const reason = imageReason(name, stack);
      const text = isOpaque(name) ? name.expression : String(name ?? '');
      return reason ? [{ findingId: text, message: `image comes from ${target.address ?? target.type}, whose name "${text}" ${reason}` }] : [];
    }
    const reason = imageReason(image, stack);
    const text = isOpaque(image) ? image.expression : String(image ?? '');
    return reason ? [{ findingId: text, message: `image "${text}" ${reason}` }] : [];
  },
};
