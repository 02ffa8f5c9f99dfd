import { wordsOf, type KernelArray } from './bits.js';
import { productMask16 } from './half.js';

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
  const di = wordsOf(dy);
  const oi = wordsOf(out);
  if (x instanceof Float32Array) {
    const xi = wordsOf(x);
    for (let i = 0; i < n; i++) {
      const v = xi[i];
      const magnitude = v & 0x7fffffff;
      const notNaN = (magnitude - 0x7f800001) >> 31;
      const isZero = (magnitude - 1) >> 31;
      oi[i] = di[i] & ~(((v >> 31) & notNaN) | isZero);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const keep = ~-(x[i] <= 0);
      oi[2 * i] = di[2 * i] & keep;
      oi[2 * i + 1] = di[2 * i + 1] & keep;
    }
  }
}
