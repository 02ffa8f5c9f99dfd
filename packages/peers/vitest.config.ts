import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'peers', include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});
