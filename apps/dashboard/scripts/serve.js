#!/usr/bin/env node
/**
 * Serves the built dashboard on localhost with `vite preview` (building it first when dist/ is
 * missing, or with --build) and prints the URL. WebGPU needs a secure context, which localhost is.
 *
 *   node scripts/serve.js [--port 4173] [--build]
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, preview } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {{ port?: number, rebuild?: boolean, quiet?: boolean, outDir?: string }} [options]
 *   port 0 picks a free port; outDir (default dist/) is where the build goes and what is served.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const { port = 4173, rebuild = false, quiet = false, outDir = resolve(root, 'dist') } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer in 0..65535, got ${port}`);
  const logLevel = quiet ? 'silent' : 'warn';
  const buildOptions = { outDir, emptyOutDir: true };
  if (rebuild || !existsSync(join(outDir, 'index.html'))) await build({ root, logLevel, build: buildOptions });
  const server = await preview({ root, logLevel, build: buildOptions, preview: { host: '127.0.0.1', port, strictPort: port !== 0, open: false } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview did not listen on a TCP port');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

/** @param {string[]} argv */
function parseArgs(argv) {
  const args = { port: 4173, rebuild: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--build') args.rebuild = true;
    else if (argv[i] === '--port') args.port = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}; usage: serve.js [--port N] [--build]`);
  }
  return args;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { url } = await startServer(parseArgs(process.argv.slice(2)));
    console.log(`Rectify dashboard: ${url}  (add ?quick=1 for a short benchmark; Ctrl+C to stop)`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
