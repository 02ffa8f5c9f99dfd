import { productMask32, wordsOf, type KernelArray } from './bits.js';
import { halfOfProduct, halfValues, productMask16 } from './half.js';
import { BINS32, BINS64, MAX_BINS, Sums32, Sums64, type Sums } from './exact-bins.js';


/**
 * dx[i] = x[i] > 0 || isNaN(x[i]) ? dy[i] : alpha[c] * dy[i] (into out), and returns dalpha: per
 * channel, the exact sum of the rounded products dy * x where x <= 0, rounded once by core.
 *
 * Terms are added into float64 bins by exponent, flushed into BigInt totals: float32 terms of one
 * exponent are multiples of its ulp below 2^24 ulps, so a bin of them is exact up to 2^29 terms;
 * float64 terms are split at 26 bits into two integers below 2^27, exact up to 2^26. When bins for
 * every channel would not fit in MAX_BINS (a channel per element, say), the loop goes channel by
 * channel with one set of bins instead.
 */
export function preluGrad(arrays: readonly KernelArray[], params: readonly number[], out: KernelArray, alpha?: KernelArray): Float32Array | Float64Array {
  const [dy, x] = arrays;
  const [channels, inner] = params;
  const half = x instanceof Uint16Array;
  // float16's alpha comes as bits; its terms are float32 values, so they share float32's bins.
  const a = half ? Float32Array.from(alpha as Uint16Array, (h) => halfValues()[h]) : alpha!;
  const f32 = x instanceof Float32Array;
  const together = channels * (f32 || half ? BINS32 : BINS64) <= MAX_BINS;
  const slots = together ? channels : 1;
  const sums = f32 || half ? new Sums32(half ? 'float16' : 'float32', channels, slots) : new Sums64(channels, slots);
  const none = new Int32Array(0); // float16 works on its own Uint16Array views, which may not be word-aligned
  const g: Grad = half
    ? { dy, x, out, di: none, xi: none, oi: none, kind: 16, sums }
    : { dy, x, out, di: wordsOf(dy), xi: wordsOf(x), oi: wordsOf(out), kind: f32 ? 32 : 64, sums };
  const block = channels * inner;
  const n = x.length;
  if (together) {
    for (let base = 0; base < n; base += block) {
      for (let c = 0; c < channels; c++) run(g, base + c * inner, inner, a[c], c);
    }
    for (let c = 0; c < channels; c++) sums.flush(c, c);
  } else {
    for (let c = 0; c < channels; c++) {
      for (let base = 0; base < n; base += block) run(g, base + c * inner, inner, a[c], 0, c);
      sums.flush(0, c);
    }
  }
  return sums.finish();
}

interface Grad {
  dy: KernelArray;
  x: KernelArray;
  out: KernelArray;
  di: Int32Array;
  xi: Int32Array;
  oi: Int32Array;
  kind: 16 | 32 | 64;
  sums: Sums;
}

/** One run of `count` elements of one channel from `from`: dx, and the terms into bin slot `slot` (for channel `channel`). */
function run(g: Grad, from: number, count: number, alphaC: number, slot: number, channel = slot): void {
  const { dy, x, out, di, xi, oi, sums } = g;
  const to = from + count;
  if (g.kind === 16) return run16(dy as Uint16Array, x as Uint16Array, out as Uint16Array, from, to, alphaC, sums, slot, channel);
  for (let i = from; i < to; i++) {
    const v = x[i];
    const d = dy[i];
    if (v <= 0) sums.add(slot, channel, d * v);
    if (g.kind === 32) {
      const use = productMask32(xi[i]);
      const bits = di[i];
      out[i] = alphaC * d;
      oi[i] = (oi[i] & use) | (bits & ~use);
    } else {
      const lo = di[2 * i];
      const hi = di[2 * i + 1];
      const use = -(v <= 0);
      out[i] = alphaC * d;
      oi[2 * i] = (oi[2 * i] & use) | (lo & ~use);
      oi[2 * i + 1] = (oi[2 * i + 1] & use) | (hi & ~use);
    }
  }
}

function run16(dy: Uint16Array, x: Uint16Array, out: Uint16Array, from: number, to: number, alphaC: number, sums: Sums, slot: number, channel: number): void {
  const v = halfValues();
  for (let i = from; i < to; i++) {
    const h = x[i];
    const d = dy[i];
    const use = productMask16(h);
    if (use) sums.add(slot, channel, v[halfOfProduct(v[d] * v[h])]);
    out[i] = (halfOfProduct(alphaC * v[d]) & use) | (d & ~use);
  }
}
