import { wordsOf, type KernelArray } from './bits.js';
import { TABLE_MIN_LENGTH, halfOfProduct, halfValues, negativeMask16, productTable } from './half.js';
import * as scratch from './scratch.js';

// float32 runs through scratch blocks (scratch.ts): x's chunk, and the products; module constants, for the loop.
const SCRATCH = scratch.FIRST_BITS;
const SCRATCH_FLOATS = scratch.FIRST_FLOATS;
const PRODUCT = scratch.PRODUCT_BITS;
const PRODUCT_FLOATS = scratch.PRODUCT_FLOATS;

/**
 * out[i] = x[i] < 0 ? alpha * x[i] : x[i], alpha already rounded to the dtype. The product is
 * stored through a float view (one correct rounding), and the kept elements keep the input's
 * bits, so NaN payloads survive. Float dtypes only.
 */
export function leakyRelu(arrays: readonly KernelArray[], params: readonly number[], out: KernelArray): void {
  const x = arrays[0];
  const alpha = params[0];
  const n = x.length;
  if (x instanceof Uint16Array) {
    const o = out as unknown as Uint16Array;
    if (n > TABLE_MIN_LENGTH) {
      const t = productTable(alpha);
      for (let i = 0; i < n; i++) {
        const h = x[i];
        const negative = negativeMask16(h);
        o[i] = (t[h] & negative) | (h & ~negative);
      }
      return;
    }
    const v = halfValues();
    for (let i = 0; i < n; i++) {
      const h = x[i];
      const negative = negativeMask16(h);
      o[i] = (halfOfProduct(alpha * v[h]) & negative) | (h & ~negative);
    }
    return;
  }
  if (x instanceof Float32Array) {
    scratch.throughScratch(x, out as Float32Array, leakyScratch, alpha);
    return;
  }
  // float64: the product through the float view, then the kept elements' words restored.
  const xi = wordsOf(x);
  const oi = wordsOf(out);
  for (let i = 0; i < n; i++) {
    const lo = xi[2 * i];
    const hi = xi[2 * i + 1];
    const negative = -(x[i] < 0);
    out[i] = alpha * x[i];
    oi[2 * i] = (oi[2 * i] & negative) | (lo & ~negative);
    oi[2 * i + 1] = (oi[2 * i + 1] & negative) | (hi & ~negative);
  }
}

/** The block's first m float32s: negatives (bits.ts's negativeMask32, spelled out) take alpha times them, stored as a float32 (one rounding); the others keep their bits. */
function leakyScratch(m: number, alpha: number): void {
  for (let k = 0; k < m; k++) {
    const v = SCRATCH[k];
    PRODUCT_FLOATS[k] = alpha * SCRATCH_FLOATS[k];
    const negative = ((v + 0x7fffff) & v & -(v & 0x7fffffff)) >> 31;
    SCRATCH[k] = (PRODUCT[k] & negative) | (v & ~negative);
  }
}
