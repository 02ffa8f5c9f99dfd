import { negativeMask32, wordsOf, type KernelArray } from './bits.js';
import { TABLE_MIN_LENGTH, halfOfProduct, halfValues, negativeMask16, productTable } from './half.js';

/**
 * out[i] = x[i] < 0 ? alpha * x[i] : x[i], alpha already rounded to the dtype. The product is
 * stored through the float view (one correct rounding), then the kept elements are restored
 * from the input's bits, so NaN payloads survive. Float dtypes only.
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
  const xi = wordsOf(x);
  const oi = wordsOf(out);
  if (x instanceof Float32Array) {
    for (let i = 0; i < n; i++) {
      const v = xi[i];
      const negative = negativeMask32(v);
      out[i] = alpha * x[i];
      oi[i] = (oi[i] & negative) | (v & ~negative);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const lo = xi[2 * i];
      const hi = xi[2 * i + 1];
      const negative = -(x[i] < 0);
      out[i] = alpha * x[i];
      oi[2 * i] = (oi[2 * i] & negative) | (lo & ~negative);
      oi[2 * i + 1] = (oi[2 * i + 1] & negative) | (hi & ~negative);
    }
  }
}
