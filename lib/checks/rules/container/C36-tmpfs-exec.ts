import { Threat } from '../../../report/control';
import { HardeningRule, RuleFinding } from '../../rule';

/**
 * A tmpfs mount the container may write to that allows executing, setuid or
 * device files. moby (daemon/oci_linux.go, mounts for HostConfig.Tmpfs) starts
 * from `noexec,nosuid,nodev` and appends the configured options, and the last
 * of each pair wins, so `rw,exec` turns the only writable path into one that
 * runs what an attacker drops there.
 */
export const C36TmpfsExec: HardeningRule = {
  id: 'HD-C36',
  title: 'Writable tmpfs allows exec, setuid or devices',
  cis: [],
  sources: ['catalogue extension: docker_container.tmpfs options exec/suid/dev'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['docker_container'],
  suppressible: true,
  explanation: 'With a read-only root filesystem, the tmpfs mounts are the only places a compromised process can write; with exec ' +
    'it can drop and run its own tools there, with suid a setuid binary, with dev device nodes. Docker\'s defaults for tmpfs are ' +
    'noexec, nosuid and nodev; options given later (exec, suid, dev) undo them.',
  fix: 'Keep HardenedContainer tmpfs noexec (allowExec is a justified opt-out), or remove exec/suid/dev from docker_container.tmpfs.',
  check: (r) => {
    const tmpfs = r.attributes.tmpfs;
    if (!tmpfs || typeof tmpfs !== 'object' || Array.isArray(tmpfs)) return [];
    const out: RuleFinding[] = [];
    for (const path of Object.keys(tmpfs).sort()) {
      const options = typeof tmpfs[path] === 'string' ? tmpfs[path].split(',').map((o: string) => o.trim()) : [];
      const state = { exec: false, suid: false, dev: false };
      for (const o of options) {
        for (const k of ['exec', 'suid', 'dev'] as const) {
          if (o === k) state[k] = true;
          if (o === `no${k}`) state[k] = false;
        }
      }
      for (const k of ['exec', 'suid', 'dev'] as const) {
        if (state[k]) out.push({ findingId: `${path}:${k}`, message: `tmpfs ${path} is mounted with ${k} (options "${tmpfs[path]}")` });
      }
    }
    return out;
  },
};
