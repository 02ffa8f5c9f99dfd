/** Inputs that hit every corner of docs/semantics.md: special values, seeded random bit patterns, and ordinary numbers. */
import { allocate, bitView, fromNumbers, intRange, toFloat16Bits, type AnyTypedArray, type DType } from '@rectify/core';
import { ensureFloat16 } from './float16.js';
import { seededRandom } from './random.js';

const F32_SPECIALS = [
  0x00000000, 0x80000000, // +0, -0
  0x7f800000, 0xff800000, // +Inf, -Inf
  0x7fc00000, 0xffc00000, 0x7fc12345, 0xffeabcde, // quiet NaNs, both signs, payloads
  0x7f800001, 0xff800001, 0x7fbfffff, 0xffbfffff, // signalling NaNs, both signs
  0x00000001, 0x80000001, 0x007fffff, 0x807fffff, // subnormal extremes
  0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, // min and max normals
  0x40c00000, 0x40bfffff, 0x40c00001, 0xc0c00000, // 6 (relu6's ceiling) and its neighbours, -6
  0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, // ±1, ±0.5
  0x80a3d70a, 0x81000000, 0x8c000000, 0x9e000000, // negatives whose alpha * x lands near or in the subnormals
];

const F16_SPECIALS = [
  0x0000, 0x8000, 0x7c00, 0xfc00, // ±0, ±Inf
  0x7e00, 0xfe00, 0x7e12, 0xfeab, // quiet NaNs, both signs, payloads
  0x7c01, 0xfc01, 0x7dff, 0xfdff, // signalling NaNs, both signs
  0x0001, 0x8001, 0x03ff, 0x83ff, // subnormal extremes
  0x0400, 0x8400, 0x7bff, 0xfbff, // min and max normals (±65504)
  0x4600, 0x45ff, 0x4601, 0xc600, // 6 (relu6's ceiling) and its neighbours, -6
  0x3c00, 0xbc00, 0x3800, 0xb800, // ±1, ±0.5
  0x8500, 0x8800, 0x9000, 0xa000, // negatives whose alpha * x lands near or in the subnormals
];

const F64_SPECIALS: readonly [number, number][] = [
  // [high word, low word]
  [0x00000000, 0], [0x80000000, 0],
  [0x7ff00000, 0], [0xfff00000, 0],
  [0x7ff80000, 0], [0xfff80000, 0], [0x7ff81234, 0x56789abc], [0xfffabcde, 1],
  [0x7ff00000, 1], [0xfff00000, 1], [0x7ff7ffff, 0xffffffff], [0xfff7ffff, 0xffffffff],
  [0x00000000, 1], [0x80000000, 1], [0x000fffff, 0xffffffff], [0x800fffff, 0xffffffff],
  [0x00100000, 0], [0x80100000, 0], [0x7fefffff, 0xffffffff], [0xffefffff, 0xffffffff],
  [0x40180000, 0], [0x4017ffff, 0xffffffff], [0x40180000, 1], [0xc0180000, 0],
  [0x3ff00000, 0], [0xbff00000, 0], [0x80200000, 0], [0x83000000, 0],
];

/** The special values of a dtype, as an array of that dtype. */
export function specialValues(dtype: DType, ceiling = 6): AnyTypedArray {
  if (dtype === 'float32') return new Float32Array(new Uint32Array(F32_SPECIALS).buffer);
  if (dtype === 'float16') {
    ensureFloat16();
    const a = allocate('float16', F16_SPECIALS.length);
    bitView(a).set(F16_SPECIALS);
    return a;
  }
  if (dtype === 'float64') {
    const words = new Uint32Array(F64_SPECIALS.length * 2);
    F64_SPECIALS.forEach(([hi, lo], i) => {
      words[2 * i] = lo;
      words[2 * i + 1] = hi;
    });
    return new Float64Array(words.buffer);
  }
  const [min, max] = intRange(dtype);
  const c = Math.min(Math.max(ceiling, 1), max);
  const values = [min, min + 1, -1, 0, 1, max - 1, max, c - 1, c, c + 1, -c].filter((v) => v >= min && v <= max);
  return dtype === 'int32' ? Int32Array.from(values) : Int8Array.from(values);
}

/**
 * `length` elements: the specials first (as many as fit), then, alternately, raw random bit patterns
 * (every class of float, mostly huge or tiny) and ordinary numbers in [-12, 12) with random signs
 * (so the relu6 ceiling and the branch predictor are both exercised).
 */
export function makeInput(dtype: DType, length: number, seed: number): AnyTypedArray {
  const next = seededRandom(seed);
  if (dtype === 'float16') ensureFloat16();
  const out = allocate(dtype, length);
  const words = dtype === 'float32' || dtype === 'float64' ? new Uint32Array(out.buffer) : new Uint32Array(0);
  const halves = dtype === 'float16' ? bitView(out) : new Uint16Array(0);
  const specials = specialValues(dtype);
  const head = Math.min(specials.length, length);
  new Uint8Array(out.buffer).set(new Uint8Array(specials.buffer, 0, head * specials.BYTES_PER_ELEMENT));
  for (let i = head; i < length; i++) {
    const ordinary = (i & 1) === 0;
    if (dtype === 'float32') {
      if (ordinary) out[i] = (next() / 2 ** 32) * 24 - 12;
      else words[i] = next();
    } else if (dtype === 'float16') {
      halves[i] = ordinary ? toFloat16Bits((next() / 2 ** 32) * 24 - 12) : next();
    } else if (dtype === 'float64') {
      if (ordinary) out[i] = (next() / 2 ** 32) * 24 - 12 + next() / 2 ** 60;
      else {
        words[2 * i] = next();
        words[2 * i + 1] = next();
      }
    } else if (dtype === 'int32') {
      out[i] = ordinary ? (next() % 25) - 12 : next() | 0;
    } else {
      out[i] = next() << 24 >> 24;
    }
  }
  return out;
}

/** Lengths that hit empty input, vector tails (SIMD widths 4, 16) and a large odd size. */
export const DEFAULT_LENGTHS: readonly number[] = [0, 1, 3, 4, 5, 15, 16, 17, 1023, (1 << 20) + 3];

/**
 * Arrays for exact sums of products (preluGrad's dalpha) where a float accumulator goes wrong:
 * x mostly -1 (with some -0.5, -0 and positives, which add nothing), the other arrays (dy) cycling
 * through huge values that cancel, ones that the huge ones swamp, subnormals and ordinary numbers.
 */
export function cancellingInputs(dtype: DType, names: readonly string[], length: number): AnyTypedArray[] {
  const xs = [-1, -1, -1, -1, -1, -0.5, -1, -1, 2, -1, -0];
  // Products: -1, -huge, -1, +huge, -tiny, 1.25, -0.75, -3 huge, (none: x > 0), +3 huge, +0. A float
  // sum ends each period at 0; the exact one at -1.5 - tiny. float16 (max 65504) would overflow at
  // -1.5 a period over 10^6 elements, so its products net +tiny a period (-1, +1, +tiny, 1.25, -1.25).
  const huge = { float32: 1e30, float64: 1e300, float16: 16384 }[dtype as 'float32'] ?? 1;
  const tiny = { float32: 3e-39, float64: 5e-320, float16: 2 ** -24 }[dtype as 'float32'] ?? 0;
  const dys =
    dtype === 'float16'
      ? [1, huge, -1, -huge, -tiny, -2.5, 1.25, huge * 3, 1, -huge * 3, -tiny]
      : [1, huge, 1, -huge, tiny, -2.5, 0.75, huge * 3, 1, -huge * 3, -tiny];
  if (dtype === 'float16') ensureFloat16();
  return names.map((name) => {
    const pattern = name === 'x' ? xs : dys;
    return fromNumbers(dtype, Array.from({ length }, (_, i) => pattern[i % pattern.length]));
  });
}
