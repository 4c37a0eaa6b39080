import { flagOf, listOf, settingsOf, textOf } from './daemon-settings';
import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** A TCP socket (`tcp://`, or an address without a scheme, which dockerd reads as tcp). */
const isTcp = (host: string) => /^tcp:\/\//i.test(host) || !host.includes('://');

/** A daemon listening on TCP without mutual TLS (CIS 2.7); one finding per tcp host. */
export const D09TcpWithoutTls: HardeningRule = {
  id: 'HD-D09',
  title: 'Daemon listens on TCP without TLS client verification',
  cis: ['CIS 2.7'],
  sources: ['docker-bench 2.7'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'error',
  resourceTypes: ['secure-daemon'],
  suppressible: true,
  explanation: 'Whoever reaches an unauthenticated Docker API owns the host (a privileged container with / mounted is one request away). ' +
    'tls without tlsverify encrypts but accepts every client; tlsverify needs the CA, the server certificate and its key.',
  fix: 'Pass tls (a TlsDockerHost) to the SecureDaemon: it renders tls, tlsverify, tlscacert, tlscert and tlskey with the tcp:// host. ' +
    'Otherwise keep the daemon on its unix socket and reach it over SSH (SshDockerHost).',
  check: (r) => {
    const s = settingsOf(r);
    const tcpHosts = listOf(s.hosts).filter(isTcp);
    if (tcpHosts.length === 0) return [];
    const missing: string[] = [];
    if (flagOf(s.tlsverify) !== true) missing.push(flagOf(s.tls) === true ? 'tlsverify (tls alone does not authenticate clients)' : 'tls and tlsverify');
    const files = ['tlscacert', 'tlscert', 'tlskey'].filter((k) => textOf(s[k]) === undefined);
    if (files.length > 0) missing.push(files.join(', '));
    if (missing.length === 0) return [];
    return tcpHosts.map((host) => ({ findingId: host, message: `host ${host} without ${missing.join('; without ')}` }));
  },
};
