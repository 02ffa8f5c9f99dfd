/**
 * Exact sums for preluGrad's dalpha (docs/semantics.md): terms are added as integers, so the sum
 * has no rounding error whatever the order or parallelism, and this module rounds it once.
 *
 * The accumulator layout kernels write (wasm memory, WebGPU atomics), per channel, `accumulatorWidth`
 * signed 64-bit entries: limbs 0 .. L-1 weigh 2^(32q) in units of the dtype's smallest subnormal
 * 2^-SCALE, then one entry of flags (1: a +Inf term, 2: -Inf, 4: NaN). A finite term with biased
 * exponent e and significand m (hidden bit included) is ±m · 2^k units, k = max(e, 1) - 1: it adds
 * ±(m << k % 32), split into 32-bit pieces, to limbs k / 32, k / 32 + 1 (and + 2 for float64). Each
 * addend is below 2^32, so no limb overflows below 2^31 terms. Entries are small (80 bytes a float32
 * channel), so even a channel per element fits.
 */
import { allocate, fromNumbers, roundToDType, type AnyTypedArray, type DType, type FloatDType } from './dtypes.js';

export type { FloatDType };

/**
 * The smallest subnormal is 2^-SCALE: the accumulator's unit. float16 shares float32's layout: every
 * binary16 term is a float32, so kernels convert a term and add it as float32 terms are added; only
 * the final rounding (to binary16) differs.
 */
const SCALE = { float32: 149, float64: 1074, float16: 149 } as const;
/** Limbs for the largest sum: k up to 253 (float64: 2045) plus the significand's bits plus headroom. */
const LIMBS = { float32: 9, float64: 66, float16: 9 } as const;
const PRECISION = { float32: 24, float64: 53, float16: 11 } as const;

/** Flag bits of an accumulator's last entry. */
export const SUM_FLAGS = Object.freeze({ posInf: 1, negInf: 2, nan: 4 });

/** Signed 64-bit entries per channel: the limbs, then the flags. */
export function accumulatorWidth(dtype: FloatDType): number {
  return LIMBS[dtype] + 1;
}

/** What the terms of one channel add up to, before rounding. */
export interface ExactTotal {
  /** The finite terms' exact sum, in units of 2^-SCALE (2^-149 for float32, 2^-1074 for float64). */
  total: bigint;
  posInf: boolean;
  negInf: boolean;
  nan: boolean;
}

const TWO_53 = 2n ** 53n;
const TWO_1023 = 2n ** 1023n;

/** Units of each dtype's terms: 2^-SCALE for floats, 1 for integers. */
const UNIT_SCALE: Record<DType, number> = { ...SCALE, int32: 0, int8: 0 };

/**
 * Rounds an exact sum once to the dtype, to nearest even: ±Inf past the range, +0 for zero, NaN for a
 * NaN term or Inf - Inf. `from` is the dtype of the terms (whose units `total` counts), by default the same.
 */
export function roundExactSum(dtype: FloatDType, sum: ExactTotal, from: DType = dtype): number {
  if (sum.nan || (sum.posInf && sum.negInf)) return Number.NaN;
  if (sum.posInf) return Infinity;
  if (sum.negInf) return -Infinity;
  const { total } = sum;
  if (total === 0n) return 0;
  // Below 2^53 units the double is exact (units are multiples of the smallest subnormal), so one rounding.
  if (-TWO_53 < total && total < TWO_53) {
    return roundToDType(dtype, Number(total) * 2 ** -UNIT_SCALE[from]);
  }
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  // Keep PRECISION + 2 bits, the rest folded into a sticky bit: rounding that (exact as a double)
  // to the dtype rounds the whole sum correctly, once.
  const drop = Math.max(bitLength(magnitude) - PRECISION[dtype] - 2, 0);
  const kept = magnitude >> BigInt(drop);
  const sticky = kept << BigInt(drop) !== magnitude ? 1n : 0n;
  const scaled = Number(kept | sticky) * 2 ** (drop - UNIT_SCALE[from]);
  const value = roundToDType(dtype, scaled);
  return negative ? -value : value;
}

/** Bits of a positive BigInt, from its double's exponent (no string conversion), corrected by shifts. */
function bitLength(v: bigint): number {
  let base = 0;
  while (v >= TWO_1023) {
    v >>= 1000n;
    base += 1000;
  }
  let bits = Math.floor(Math.log2(Number(v))) + 1;
  if (v >> BigInt(bits) !== 0n) bits++;
  else if (bits > 1 && v >> BigInt(bits - 1) === 0n) bits--;
  return base + bits;
}

/** One channel's accumulator entries (at `offset`) as an ExactTotal. */
export function totalOf(dtype: FloatDType, acc: ArrayLike<bigint>, offset: number): ExactTotal {
  const limbs = LIMBS[dtype];
  let total = 0n;
  for (let q = 0; q < limbs; q++) {
    const v = acc[offset + q];
    if (v !== 0n) total += v << BigInt(32 * q);
  }
  const flags = Number(acc[offset + limbs]);
  return { total, posInf: (flags & SUM_FLAGS.posInf) !== 0, negInf: (flags & SUM_FLAGS.negInf) !== 0, nan: (flags & SUM_FLAGS.nan) !== 0 };
}

/**
 * Rounds every channel of an accumulator (channels × accumulatorWidth entries) into a new array of
 * the dtype (of `like`'s class when given: float16 results take their input's Float16Array). Most channels have one or two non-zero limbs of modest size: those are summed exactly
 * in a double (below 2^53) and rounded once, without BigInts; the rest go through totalOf.
 */
export function roundAccumulator(dtype: FloatDType, acc: BigInt64Array, channels: number, like?: AnyTypedArray): AnyTypedArray {
  // float16 rounds into a plain array first: a polyfilled Float16Array writes each element through a Proxy.
  const result = dtype === 'float16' ? new Float64Array(channels) : allocate(dtype, channels);
  const width = accumulatorWidth(dtype);
  const limbs = LIMBS[dtype];
  // Each entry as two words, little-endian: hi is signed, lo unsigned.
  const words = new Int32Array(acc.buffer, acc.byteOffset, acc.length * 2);
  const weights = LIMB_WEIGHTS[dtype];
  for (let c = 0; c < channels; c++) {
    const base = c * width;
    let low = -1;
    let high = -1;
    for (let q = 0; q < limbs; q++) {
      if (words[2 * (base + q)] !== 0 || words[2 * (base + q) + 1] !== 0) {
        if (low < 0) low = q;
        high = q;
      }
    }
    const flags = words[2 * (base + limbs)];
    if (flags === 0 && (low < 0 || high - low <= 1)) {
      const fast = low < 0 ? 0 : twoLimbs(words, base + low, high > low);
      if (fast !== undefined) {
        result[c] = roundToDType(dtype, fast * weights[Math.max(low, 0)]);
        continue;
      }
    }
    result[c] = roundExactSum(dtype, totalOf(dtype, acc, base));
  }
  return dtype === 'float16' ? fromNumbers('float16', result, like) : result;
}

/** Limb q's weight, 2^(32q - SCALE), per dtype: a table, since a variable power of two costs more than the rest of a channel. */
const FLOAT32_WEIGHTS = Float64Array.from({ length: LIMBS.float32 }, (_, q) => 2 ** (32 * q - SCALE.float32));
const LIMB_WEIGHTS = {
  float32: FLOAT32_WEIGHTS,
  float64: Float64Array.from({ length: LIMBS.float64 }, (_, q) => 2 ** (32 * q - SCALE.float64)),
  float16: FLOAT32_WEIGHTS,
};

/** The entry at `entry` (plus the next one, weighing 2^32 more, when `two`) as an exact double below 2^53, or undefined. */
function twoLimbs(words: Int32Array, entry: number, two: boolean): number | undefined {
  const low = words[2 * entry + 1] * 2 ** 32 + (words[2 * entry] >>> 0);
  if (Math.abs(low) >= 2 ** 52) return undefined;
  if (!two) return low;
  const hi = words[2 * entry + 3];
  const next = hi * 2 ** 32 + (words[2 * entry + 2] >>> 0);
  if (Math.abs(next) >= 2 ** 20) return undefined;
  return next * 2 ** 32 + low;
}

/** A finite term's exact value in units of 2^-SCALE, for the oracle (kernels bin terms by exponent instead). */
export function exactUnits(dtype: FloatDType, term: number): bigint {
  if (term === 0) return 0n;
  const negative = term < 0;
  let m = Math.abs(term);
  let e = 0;
  // Scale by exact powers of two until it is an integer (at most SCALE steps: terms are multiples of 2^-SCALE).
  while (!Number.isInteger(m)) {
    m *= 2;
    e++;
  }
  const units = BigInt(m) << BigInt(SCALE[dtype] - e);
  return negative ? -units : units;
}
