import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // removes the probe images the engine tests built in this run
    globalSetup: ['test/engine/global-teardown.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Snapshot files next to the tests, stable across machines.
    resolveSnapshotPath: (testPath: string, ext: string) =>
      testPath.replace(/\/test\//, '/test/__snapshots__/') + ext,
  },
});
