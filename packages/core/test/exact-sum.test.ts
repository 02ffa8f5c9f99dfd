import { Float16Array } from '@petamoriken/float16';
import { describe, expect, it } from 'vitest';
import { useFloat16Array, accumulatorWidth, exactUnits, roundAccumulator, roundExactSum, SUM_FLAGS, type FloatDType } from '../src/index.js';

useFloat16Array(Float16Array);

const finite = (total: bigint) => ({ total, posInf: false, negInf: false, nan: false });
const SCALE = { float32: 149, float64: 1074, float16: 149 };
const PRECISION = { float32: 24, float64: 53, float16: 11 };
/** log2 of the dtype's smallest subnormal, and of its overflow threshold. */
const SUBNORMAL = { float32: -149, float64: -1074, float16: -24 };
const RANGE = { float32: 128, float64: 1024, float16: 16 };

/** Round to nearest even the slow, obvious way: the bit length from a binary string, then half-way tests. */
function reference(dtype: FloatDType, total: bigint): number {
  if (total === 0n) return 0;
  const negative = total < 0n;
  const m = negative ? -total : total;
  // Bits below the dtype's smallest subnormal go too (float16's unit is float32's: 125 bits finer).
  const drop = Math.max(m.toString(2).length - PRECISION[dtype], SUBNORMAL[dtype] + SCALE[dtype], 0);
  let q = m >> BigInt(drop);
  if (drop > 0) {
    const rest = m - (q << BigInt(drop));
    const half = 1n << BigInt(drop - 1);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q++;
  }
  let v = Number(q) * 2 ** (drop - SCALE[dtype]);
  if (v >= 2 ** RANGE[dtype]) v = Infinity;
  return negative ? -v : v;
}

describe('exact sums', () => {
  it('round once to nearest even, like the obvious reference, on random totals of every size, ties included', () => {
    let s = 12345n;
    const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n));
    for (let i = 0; i < 20000; i++) {
      const dtype: FloatDType = (['float32', 'float64', 'float16'] as const)[i % 3];
      const bits = Number(next() % (dtype === 'float64' ? 2120n : 300n));
      let t = 0n;
      for (let k = 0; k < bits; k += 64) t = (t << 64n) | next();
      t >>= BigInt(Math.ceil(bits / 64) * 64 - bits);
      const drop = bits - PRECISION[dtype];
      if (drop > 1 && i % 5 === 0) t = ((t >> BigInt(drop)) << BigInt(drop)) | (1n << BigInt(drop - 1)); // a tie
      if (drop > 1 && i % 5 === 1) t = (((t >> BigInt(drop)) << BigInt(drop)) | (1n << BigInt(drop - 1))) - 1n; // just below
      if (i & 2) t = -t;
      expect(Object.is(roundExactSum(dtype, finite(t)), reference(dtype, t)), `${dtype} ${t}`).toBe(true);
    }
  });

  it('rounds past the range to Infinity exactly at the half-way point, keeps subnormals, and gives +0 for zero', () => {
    const max32 = (2n ** 24n - 1n) << 253n; // float32's max in units of 2^-149
    const halfUlp = 1n << 252n;
    expect(roundExactSum('float32', finite(max32 + halfUlp))).toBe(Infinity);
    expect(roundExactSum('float32', finite(-(max32 + halfUlp)))).toBe(-Infinity);
    expect(roundExactSum('float32', finite(max32 + halfUlp - 1n))).toBe(3.4028234663852886e38);
    expect(roundExactSum('float32', finite(1n))).toBe(2 ** -149);
    expect(roundExactSum('float64', finite(-3n))).toBe(-3 * 2 ** -1074);
    expect(Object.is(roundExactSum('float32', finite(0n)), 0)).toBe(true);
  });

  it('gives NaN for a NaN term or +Inf with -Inf, else the infinity', () => {
    expect(roundExactSum('float32', { total: 5n, posInf: true, negInf: true, nan: false })).toBeNaN();
    expect(roundExactSum('float32', { total: 5n, posInf: false, negInf: false, nan: true })).toBeNaN();
    expect(roundExactSum('float64', { total: 5n, posInf: false, negInf: true, nan: false })).toBe(-Infinity);
  });

  it('sums what a float sum loses: [1e30, 1, -1e30] is 1', () => {
    const total = [1e30, 1, -1e30].map((v) => exactUnits('float32', Math.fround(v))).reduce((a, b) => a + b);
    expect(roundExactSum('float32', finite(total))).toBe(1);
    expect(Math.fround(Math.fround(Math.fround(1e30) + 1) - Math.fround(1e30))).toBe(0);
  });

  it('reads the accumulator layout the kernels write: 32-bit limbs of signed 64-bit entries, then the flags', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const width = accumulatorWidth(dtype);
      const acc = new BigInt64Array(3 * width);
      acc[0] = 5n; // 5 units
      acc[1] = -1n; // -2^32 units
      acc[width + width - 1] = BigInt(SUM_FLAGS.negInf);
      acc[2 * width + 3] = 1n; // 2^96 units
      const got = roundAccumulator(dtype, acc, 3);
      const unit = 2 ** -SCALE[dtype];
      expect(got[0]).toBe(dtype === 'float32' ? Math.fround((5 - 2 ** 32) * unit) : (5 - 2 ** 32) * unit);
      expect(got[1]).toBe(-Infinity);
      expect(got[2]).toBe(2 ** 96 * unit);
    }
  });
});

describe('roundAccumulator', () => {
  it('gives what the BigInt total gives, for limbs of every size and sign (its double fast path included)', () => {
    let s = 99n;
    const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n));
    for (const dtype of ['float32', 'float64', 'float16'] as const) {
      const width = accumulatorWidth(dtype);
      const channels = 3000;
      const acc = new BigInt64Array(channels * width);
      for (let c = 0; c < channels; c++) {
        const q = Number(next() % BigInt(width - 2));
        const bits = [3n, 19n, 21n, 40n, 52n, 53n, 62n][c % 7];
        acc[c * width + q] = BigInt.asIntN(64, next() >> (64n - bits)) * (c & 1 ? -1n : 1n);
        if (c % 3 === 0) acc[c * width + q + 1] = BigInt.asIntN(64, next() >> (64n - [2n, 19n, 20n, 30n][c % 4]));
      }
      const got = roundAccumulator(dtype, acc, channels);
      for (let c = 0; c < channels; c++) {
        let total = 0n;
        for (let q = 0; q < width - 1; q++) total += acc[c * width + q] << BigInt(32 * q);
        expect(Object.is(got[c], reference(dtype, total)), `${dtype} channel ${c}`).toBe(true);
      }
    }
  });
});
