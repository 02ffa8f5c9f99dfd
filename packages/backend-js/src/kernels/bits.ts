/**
 * Integer views over the same bytes, so results are written as bit patterns: storing a number
 * through a Float32Array may rewrite a NaN's payload, copying the bits never does.
 */
/** What kernels get: typed arrays, float16 ones as their 16-bit patterns (js-backend.ts). */
export type KernelArray = Float32Array | Float64Array | Int32Array | Int8Array | Uint16Array;

export function wordsOf(a: KernelArray): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, (a.length * a.BYTES_PER_ELEMENT) >> 2);
}

/**
 * -1 where the float32 with these bits is < 0 (-Inf included), else 0; -0 and NaNs give 0.
 * Branch-free: on random signs a branchy loop mispredicts every other element. The negative non-NaN
 * patterns other than -0 are the int32s in [-2^31 + 1, -2^23]: `v + 2^23 - 1` is negative there and
 * for -0, `v` is negative only for negatives (which keeps positive NaNs, whose sum wraps, out), and
 * `-(v & 0x7fffffff)` is negative for all but ±0. Checked on all 2^32 patterns against the plain form.
 */
export function negativeMask32(v: number): number {
  return ((v + 0x7fffff) & v & -(v & 0x7fffffff)) >> 31;
}

/** -1 where the float32 with bits v is <= 0 (±0, negatives, -Inf), 0 for positives and NaNs; branch-free. */
export function productMask32(v: number): number {
  const magnitude = v & 0x7fffffff;
  const notNaN = (magnitude - 0x7f800001) >> 31;
  const isZero = (magnitude - 1) >> 31;
  return ((v >> 31) & notNaN) | isZero;
}
