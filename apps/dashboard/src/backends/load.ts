/**
 * Loads each backend package the way an application would: a dynamic import, then createBackend().
 * A backend that cannot run here (no WebGPU adapter, no SIMD, a package that was not built) comes
 * back with the reason instead of an exception, so the page can say why.
 */
import { BACKEND_NAMES, type BackendName } from '@rectify/bench';
import type { ActivationBackend } from '@rectify/core';

export type LoadedBackend =
  | { name: BackendName; available: true; backend: ActivationBackend }
  | { name: BackendName; available: false; reason: string };

interface BackendModule {
  createBackend(options?: Record<string, unknown>): Promise<ActivationBackend>;
}

// Literal specifiers, so that Vite bundles each package (and code-splits it) as a user's build would.
const IMPORTS: Record<BackendName, () => Promise<unknown>> = {
  js: () => import('@rectify/backend-js'),
  wasm: () => import('@rectify/backend-wasm'),
  webgpu: () => import('@rectify/backend-webgpu'),
};

export async function loadBackend(name: BackendName): Promise<LoadedBackend> {
  let mod: BackendModule;
  try {
    mod = (await IMPORTS[name]()) as BackendModule;
  } catch (e) {
    return { name, available: false, reason: `could not load @rectify/backend-${name}: ${reason(e)}` };
  }
  if (name === 'webgpu' && !('gpu' in navigator)) {
    return { name, available: false, reason: 'this browser does not expose WebGPU (navigator.gpu is missing)' };
  }
  try {
    return { name, available: true, backend: await mod.createBackend() };
  } catch (e) {
    return { name, available: false, reason: reason(e) };
  }
}

export function loadAll(): Promise<LoadedBackend[]> {
  return Promise.all(BACKEND_NAMES.map(loadBackend));
}

/** BackendUnavailableError carries the bare reason; other errors their message. */
function reason(e: unknown): string {
  if (e && typeof e === 'object' && 'reason' in e && typeof e.reason === 'string') return e.reason;
  return e instanceof Error ? e.message : String(e);
}
