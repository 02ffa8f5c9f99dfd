/** Decodes the module that the build embedded (src/generated/module.ts) and compiles it once per realm. */
import { WASM_BASE64, WASM_BYTE_LENGTH } from './generated/module.js';
import type { KernelExports } from './kernels.js';

let compiled: Promise<WebAssembly.Module> | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  // atob exists in every browser and in Node >= 16; the module is a few KiB, so this is instant.
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function moduleBytes(): Uint8Array<ArrayBuffer> {
  const bytes = decodeBase64(WASM_BASE64);
  if (bytes.length !== WASM_BYTE_LENGTH) throw new Error(`embedded module is ${bytes.length} bytes, expected ${WASM_BYTE_LENGTH}`);
  return bytes;
}

/** A fresh instance, with its own memory. Compiles asynchronously (browsers limit synchronous compiles). */
export async function instantiateKernels(): Promise<KernelExports> {
  compiled ??= WebAssembly.compile(moduleBytes());
  const instance = await WebAssembly.instantiate(await compiled, {});
  return instance.exports as unknown as KernelExports;
}
