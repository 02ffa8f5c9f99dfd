import { wordsOf, type KernelArray } from './bits.js';
import { negativeMask16 } from './half.js';
import * as scratch from './scratch.js';

// Module constants, for the loop (scratch.ts).
const SCRATCH = scratch.FIRST_BITS;

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
    // Through a scratch block (scratch.ts): no bit views on x or out.
    scratch.throughScratch(x, out as Float32Array, reluScratch);
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

// bits.ts's negativeMask32, spelled out, in a function of its own: with the call, or inlined into the
// chunk loop, V8 made this loop 1.2x to 1.5x slower (same run, this machine).
function reluScratch(m: number): void {
  for (let k = 0; k < m; k++) {
    const v = SCRATCH[k];
    SCRATCH[k] = v & ~(((v + 0x7fffff) & v & -(v & 0x7fffffff)) >> 31);
  }
}
