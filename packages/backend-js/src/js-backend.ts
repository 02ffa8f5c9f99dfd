import {
  BackendDisposedError,
  SPEC_DTYPES,
  SyncBackend,
  resultArray,
  type ActivationBackend,
  type AnyTypedArray,
  type Capabilities,
  type OpName,
  type PreparedCall,
} from '@rectify/core';
import * as kernels from './kernels/index.js';

/**
 * A kernel: for ops whose result is an array it writes `out`; gradients write dx into `out` and
 * return dalpha; the others return the result. Per-channel ops also get the checked alpha.
 */
type JsKernel = (arrays: readonly AnyTypedArray[], params: readonly number[], out: AnyTypedArray, perChannel?: AnyTypedArray) => unknown;

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
    const arrays = call.arrays as readonly AnyTypedArray[];
    const { result } = call.op;
    if (result !== 'array' && result !== 'gradients') return kernel(arrays, call.params, undefined as never);
    const out = resultArray(call);
    const dalpha = kernel(arrays, call.params, out, call.perChannel);
    return result === 'array' ? out : { dx: out, dalpha };
  }
}
