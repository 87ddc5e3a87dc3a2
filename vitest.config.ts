import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Suites that start real processes and servers share two cores; keep files parallel but bounded.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
