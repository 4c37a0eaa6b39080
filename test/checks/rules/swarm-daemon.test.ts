import { mkdtempSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Duration, SecureDaemon } from '../../../lib';
import { findingsOf, stack } from '../util';

const LIVE_RESTORE = { liveRestore: { justification: 'test: swarm mode does not support live restore' } };

describe('SecureDaemon swarm manager settings (CIS section 7), rendered as swarm.sh', () => {
  test('swarm.sh initializes an auto-locked manager bound to one interface, with short-lived certificates and a separate data path', () => {
    const s = stack('sw');
    const d = new SecureDaemon(s, 'daemon', {
      hostName: 'manager-1',
      optOuts: LIVE_RESTORE,
      swarm: { advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10', certificateExpiry: Duration.days(30) },
    });
    expect(d.swarmMode).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'swarm-files-'));
    const written = d.writeFiles(dir);
    expect(written).toContain('manager-1/swarm.sh');
    const script = readFileSync(path.join(dir, 'manager-1', 'swarm.sh'), 'utf8');
    expect(statSync(path.join(dir, 'manager-1', 'swarm.sh')).mode % 0o1000).toBe(0o755);
    expect(script).toContain('inactive/*) docker swarm init --autolock --cert-expiry 720h --advertise-addr 10.0.0.10 --listen-addr 10.0.0.10:2377 --data-path-addr 10.0.1.10 ;;');
    expect(script).toContain('active/true) docker swarm update --autolock=true --cert-expiry 720h ;;');
    expect(script).toMatch(/not a manager .*exit 1/);
    expect(script).toContain('docker swarm unlock-key --rotate');
    // the checks see the same settings: nothing to report
    for (const id of ['HD-D19', 'HD-D20', 'HD-D21']) expect(findingsOf(s, id)).toEqual([]);
  });

  test('defaults: 30-day certificates; without a data-path address HD-D20 (info) names the shared address', () => {
    const s = stack('sw2');
    const d = new SecureDaemon(s, 'daemon', { hostName: 'm', optOuts: LIVE_RESTORE, swarm: { advertiseAddress: '192.168.1.5' } });
    expect(d._swarm).toEqual({ advertiseAddress: '192.168.1.5', dataPathAddress: undefined, certificateExpiryHours: 720, autolock: true });
    expect(findingsOf(s, 'HD-D20').map((f) => [f.level, f.message])).toEqual([['info', 'no --data-path-addr: data-plane traffic uses the management address 192.168.1.5']]);
    expect(findingsOf(s, 'HD-D21')).toEqual([]);
  });

  test('autolock off is a justified opt-out, reported as an accepted risk; long certificates are HD-D21', () => {
    const s = stack('sw3');
    new SecureDaemon(s, 'daemon', {
      hostName: 'm',
      swarm: { advertiseAddress: '10.0.0.10', dataPathAddress: '10.0.1.10', certificateExpiry: Duration.days(365) },
      optOuts: { ...LIVE_RESTORE, swarmAutolock: { justification: 'test: managers restart unattended; the disks are encrypted' } },
    });
    expect(findingsOf(s, 'HD-D19').map((f) => [f.suppressed?.reason])).toEqual([['accepted risk, opt-out optOuts.swarmAutolock: test: managers restart unattended; the disks are encrypted']]);
    expect(findingsOf(s, 'HD-D21').map((f) => f.message)).toEqual(['node certificates are valid for 8760h (over 90 days)']);
  });

  test('a host in swarm mode whose swarm the stack does not initialize: the swarm settings cannot be verified (reported)', () => {
    const s = stack('sw4');
    new SecureDaemon(s, 'daemon', { hostName: 'm', swarmMode: true, optOuts: LIVE_RESTORE });
    expect(findingsOf(s, 'HD-D19').map((f) => [f.level, f.findingId])).toEqual([['warning', 'unmanaged']]);
    expect(findingsOf(s, 'HD-D20').map((f) => f.findingId)).toEqual(['unmanaged']);
    expect(findingsOf(s, 'HD-D21').map((f) => f.findingId)).toEqual(['unmanaged']);
  });

  test('a host not in swarm mode has no swarm findings', () => {
    const s = stack('sw5');
    new SecureDaemon(s, 'daemon', { hostName: 'm' });
    for (const id of ['HD-D19', 'HD-D20', 'HD-D21']) expect(findingsOf(s, id)).toEqual([]);
  });

  test('bad swarm settings fail at synth with the path, the prop and what is allowed', () => {
    const s = stack('bad');
    const make = (id: string, props: object) => () => new SecureDaemon(s, id, { hostName: id, optOuts: LIVE_RESTORE, ...props } as any);
    expect(make('a', { swarm: { advertiseAddress: '0.0.0.0' } })).toThrow(/bad\/a: invalid swarm\.advertiseAddress "0\.0\.0\.0": expected the IPv4 address of one interface/);
    expect(make('b', { swarm: { advertiseAddress: '10.0.0.1', dataPathAddress: 'eth1' } })).toThrow(/bad\/b: invalid swarm\.dataPathAddress "eth1"/);
    expect(make('c', { swarm: { advertiseAddress: '10.0.0.1', certificateExpiry: Duration.minutes(30) } })).toThrow(/bad\/c: invalid swarm\.certificateExpiry "30m0s": expected whole hours of at least 1h/);
    expect(make('d', { swarm: { advertiseAddress: '10.0.0.1' }, swarmMode: false })).toThrow(/bad\/d: invalid swarmMode false: swarm settings make this host a swarm manager/);
    expect(make('e', { optOuts: { swarmAutolock: { justification: 'test: no swarm on this host' } } })).toThrow(/bad\/e: invalid optOuts\.swarmAutolock "set": only applies with swarm/);
    // swarm implies swarm mode, which needs the live-restore opt-out
    expect(() => new SecureDaemon(s, 'f', { hostName: 'f', swarm: { advertiseAddress: '10.0.0.1' } })).toThrow(/bad\/f: invalid swarmMode true: live-restore is not supported in swarm mode/);
  });
});
