import type { AnyTypedArray } from '@rectify/core';

/** Per column of a row-major rows × cols matrix, the number of rows where x > 0. */
export function deadUnits(arrays: readonly AnyTypedArray[], params: readonly number[]): Uint32Array {
  const x = arrays[0];
  const rows = params[0];
  const cols = params[1];
  const counts = new Uint32Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      counts[c] += +(x[base + c] > 0);
    }
  }
  return counts;
}
