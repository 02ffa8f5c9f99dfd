// binary16 (float16) for the F16 kernels: wasm has no half type, so kernels load the 16-bit patterns
// (u16, i16x8 lanes) and decide on them as integers, and products go through float32:
//
// - Masks on i16x8 lanes use signed compares (one instruction on x86 and ARM). As an i16, a binary16
//   below zero is -32767 .. -1024 (0x8001 .. 0xfc00, -Inf included); -0 is -32768 and the negative
//   NaNs -1023 .. -1, so neither is < 0 and both are kept, as for float32.
// - widen: binary16 to float32, exact (every binary16 is a float32).
// - narrow: float32 to binary16, rounded to nearest even, subnormal results kept, a NaN to a NaN.
//
// Why one rounding is right: a product of two binary16 values has at most 11 + 11 = 22 significant
// bits and, when not zero, a magnitude in 2^-48 .. 2^32 (2^-24 squared up to 65504 squared), so
// float32 (24 bits, normal from 2^-126 to 2^128) holds it exactly: the float32 multiply does not
// round, and narrow's rounding to binary16 is the only one, as NumPy's np.float16 product gives.

/** Float32's exponent bias less binary16's (127 - 15), in the exponent field. */
const REBIAS: u32 = 112 << 23;
/** 2^-14, binary16's smallest normal. */
const TWO_MINUS_14: f32 = reinterpret<f32>(113 << 23);

/** -1 in each i16 lane where x < 0: x - 1 wraps -0 to 32767, moves -32767 .. -1024 below -1024 and the NaNs to -1024 and up. */
@inline
export function negative16(v: v128): v128 {
  return i16x8.lt_s(i16x8.sub(v, i16x8.splat(1)), i16x8.splat(-1024));
}

/** x <= 0: -0 .. -Inf (-32768 .. -1024), or +0. */
@inline
export function nonPositive16(v: v128): v128 {
  return v128.or(i16x8.lt_s(v, i16x8.splat(-1023)), i16x8.eq(v, i16x8.splat(0)));
}

/** x > 0: the positive subnormals up to +Inf, 1 .. 0x7c00 (the positive NaNs are above). */
@inline
export function positive16(v: v128): v128 {
  return v128.and(i16x8.gt_s(v, i16x8.splat(0)), i16x8.lt_s(v, i16x8.splat(0x7c01)));
}

/** x == 0, either sign. */
@inline
export function zero16(v: v128): v128 {
  return i16x8.eq(i16x8.shl(v, 1), i16x8.splat(0));
}

// The same tests on one pattern h (0 .. 0xffff), as unsigned ranges.

@inline
export function isNegative16(h: u32): bool {
  return h - 0x8001 < 0x7c00;
}

@inline
export function isNonPositive16(h: u32): bool {
  return h == 0 || h - 0x8000 < 0x7c01;
}

@inline
export function isPositive16(h: u32): bool {
  return h - 1 < 0x7c00;
}

/**
 * Four patterns (in u32 lanes) as float32, after the classic half_to_float: the magnitude's fields
 * shifted into float32's and the exponent rebiased (127 - 15); exponent 31 (Inf, NaN) rebiased once
 * more, to 255, fraction (payload) kept. A subnormal m · 2^-24 is 2^-14 · (1 + m / 1024) - 2^-14,
 * one exact float32 subtraction of normal operands: float arithmetic on subnormals costs a
 * microcode assist on x86, about a hundred cycles.
 */
@inline
export function widen4(h: v128): v128 {
  const magnitude = v128.and(h, i32x4.splat(0x7fff));
  const fields = i32x4.shl(magnitude, 13);
  const special = v128.and(i32x4.gt_s(magnitude, i32x4.splat(0x7bff)), i32x4.splat(REBIAS));
  const normal = i32x4.add(i32x4.add(fields, i32x4.splat(REBIAS)), special);
  const subnormal = f32x4.sub(v128.or(fields, f32x4.splat(TWO_MINUS_14)), f32x4.splat(TWO_MINUS_14));
  const f = v128.bitselect(subnormal, normal, i32x4.lt_s(magnitude, i32x4.splat(0x400)));
  return v128.or(f, v128.and(i32x4.shl(h, 16), i32x4.splat(0x80000000)));
}

/** Lanes 0 .. 3 of eight patterns, as float32. */
@inline
export function widenLow(v: v128): v128 {
  return widen4(i32x4.extend_low_i16x8_u(v));
}

/** Lanes 4 .. 7 of eight patterns, as float32. */
@inline
export function widenHigh(v: v128): v128 {
  return widen4(i32x4.extend_high_i16x8_u(v));
}

/**
 * Four float32 lanes to binary16 patterns (in u32 lanes), after Fabian Giesen's float_to_half_fast3_rtne.
 * Magnitudes from 2^16 up (Inf and NaN included) are first clamped to 2^16, which the normal path takes
 * to Inf (0x7c00). Normal results: rebias the exponent (127 to 15) and drop 13 bits, adding 0xfff plus
 * the last kept bit, which rounds to nearest even (a carry moves into the exponent, up to Inf).
 * Below 2^-14: adding 0.5 in float32 rounds the value to a multiple of 2^-24, binary16's subnormal
 * unit, to nearest even (IEEE, which wasm never flushes), and leaves the count in the low bits.
 * NaN becomes a quiet NaN (0x7e00 with its sign).
 */
@inline
export function narrow4(p: v128): v128 {
  const sign = v128.and(p, i32x4.splat(0x80000000));
  const a = v128.xor(p, sign);
  const c = i32x4.min_s(a, i32x4.splat(0x47800000));
  const odd = v128.and(i32x4.shr_u(c, 13), i32x4.splat(1));
  const normal = i32x4.shr_u(i32x4.add(i32x4.add(c, i32x4.splat(<i32>0xc8000fff)), odd), 13);
  const tiny = i32x4.sub(f32x4.add(c, f32x4.splat(0.5)), i32x4.splat(0x3f000000));
  const r = v128.bitselect(tiny, normal, i32x4.lt_s(c, i32x4.splat(0x38800000)));
  const quiet = v128.and(i32x4.gt_s(a, i32x4.splat(0x7f800000)), i32x4.splat(0x200));
  return v128.or(v128.or(r, quiet), i32x4.shr_u(sign, 16));
}

/** Two vectors of four float32 lanes to one of eight binary16 patterns (lo first). */
@inline
export function narrow8(lo: v128, hi: v128): v128 {
  // Every lane is 0 .. 0xffff, so the saturating narrow is exact.
  return i16x8.narrow_i32x4_u(narrow4(lo), narrow4(hi));
}

/** widen4 on one pattern. */
@inline
export function widen1(h: u32): f32 {
  const magnitude = h & 0x7fff;
  const fields = magnitude << 13;
  let f: u32;
  if (magnitude < 0x400) f = reinterpret<u32>(reinterpret<f32>(fields | (113 << 23)) - TWO_MINUS_14);
  else f = fields + (magnitude > 0x7bff ? 2 * REBIAS : REBIAS);
  return reinterpret<f32>(f | ((h & 0x8000) << 16));
}

/** narrow4 on one float32. */
@inline
export function narrow1(p: f32): u32 {
  const bits = reinterpret<u32>(p);
  const a = bits & 0x7fffffff;
  const c = min(a, <u32>0x47800000);
  let r = c < 0x38800000 ? reinterpret<u32>(reinterpret<f32>(c) + <f32>0.5) - 0x3f000000 : (c + 0xc8000fff + ((c >> 13) & 1)) >> 13;
  if (a > 0x7f800000) r |= 0x200;
  return r | ((bits >> 16) & 0x8000);
}
