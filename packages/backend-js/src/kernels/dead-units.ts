import type { KernelArray } from './bits.js';

/** Per column of a row-major rows × cols matrix, the number of rows where x > 0. */
export function deadUnits(arrays: readonly KernelArray[], params: readonly number[]): Uint32Array {
  const x = arrays[0];
  const rows = params[0];
  const cols = params[1];
  const counts = new Uint32Array(cols);
  if (x instanceof Uint16Array) {
    // float16 bits: > 0 is 0x0001 .. 0x7c00 (+Inf included).
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) counts[c] += +((x[base + c] - 1) >>> 0 < 0x7c00);
    }
    return counts;
  }
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      counts[c] += +(x[base + c] > 0);
    }
  }
  return counts;
}
