import { productMask32, wordsOf, type KernelArray } from './bits.js';
import { TABLE_MIN_LENGTH, halfOfProduct, halfValues, productMask16, productTable } from './half.js';

/**
 * out[i] = x[i] > 0 || isNaN(x[i]) ? dy[i] : alpha * dy[i], alpha already rounded to the dtype. The
 * product goes through the float view (one rounding); dy's bits are restored where it passes, and
 * both inputs are read before the store, so out may be dy or x. Float dtypes only.
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
  const di = wordsOf(dy);
  const oi = wordsOf(out);
  if (x instanceof Float32Array) {
    const xi = wordsOf(x);
    for (let i = 0; i < n; i++) {
      const use = productMask32(xi[i]);
      const d = di[i];
      out[i] = alpha * dy[i];
      oi[i] = (oi[i] & use) | (d & ~use);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const lo = di[2 * i];
      const hi = di[2 * i + 1];
      const use = -(x[i] <= 0);
      out[i] = alpha * dy[i];
      oi[2 * i] = (oi[2 * i] & use) | (lo & ~use);
      oi[2 * i + 1] = (oi[2 * i + 1] & use) | (hi & ~use);
    }
  }
}
