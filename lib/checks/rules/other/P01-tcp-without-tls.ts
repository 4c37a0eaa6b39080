import { Threat } from '../../../report/control';
import { HardeningRule } from '../../rule';

/** A Docker provider talking plain TCP (or TLS without a CA, which the provider treats as skip-verify). */
export const P01TcpWithoutTls: HardeningRule = {
  id: 'HD-P01',
  title: 'Docker provider reaches the daemon over TCP without verified TLS',
  cis: ['CIS 2.7'],
  sources: ['catalogue extension: provider host=tcp:// without TLS'],
  threats: [Threat.CONTAINER_BREAKOUT, Threat.COMPROMISED_SECRET],
  level: 'error',
  resourceTypes: ['provider.docker'],
  suppressible: false,
  explanation: 'Whoever reaches an unauthenticated Docker API owns the host. Provider 3.6.2 sets InsecureSkipVerify when no ' +
    'ca_material is given, so cert/key material without a CA still accepts any server.',
  fix: 'Use TlsDockerHost.configureProvider() (tcp://host:2376 with CA, client cert and key), a unix socket, or SshDockerHost.',
  check: (r) => {
    const a = r.attributes;
    const host = String(a.host ?? '');
    if (!/^tcp:\/\//i.test(host)) return [];
    const material = a.ca_material && a.cert_material && a.key_material;
    if (material || a.cert_path) return [];
    const what = a.cert_material || a.key_material ? 'client material without ca_material (the server is not verified)' : 'no TLS material';
    return [{ message: `host ${host} with ${what}` }];
  },
};
