import {
  BackendDisposedError,
  SPEC_DTYPES,
  SyncBackend,
  bitView,
  fromNumbers,
  resultArray,
  type ActivationBackend,
  type AnyTypedArray,
  type Capabilities,
  type OpName,
  type PreparedCall,
} from '@rectify/core';
import type { KernelArray } from './kernels/bits.js';
import * as kernels from './kernels/index.js';

/**
 * A kernel: for ops whose result is an array it writes `out`; gradients write dx into `out` and
 * return dalpha; the others return the result. Per-channel ops also get the checked alpha.
 * float16 arrays reach kernels as Uint16Array views of their bits: a polyfilled Float16Array reads
 * every element through a Proxy, and the rules are on bits anyway.
 */
type JsKernel = (arrays: readonly KernelArray[], params: readonly number[], out: KernelArray, perChannel?: KernelArray) => unknown;

/** Every op of core's table has a kernel here: the compiler checks it, and so does test/kernels.test.ts. */
export const KERNELS: Readonly<Record<OpName, JsKernel>> = kernels satisfies Record<OpName, JsKernel>;

export const capabilities: Capabilities = Object.freeze({
  ops: SPEC_DTYPES,
  flushesSubnormals: false,
  deviceBacked: false,
  sync: true,
  residentArrays: false,
  maxLength: Number.MAX_SAFE_INTEGER,
});

/** Plain JavaScript: typed-array loops over integer views, exact everywhere JS runs. */
export class JsBackend extends SyncBackend implements ActivationBackend {
  readonly name = 'js';
  readonly capabilities = capabilities;
  private disposed = false;

  dispose(): void {
    this.disposed = true;
  }

  protected assertUsable(): void {
    if (this.disposed) throw new BackendDisposedError(this.name);
  }

  protected execute(call: PreparedCall): unknown {
    const kernel = KERNELS[call.op.name];
    const half = call.dtype === 'float16';
    const arrays = half ? call.arrays.map((a) => bitView(a as AnyTypedArray) as Uint16Array) : (call.arrays as readonly KernelArray[]);
    const { result } = call.op;
    if (result !== 'array' && result !== 'gradients') return kernel(arrays, call.params, undefined as never);
    const out = resultArray(call);
    const alpha = call.perChannel && half ? (bitView(call.perChannel) as Uint16Array) : (call.perChannel as KernelArray | undefined);
    const dalpha = kernel(arrays, call.params, half ? (bitView(out) as Uint16Array) : (out as KernelArray), alpha);
    if (result === 'array') return out;
    return { dx: out, dalpha: half ? fromNumbers('float16', dalpha as Float64Array, call.perChannel) : dalpha };
  }
}
