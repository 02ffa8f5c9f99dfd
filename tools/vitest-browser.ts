/** vitest's browser mode in Debian's Chromium, headless, with the flags of chromium.ts: one place for every browser test project. */
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

export function headlessChromium() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({ launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS } }),
    instances: [{ browser: 'chromium' as const }],
  };
}
