import { BackendUnavailableError, InvalidParameterError, registerBackend } from '@rectify/core';
import { isAvailable } from './availability.js';
import { ThreadPool, threadsUnavailable } from './thread-pool.js';
import { WasmBackend } from './wasm-backend.js';
import { instantiateKernels, instantiateSharedKernels, sharedModule } from './wasm-module.js';

export { WasmBackend, capabilities } from './wasm-backend.js';
export { isAvailable } from './availability.js';

export interface WasmBackendOptions {
  /**
   * Size of each of the two scratch slots that plain (non-resident) arrays are copied through,
   * in bytes: a multiple of 16 from 64 to 64 MiB. Default 1 MiB, which stays in L2 cache.
   */
  chunkBytes?: number;
  /**
   * Threads in all (this one and threads - 1 workers) for long calls on resident arrays (views from
   * alloc()), each thread taking its own part. Default 1: no workers. More needs shared memory: Node,
   * or a cross-origin isolated page; elsewhere createBackend throws BackendUnavailableError saying why.
   * The memory is then shared, and views from alloc() stay valid when it grows.
   */
  threads?: number;
  /** With threads: the shortest call that is split, in elements (default 1 Mi; shorter calls run on this thread). */
  minParallelLength?: number;
}

export const DEFAULT_CHUNK_BYTES = 1 << 20;
export const DEFAULT_MIN_PARALLEL_LENGTH = 1 << 20;
const MAX_THREADS = 256;
/** A shared memory declares its largest size up front: wasm32's 4 GiB, as the unshared memory may grow to. */
const SHARED_MAX_PAGES = 65536;
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
  const threads = options.threads ?? 1;
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new InvalidParameterError(`threads must be an integer from 1 to ${MAX_THREADS}, got ${shown(options.threads)}.`);
  }
  const minLength = options.minParallelLength ?? DEFAULT_MIN_PARALLEL_LENGTH;
  if (!Number.isSafeInteger(minLength) || minLength < 1) {
    throw new InvalidParameterError(`minParallelLength must be a positive integer (elements), got ${shown(options.minParallelLength)}.`);
  }
  const availability = isAvailable();
  if (!availability.available) throw new BackendUnavailableError('wasm', availability.reason);
  const config = { chunkBytes, countsBytes: COUNTS_BYTES };
  if (threads === 1) return new WasmBackend(await instantiateKernels(), config);
  return createThreaded(threads, minLength, config);
}

/** A value as a message shows it: a string quoted, so '2' does not read as the number 2. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

async function createThreaded(threads: number, minLength: number, config: { chunkBytes: number; countsBytes: number }): Promise<WasmBackend> {
  const fail = (why: string) => new BackendUnavailableError('wasm', `${threads} threads: ${why}; or create it with threads: 1`);
  const unavailable = threadsUnavailable();
  if (unavailable) throw fail(unavailable);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
  } catch (e) {
    throw fail(`the engine could not reserve a shared wasm memory of up to 4 GiB (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    const module = await sharedModule();
    const exports = await instantiateSharedKernels(module, memory);
    const pool = await ThreadPool.create(module, memory, threads - 1, exports);
    return new WasmBackend(exports, { ...config, parallel: { pool, minLength } });
  } catch (e) {
    throw fail(e instanceof Error ? e.message : String(e));
  }
}

registerBackend({
  name: 'wasm',
  priority: 20,
  isAvailable: async () => isAvailable(),
  create: (options) => createBackend(options as WasmBackendOptions | undefined),
});
