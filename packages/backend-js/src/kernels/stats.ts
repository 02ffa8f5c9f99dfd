import type { KernelArray } from './bits.js';
import type { ActivationStats } from '@rectify/core';
import { negativeMask16 } from './half.js';

/** Counts by sign; the comparisons are summed rather than branched on, since signs are random. */
export function stats(arrays: readonly KernelArray[]): ActivationStats {
  const x = arrays[0];
  const n = x.length;
  let negative = 0;
  let zero = 0;
  let positive = 0;
  if (x instanceof Uint16Array) {
    for (let i = 0; i < n; i++) {
      const h = x[i];
      negative -= negativeMask16(h);
      zero += +((h & 0x7fff) === 0);
      positive += +((h - 1) >>> 0 < 0x7c00); // 0x0001 .. 0x7c00
    }
    return { length: n, negative, zero, positive, nan: n - negative - zero - positive };
  }
  for (let i = 0; i < n; i++) {
    const v = x[i];
    negative += +(v < 0);
    zero += +(v === 0);
    positive += +(v > 0);
  }
  return { length: n, negative, zero, positive, nan: n - negative - zero - positive };
}
