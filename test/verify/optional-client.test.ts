/**
 * dockerode, the Docker Engine API client of `verify`, is not a dependency of
 * the package (its tree, ssh2 with a native addon, was most of an install):
 * the library never loads it, the CLI loads it only when `verify` runs, and
 * without it `verify` exits 2 naming the install command.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import Module, { createRequire } from 'module';
import { tmpdir } from 'os';
import * as path from 'path';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HardenedContainer } from '../../lib';
import { main } from '../../lib/cli/main';
import { createDocker, DOCKERODE_INSTALL_COMMAND, DOCKERODE_VERSION_RANGE, dockerConnection, loadDockerode, UsageError } from '../../lib/verify/connection';

const ROOT = path.join(__dirname, '..', '..');
/** Modules of dockerode's tree; none may be loaded by the library. */
const CLIENT_TREE = /[\\/]node_modules[\\/](dockerode|docker-modem|ssh2|cpu-features|@grpc[\\/]grpc-js|protobufjs)[\\/]/;

let work: string;
let synthDir: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'optional-client-'));
  synthDir = path.join(work, 'cdktf.out');
  const stack = new TerraformStack(Testing.app(), 'app');
  new DockerProvider(stack, 'docker', {});
  new HardenedContainer(stack, 'web', { image: `sha256:${'e'.repeat(64)}`, containerName: 'optional-client-web' });
  mkdirSync(path.join(synthDir, 'stacks', 'app'), { recursive: true });
  writeFileSync(path.join(synthDir, 'stacks', 'app', 'cdk.tf.json'), Testing.synth(stack));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The error Node itself throws for `require('dockerode')` where it is not installed. */
function realMissingModuleError(): Error {
  const empty = mkdtempSync(path.join(work, 'no-modules-'));
  try {
    createRequire(path.join(empty, 'index.js'))('dockerode');
  } catch (e) {
    return e as Error;
  }
  throw new Error('dockerode resolved from an empty directory: it is installed globally, so this test cannot simulate its absence');
}

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Runs `fn` with every `require('dockerode')` failing as it does when dockerode is not installed. */
async function withoutDockerode<T>(fn: () => Promise<T>): Promise<T> {
  const missing = realMissingModuleError();
  const loader = Module as unknown as { _load: Load };
  const load = loader._load;
  loader._load = function (this: unknown, request, parent, isMain) {
    if (request === 'dockerode') throw missing;
    return load.call(this, request, parent, isMain);
  };
  try {
    return await fn();
  } finally {
    loader._load = load;
  }
}

describe('the library does not load dockerode', () => {
  test('importing the main entry (and the CLI module) loads nothing of the client tree', () => {
    // A fresh node, so that nothing else has loaded dockerode; the sources compiled as jsii compiles them (CommonJS).
    const script = `
      const loaded = () => Object.keys(require.cache).filter((f) => ${CLIENT_TREE}.test(f));
      const lib = require('./lib/index');
      const afterIndex = loaded();
      require('./lib/cli/main');
      console.log(JSON.stringify({ afterIndex, afterCli: loaded(), exports: typeof lib.HardenedContainer }));
    `;
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ afterIndex: [], afterCli: [], exports: 'function' });
  });

  test('no module under lib/ imports dockerode other than as types', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {walk(file);} else if (file.endsWith('.ts')) {
          const source = readFileSync(file, 'utf8');
          const valueImport = /^\s*import\s+(?!type\b)[^;]*from\s+['"]dockerode['"]/m.test(source)
            || /require\(\s*['"]dockerode['"]\s*\)|import\(\s*['"]dockerode['"]\s*\)/.test(source);
          if (valueImport) offenders.push(path.relative(ROOT, file));
        }
      }
    };
    walk(path.join(ROOT, 'lib'));
    expect(offenders).toEqual([]);
  });

  test('dockerode is not a dependency of the package, only a devDependency in the range the install hint names', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies?.dockerode).toBeUndefined();
    expect(pkg.peerDependencies?.dockerode).toBeUndefined();
    expect(pkg.bundledDependencies ?? []).not.toContain('dockerode');
    expect(pkg.devDependencies.dockerode).toBe(DOCKERODE_VERSION_RANGE);
    expect(DOCKERODE_INSTALL_COMMAND).toBe(`npm install dockerode@${DOCKERODE_VERSION_RANGE}`);
  });
});

describe('loadDockerode', () => {
  test('loads the client when it is installed', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(loadDockerode()).toBe(require('dockerode'));
    const docker = createDocker(dockerConnection({ host: 'unix:///var/run/docker.sock' }, {}));
    expect(typeof docker.ping).toBe('function');
  });

  test('a missing client is a usage error naming the install command', () => {
    const missing = realMissingModuleError();
    const load = () => {
      throw missing;
    };
    expect(() => loadDockerode(load)).toThrow(UsageError);
    expect(() => loadDockerode(load)).toThrow(`Install it next to cdktf-hardened-docker: ${DOCKERODE_INSTALL_COMMAND}`);
  });

  test('a broken install (a module dockerode needs is missing) is reported as such, with its cause', () => {
    const broken = Object.assign(new Error("Cannot find module 'docker-modem'\nRequire stack:\n- node_modules/dockerode/lib/docker.js"), { code: 'MODULE_NOT_FOUND' });
    const load = () => {
      throw broken;
    };
    expect(() => loadDockerode(load)).not.toThrow(UsageError);
    expect(() => loadDockerode(load)).toThrow(/cannot load dockerode.*reinstall it: npm install dockerode@\^4.*Cannot find module 'docker-modem'/s);
  });
});

describe('verify without dockerode', () => {
  test('exits 2 with the install command on stderr, before contacting any engine', async () => {
    let stdout = '';
    let stderr = '';
    const code = await withoutDockerode(() => main(['verify', synthDir, '--host', 'unix:///nonexistent/docker.sock'], {
      stdout: (s) => { stdout += s; },
      stderr: (s) => { stderr += s; },
      env: {},
    }));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('`verify` needs dockerode');
    expect(stderr).toContain(DOCKERODE_INSTALL_COMMAND);
    expect(stderr).not.toContain('cannot reach the Docker engine');
  });

  test('the rest of the CLI works without it', async () => {
    let stdout = '';
    const code = await withoutDockerode(() => main(['verify', '--help'], { stdout: (s) => { stdout += s; }, stderr: () => undefined, env: {} }));
    expect(code).toBe(0);
    expect(stdout).toContain('--host <url>');
  });
});
