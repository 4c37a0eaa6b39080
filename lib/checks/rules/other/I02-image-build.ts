import { secretLikeName, secretLikeValue } from '../../../container/environment';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule, RuleFinding } from '../../rule';

/**
 * A docker_image built by the engine with settings that give the build steps
 * the host (the host network, confinement off) or put secrets into the image
 * (build arguments are recorded in the image's history).
 */
export const I02ImageBuild: HardeningRule = {
  id: 'HD-I02',
  title: 'Image build runs with host access or bakes in secrets',
  cis: ['CIS 4.10', 'CIS 5.10'],
  sources: ['catalogue extension: docker_image.build network_mode, security_opt, build_args'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'error',
  resourceTypes: ['docker_image'],
  suppressible: true,
  explanation: 'Every RUN step of a Dockerfile runs in a container the engine starts for the build: build.network_mode = host puts ' +
    'those steps in the host\'s network namespace (localhost services, every interface), and build.security_opt can switch seccomp ' +
    'or AppArmor off for them. build_args are stored in the image (docker history shows them) and in the Terraform state, so a ' +
    'token or password passed that way is published with the image.',
  fix: 'Drop network_mode host and the security options from docker_image.build; pass secrets with build.secrets (BuildKit ' +
    '--secret, mounted for one step and never stored), not build_args.',
  check: (r, stack) => {
    const out: RuleFinding[] = [];
    for (const b of normalize.blocks(r.attributes.build)) {
      // a builder makes the provider build with buildx on that builder: one the stack declares is judged by HD-B01
      const builder = typeof b.builder === 'string' ? b.builder.trim() : '';
      if (builder !== '' && builder !== 'default' && !stack.referenced(builder, 'docker_buildx_builder')) {
        out.push({ findingId: 'builder', message: `build.builder "${b.builder}" is a buildx builder the stack does not declare: how it runs the build is not verified` });
      }
      if (typeof b.network_mode === 'string' && b.network_mode.trim() === 'host') {
        out.push({ findingId: 'network_mode', message: 'build.network_mode = "host": every RUN step runs in the host network namespace' });
      }
      for (const o of normalize.securityOpts(b.security_opt)) {
        if ((o.key === 'seccomp' || o.key === 'apparmor') && o.value.toLowerCase() === 'unconfined') {
          out.push({ findingId: `security_opt:${o.key}`, message: `build.security_opt "${o.raw}" runs the build steps without ${o.key}` });
        }
      }
      if (typeof b.cgroup_parent === 'string' && b.cgroup_parent.trim() !== '') {
        out.push({ findingId: 'cgroup_parent', message: `build.cgroup_parent = "${b.cgroup_parent}": the build steps run under a cgroup the configuration names (CIS 5.25)` });
      }
      const args = b.build_args;
      if (args && typeof args === 'object' && !Array.isArray(args)) {
        for (const name of Object.keys(args).sort()) {
          const value = args[name];
          const why = (typeof value === 'string' ? secretLikeValue(value) : undefined) ?? secretLikeName(name);
          if (why) out.push({ findingId: `build_args.${name}`, message: `build_args ${name} looks like a secret (${why}): it is stored in the image history` });
        }
      }
    }
    return out;
  },
};

/** A locally built image has no registry digest: its base images are pinned (or not) in the Dockerfile. */
export const I03ImageBuiltLocally: HardeningRule = {
  id: 'HD-I03',
  title: 'Image built locally: its base images are not verified',
  cis: ['CIS 4.5'],
  sources: ['catalogue extension: docker_image.build'],
  threats: [Threat.POISONED_IMAGE],
  level: 'info',
  resourceTypes: ['docker_image'],
  suppressible: true,
  explanation: 'A docker_image with a build block is built by the engine from a Dockerfile: it has no registry digest to pin, and ' +
    'what it contains depends on the FROM lines and the steps of that Dockerfile, which the configuration does not show. HD-I01 and ' +
    'HD-C22 do not report it as unpinned; this info says what remains to check.',
  fix: 'Pin every FROM line of the Dockerfile by digest (FROM image@sha256:…) and keep the build context under review.',
  check: (r) => normalize.blocks(r.attributes.build).flatMap((b) => {
    const extra: string[] = [];
    if (typeof b.remote_context === 'string' && b.remote_context !== '') extra.push(`its context comes from ${b.remote_context}, which is not pinned`);
    const cache = Array.isArray(b.cache_from) ? b.cache_from.filter((c: unknown) => typeof c === 'string') : [];
    if (cache.length > 0) extra.push(`its cache comes from ${cache.join(', ')}, whose layers are reused as they are`);
    return [{
      findingId: 'built-locally',
      message: `${String(r.attributes.name ?? r.name)} is built from a Dockerfile: pin its FROM images by digest there${extra.length ? `; ${extra.join('; ')}` : ''}`,
    }];
  }),
};
