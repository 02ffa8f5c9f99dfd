import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'backend-webgpu',
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**'],
    // Dawn on Mesa's software renderer: one file at a time keeps the 2-core CI machine responsive.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
