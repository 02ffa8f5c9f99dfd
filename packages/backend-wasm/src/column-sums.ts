/**
 * columnSums: the kernel adds each column's terms exactly, a block of columns at a time (the counts
 * area, see runColumnBlocks), and each block is rounded here once to float64 with core's helpers:
 * float terms into core's exact-sum layout (accumulatorWidth i64 entries a column; float16 in
 * float32's, which holds every binary16), integers into one i64 a column. Chunks of a plain array
 * add to the same entries, so the sum is rounded once whatever the chunking.
 */
import {
  LimitExceededError,
  accumulatorWidth,
  isFloatDType,
  roundAccumulator,
  roundExactSum,
  totalOf,
  type AnyTypedArray,
  type DType,
} from '@rectify/core';
import { runColumnBlocks, type Address } from './chunked.js';
import type { WasmHeap } from './heap.js';
import type { Kernel } from './kernels.js';

/** Each float term adds below 2^32 to a signed 64-bit limb (core's layout): exact up to 2^31 rows. */
const MAX_ROWS = 2 ** 31;

export function runColumnSums(
  heap: WasmHeap,
  dtype: DType,
  x: AnyTypedArray,
  addr: Address,
  rows: number,
  cols: number,
  kernel: Kernel,
  backend: string,
): Float64Array {
  const result = new Float64Array(cols);
  const float = isFloatDType(dtype);
  if (float && rows > MAX_ROWS) {
    throw new LimitExceededError(backend, `columnSums sums at most ${MAX_ROWS} rows of a float matrix exactly, got ${rows}; the js backend sums any number exactly.`);
  }
  // float16's terms go into float32's layout.
  const layout = dtype === 'float64' ? 'float64' : 'float32';
  const entries = float ? accumulatorWidth(layout) : 1;
  const acc = heap.countsPtr;
  runColumnBlocks(heap, dtype, x, addr, rows, cols, acc, entries * 8, kernel, (c0, w) => {
    const sums = new BigInt64Array(heap.buffer, acc, w * entries);
    if (!float) {
      // Number() of a BigInt rounds once, to nearest even; exact below 2^53.
      for (let c = 0; c < w; c++) result[c0 + c] = Number(sums[c]);
    } else if (layout === 'float64') result.set(roundAccumulator('float64', sums, w), c0);
    else roundFloat32Layout(sums, w, result, c0);
  });
  return result;
}

const LIMBS32 = accumulatorWidth('float32') - 1;
/** Limb q of float32's layout weighs 2^(32q - 149). */
const WEIGHTS32 = Float64Array.from({ length: LIMBS32 }, (_, q) => 2 ** (32 * q - 149));

/**
 * Rounds w sums in float32's layout to float64 into result from `at`. core's roundAccumulator rounds
 * to the layout's own dtype, so this is its float64 twin: a sum with no flags and its non-zero limbs
 * in two neighbours adds up in a double below 2^53 (times a power of two in 2^-149 .. 2^107, exact);
 * the rest go through core's BigInt total and roundExactSum.
 */
function roundFloat32Layout(acc: BigInt64Array, w: number, result: Float64Array, at: number): void {
  const width = LIMBS32 + 1;
  // Each entry as two words, little-endian: hi signed, lo unsigned.
  const words = new Int32Array(acc.buffer, acc.byteOffset, acc.length * 2);
  for (let c = 0; c < w; c++) {
    const base = c * width;
    let low = -1;
    let high = -1;
    for (let q = 0; q < LIMBS32; q++) {
      if (words[2 * (base + q)] !== 0 || words[2 * (base + q) + 1] !== 0) {
        if (low < 0) low = q;
        high = q;
      }
    }
    if (words[2 * (base + LIMBS32)] === 0 && high - low <= 1) {
      if (low < 0) {
        result[at + c] = 0;
        continue;
      }
      const fast = twoLimbs(words, base + low, high > low);
      if (fast !== undefined) {
        result[at + c] = fast * WEIGHTS32[low];
        continue;
      }
    }
    result[at + c] = roundExactSum('float64', totalOf('float32', acc, base), 'float32');
  }
}

/** The entry at `entry` (plus the next one, weighing 2^32 more, when `two`) as an exact double below 2^53, or undefined. */
function twoLimbs(words: Int32Array, entry: number, two: boolean): number | undefined {
  const low = words[2 * entry + 1] * 2 ** 32 + (words[2 * entry] >>> 0);
  if (Math.abs(low) >= 2 ** 52) return undefined;
  if (!two) return low;
  const next = words[2 * entry + 3] * 2 ** 32 + (words[2 * entry + 2] >>> 0);
  if (Math.abs(next) >= 2 ** 20) return undefined;
  return next * 2 ** 32 + low;
}
