import { defineConfig } from 'vitest/config';

// e2e tests start real backends and real services: one file at a time on a 2-core
// machine keeps them from starving each other, and the long timeouts cover package installs.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    setupFiles: ['test/support/setup.ts'],
    reporters: ['default'],
  },
});
