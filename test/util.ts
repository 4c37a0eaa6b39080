import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';

export const DIGEST = `sha256:${'a'.repeat(64)}`;
export const IMAGE = `registry.example.com/team/web@${DIGEST}`;

/** A stack with a Docker provider, ready for constructs. */
export function newStack(id = 'test'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new DockerProvider(stack, 'docker', {});
  return stack;
}

export interface Synthesized {
  readonly json: string;
  readonly parsed: any;
  /** docker_container resources by their logical id. */
  readonly containers: Record<string, any>;
  readonly images: Record<string, any>;
}

export function synth(stack: TerraformStack): Synthesized {
  const json = Testing.synth(stack);
  const parsed = JSON.parse(json);
  return {
    json,
    parsed,
    containers: parsed.resource?.docker_container ?? {},
    images: parsed.resource?.docker_image ?? {},
  };
}

/** The only docker_container of a stack. */
export function onlyContainer(stack: TerraformStack): any {
  const containers = Object.values(synth(stack).containers);
  if (containers.length !== 1) throw new Error(`expected 1 container, got ${containers.length}`);
  return containers[0];
}
