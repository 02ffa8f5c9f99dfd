/** Debian's Chromium, and the flags every browser test here launches it with (no network but localhost). */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  // On a page served from localhost, headless Chromium then offers SwiftShader's WebGPU adapter (page and workers).
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
];
