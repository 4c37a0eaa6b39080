import { Testing } from 'cdktf';

// cdktf's Testing matchers only need a global `expect`; vitest provides one with globals: true.
Testing.setupJest();
