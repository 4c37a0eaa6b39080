import { copyFileSync, cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { HardeningChecks } from '../../lib';

/* eslint-disable @typescript-eslint/no-require-imports */

/**
 * A second, real copy of cdktf next to the one the library resolves (what a user gets with cdktn or a second cdktf
 * version installed twice): its App and TerraformStack pass cdktf's own type tests (`Symbol.for` markers) but
 * synthesize without the library's hooks, so the checks would never run. They must refuse, naming both copies.
 */
describe('HardeningChecks refuses an app built with another copy of cdktf', () => {
  let dir: string;
  let foreign: typeof import('cdktf');
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cdktf-copy-'));
    const original = path.dirname(require.resolve('cdktf/package.json'));
    const copy = path.join(dir, 'node_modules', 'cdktf');
    mkdirSync(copy, { recursive: true });
    cpSync(path.join(original, 'lib'), path.join(copy, 'lib'), { recursive: true });
    copyFileSync(path.join(original, 'package.json'), path.join(copy, 'package.json'));
    // its bundled dependencies and constructs: the same modules (as npm would dedupe constructs)
    symlinkSync(path.join(original, 'node_modules'), path.join(copy, 'node_modules'));
    symlinkSync(path.dirname(require.resolve('constructs/package.json')), path.join(dir, 'node_modules', 'constructs'));
    foreign = require(copy);
  });
  afterAll(() => {
    // unload the copy: later test files in this worker must not see it
    for (const k of Object.keys(require.cache)) if (k.startsWith(dir) || k.startsWith(realpathSync(dir))) delete require.cache[k];
    rmSync(dir, { recursive: true, force: true });
  });

  test('the copy is a different module (the test would prove nothing otherwise)', () => {
    const mine = require('cdktf');
    expect(foreign.App).not.toBe(mine.App);
    expect(mine.App.isApp(new foreign.App({ outdir: path.join(dir, 'out0') }))).toBe(true);
  });

  test('applyTo on its app or stack fails with both copies named', () => {
    const app = new foreign.App({ outdir: path.join(dir, 'out1') });
    const stack = new foreign.TerraformStack(app, 'web');
    expect(() => HardeningChecks.applyTo(app)).toThrow(/HardeningChecks cannot check this app: it is built with another copy of cdktf \(version 0\.21\.0\) than the one cdktf-hardened-docker loaded \(cdktf@0\.21\.0 \(.*node_modules\/cdktf\)\)/);
    expect(() => HardeningChecks.applyTo(stack)).toThrow(/web: HardeningChecks cannot check this app/);
  });

  test('while the copy is loaded, HardeningChecks cannot be created: an aspect added to its app with its own Aspects would never be called', () => {
    expect(() => new HardeningChecks()).toThrow(/HardeningChecks cannot run: another copy of cdktf is loaded \(.*cdktf-copy-.*\) besides the one cdktf-hardened-docker uses/);
  });
});
