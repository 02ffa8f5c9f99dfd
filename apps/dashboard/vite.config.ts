import { defineConfig } from 'vite';
import { workspaceFallback } from './scripts/workspace-fallback.ts';

// Cross-origin isolation gives workers a 5 µs performance.now() instead of 100 µs, which the
// benchmark's small sizes need. Both the dev server and `vite preview` send these headers.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  plugins: [workspaceFallback()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es', plugins: () => [workspaceFallback()] },
  build: {
    target: 'es2022',
    // uPlot and three backends make one chunk over Vite's default warning size; it is one page.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // @rectify/backend-webgpu imports the Node-only `webgpu` (Dawn) package dynamically, in Node only.
      external: ['webgpu'],
    },
  },
  optimizeDeps: { exclude: ['webgpu'] },
});
