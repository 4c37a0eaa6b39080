import { Config } from '@cdktf/provider-docker/lib/config';
import { Secret } from '@cdktf/provider-docker/lib/secret';
import { Service } from '@cdktf/provider-docker/lib/service';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { attack, net, rawSvc } from './h2';
import { HardenedService, ServiceConfigFile } from '../../../../lib';
import { PINNED } from '../harness';

const b64 = (t: string) => Buffer.from(t, 'utf8').toString('base64');
const cfg = (text: string) => (s: TerraformStack) => { new Config(s, 'cfg', { name: 'c', data: b64(text) }); };
const PW = 'correct-horse-battery-staple';

const CONTENTS: Array<[string, string, string]> = [
  ['C01 YAML list item "- password: …" (the key starts a sequence entry)', `users:\n  - password: ${PW}\n    name: app\n`, 'users:\n  - host: db\n    name: app\n'],
  ['C02 YAML flow mapping "db: {password: …}"', `db: {host: db, password: ${PW}}\n`, 'db: {host: db}\n'],
  ['C03 YAML quoted key with a blank "db password": …', `"db password": ${PW}\n`, '"db host": db\n'],
  ['C04 JSON key with a unicode escape "\\u0070assword"', `{"db":{"\\u0070assword":"${PW}"}}`, '{"db":{"host":"db"}}'],
  ['C05 docker config.json registry auth {"auths":{…:{"auth": base64(user:pass)}}}', `{"auths":{"registry.example.com":{"auth":"${b64(`ci:${PW}`)}"}}}`, '{"auths":{}}'],
  ['C06 XML CDATA <password><![CDATA[…]]></password>', `<db><password><![CDATA[${PW}]]></password></db>`, '<db><host>db</host></db>'],
  ['C07 .pgpass line host:port:db:user:password', `db.example.com:5432:app:app:${PW}\n`, 'db.example.com\n'],
  ['C08 HTTP header "Authorization: Basic …"', `Authorization: Basic ${b64(`ci:${PW}`)}\n`, 'Accept: text/plain\n'],
  ['C09 ADO connection string mid-line "Server=db;User Id=sa;Password=…;"', `Server=db;User Id=sa;Password=${PW};\n`, 'Server=db;User Id=sa;\n'],
  ['C10 command line in a config (systemd unit / script) "--password=…"', `ExecStart=/usr/bin/app --db-password=${PW}\n`, 'ExecStart=/usr/bin/app --db-host=db\n'],
  ['C11 YAML block scalar "password: |" (control)', `password: |\n  ${PW}\n`, 'host: |\n  db\n'],
  ['C12 INI section [database] password = … (control)', `[database]\npassword = ${PW}\n`, '[database]\nhost = db\n'],
  ['C13 .env with quotes DB_PASSWORD="…" (control)', `DB_PASSWORD="${PW}"\n`, 'DB_HOST="db"\n'],
  ['C14 JSON base64 value under "password" key (control)', `{"password":"${b64(PW)}"}`, '{"host":"db"}'],
  ['C15 UTF-16LE file with BOM: PASSWORD=…', '\ufeffPASSWORD=' + PW + '\n', 'HOST=db\n'],
];

describe('redteam-swarm2: HD-S03 config content', () => {
  for (const [name, weak, safe] of CONTENTS) {
    if (name.startsWith('C15')) {
      attack({
        name,
        expect: ['HD-S03', 'HD-U01'],
        build: (s) => { new Config(s, 'cfg', { name: 'c', data: Buffer.from(weak, 'utf16le').toString('base64') }); },
        baseline: cfg(safe),
      });
      continue;
    }
    attack({ name, expect: ['HD-S03'], build: cfg(weak), baseline: cfg(safe) });
  }
  test('C16 ServiceConfigFile.fromContent refuses a YAML list item password (L2)', () => {
    const s = new TerraformStack(Testing.app(), 'adv');
    expect(() => new HardenedService(s, 'hs', { image: PINNED, configs: [ServiceConfigFile.fromContent({ path: '/etc/app/config.yml', content: CONTENTS[0][1] })] }))
      .toThrow(/looks like a secret/);
  });
  test('C17 ServiceConfigFile.fromContent refuses a docker config.json auth (L2)', () => {
    const s = new TerraformStack(Testing.app(), 'adv');
    expect(() => new HardenedService(s, 'hs', { image: PINNED, configs: [ServiceConfigFile.fromContent({ path: '/etc/app/config.json', content: CONTENTS[4][1] })] }))
      .toThrow(/looks like a secret/);
  });
});

/** A service mounting one secret with the given secrets block. */
const withSecret = (secret: Record<string, unknown> | undefined, tweak?: (sv: Service, s: TerraformStack) => void) => (s: TerraformStack) => {
  net(s, 'ov', 'backend-net', 'default');
  new Secret(s, 'sec', { name: 'db', data: b64('pw') });
  const sv = rawSvc(s, 'svc', { networks: ['${docker_network.ov.name}'] });
  if (secret) sv.addOverride('task_spec.container_spec.secrets', [{ secret_id: '${docker_secret.sec.id}', secret_name: 'db', file_name: '/run/secrets/db', ...secret }]);
  tweak?.(sv, s);
};
const SAFE = withSecret({ file_mode: 256, file_uid: '10001', file_gid: '10001' });
const S06 = ['HD-S06', 'HD-U01'];

describe('redteam-swarm2: HD-S06 secret file_mode', () => {
  attack({ name: 'F01 file_mode = "0444" (string: cty reads decimal 444 = 0o674)', expect: S06, at: 'adv/svc', build: withSecret({ file_mode: '0444', file_uid: '10001', file_gid: '10001' }), baseline: SAFE });
  attack({ name: 'F02 file_mode = "292" (string)', expect: S06, at: 'adv/svc', build: withSecret({ file_mode: '292', file_uid: '10001', file_gid: '10001' }), baseline: SAFE });
  attack({ name: 'F03 file_mode = "${256 + 36}"', expect: S06, at: 'adv/svc', build: withSecret({ file_mode: '${256 + 36}', file_uid: '10001', file_gid: '10001' }), baseline: SAFE });
  attack({
    name: 'F04 file_mode = local.mode (292)',
    expect: S06,
    at: 'adv/svc',
    build: withSecret({ file_mode: '${local.mode}', file_uid: '10001', file_gid: '10001' }, (_sv, s) => s.addOverride('locals.mode', 292)),
    baseline: SAFE,
  });
  attack({
    name: 'F05 file_mode = var.mode (default 256: can be 0444 at plan)',
    expect: S06,
    at: 'adv/svc',
    build: withSecret({ file_mode: '${var.mode}', file_uid: '10001', file_gid: '10001' }, (_sv, s) => { new TerraformVariable(s, 'mode', { type: 'number', default: 256 }); }),
    baseline: SAFE,
  });
  attack({
    name: 'F06 secrets via dynamic block (file_mode unset: provider default 0444)',
    expect: S06,
    at: 'adv/svc',
    build: withSecret(undefined, (sv) => sv.addOverride('task_spec.container_spec.dynamic.secrets', {
      for_each: ['db'], content: { secret_id: '${docker_secret.sec.id}', secret_name: '${secrets.value}', file_name: '/run/secrets/${secrets.value}' },
    })),
    baseline: SAFE,
  });
  attack({
    name: 'F07 secrets via dynamic block over a variable (unknown count/mode)',
    expect: S06,
    at: 'adv/svc',
    build: withSecret(undefined, (sv, s) => {
      new TerraformVariable(s, 'names', { type: 'list(string)' });
      sv.addOverride('task_spec.container_spec.dynamic.secrets', {
        for_each: '${var.names}', content: { secret_id: '${docker_secret.sec.id}', secret_name: '${secrets.value}', file_name: '/run/secrets/${secrets.value}' },
      });
    }),
    baseline: SAFE,
  });
  attack({ name: 'F08 file_mode = "1e2" (cty ParseFloat: 100 = 0o144)', expect: S06, at: 'adv/svc', build: withSecret({ file_mode: '1e2', file_uid: '10001', file_gid: '10001' }), baseline: SAFE });
  attack({ name: 'F09 file_mode = 4294967588 (2^32 + 0o444)', expect: S06, at: 'adv/svc', build: withSecret({ file_mode: 4294967588, file_uid: '10001', file_gid: '10001' }), baseline: SAFE });
  attack({ name: 'F10 file_mode = 0o440 with file_gid "0" (root group reads)', expect: S06, at: 'adv/svc', build: withSecret({ file_mode: 0o440, file_uid: '10001', file_gid: '0' }), baseline: SAFE });
  attack({
    name: 'F11 secrets given twice as a JSON array-of-bodies container_spec? (secret block with file_mode in a second spec body)',
    expect: ['*'],
    at: 'adv/svc',
    build: withSecret({ file_mode: 256, file_uid: '10001', file_gid: '10001' }, (sv) => sv.addOverride('task_spec.container_spec.secrets', [
      { secret_id: '${docker_secret.sec.id}', secret_name: 'db', file_name: '/run/secrets/db', file_mode: 256, file_uid: '10001', file_gid: '10001' },
      { secret_id: '${docker_secret.sec.id}', secret_name: 'db', file_name: '/tmp/db' },
    ])),
    baseline: SAFE,
  });
});
