import { defineProject } from 'vitest/config';
import { headlessChromium } from '../../tools/vitest-browser.js';

/**
 * The backend in Debian's Chromium, headless, on a page served cross-origin isolated (the COOP and
 * COEP headers below), so that shared memory and therefore threads are allowed: the Web Worker path
 * of thread-pool.ts, and a main thread that may not block and spins instead.
 */
export default defineProject({
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  test: {
    name: 'backend-wasm-browser',
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    browser: headlessChromium(),
  },
});
