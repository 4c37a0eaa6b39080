import { Testing } from 'cdktf';

// cdktf's Testing matchers only need a global `expect`; vitest provides one with globals: true.
Testing.setupJest();

// the library's own matchers, as users register them (lib/testing/vitest.ts)
import '../lib/testing/vitest';
