import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, StackView } from '../../rule';
import { isOpaque } from '../../values/opaque';

/** A local image id: Docker takes `sha256:<64 hex>`, and a bare 64-hex string, as an id (ParseAnyReference). */
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{64}$/;
/** `name[:tag]@sha256:<64 lowercase hex>`: go-digest refuses upper-case hex for sha256. */
const PINNED_REFERENCE = /^[^@\s]+@sha256:[a-f0-9]{64}$/;

/**
 * `unpinnedImageReason` for an evaluated value: a digest taken from a
 * `data.docker_registry_image` at plan time (`repo@${data.docker_registry_image.x.sha256_digest}`)
 * is followed and reported as what it is; any other value the checks cannot
 * know is left to the unverifiable finding the checks make of it.
 *
 * @internal
 */
export function imageReason(value: unknown, stack: StackView): string | undefined {
  if (!isOpaque(value)) return unpinnedImageReason(value);
  const t = value.target;
  if (value.kind === 'reference' && t?.block === 'data' && t.type === 'docker_registry_image' && t.attribute === 'sha256_digest' &&
    (t.prefix ?? '').endsWith('@') && stack.referenced(value, 'data.docker_registry_image', t.prefix)) {
    return 'takes its digest from data.docker_registry_image at plan time, which follows whatever the tag points to then: ' +
      'that is not a reviewed pin';
  }
  return undefined;
}

/**
 * Why an image reference is not pinned to immutable content, or undefined when
 * it is: `[registry[:port]/]repository[:tag]@sha256:<64 hex>`, or an image id
 * `sha256:<64 hex>` (or the bare 64 hex Docker also takes as an id). A colon
 * before the last `/` is a registry port, not a tag (`host:5000/img` is untagged,
 * so Docker pulls `:latest`).
 *
 * @internal
 */
export function unpinnedImageReason(reference: unknown): string | undefined {
  if (typeof reference !== 'string') return 'is not a string, so its digest cannot be checked';
  const ref = reference.trim();
  if (ref.length === 0) return 'is empty';
  if (IMAGE_ID.test(ref) || PINNED_REFERENCE.test(ref)) return undefined;
  if (ref.includes('${')) return 'contains an unresolved expression, so no digest pin can be verified at synth';
  const at = ref.indexOf('@');
  if (at >= 0) return `has the digest "${ref.slice(at + 1)}", which is not sha256:<64 lower-case hex>`;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  if (colon < 0) {
    const port = /:([0-9]+)$/.exec(ref.slice(0, Math.max(lastSlash, 0)).split('/')[0]);
    return 'has neither tag nor digest, so Docker pulls the mutable ":latest"' +
      (port ? ` (":${port[1]}" is the registry's port, not a tag)` : '');
  }
  const tag = ref.slice(colon + 1);
  if (tag === 'latest') return 'uses the mutable ":latest" tag';
  return `uses the tag ":${tag}", which the registry can move to other content`;
}

/** A docker_image whose name is a tag (or nothing) instead of a digest. */
export const I01ImageNotPinned: HardeningRule = {
  id: 'HD-I01',
  title: 'Image not pinned by digest',
  cis: ['CIS 5.28', 'CIS 4.5'],
  sources: ['KICS-Dockerfile f45ea400', 'KICS-Dockerfile 9efb0b2d', 'CK_DOCKER_7', 'Trivy DS-0001'],
  threats: [Threat.POISONED_IMAGE],
  level: 'error',
  resourceTypes: ['docker_image', 'docker_plugin', 'docker_buildx_builder'],
  suppressible: true,
  explanation: 'A tag is a pointer the registry (or whoever controls it) can move: the same configuration then pulls other ' +
    'content. Only a @sha256 digest names immutable content, and Docker verifies it on pull. Unlike Checkov CK_DOCKER_7, ' +
    'a registry port is not mistaken for a tag ("host:5000/img" pulls :latest). A plugin reference (docker_plugin.name) is an ' +
    'image reference too. An image built locally (build block) has no registry digest: it is HD-I03 (info) instead.',
  fix: 'Give docker_image.name as "[registry/]repository[:tag]@sha256:<64 hex>"; HardenedContainer does this for its Image child ' +
    '(prop image).',
  check: (r, stack) => {
    // the images a buildx builder runs with its privileges
    if (r.type === 'docker_buildx_builder') {
      const kubernetes = normalize.block(r.attributes.kubernetes);
      const images: Array<[string, unknown]> = [['docker_container.image', normalize.block(r.attributes.docker_container)?.image],
        ['kubernetes.image', kubernetes?.image], ['kubernetes.qemu.image', normalize.block(kubernetes?.qemu)?.image]];
      return images.flatMap(([where, image]) => {
        const reason = typeof image === 'string' && image.trim() !== '' ? unpinnedImageReason(image) : undefined;
        return reason ? [{ findingId: String(image), message: `${where} "${String(image)}" ${reason}` }] : [];
      });
    }
    // a locally built image has no registry digest: HD-I03 (info) says what to check instead
    if (r.type === 'docker_image' && normalize.blocks(r.attributes.build).length > 0) return [];
    const name = r.attributes.name;
    const reason = imageReason(name, stack);
    const text = isOpaque(name) ? name.expression : String(name ?? '');
    return reason ? [{ findingId: text, message: `name "${text}" ${reason}` }] : [];
  },
};
