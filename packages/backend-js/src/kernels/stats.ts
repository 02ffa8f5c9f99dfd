import type { ActivationStats, AnyTypedArray } from '@rectify/core';

/** Counts by sign; the comparisons are summed rather than branched on, since signs are random. */
export function stats(arrays: readonly AnyTypedArray[]): ActivationStats {
  const x = arrays[0];
  const n = x.length;
  let negative = 0;
  let zero = 0;
  let positive = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    negative += +(v < 0);
    zero += +(v === 0);
    positive += +(v > 0);
  }
  return { length: n, negative, zero, positive, nan: n - negative - zero - positive };
}
