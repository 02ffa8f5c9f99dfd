import {
  BackendDisposedError,
  SPEC_DTYPES,
  SyncBackend,
  allocate,
  checkAlpha,
  checkCeiling,
  checkGrad,
  checkShape,
  checkUnary,
  checkInput,
  type ActivationBackend,
  type ActivationStats,
  type AnyTypedArray,
  type Capabilities,
  type SyncOps,
} from '@rectify/core';
import { clippedRelu } from './kernels/clipped-relu.js';
import { deadUnits } from './kernels/dead-units.js';
import { leakyRelu } from './kernels/leaky-relu.js';
import { reluGrad } from './kernels/relu-grad.js';
import { relu } from './kernels/relu.js';
import { stats } from './kernels/stats.js';

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

  readonly sync: SyncOps = {
    relu: <T extends AnyTypedArray>(x: T, out?: T): T => {
      this.checkAlive();
      const d = checkUnary(this, 'relu', x, out);
      const result = out ?? (allocate(d, x.length) as T);
      relu(x, result);
      return result;
    },
    clippedRelu: <T extends AnyTypedArray>(x: T, ceiling = 6, out?: T): T => {
      this.checkAlive();
      const d = checkUnary(this, 'clippedRelu', x, out);
      const c = checkCeiling(d, ceiling);
      const result = out ?? (allocate(d, x.length) as T);
      clippedRelu(x, c, result);
      return result;
    },
    leakyRelu: <T extends AnyTypedArray>(x: T, alpha = 0.01, out?: T): T => {
      this.checkAlive();
      const d = checkUnary(this, 'leakyRelu', x, out);
      const a = checkAlpha(d, alpha);
      const result = out ?? (allocate(d, x.length) as T);
      leakyRelu(x as unknown as Float32Array, a, result as unknown as Float32Array);
      return result;
    },
    reluGrad: <T extends AnyTypedArray>(dy: T, x: T, out?: T): T => {
      this.checkAlive();
      const d = checkGrad(this, dy, x, out);
      const result = out ?? (allocate(d, x.length) as T);
      reluGrad(dy, x as unknown as Float32Array, result);
      return result;
    },
    stats: (x: AnyTypedArray): ActivationStats => {
      this.checkAlive();
      checkInput(this, 'stats', x);
      return stats(x);
    },
    deadUnits: (x: AnyTypedArray, rows: number, cols: number): Uint32Array => {
      this.checkAlive();
      checkShape(this, x, rows, cols);
      return deadUnits(x, rows, cols);
    },
  };

  dispose(): void {
    this.disposed = true;
  }

  private checkAlive(): void {
    if (this.disposed) throw new BackendDisposedError(this.name);
  }
}
