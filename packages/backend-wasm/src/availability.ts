import type { Availability } from '@rectify/core';

/**
 * The smallest module that uses fixed-width SIMD: `(func (result v128) (i32x4.splat (i32.const 0)))`.
 * Validating it answers "does this engine have wasm SIMD" without compiling the real module.
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x11, 0x0b, // code: i32.const 0; i32x4.splat; end
]);

/** Whether this engine can run the backend; when not, why. Synchronous and cheap (no compile). */
export function isAvailable(): Availability {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (wasm === undefined || typeof wasm.validate !== 'function') {
    return { available: false, reason: 'WebAssembly is not available in this JavaScript engine (or is disabled by policy)' };
  }
  try {
    if (wasm.validate(SIMD_PROBE)) return { available: true };
  } catch {
    // An engine that throws on validate has no usable WebAssembly either.
  }
  return {
    available: false,
    reason:
      'this engine does not support WebAssembly fixed-width SIMD (v128), which every kernel uses; ' +
      'it needs Chrome/Edge 91+, Firefox 89+, Safari 16.4+ or Node 16.4+',
  };
}
