import type { ResidentHooks } from '@rectify/conformance';
import { dtypeOf, allocate, type ActivationBackend, type AnyTypedArray, type DType } from '@rectify/core';
import type { WasmBackend } from '../src/index.js';

function bytesOf(a: AnyTypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Views uploaded and not yet released, per backend. */
const outstanding = new WeakMap<ActivationBackend, number>();

/**
 * Uploads into alloc() views (byte copies, so NaN payloads survive) and downloads by copying out,
 * so every op also runs on resident arrays in place. reluGrad uploads dy right after x: the first
 * upload of a call reserves room for both, so the second alloc() cannot grow the memory and
 * detach the first view (which would rightly fail with StaleViewError).
 */
export const residentHooks: ResidentHooks = {
  upload(backend: ActivationBackend, x: AnyTypedArray) {
    const wasm = backend as WasmBackend;
    const count = outstanding.get(backend) ?? 0;
    if (count === 0) wasm.reserve(2 * (x.byteLength + 16));
    const view = wasm.alloc(dtypeOf(x)!, x.length);
    outstanding.set(backend, count + 1);
    bytesOf(view).set(bytesOf(x));
    return view;
  },
  download(_backend: ActivationBackend, handle: unknown, dtype: DType, length: number) {
    const result = allocate(dtype, length);
    bytesOf(result).set(bytesOf(handle as AnyTypedArray).subarray(0, result.byteLength));
    return result;
  },
  release(backend: ActivationBackend, handle: unknown) {
    const wasm = backend as WasmBackend;
    if (!wasm.isResident(handle)) return;
    wasm.free(handle as AnyTypedArray);
    outstanding.set(backend, (outstanding.get(backend) ?? 1) - 1);
  },
};
