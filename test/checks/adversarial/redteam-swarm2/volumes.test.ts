import { Container } from '@cdktf/provider-docker/lib/container';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack } from 'cdktf';
import { attack, fresh, net, rawSvc } from './h2';
import { runChecks } from '../../util';
import { COMPLIANT } from '../harness';

const HOST = ['HD-C12', 'HD-C02', 'HD-C21', 'HD-U01'];
/** The compliant raw container of the shared harness, plus volumes/mounts. */
const ctr = (s: TerraformStack, extra: Record<string, unknown>) => new Container(s, 'app', { ...COMPLIANT, ...extra });
const vol = (s: TerraformStack, opts: Record<string, string> | undefined) => new Volume(s, 'vol', { name: 'data', ...(opts ? { driverOpts: opts } : {}) });
const safeVolCtr = (s: TerraformStack) => { const v = vol(s, undefined); ctr(s, { volumes: [{ volumeName: v.name, containerPath: '/d', readOnly: true }] }); };

describe('redteam-swarm2: local-driver volumes on containers (C02/C12)', () => {
  attack({
    name: 'V01 docker_volume type=ext4 device="dev/sda1" (RELATIVE block device, no bind): kernel lookup_bdev resolves it against dockerd\'s cwd /',
    expect: HOST,
    level: 'error',
    at: 'adv/app',
    build: (s) => { const v = vol(s, { type: 'ext4', device: 'dev/sda1' }); ctr(s, { volumes: [{ volumeName: v.name, containerPath: '/d', readOnly: true }] }); },
    baseline: safeVolCtr,
  });
  attack({
    name: 'V02 docker_volume type=ext4 device="/dev/sda1" (absolute, control)',
    expect: HOST,
    level: 'error',
    at: 'adv/app',
    build: (s) => { const v = vol(s, { type: 'ext4', device: '/dev/sda1' }); ctr(s, { volumes: [{ volumeName: v.name, containerPath: '/d', readOnly: true }] }); },
    baseline: safeVolCtr,
  });
  attack({
    name: 'V03 docker_volume type=overlay o="lowerdir=etc:root" (RELATIVE lowerdirs: host /etc and /root, read-only overlay)',
    expect: HOST,
    level: 'error',
    at: 'adv/app',
    build: (s) => { const v = vol(s, { type: 'overlay', device: 'overlay', o: 'lowerdir=etc:root' }); ctr(s, { volumes: [{ volumeName: v.name, containerPath: '/d', readOnly: true }] }); },
    baseline: safeVolCtr,
  });
  attack({
    name: 'V04 docker_volume type=overlay o="lowerdir=/etc:/root" (absolute, control)',
    expect: HOST,
    level: 'error',
    at: 'adv/app',
    build: (s) => { const v = vol(s, { type: 'overlay', device: 'overlay', o: 'lowerdir=/etc:/root' }); ctr(s, { volumes: [{ volumeName: v.name, containerPath: '/d', readOnly: true }] }); },
    baseline: safeVolCtr,
  });
  attack({
    name: 'V05 container mounts type=volume inline driver_options {type:none, o:"rw,bind", device:"etc"} (control)',
    expect: HOST,
    level: 'error',
    at: 'adv/app',
    build: (s) => { ctr(s, { mounts: [{ type: 'volume', source: 'data', target: '/d', volumeOptions: { driverOptions: { type: 'none', o: 'rw,bind', device: 'etc' } } }] }); },
    baseline: (s) => { ctr(s, { mounts: [{ type: 'volume', source: 'data', target: '/d' }] }); },
  });
  attack({
    name: 'V06 container volumes volume_name = ${docker_volume.vol.id} with o=rbind device="." (host /) (control)',
    expect: HOST,
    level: 'error',
    at: 'adv/app',
    build: (s) => { const v = vol(s, { type: 'none', o: 'rbind,ro', device: '.' }); ctr(s, { volumes: [{ volumeName: v.id, containerPath: '/d', readOnly: true }] }); },
    baseline: safeVolCtr,
  });
  attack({
    name: 'V07 container volumes volume_name literal "data" of a docker_volume with o=bind device="var/run" (control)',
    expect: ['HD-C02'],
    level: 'error',
    at: 'adv/app',
    build: (s) => { vol(s, { type: 'none', o: 'bind', device: 'var/run' }); ctr(s, { volumes: [{ volumeName: 'data', containerPath: '/d', readOnly: true }] }); },
    baseline: safeVolCtr,
  });
  attack({
    name: 'V08 inline mount type=volume driver_options type=xfs device="dev/nvme0n1p1" (relative block device)',
    expect: HOST,
    level: 'error',
    at: 'adv/app',
    build: (s) => { ctr(s, { mounts: [{ type: 'volume', source: 'disk', target: '/d', volumeOptions: { driverOptions: { type: 'xfs', device: 'dev/nvme0n1p1' } } }] }); },
    baseline: (s) => { ctr(s, { mounts: [{ type: 'volume', source: 'disk', target: '/d' }] }); },
  });
  attack({
    name: 'V09 docker_volume driver_opts from a variable (default o=bind device=/etc)',
    expect: ['*'],
    at: 'adv/app',
    build: (s) => {
      s.addOverride('variable.o', { type: 'map(string)', default: { type: 'none', o: 'bind', device: '/srv' } });
      const v = new Volume(s, 'vol', { name: 'data' });
      v.addOverride('driver_opts', '${var.o}');
      ctr(s, { volumes: [{ volumeName: v.name, containerPath: '/d', readOnly: true }] });
    },
    baseline: safeVolCtr,
  });
  attack({
    name: 'V10 service mount type=volume of a docker_volume with relative block device "dev/sda1" (swarm task on the node)',
    expect: HOST,
    level: 'error',
    at: 'adv/svc',
    build: (s) => {
      net(s, 'ov', 'backend-net', 'default');
      const v = vol(s, { type: 'ext4', device: 'dev/sda1' });
      const sv = rawSvc(s, 'svc', { networks: ['${docker_network.ov.name}'] });
      sv.addOverride('task_spec.container_spec.mounts', [{ type: 'volume', source: v.name, target: '/d', read_only: true }]);
    },
    baseline: (s) => {
      net(s, 'ov', 'backend-net', 'default');
      const v = vol(s, undefined);
      const sv = rawSvc(s, 'svc', { networks: ['${docker_network.ov.name}'] });
      sv.addOverride('task_spec.container_spec.mounts', [{ type: 'volume', source: v.name, target: '/d', read_only: true }]);
    },
  });
  attack({
    name: 'V11 docker_volume type=btrfs device="../dev/sda2" (relative with ..)',
    expect: HOST,
    level: 'error',
    at: 'adv/app',
    build: (s) => { const v = vol(s, { type: 'btrfs', device: '../dev/sda2' }); ctr(s, { volumes: [{ volumeName: v.name, containerPath: '/d', readOnly: true }] }); },
    baseline: safeVolCtr,
  });
  attack({
    name: 'V12 docker_volume type=overlay o="lowerdir+=/etc,lowerdir+=/root" (kernel >= 6.8 fsparam "lowerdir+", also via legacy mount(2))',
    expect: HOST,
    level: 'error',
    at: 'adv/app',
    build: (s) => { const v = vol(s, { type: 'overlay', device: 'overlay', o: 'lowerdir+=/etc,lowerdir+=/root' }); ctr(s, { volumes: [{ volumeName: v.name, containerPath: '/d', readOnly: true }] }); },
    baseline: safeVolCtr,
  });
});

describe('redteam-swarm2: volume false-positive probes', () => {
  test('FP4 a plain docker_volume (no driver_opts) referenced by ${docker_volume.vol.id} draws no error', () => {
    const s = fresh();
    const v = vol(s, undefined);
    ctr(s, { volumes: [{ volumeName: v.id, containerPath: '/d', readOnly: true }] });
    const errors = runChecks(s).filter((f) => f.level === 'error' && !f.suppressed);
    expect(errors.map((f) => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([]);
  });
  test('FP5 a plain docker_volume referenced by ${docker_volume.vol.name} draws no error (control)', () => {
    const s = fresh();
    const v = vol(s, undefined);
    ctr(s, { volumes: [{ volumeName: v.name, containerPath: '/d', readOnly: true }] });
    const errors = runChecks(s).filter((f) => f.level === 'error' && !f.suppressed);
    expect(errors.map((f) => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([]);
  });
});
