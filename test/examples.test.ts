import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { OptOutsStack } from '../examples/opt-outs';
import { remoteHost } from '../examples/remote-host';
import { SwarmStack } from '../examples/swarm';
import { WebappStack } from '../examples/webapp';
import { HardeningSummary, OPT_OUT_METADATA_TYPE } from '../lib';

describe('examples', () => {
  const app = Testing.app();
  const webapp = new WebappStack(app, 'webapp');
  const optOuts = new OptOutsStack(app, 'opt-outs');

  test('the hardened seed webapp synthesizes as expected (snapshot)', () => {
    expect(JSON.parse(Testing.synth(webapp))).toMatchSnapshot();
  });

  test('the opt-outs example synthesizes as expected (snapshot)', () => {
    expect(JSON.parse(Testing.synth(optOuts))).toMatchSnapshot();
  });

  test('every example stack passes the hardening checks (the matchers users register)', () => {
    const remote = remoteHost(Testing.app());
    const swarm = new SwarmStack(Testing.app(), 'swarm');
    for (const s of [webapp, optOuts, remote.pki, remote.workload, swarm]) expect(s).toPassHardeningChecks();
    // the opt-outs are accepted risks, not open findings
    expect(optOuts).toHaveHardeningFinding('HD-C06', { suppressed: true, message: /root user/ });
    expect(optOuts).not.toHaveHardeningFinding('HD-C06');
  });

  test('the webapp takes no opt-out and carries the seed flags', () => {
    const c = Object.values<any>(JSON.parse(Testing.synth(webapp)).resource.docker_container)[0];
    expect(c).toMatchObject({
      user: '1500:1500',
      memory: 128,
      memory_swap: 128,
      cpu_quota: 75000,
      cpu_period: 100000,
      read_only: true,
      security_opts: ['no-new-privileges'],
      tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=64k,uid=1500,gid=1500,mode=1777' },
    });
    expect(webapp.web.optOutRecords).toEqual([]);
  });

  test('every opt-out of the opt-outs example is in the summary with its justification', () => {
    const summary = HardeningSummary.of(optOuts);
    const text = summary.toText();
    const records = optOuts.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE).map((m) => m.data as any));
    expect(records).toHaveLength(14);
    for (const r of records) {
      expect(text).toContain(`accepted risk (${r.prop}): "${r.justification}"`);
    }
    expect(summary.countByStatus()['opted-out']).toBe(13);
    expect(text).toMatchSnapshot();
  });

  test('the verbose summary lists every control of every container', () => {
    const text = HardeningSummary.of(webapp).toText(true);
    for (const control of webapp.web.controls) expect(text).toContain(` ${control.id}`);
    expect(text).toContain('± process-limit [CIS 5.29]');
  });

  test('the remote host example: PKI stack, workload provider over mutual TLS, rendered host files (snapshot)', () => {
    const remote = remoteHost(Testing.app());
    const pki = JSON.parse(Testing.synth(remote.pki));
    const workload = JSON.parse(Testing.synth(remote.workload));
    expect(workload.provider.docker[0].host).toBe('tcp://docker.example.com:2376');
    expect(JSON.stringify([pki, workload])).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
    const dir = mkdtempSync(path.join(tmpdir(), 'remote-host-'));
    const files = remote.daemon.writeFiles(dir);
    expect(files).toContain('docker.example.com/install.sh');
    const daemonJson = readFileSync(path.join(dir, 'docker.example.com/files/etc/docker/daemon.json'), 'utf8');
    expect({ daemonJson, manifest: remote.daemon.files.map((f) => ({ ...f, content: undefined })), providers: workload.provider }).toMatchSnapshot();
    expect(HardeningSummary.of(remote.pki).toText()).toMatch(/stored unencrypted in this stack's Terraform state/);
  });
});
