import { cdktf, javascript } from 'projen';

// cdktf was archived by HashiCorp (last release 0.21.0); projen marks the cdktf
// project type deprecated for that reason. We stay on the matched, frozen set
// cdktf 0.21.0 + @cdktf/provider-docker 12.0.3 (kreuzwerker/docker 3.6.2) until
// a CDK Terrain Docker provider is published; see README "Status of cdktf".
const CDKTF_VERSION = '0.21.0';
const PROVIDER_DOCKER_VERSION = '12.0.3';
// hashicorp/tls 4.1.0: the CA, server and client certificates of TlsDockerHost.
const PROVIDER_TLS_VERSION = '11.0.1';

const project = new cdktf.ConstructLibraryCdktf({
  name: 'cdktf-hardened-docker',
  description:
    'CDK for Terraform constructs that make hardened Docker the default: non-root, read-only, capability-free, resource-limited containers.',
  author: 'cdktf-hardened-docker maintainers',
  authorAddress: 'maintainers@cdktf-hardened-docker.invalid',
  repositoryUrl: 'https://github.com/cdktf-hardened-docker/cdktf-hardened-docker.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.19.0',

  cdktfVersion: CDKTF_VERSION,
  constructsVersion: '^10.4.2',
  // jsii and TypeScript on the same minor; 5.8 matches what @cdktf/provider-docker 12.0.3 was built with.
  jsiiVersion: '~5.8.0',
  typescriptVersion: '~5.8.0',

  srcdir: 'lib',
  entrypoint: 'dist/index.js',
  libdir: 'dist',
  testdir: 'test',

  peerDeps: [`@cdktf/provider-docker@${PROVIDER_DOCKER_VERSION}`, `@cdktf/provider-tls@${PROVIDER_TLS_VERSION}`],
  // The `verify` CLI's parser, bundled into the package as jsii requires for non-jsii modules:
  // commander, the maintained CLI parser (v14 is the last line supporting Node 20; no dependencies).
  // Its Docker Engine API client, dockerode, is deliberately not a dependency: its tree (ssh2 with
  // a native addon) was most of the package and an install-time native build for users who only
  // synthesize. `verify` loads it when it runs and otherwise names the install command
  // (lib/verify/connection.ts, DOCKERODE_VERSION_RANGE). jsii refuses it as an optional
  // peerDependency (every peer must be a jsii module), so it is a devDependency only.
  // `check` reads HCL with @cdktf/hcl2json (HashiCorp's HCL parser compiled to WebAssembly: no native build), loaded
  // only when `check` is given .tf files.
  bundledDeps: ['commander@^14.0.0', '@cdktf/hcl2json@0.21.0'],
  bin: { 'cdktf-hardened-docker': 'dist/cli/main.js' },
  devDeps: [
    'vitest@4.1.12',
    'fast-check@4.10.2',
    // keep equal to DOCKERODE_VERSION_RANGE in lib/verify/connection.ts (test/verify/optional-client.test.ts checks)
    'dockerode@^4.0.9',
    '@types/dockerode@^4.0.0',
    // SARIF reports are validated in tests against the final SARIF 2.1.0 JSON schema (OASIS errata01, vendored in
    // test/fixtures, draft-04) with ajv 6, and against GitHub's ingestion rules with the SARIF multitool below.
    'ajv@^6.12.6',
    // GitHub code scanning's SARIF ingestion rules (GH1xxx) and the SARIF validator, run by test/checks/sarif-github.test.ts
    '@microsoft/sarif-multitool@5.7.0',
  ],

  // vitest is the only test runner: projen has no vitest component, so jest is off
  // and the test task is wired by hand below.
  jest: false,
  eslint: true,
  eslintOptions: { dirs: ['lib'], devdirs: ['test', 'examples', 'scripts', 'projenrc', '.projenrc.ts'] },
  prettier: false,
  docgen: true,
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,

  tsconfig: {
    compilerOptions: {
      // lib/ holds the sources; jsii compiles them into dist/.
    },
  },
  tsconfigDev: {
    compilerOptions: {
      types: ['vitest/globals', 'node'],
    },
  },
  gitignore: ['/cdktf.out/', '/examples/cdktf.out/', '/.bench/', '/hardening-out/', '/scripts/fixtures/*/cdktf.out/'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/scripts/', '/.ci/', 'vitest.config.mts', '/.bench/'] },
});

// jsii-pacmak 1.130+ wants jsii-rosetta >=5.9; keep it on a release that accepts our 5.8 line.
project.deps.removeDependency('jsii-pacmak');
project.addDevDeps('jsii-pacmak@~1.125.0');
// eslint-import-resolver-typescript 4.x pulls unrs-resolver, whose per-platform optional packages npm 11
// leaves out of package-lock.json, which makes `npm ci` fail on a clean clone. 3.8 has no native parts.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.8.0');

// ---- vitest wiring -------------------------------------------------------
project.testTask.reset();
// Type-check what vitest only transpiles: tests, examples and scripts.
project.testTask.exec('tsc --noEmit -p test/tsconfig.json');
project.testTask.exec('tsc --noEmit -p examples/tsconfig.json');
project.testTask.exec('tsc --noEmit -p scripts/tsconfig.json');
project.testTask.exec('vitest run --reporter=default');
project.testTask.spawn(project.tasks.tryFind('eslint')!);
project.addTask('test:watch', { exec: 'vitest' });
project.addTask('test:update', {
  description: 'Run the tests and rewrite snapshots',
  exec: 'vitest run -u',
});
project.addTask('test:fuzz', {
  description: 'Property-based tests at nightly size (HARDENED_FC_RUNS=10000)',
  exec: 'vitest run property escape-hatches hostile-strings',
  env: { HARDENED_FC_RUNS: '10000' },
});

project.addTask('engine:up', {
  description: 'Install (Debian, root) and start a local Docker engine for the real-engine tests',
  exec: 'bash scripts/engine.sh up',
});
project.addTask('engine:down', { description: 'Stop the engine started by engine:up', exec: 'bash scripts/engine.sh down' });

// The example: synthesize the example stacks and print the hardening summary.
project.addTask('example', {
  description: 'Synthesize the example stacks and print their hardening summary',
  exec: 'ts-node --project examples/tsconfig.json examples/main.ts',
});
project.addTask('docs:rules', {
  description: 'Regenerate RULES.md and docs/rules/<id>.md from the rules (test/checks/rule-docs.test.ts fails when stale)',
  exec: 'ts-node --transpile-only scripts/rule-docs.ts',
});
project.addTask('bench', {
  description: 'Benchmark synthesis: raw provider L1 vs the L2s vs the L2s + HardeningChecks (1k and 10k containers)',
  exec: 'tsc -p scripts/tsconfig.bench.json && node .bench/js/scripts/bench.js',
});

project.eslint?.addIgnorePattern('vitest.config.mts');
project.eslint?.addOverride({
  files: ['test/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': 'off' },
});

project.synth();
