/**
 * Lets the dashboard build while a sibling workspace package has no dist/ yet (packages are built in
 * parallel, and one may fail to build). A missing backend becomes a module that throws on import, so
 * its card says why it is unavailable instead of the whole build failing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const BACKENDS: Record<string, string> = {
  '@rectify/backend-wasm': 'packages/backend-wasm',
  '@rectify/backend-webgpu': 'packages/backend-webgpu',
};

const VIRTUAL_PREFIX = '\0rectify-missing:';

export function workspaceFallback(): Plugin {
  return {
    name: 'rectify-workspace-fallback',
    enforce: 'pre',
    resolveId(source) {
      const dir = BACKENDS[source];
      if (dir && !existsSync(`${repoRoot}${dir}/dist/index.js`)) return VIRTUAL_PREFIX + source;
      return null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL_PREFIX)) return null;
      const name = id.slice(VIRTUAL_PREFIX.length);
      const message = `${name} was not built when this dashboard was built (no dist/); run \`npm run build\` at the repository root.`;
      return `throw new Error(${JSON.stringify(message)});`;
    },
  };
}
