import { defineProject } from 'vitest/config';
import { workspaceFallback } from './scripts/workspace-fallback.ts';

export default defineProject({
  plugins: [workspaceFallback()],
  test: {
    name: 'dashboard',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // The end-to-end test builds the app and drives a real Chromium.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
