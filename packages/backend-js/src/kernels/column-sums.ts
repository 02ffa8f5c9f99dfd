import { roundExactSum, type ExactTotal } from '@rectify/core';
import type { KernelArray } from './bits.js';
import { BINS32, BINS64, MAX_BINS, Sums32, Sums64 } from './exact-bins.js';
import { halfValues } from './half.js';

/** Rows an integer column adds into a double before it goes into its BigInt total: below 2^53 whatever the values. */
const INT_FLUSH_ROWS = 1 << 21;

/**
 * Per column of a rows × cols matrix, the exact sum of its rows, rounded once to float64. Float terms go
 * into exact bins per column (as preluGrad's dalpha, float16's as the float32 values they are); when
 * bins for every column would not fit, columns are summed one at a time. Integers add into doubles
 * (exact for 2^21 rows of int32) flushed into BigInts.
 */
export function columnSums(arrays: readonly KernelArray[], params: readonly number[]): Float64Array {
  const a = arrays[0];
  const [rows, cols] = params;
  if (a instanceof Int32Array || a instanceof Int8Array) return intSums(a, rows, cols);
  const half = a instanceof Uint16Array;
  const narrow = half || a instanceof Float32Array;
  const together = cols * (narrow ? BINS32 : BINS64) <= MAX_BINS;
  const slots = together ? cols : 1;
  const sums = narrow ? new Sums32(half ? 'float16' : 'float32', cols, slots) : new Sums64(cols, slots);
  const value = half ? halfValues() : undefined;
  const h = a as Uint16Array;
  const f = a as Float32Array | Float64Array;
  for (let first = 0; first < cols; first += slots) {
    const last = Math.min(first + slots, cols);
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let c = first; c < last; c++) sums.add(c - first, c, value ? value[h[base + c]] : f[base + c]);
    }
    for (let c = first; c < last; c++) sums.flush(c - first, c);
  }
  return sums.finish('float64') as Float64Array;
}

function intSums(a: Int32Array | Int8Array, rows: number, cols: number): Float64Array {
  const totals: ExactTotal[] = Array.from({ length: cols }, () => ({ total: 0n, posInf: false, negInf: false, nan: false }));
  const partial = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) partial[c] += a[base + c];
    if ((r + 1) % INT_FLUSH_ROWS === 0 || r === rows - 1) {
      for (let c = 0; c < cols; c++) totals[c].total += BigInt(partial[c]);
      partial.fill(0);
    }
  }
  const from = a instanceof Int32Array ? 'int32' : 'int8';
  return Float64Array.from(totals, (t) => roundExactSum('float64', t, from));
}
