import type { AnyTypedArray } from '@rectify/core';
import { negativeMask32, wordsOf } from './bits.js';

/** out[i] = x[i] < 0 ? +0 : x[i]. out may be x. */
export function relu(arrays: readonly AnyTypedArray[], _params: readonly number[], out: AnyTypedArray): void {
  const x = arrays[0];
  const n = x.length;
  if (x instanceof Float32Array) {
    const xi = wordsOf(x);
    const oi = wordsOf(out);
    for (let i = 0; i < n; i++) {
      const v = xi[i];
      oi[i] = v & ~negativeMask32(v);
    }
  } else if (x instanceof Float64Array) {
    const xi = wordsOf(x);
    const oi = wordsOf(out);
    for (let i = 0; i < n; i++) {
      const keep = ~-(x[i] < 0);
      oi[2 * i] = xi[2 * i] & keep;
      oi[2 * i + 1] = xi[2 * i + 1] & keep;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      out[i] = v & ~(v >> 31);
    }
  }
}
