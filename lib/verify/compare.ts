/**
 * Compares the Engine API state a `docker_container` declaration produces
 * (provider 3.6.2's create request, see engine/provider-mapping.ts) with a
 * live container's inspect. Pure: no engine I/O.
 *
 * @internal
 */
import { checkFilesystem } from './check-filesystem';
import { checkIdentity } from './check-identity';
import { checkNetwork } from './check-network';
import { checkPrivileges } from './check-privileges';
import { checkResources } from './check-resources';
import { compareFindings, Finding, FindingList } from './finding';
import { ContainerConfigLike, HostConfigLike, LiveContainer } from './live';
import { ContainerCreatePlan } from '../engine/provider-mapping';

/** What `compareContainer` needs to know beyond the plan and the inspect. */
export interface CompareContext {
  readonly stack: string;
  /** `docker_container.<logical name>`. */
  readonly address: string;
  /** The declared image reference (the `docker_image` name, or the `image` attribute). */
  readonly declaredImage: string;
  /** The ID `declaredImage` resolves to on the engine; null when the engine does not have it. */
  readonly declaredImageId: string | null;
  /** `Config` of the image the live container runs (its `USER` and `VOLUME`s are merged by Docker). */
  readonly liveImageConfig?: { readonly User?: string | null; readonly Volumes?: { [path: string]: unknown } | null } | null;
}

/** Every place where `inspect` differs from what `expected` declares, sorted by field. */
export function compareContainer(expected: ContainerCreatePlan, inspect: LiveContainer, context: CompareContext): Finding[] {
  const body = expected.body as ContainerConfigLike & { HostConfig?: HostConfigLike };
  const declaredHost: HostConfigLike = body.HostConfig ?? {};
  const liveHost: HostConfigLike = inspect.HostConfig ?? {};
  const out = new FindingList();

  checkIdentity(body, { start: expected.start, mustRun: expected.mustRun }, inspect, {
    declaredImage: context.declaredImage,
    declaredImageId: context.declaredImageId,
    imageUser: context.liveImageConfig?.User ?? undefined,
  }, out);
  checkPrivileges(declaredHost, liveHost, out);
  checkResources(declaredHost, liveHost, out);
  checkFilesystem(declaredHost, liveHost, inspect.Mounts ?? [], {
    imageVolumes: Object.keys(context.liveImageConfig?.Volumes ?? {}),
  }, out);
  checkNetwork(declaredHost, expected.networks, inspect, out);

  return [...out.all]
    .sort(compareFindings)
    .map((f) => ({ stack: context.stack, container: expected.name, address: context.address, ...f }));
}

/** The finding for a declared container that does not exist on the engine. */
export function missingContainer(expected: ContainerCreatePlan, context: Pick<CompareContext, 'stack' | 'address'>): Finding {
  return {
    stack: context.stack,
    container: expected.name,
    address: context.address,
    field: 'container',
    kind: 'missing',
    expected: expected.name,
    actual: null,
    message: `no container named ${expected.name} on the engine`,
  };
}
