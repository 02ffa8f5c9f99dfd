import { BackendUnavailableError, InvalidParameterError, registerBackend } from '@rectify/core';
import { isAvailable } from './availability.js';
import { WasmBackend } from './wasm-backend.js';
import { instantiateKernels } from './wasm-module.js';

export { WasmBackend, capabilities } from './wasm-backend.js';
export { isAvailable } from './availability.js';

export interface WasmBackendOptions {
  /**
   * Size of each of the two scratch slots that plain (non-resident) arrays are copied through,
   * in bytes: a multiple of 16 from 64 to 64 MiB. Default 1 MiB, which stays in L2 cache.
   */
  chunkBytes?: number;
}

export const DEFAULT_CHUNK_BYTES = 1 << 20;
/** deadUnits counts up to 256 Ki columns per pass; wider matrices take several passes. */
const COUNTS_BYTES = 1 << 20;

/** Creates the WebAssembly SIMD backend; throws BackendUnavailableError (with the reason) where wasm SIMD is missing. */
export async function createBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidParameterError('createBackend(options) takes an options object (or nothing).');
  }
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 64 || chunkBytes > 1 << 26 || chunkBytes % 16 !== 0) {
    throw new InvalidParameterError(`chunkBytes must be a multiple of 16 from 64 to ${1 << 26}, got ${String(options.chunkBytes)}.`);
  }
  const availability = isAvailable();
  if (!availability.available) throw new BackendUnavailableError('wasm', availability.reason);
  return new WasmBackend(await instantiateKernels(), { chunkBytes, countsBytes: COUNTS_BYTES });
}

registerBackend({
  name: 'wasm',
  priority: 20,
  isAvailable: async () => isAvailable(),
  create: (options) => createBackend(options as WasmBackendOptions | undefined),
});
