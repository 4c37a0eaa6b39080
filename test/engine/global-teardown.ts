/**
 * Vitest global setup for the whole run: whatever probe images the engine tests build during this run
 * (`cdktf-hardened-docker-probe:<content hash>`) are removed when the run ends. Removed once, at the end,
 * because the test files run in parallel and share the image. Images of that repository that existed
 * before the run (another run on a shared engine) are left alone. Without a reachable engine there is
 * nothing to do (the engine tests themselves fail loudly then).
 */
import { execFileSync } from 'child_process';

const REPOSITORY = 'cdktf-hardened-docker-probe';

function probeImages(): string[] | undefined {
  try {
    return execFileSync('docker', ['image', 'ls', '--no-trunc', '--format', '{{.ID}}', REPOSITORY], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 20000 })
      .toString().split('\n').filter((l) => l.length > 0);
  } catch {
    return undefined;
  }
}

export default function setup(): () => void {
  const before = new Set(probeImages() ?? []);
  return () => {
    for (const id of probeImages() ?? []) {
      if (before.has(id)) continue;
      try {
        execFileSync('docker', ['image', 'rm', '--force', id], { stdio: 'ignore', timeout: 60000 });
      } catch {
        // still in use by a container some test failed to remove: that test's failure says so
      }
    }
  };
}
