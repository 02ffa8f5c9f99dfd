/**
 * Loads the peers that need a browser's GPU APIs: tfjs-webgl, tfjs-webgpu and ort-webgpu. The
 * imports are static specifiers, so a bundler (Vite) can split them off and load them on first use.
 * A peer that cannot start here (no WebGPU adapter, no WebGL context) is returned with the reason.
 */
import { loadEach, type PeerLoad, type PeerName } from './names.js';
import { createOrtBackend, type OrtLike } from './ort.js';
import { createTfjsBackend, type TfLike } from './tfjs.js';

export const BROWSER_PEERS = ['tfjs-webgl', 'tfjs-webgpu', 'ort-webgpu'] as const satisfies readonly PeerName[];
export type BrowserPeerName = (typeof BROWSER_PEERS)[number];

type Tf = TfLike & { env(): { set(flag: string, value: unknown): void } };

async function loadTf(): Promise<Tf> {
  // The whole @tensorflow/tfjs: it registers the gradients (tf.grad) and the webgl backend.
  const tf = (await import('@tensorflow/tfjs')) as unknown as Tf;
  tf.env().set('PROD', true);
  return tf;
}

async function loadPeer(name: BrowserPeerName) {
  if (name === 'ort-webgpu') {
    if (!(await hasWebGpuAdapter())) throw new Error('no WebGPU adapter in this browser');
    const ort = (await import('onnxruntime-web/webgpu')) as unknown as OrtLike & { env: { wasm: { numThreads: number }; logLevel?: string } };
    ort.env.logLevel = 'error';
    return createOrtBackend(ort, 'webgpu');
  }
  const tf = await loadTf();
  if (name === 'tfjs-webgpu') {
    if (!(await hasWebGpuAdapter())) throw new Error('no WebGPU adapter in this browser');
    await import('@tensorflow/tfjs-backend-webgpu');
    return createTfjsBackend(tf, 'webgpu');
  }
  return createTfjsBackend(tf, 'webgl');
}

async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  return Boolean(gpu && (await gpu.requestAdapter()));
}

/** Loads each named peer (default: all of BROWSER_PEERS), in order. */
export function loadBrowserPeers(names: readonly BrowserPeerName[] = BROWSER_PEERS): Promise<PeerLoad[]> {
  return loadEach(names, loadPeer);
}
