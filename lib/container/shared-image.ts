import { createHash } from 'crypto';
import { Image } from '@cdktf/provider-docker/lib/image';
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { invalidProp } from '../core/errors';

/** The constructs (HardenedContainers, later services) that run each shared image. */
const USERS = new WeakMap<IConstruct, IConstruct[]>();

/**
 * The id of the shared `docker_image` of an image reference: `image-<last path component>-<12 hex of
 * sha256(reference)>`, a direct child of the stack, so its Terraform address is
 * `docker_image.image-<name>-<hash>` whatever the program's construct tree looks like, and the same for
 * the same reference in every synthesis.
 *
 * @internal
 */
export function sharedImageId(reference: string): string {
  const repository = /^sha256:/.test(reference) ? '' : reference.split('@')[0].replace(/:[^/:]*$/, '');
  const base = (repository.split('/').pop() ?? '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const hash = createHash('sha256').update(reference).digest('hex').slice(0, 12);
  return `image-${base || 'local'}-${hash}`;
}

/**
 * The one `docker_image` of `reference` in `user`'s stack, created by its first user: every
 * HardenedContainer of the stack that runs the same reference shares it (a plan of N containers of one
 * image shows one image resource). An escape hatch on it changes it for all of its users; a construct
 * that needs its own asks for a private image instead.
 *
 * @internal
 */
export function sharedImage(user: IConstruct, reference: string): Image {
  const stack = TerraformStack.of(user);
  const id = sharedImageId(reference);
  const existing = stack.node.tryFindChild(id);
  if (existing !== undefined) {
    const users = USERS.get(existing);
    if (!(existing instanceof Image) || users === undefined) {
      throw invalidProp(user, 'image', reference,
        `the stack already has a construct with id "${id}" that is not this library's shared docker_image of the reference; rename it, or set privateImage`);
    }
    users.push(user);
    return existing;
  }
  const image = new Image(stack, id, { name: reference, keepLocally: true });
  USERS.set(image, [user]);
  return image;
}

/**
 * The constructs that run a shared image (in creation order); empty for any other construct.
 *
 * @internal
 */
export function sharedImageUsers(image: IConstruct): readonly IConstruct[] {
  return USERS.get(image) ?? [];
}
