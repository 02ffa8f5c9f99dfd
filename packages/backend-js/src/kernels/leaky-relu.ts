import type { AnyTypedArray } from '@rectify/core';
import { negativeMask32, wordsOf } from './bits.js';

/**
 * out[i] = x[i] < 0 ? alpha * x[i] : x[i], alpha already rounded to the dtype. The product is
 * stored through the float view (one correct rounding), then the kept elements are restored
 * from the input's bits, so NaN payloads survive. Float dtypes only.
 */
export function leakyRelu(arrays: readonly AnyTypedArray[], params: readonly number[], out: AnyTypedArray): void {
  const x = arrays[0];
  const alpha = params[0];
  const n = x.length;
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
