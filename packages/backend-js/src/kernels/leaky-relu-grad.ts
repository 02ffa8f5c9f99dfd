import { wordsOf, type KernelArray } from './bits.js';
import { TABLE_MIN_LENGTH, halfOfProduct, halfValues, productMask16, productTable } from './half.js';
import * as scratch from './scratch.js';

// float32 runs through scratch blocks (scratch.ts): dy's chunk, x's, and the products; module constants, for the loop.
const DY_BITS = scratch.FIRST_BITS;
const DY_FLOATS = scratch.FIRST_FLOATS;
const X_BITS = scratch.SECOND_BITS;
const PRODUCT_BITS = scratch.PRODUCT_BITS;
const PRODUCT_FLOATS = scratch.PRODUCT_FLOATS;

/**
 * out[i] = x[i] > 0 || isNaN(x[i]) ? dy[i] : alpha * dy[i], alpha already rounded to the dtype. The
 * product goes through a float view (one rounding); dy's bits are kept where it passes, and both
 * inputs are read before out is written, so out may be dy or x. Float dtypes only.
 */
export function leakyReluGrad(arrays: readonly KernelArray[], params: readonly number[], out: KernelArray): void {
  const [dy, x] = arrays;
  const alpha = params[0];
  const n = x.length;
  if (x instanceof Uint16Array) {
    const d = dy as unknown as Uint16Array;
    const o = out as unknown as Uint16Array;
    if (n > TABLE_MIN_LENGTH) {
      const t = productTable(alpha);
      for (let i = 0; i < n; i++) {
        const use = productMask16(x[i]);
        const g = d[i];
        o[i] = (t[g] & use) | (g & ~use);
      }
      return;
    }
    const v = halfValues();
    for (let i = 0; i < n; i++) {
      const use = productMask16(x[i]);
      const g = d[i];
      o[i] = (halfOfProduct(alpha * v[g]) & use) | (g & ~use);
    }
    return;
  }
  if (x instanceof Float32Array) {
    scratch.throughScratch(dy as Float32Array, out as Float32Array, leakyGradScratch, alpha, x);
    return;
  }
  const di = wordsOf(dy);
  const oi = wordsOf(out);
  for (let i = 0; i < n; i++) {
    const lo = di[2 * i];
    const hi = di[2 * i + 1];
    const use = -(x[i] <= 0);
    out[i] = alpha * dy[i];
    oi[2 * i] = (oi[2 * i] & use) | (lo & ~use);
    oi[2 * i + 1] = (oi[2 * i + 1] & use) | (hi & ~use);
  }
}

/** dy's block's first m float32s times alpha (one rounding, through the products' block) where x's block's is <= 0 (bits.ts's productMask32, spelled out). */
function leakyGradScratch(m: number, alpha: number): void {
  for (let k = 0; k < m; k++) {
    const v = X_BITS[k];
    const magnitude = v & 0x7fffffff;
    const use = ((v >> 31) & ((magnitude - 0x7f800001) >> 31)) | ((magnitude - 1) >> 31);
    PRODUCT_FLOATS[k] = alpha * DY_FLOATS[k];
    const d = DY_BITS[k];
    DY_BITS[k] = (PRODUCT_BITS[k] & use) | (d & ~use);
  }
}
