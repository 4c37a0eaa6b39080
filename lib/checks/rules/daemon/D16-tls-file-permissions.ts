import { fileProblems, filesOf, settingsOf, textOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { normalize } from '../../normalize';
import { HardeningRule } from '../../rule';

/**
 * The daemon's TLS files (the ones daemon.json names in tlscacert, tlscert
 * and tlskey) with modes weaker than CIS 3.10/3.12/3.14 (0444, 0444, 0400) or
 * not owned by root:root (CIS 3.9/3.11/3.13, checked with them); one finding
 * per file, findingId the path. Registry certificates under
 * /etc/docker/certs.d (CIS 3.7/3.8) are not managed by the library.
 */
export const D16TlsFilePermissions: HardeningRule = {
  id: 'HD-D16',
  title: 'TLS certificate or key file with weak mode or owner',
  cis: ['CIS 3.10', 'CIS 3.12', 'CIS 3.14'],
  sources: ['docker-bench 3.9-3.14'],
  threats: [Threat.COMPROMISED_SECRET, Threat.CONTAINER_BREAKOUT],
  level: 'error',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Whoever can read the server key impersonates the daemon; whoever can write the CA certificate decides which ' +
    'clients the daemon trusts. CIS asks for root:root and 0444 for the certificates, 0400 for the server key.',
  fix: 'Install the files with SecureDaemon.writeFiles() (install.sh sets 0444/0444/0400 root:root); do not change the modes ' +
    'or owners in MANIFEST.json or the install step.',
  check: (r) => {
    const s = settingsOf(r);
    const roles: Array<{ setting: string; allowed: number; cisOwner: string; cisMode: string }> = [
      { setting: 'tlscacert', allowed: 0o444, cisOwner: 'CIS 3.9', cisMode: 'CIS 3.10' },
      { setting: 'tlscert', allowed: 0o444, cisOwner: 'CIS 3.11', cisMode: 'CIS 3.12' },
      { setting: 'tlskey', allowed: 0o400, cisOwner: 'CIS 3.13', cisMode: 'CIS 3.14' },
    ];
    const findings = [];
    for (const f of filesOf(r)) {
      const role = roles.find((x) => {
        const p = textOf(s[x.setting]);
        return p !== undefined && normalize.path(p) === f.path;
      });
      const problems = role ? fileProblems(f, role.allowed, role.cisMode, role.cisOwner) : [];
      if (problems.length > 0) findings.push({ findingId: f.path, message: `${f.path}: ${problems.join('; ')}` });
    }
    return findings;
  },
};
