/**
 * Loads the peers that run in Node: tfjs-cpu, tfjs-wasm (binaries read by file path) and ort-wasm.
 * The libraries are optional peer dependencies: a peer whose library is missing or fails to start is
 * returned with the reason, never dropped.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createOrtBackend, type OrtLike } from './ort.js';
import { loadEach, type PeerLoad, type PeerName } from './names.js';
import { createTfjsBackend, type TfLike } from './tfjs.js';

export const NODE_PEERS = ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'] as const satisfies readonly PeerName[];
export type NodePeerName = (typeof NODE_PEERS)[number];

/** import() through a variable, so that TypeScript and bundlers do not need the optional packages. */
const importOptional = (specifier: string): Promise<Record<string, unknown>> => import(specifier);

type Tf = TfLike & { env(): { set(flag: string, value: unknown): void } };
let tfjs: Promise<Tf> | undefined;

/** The whole @tensorflow/tfjs: in Node only its bundle registers the gradients (tfjs-core's own files are extensionless ESM). */
function loadTf(): Promise<Tf> {
  tfjs ??= (async () => {
    const mod = await importOptional('@tensorflow/tfjs');
    const tf = ((mod as { default?: unknown }).default ?? mod) as Tf;
    // PROD: no debug checks, no "install tfjs-node" banner.
    tf.env().set('PROD', true);
    return tf;
  })();
  return tfjs;
}

async function loadPeer(name: NodePeerName) {
  if (name === 'ort-wasm') {
    const mod = await importOptional('onnxruntime-web');
    const ort = ((mod as { default?: unknown }).default ?? mod) as OrtLike & { env: { wasm: { numThreads: number }; logLevel?: string } };
    // One thread: the kernels' answer does not depend on it, and Node has no cross-origin isolation to lose.
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    return createOrtBackend(ort, 'wasm');
  }
  const tf = await loadTf();
  if (name === 'tfjs-wasm') {
    const wasm = (await importOptional('@tensorflow/tfjs-backend-wasm')) as { setWasmPaths(prefix: string): void };
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    return createTfjsBackend(tf, 'wasm');
  }
  return createTfjsBackend(tf, 'cpu');
}

/** Loads each named peer (default: all of NODE_PEERS), in order. */
export function loadNodePeers(names: readonly NodePeerName[] = NODE_PEERS): Promise<PeerLoad[]> {
  return loadEach(names, loadPeer);
}
