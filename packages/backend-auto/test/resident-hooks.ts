import type { ResidentHooks } from '@rectify/conformance';
import { allocate, dtypeOf, type ActivationBackend, type AnyTypedArray, type DType } from '@rectify/core';
import type { WasmBackend } from '@rectify/backend-wasm';
import type { AutoBackend } from '../src/index.js';

function bytesOf(a: AnyTypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function wasmOf(backend: ActivationBackend): WasmBackend {
  return (backend as AutoBackend).backend('wasm') as WasmBackend;
}

/** Views uploaded and not yet released, per backend. */
const outstanding = new WeakMap<ActivationBackend, number>();

/**
 * Resident arrays on the auto backend's wasm candidate (its alloc() views), so every op also runs on
 * resident data that must stay in wasm. The first upload of a call reserves room for a second one, so
 * the second alloc() cannot grow the memory and make the first view stale.
 */
export const wasmResidentHooks: ResidentHooks = {
  upload(backend, x) {
    const wasm = wasmOf(backend);
    const count = outstanding.get(backend) ?? 0;
    if (count === 0) wasm.reserve(2 * (x.byteLength + 16));
    const view = wasm.alloc(dtypeOf(x)!, x.length);
    outstanding.set(backend, count + 1);
    bytesOf(view).set(bytesOf(x));
    return view;
  },
  download(_backend, handle, dtype: DType, length: number) {
    const result = allocate(dtype, length);
    bytesOf(result).set(bytesOf(handle as AnyTypedArray).subarray(0, result.byteLength));
    return result;
  },
  release(backend, handle) {
    const wasm = wasmOf(backend);
    if (!wasm.isResident(handle)) return;
    wasm.free(handle as AnyTypedArray);
    outstanding.set(backend, (outstanding.get(backend) ?? 1) - 1);
  },
};
