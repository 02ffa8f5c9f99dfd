import { wordsOf, type KernelArray } from './bits.js';
import { productMask16 } from './half.js';
import * as scratch from './scratch.js';

// float32 runs through scratch blocks (scratch.ts): dy's chunk, and x's; module constants, for the loop.
const DY_BITS = scratch.FIRST_BITS;
const X_BITS = scratch.SECOND_BITS;

/** out[i] = x[i] <= 0 ? +0 : dy[i], dy's bits kept; a NaN in x passes dy. out may be dy or x. Float dtypes only. */
export function reluGrad(arrays: readonly KernelArray[], _params: readonly number[], out: KernelArray): void {
  const dy = arrays[0];
  const x = arrays[1];
  const n = x.length;
  if (x instanceof Uint16Array) {
    const d = dy as unknown as Uint16Array;
    const o = out as unknown as Uint16Array;
    for (let i = 0; i < n; i++) o[i] = d[i] & ~productMask16(x[i]);
    return;
  }
  if (x instanceof Float32Array) {
    scratch.throughScratch(dy as Float32Array, out as Float32Array, reluGradScratch, 0, x);
    return;
  }
  const di = wordsOf(dy);
  const oi = wordsOf(out);
  for (let i = 0; i < n; i++) {
    const keep = ~-(x[i] <= 0);
    oi[2 * i] = di[2 * i] & keep;
    oi[2 * i + 1] = di[2 * i + 1] & keep;
  }
}

/** dy's block keeps its first m words where x's block's float32 is > 0 or NaN (bits.ts's productMask32, spelled out). */
function reluGradScratch(m: number): void {
  for (let k = 0; k < m; k++) {
    const v = X_BITS[k];
    const magnitude = v & 0x7fffffff;
    const notNaN = (magnitude - 0x7f800001) >> 31;
    const isZero = (magnitude - 1) >> 31;
    DY_BITS[k] &= ~(((v >> 31) & notNaN) | isZero);
  }
}
