import { Config } from '@cdktf/provider-docker/lib/config';
import { TerraformStack, Testing } from 'cdktf';
import { CONFIGS } from './configs';
import { HardenedService, ServiceConfigFile } from '../../../../lib';
import { PINNED, runChecks, stack } from '../../util';

const b64 = (t: string) => Buffer.from(t, 'utf8').toString('base64');
const RULES = ['HD-S03'];

describe('false positives: HD-S03 on secure docker_config data', () => {
  for (const [name, text] of CONFIGS) {
    test(`S03 ${name}`, () => {
      const s = stack();
      new Config(s, 'cfg', { name: 'c', data: b64(text) });
      const bad = runChecks(s).filter((f) => RULES.includes(f.ruleId) && !f.suppressed && (f.level === 'error' || f.level === 'warning'));
      expect(bad.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
    });
  }
});

describe('false positives: ServiceConfigFile.fromContent on secure config files', () => {
  for (const [name, text] of CONFIGS) {
    test(`L2 ${name}`, () => {
      const s = new TerraformStack(Testing.app(), 'fp');
      let err: string | undefined;
      try {
        new HardenedService(s, 'hs', { image: PINNED, configs: [ServiceConfigFile.fromContent({ path: '/etc/app/app.conf', content: text })] });
      } catch (e) { err = String((e as Error).message); }
      expect(err).toBeUndefined();
    });
  }
});
