import type { AnyTypedArray } from '@rectify/core';
import { negativeMask32, wordsOf } from './bits.js';

const FLOAT32 = new Float32Array(1);
const FLOAT32_BITS = new Int32Array(FLOAT32.buffer);

/** out[i] = x[i] < 0 ? +0 : (x[i] > ceiling ? ceiling : x[i]); ceiling already rounded to the dtype. */
export function clippedRelu(arrays: readonly AnyTypedArray[], params: readonly number[], out: AnyTypedArray): void {
  const x = arrays[0];
  const ceiling = params[0];
  const n = x.length;
  if (x instanceof Float32Array) {
    FLOAT32[0] = ceiling;
    const c = FLOAT32_BITS[0];
    const xi = wordsOf(x);
    const oi = wordsOf(out);
    for (let i = 0; i < n; i++) {
      const v = xi[i];
      // Above the ceiling: bits greater than the (positive) ceiling's and not a NaN.
      const over = -(+(v > c) & +(v < 0x7f800001));
      oi[i] = ((v & ~negativeMask32(v)) & ~over) | (c & over);
    }
  } else if (x instanceof Float64Array) {
    const xi = wordsOf(x);
    const oi = wordsOf(out);
    const cw = wordsOf(new Float64Array([ceiling]));
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const keep = ~(-(v < 0) | -(v > ceiling));
      const over = -(v > ceiling);
      oi[2 * i] = (xi[2 * i] & keep) | (cw[0] & over);
      oi[2 * i + 1] = (xi[2 * i + 1] & keep) | (cw[1] & over);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const r = v & ~(v >> 31);
      out[i] = r - ((r - ceiling) & ((ceiling - r) >> 31));
    }
  }
}
