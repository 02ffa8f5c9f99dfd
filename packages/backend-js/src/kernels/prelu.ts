import { negativeMask32, wordsOf, type KernelArray } from './bits.js';
import { halfOfProduct, halfValues, negativeMask16 } from './half.js';

/**
 * out[i] = x[i] < 0 ? alpha[c] * x[i] : x[i], c = floor(i / inner) % channels (params). As
 * leakyRelu: the product through the float view, kept elements restored from x's bits. The loops
 * walk whole channel runs, so no element needs a division.
 */
export function prelu(arrays: readonly KernelArray[], params: readonly number[], out: KernelArray, alpha?: KernelArray): void {
  const x = arrays[0];
  const [channels, inner] = params;
  const a = alpha!;
  const n = x.length;
  if (x instanceof Uint16Array) return prelu16(x, out as Uint16Array, a as Uint16Array, channels, inner);
  const xi = wordsOf(x);
  const oi = wordsOf(out);
  const f32 = x instanceof Float32Array;
  if (inner === 1 && f32) {
    // Channels last: one element per run, so the element's work is inlined here.
    for (let base = 0; base < n; base += channels) {
      for (let c = 0; c < channels; c++) {
        const i = base + c;
        const v = xi[i];
        const negative = negativeMask32(v);
        out[i] = a[c] * x[i];
        oi[i] = (oi[i] & negative) | (v & ~negative);
      }
    }
    return;
  }
  const block = channels * inner;
  for (let base = 0; base < n; base += block) {
    for (let c = 0; c < channels; c++) {
      const start = base + c * inner;
      if (f32) run32(x, xi, out, oi, start, start + inner, a[c]);
      else run64(x, xi, out, oi, start, start + inner, a[c]);
    }
  }
}

/** float16 on bits; alpha's bits too (js-backend.ts), read through the value table. */
function prelu16(x: Uint16Array, out: Uint16Array, alpha: Uint16Array, channels: number, inner: number): void {
  const v = halfValues();
  const block = channels * inner;
  for (let base = 0; base < x.length; base += block) {
    for (let c = 0; c < channels; c++) {
      const a = v[alpha[c]];
      const to = base + (c + 1) * inner;
      for (let i = base + c * inner; i < to; i++) {
        const h = x[i];
        const negative = negativeMask16(h);
        out[i] = (halfOfProduct(a * v[h]) & negative) | (h & ~negative);
      }
    }
  }
}

function run32(x: KernelArray, xi: Int32Array, out: KernelArray, oi: Int32Array, from: number, to: number, a: number): void {
  for (let i = from; i < to; i++) {
    const v = xi[i];
    const negative = negativeMask32(v);
    out[i] = a * x[i];
    oi[i] = (oi[i] & negative) | (v & ~negative);
  }
}

function run64(x: KernelArray, xi: Int32Array, out: KernelArray, oi: Int32Array, from: number, to: number, a: number): void {
  for (let i = from; i < to; i++) {
    const lo = xi[2 * i];
    const hi = xi[2 * i + 1];
    const negative = -(x[i] < 0);
    out[i] = a * x[i];
    oi[2 * i] = (oi[2 * i] & negative) | (lo & ~negative);
    oi[2 * i + 1] = (oi[2 * i + 1] & negative) | (hi & ~negative);
  }
}
