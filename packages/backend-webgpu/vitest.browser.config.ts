import { defineProject } from 'vitest/config';
import { headlessChromium } from '../../tools/vitest-browser.js';

/**
 * The conformance suite in Debian's Chromium, headless, on its SwiftShader WebGPU adapter (a
 * software Vulkan: it flushes subnormals and its float max turns NaN into 0, which is what the
 * bit-pattern kernels are for). vitest serves the page on localhost, a secure context.
 */
export default defineProject({
  test: {
    name: 'backend-webgpu-browser',
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    browser: headlessChromium(),
  },
});
