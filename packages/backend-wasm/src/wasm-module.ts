/** Decodes the modules that the build embedded (src/generated/*.ts) and compiles each once per realm. */
import { WASM_BASE64, WASM_BYTE_LENGTH } from './generated/module.js';
import type { KernelExports } from './kernels.js';

let compiled: Promise<WebAssembly.Module> | undefined;
let compiledShared: Promise<WebAssembly.Module> | undefined;

function decodeBase64(text: string, length: number): Uint8Array<ArrayBuffer> {
  // atob exists in every browser and in Node >= 16; the module is a few KiB, so this is instant.
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (bytes.length !== length) throw new Error(`embedded module is ${bytes.length} bytes, expected ${length}`);
  return bytes;
}

export function moduleBytes(): Uint8Array<ArrayBuffer> {
  return decodeBase64(WASM_BASE64, WASM_BYTE_LENGTH);
}

/** The build that imports a shared memory (env.memory): loaded on first use, so single-threaded bundles leave it out. */
async function sharedModuleBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const shared = await import('./generated/shared-module.js');
  return decodeBase64(shared.WASM_BASE64, shared.WASM_BYTE_LENGTH);
}

/** A fresh instance, with its own memory. Compiles asynchronously (browsers limit synchronous compiles). */
export async function instantiateKernels(): Promise<KernelExports> {
  compiled ??= WebAssembly.compile(moduleBytes());
  const instance = await WebAssembly.instantiate(await compiled, {});
  return instance.exports as unknown as KernelExports;
}

/** The shared-memory build, compiled: instantiated on `memory` by the calling thread and by each worker. */
export function sharedModule(): Promise<WebAssembly.Module> {
  compiledShared ??= sharedModuleBytes()
    .then((bytes) => WebAssembly.compile(bytes))
    .catch((e: unknown) => {
      // Not kept: a chunk that failed to load (a network error in a bundled app) may load next time.
      compiledShared = undefined;
      throw e;
    });
  return compiledShared;
}

export async function instantiateSharedKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
