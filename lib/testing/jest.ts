/**
 * jest: `import 'cdktf-hardened-docker/dist/testing/jest';` in a file of `setupFilesAfterEnv` registers the matchers
 * on jest's global `expect` and types them on its assertions.
 */
import { HardeningMatchers, hardeningMatchers } from './matchers';

declare const expect: { extend(matchers: object): void };
expect.extend(hardeningMatchers);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> extends HardeningMatchers<R> {}
  }
}
