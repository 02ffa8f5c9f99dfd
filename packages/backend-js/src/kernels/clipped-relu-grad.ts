import { toFloat16Bits } from '@rectify/core';
import { wordsOf, type KernelArray } from './bits.js';
import * as scratch from './scratch.js';

const FLOAT32 = new Float32Array(1);
const FLOAT32_BITS = new Int32Array(FLOAT32.buffer);
// float32 runs through scratch blocks (scratch.ts): dy's chunk, and x's; module constants, for the loop.
const DY_BITS = scratch.FIRST_BITS;
const X_BITS = scratch.SECOND_BITS;

/** out[i] = (0 < x[i] < ceiling) || isNaN(x[i]) ? dy[i] : +0, dy's bits kept; out may be dy or x. Float dtypes only. */
export function clippedReluGrad(arrays: readonly KernelArray[], params: readonly number[], out: KernelArray): void {
  const [dy, x] = arrays;
  const ceiling = params[0];
  const n = x.length;
  if (x instanceof Uint16Array) {
    const c = toFloat16Bits(ceiling);
    const d = dy as unknown as Uint16Array;
    const o = out as unknown as Uint16Array;
    for (let i = 0; i < n; i++) {
      const h = x[i];
      const keep = -((+(h > 0) & +(h < c)) | +((h & 0x7fff) > 0x7c00));
      o[i] = d[i] & keep;
    }
    return;
  }
  if (x instanceof Float32Array) {
    FLOAT32[0] = ceiling;
    scratch.throughScratch(dy as Float32Array, out as Float32Array, clippedGradScratch, FLOAT32_BITS[0], x);
    return;
  }
  const di = wordsOf(dy);
  const oi = wordsOf(out);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const keep = -((+(v > 0) & +(v < ceiling)) | +(v !== v));
    oi[2 * i] = di[2 * i] & keep;
    oi[2 * i + 1] = di[2 * i + 1] & keep;
  }
}

/** dy's block keeps its first m words where x's block's float32 is in (0, the ceiling whose bits are c) or NaN. */
function clippedGradScratch(m: number, c: number): void {
  for (let k = 0; k < m; k++) {
    const v = X_BITS[k];
    // Positive floats order as their bits (the ceiling is one); NaNs have magnitudes above +Inf's.
    DY_BITS[k] &= -((+(v > 0) & +(v < c)) | +((v & 0x7fffffff) > 0x7f800000));
  }
}
