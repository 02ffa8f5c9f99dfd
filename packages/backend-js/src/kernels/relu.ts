import { negativeMask32, wordsOf, type KernelArray } from './bits.js';
import { negativeMask16 } from './half.js';

/** out[i] = x[i] < 0 ? +0 : x[i]. out may be x. */
export function relu(arrays: readonly KernelArray[], _params: readonly number[], out: KernelArray): void {
  const x = arrays[0];
  const n = x.length;
  if (x instanceof Uint16Array) {
    // float16, as its bits (js-backend.ts hands those kernels Uint16Array views).
    const o = out as unknown as Uint16Array;
    for (let i = 0; i < n; i++) {
      const h = x[i];
      o[i] = h & ~negativeMask16(h);
    }
  } else if (x instanceof Float32Array) {
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
