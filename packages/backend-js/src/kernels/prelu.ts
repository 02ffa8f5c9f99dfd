import type { AnyTypedArray } from '@rectify/core';
import { negativeMask32, wordsOf } from './bits.js';

/**
 * out[i] = x[i] < 0 ? alpha[c] * x[i] : x[i], c = floor(i / inner) % channels (params). As
 * leakyRelu: the product through the float view, kept elements restored from x's bits. The loops
 * walk whole channel runs, so no element needs a division.
 */
export function prelu(arrays: readonly AnyTypedArray[], params: readonly number[], out: AnyTypedArray, alpha?: AnyTypedArray): void {
  const x = arrays[0];
  const [channels, inner] = params;
  const a = alpha!;
  const n = x.length;
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

function run32(x: AnyTypedArray, xi: Int32Array, out: AnyTypedArray, oi: Int32Array, from: number, to: number, a: number): void {
  for (let i = from; i < to; i++) {
    const v = xi[i];
    const negative = negativeMask32(v);
    out[i] = a * x[i];
    oi[i] = (oi[i] & negative) | (v & ~negative);
  }
}

function run64(x: AnyTypedArray, xi: Int32Array, out: AnyTypedArray, oi: Int32Array, from: number, to: number, a: number): void {
  for (let i = from; i < to; i++) {
    const lo = xi[2 * i];
    const hi = xi[2 * i + 1];
    const negative = -(x[i] < 0);
    out[i] = a * x[i];
    oi[2 * i] = (oi[2 * i] & negative) | (lo & ~negative);
    oi[2 * i + 1] = (oi[2 * i + 1] & negative) | (hi & ~negative);
  }
}
