import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';

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
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
            '--disable-dev-shm-usage',
            '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
            '--enable-unsafe-webgpu',
            '--use-webgpu-adapter=swiftshader',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
