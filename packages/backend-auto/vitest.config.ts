import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'backend-auto', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
