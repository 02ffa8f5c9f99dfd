import { toFloat16Bits } from '@rectify/core';
import { wordsOf, type KernelArray } from './bits.js';
import { negativeMask16 } from './half.js';
import * as scratch from './scratch.js';

// float32 runs through a scratch block (scratch.ts); module constants, for the loop.
const SCRATCH = scratch.FIRST_BITS;

const FLOAT32 = new Float32Array(1);
const FLOAT32_BITS = new Int32Array(FLOAT32.buffer);

/** out[i] = x[i] < 0 ? +0 : (x[i] > ceiling ? ceiling : x[i]); ceiling already rounded to the dtype. */
export function clippedRelu(arrays: readonly KernelArray[], params: readonly number[], out: KernelArray): void {
  const x = arrays[0];
  const ceiling = params[0];
  const n = x.length;
  if (x instanceof Uint16Array) {
    const c = toFloat16Bits(ceiling);
    const o = out as unknown as Uint16Array;
    for (let i = 0; i < n; i++) {
      const h = x[i];
      // Positive binary16s order as their bits; above +Inf's bits are NaNs (and negatives).
      const over = -(+(h > c) & +(h <= 0x7c00));
      o[i] = ((h & ~negativeMask16(h)) & ~over) | (c & over);
    }
  } else if (x instanceof Float32Array) {
    FLOAT32[0] = ceiling;
    scratch.throughScratch(x, out as Float32Array, clippedScratch, FLOAT32_BITS[0]);
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

/** The block's first m float32s, clipped on their bits to [+0, the ceiling whose bits are c]; NaNs kept. */
function clippedScratch(m: number, c: number): void {
  for (let k = 0; k < m; k++) {
    const v = SCRATCH[k];
    // Above the ceiling: bits greater than the (positive) ceiling's and not a NaN; below zero: bits.ts's negativeMask32, spelled out.
    const over = -(+(v > c) & +(v < 0x7f800001));
    const negative = ((v + 0x7fffff) & v & -(v & 0x7fffffff)) >> 31;
    SCRATCH[k] = ((v & ~negative) & ~over) | (c & over);
  }
}
