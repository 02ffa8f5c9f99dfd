import { binOf } from '@rectify/core';
import type { KernelArray } from './bits.js';
import { halfValues } from './half.js';

/** Counts per bin of the (checked) edges: [below, bins..., above, NaN]; core's binary search per element. */
export function histogram(arrays: readonly KernelArray[], edges: readonly number[]): Uint32Array {
  const a = arrays[0];
  const counts = new Uint32Array(edges.length + 2);
  if (a instanceof Uint16Array) {
    const v = halfValues();
    if (a.length <= 65536) {
      for (let i = 0; i < a.length; i++) counts[binOf(v[a[i]], edges)]++;
      return counts;
    }
    // A long float16 array: count each of the 2^16 patterns, then bin each pattern once.
    const perPattern = new Uint32Array(65536);
    for (let i = 0; i < a.length; i++) perPattern[a[i]]++;
    for (let h = 0; h < 65536; h++) if (perPattern[h] !== 0) counts[binOf(v[h], edges)] += perPattern[h];
    return counts;
  }
  for (let i = 0; i < a.length; i++) counts[binOf(a[i], edges)]++;
  return counts;
}
