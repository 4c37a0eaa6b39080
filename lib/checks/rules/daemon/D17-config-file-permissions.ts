import { fileProblems, filesOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/**
 * daemon.json and the docker.service/docker.socket units (and their drop-ins)
 * with a mode weaker than 0644 or not owned by root:root (CIS 3.1-3.4,
 * 3.17, 3.18); one finding per file (findingId the path).
 */
export const D17ConfigFilePermissions: HardeningRule = {
  id: 'HD-D17',
  title: 'Daemon configuration file with weak mode or owner',
  cis: ['CIS 3.1', 'CIS 3.2', 'CIS 3.3', 'CIS 3.4', 'CIS 3.17', 'CIS 3.18'],
  sources: ['docker-bench 3.1-3.4, 3.17, 3.18'],
  threats: [Threat.CONTAINER_BREAKOUT],
  level: 'warning',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Whoever can write daemon.json or the docker unit changes how dockerd, which runs as root, starts: turn TLS off, ' +
    'open a TCP socket, drop userns-remap or run any command as root at the next restart.',
  fix: 'Install the files with SecureDaemon.writeFiles() (install.sh sets 0644 root:root); do not change the modes or owners in ' +
    'MANIFEST.json or the install step.',
  check: (r) => filesOf(r).flatMap((f) => {
    const unit = /\/docker\.(service|socket)(\.d\/[^/]+\.conf)?$/.exec(f.path)?.[1];
    const cis = f.path.endsWith('/daemon.json') ? { mode: 'CIS 3.18', owner: 'CIS 3.17' }
      : unit === 'service' ? { mode: 'CIS 3.2', owner: 'CIS 3.1' } : unit === 'socket' ? { mode: 'CIS 3.4', owner: 'CIS 3.3' } : undefined;
    if (!cis) return [];
    const problems = fileProblems(f, 0o644, cis.mode, cis.owner);
    return problems.length > 0 ? [{ findingId: f.path, message: `${f.path}: ${problems.join('; ')}` }] : [];
  }),
};
