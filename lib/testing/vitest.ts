/**
 * vitest: `import 'cdktf-hardened-docker/dist/testing/vitest';` in a setup file registers the matchers on vitest's
 * `expect` and types them on its assertions.
 */
// vitest is the user's (this file is imported only from a vitest setup file), never a dependency of the package
// eslint-disable-next-line import/no-extraneous-dependencies
import { expect } from 'vitest';
import { HardeningMatchers, hardeningMatchers } from './matchers';

expect.extend(hardeningMatchers);

declare module 'vitest' {
  interface Assertion<T = any> extends HardeningMatchers<T> {}
  interface AsymmetricMatchersContaining extends HardeningMatchers {}
}
