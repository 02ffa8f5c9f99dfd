// Exact sums in core's accumulator layout (core/src/exact-sum.ts), shared by preluGrad's dalpha and
// columnSums: per sum (a channel, a column) a row of i64 limbs of weight 2^(32q) in units of the
// smallest subnormal (2^-149 for float32 and float16, 2^-1074 for float64), then a flags entry
// (1: a +Inf term, 2: -Inf, 4: NaN). A finite term ±m · 2^k (k = max(e, 1) - 1) adds the 32-bit
// pieces of m << k % 32, with its sign, to limbs k / 32 and up; each piece is below 2^32, so a limb
// stays exact for up to 2^31 terms. The caller zeroes the rows and rounds them (core's helpers).

export const LIMBS32: usize = 9;
export const LIMBS64: usize = 66;
/** Bytes per sum (a channel, a column): the limbs and the flags, 8 bytes each. */
export const ROW32: usize = (LIMBS32 + 1) << 3;
export const ROW64: usize = (LIMBS64 + 1) << 3;

@inline
export function add(p: usize, v: i64): void {
  store<i64>(p, load<i64>(p) + v);
}

/** An Inf or NaN term's flag, ORed into the flags entry at p. */
@inline
export function flag(p: usize, isNaN: bool, negative: bool): void {
  store<i64>(p, load<i64>(p) | (isNaN ? 4 : negative ? 2 : 1));
}

/** The flag of a float32 Inf or NaN term with bits t, when `on`. */
@inline
export function flag32(row: usize, t: u32, on: bool): void {
  if (on) flag(row + (LIMBS32 << 3), (t & 0x7fffff) != 0, t >> 31 != 0);
}

@inline
export function flag64(row: usize, t: u64, on: bool): void {
  if (on) flag(row + (LIMBS64 << 3), (t & 0xfffffffffffff) != 0, t >> 63 != 0);
}

/** Adds the float32 term with bits t to the sum at `row` when `neg` (else adds zeros). */
@inline
export function term32(row: usize, t: u32, neg: bool): void {
  const e = (t >> 23) & 0xff;
  // Rare, so predicted: the branch costs less than masking every term.
  if (e == 0xff) {
    flag32(row, t, neg);
    return;
  }
  const k = e != 0 ? e - 1 : 0;
  const m = <u64>((t & 0x7fffff) | (e != 0 ? 0x800000 : 0));
  const v = m << (k & 31);
  // -1 or 1 by the term's sign, 0 when there is no term; selects, as signs are random.
  const s = select<i64>(<i64>(<i32>t >> 31) | 1, 0, neg);
  const p = row + ((k >> 5) << 3);
  add(p, s * <i64>(v & 0xffffffff));
  add(p + 8, s * <i64>(v >> 32));
}

/** As term32 for a float64 term: m << k % 32 has up to 85 bits, three pieces. */
@inline
export function term64(row: usize, t: u64, neg: bool): void {
  const e = <usize>(t >> 52) & 0x7ff;
  if (e == 0x7ff) {
    flag64(row, t, neg);
    return;
  }
  const k = e != 0 ? e - 1 : 0;
  const m = (t & 0xfffffffffffff) | (e != 0 ? 0x10000000000000 : 0);
  const sh = <u64>(k & 31);
  const v = m << sh;
  const s = select<i64>((<i64>t >> 63) | 1, 0, neg);
  const p = row + ((k >> 5) << 3);
  add(p, s * <i64>(v & 0xffffffff));
  add(p + 8, s * <i64>(v >> 32));
  // Bits 64 and up of m << sh, in two shifts: one of 64 - sh would wrap to 0 bits when sh is 0.
  add(p + 16, s * <i64>((m >> 32) >> (32 - sh)));
}

/** 2^sh for lanes sh in 0..31, as u32 lanes: the float32 of that exponent, truncated (no variable shifts in SIMD). */
@inline
function pow2(sh: v128): v128 {
  return i32x4.trunc_sat_f32x4_u(i32x4.shl(i32x4.add(sh, i32x4.splat(127)), 23));
}

/** Negates the i64 lanes whose sign mask s is -1. */
@inline
function signed(v: v128, s: v128): v128 {
  return i64x2.sub(v128.xor(v, s), s);
}

/**
 * Four float32 terms t, those of lanes with neg set, in SIMD up to their limbs and pieces; the adds
 * are per lane (lane j's row at row + j * step).
 */
@inline
export function terms32(t: v128, neg: v128, row: usize, step: usize): void {
  const e = v128.and(i32x4.shr_u(t, 23), i32x4.splat(0xff));
  const special = v128.and(i32x4.eq(e, i32x4.splat(0xff)), neg);
  if (v128.any_true(special)) {
    flag32(row, i32x4.extract_lane(t, 0), i32x4.extract_lane(special, 0) != 0);
    flag32(row + step, i32x4.extract_lane(t, 1), i32x4.extract_lane(special, 1) != 0);
    flag32(row + 2 * step, i32x4.extract_lane(t, 2), i32x4.extract_lane(special, 2) != 0);
    flag32(row + 3 * step, i32x4.extract_lane(t, 3), i32x4.extract_lane(special, 3) != 0);
  }
  const k = i32x4.sub(i32x4.max_u(e, i32x4.splat(1)), i32x4.splat(1));
  // Lanes with a finite term keep m; the others (no term, or Inf and NaN, done above) add 0.
  const m = v128.and(v128.or(v128.and(t, i32x4.splat(0x7fffff)), v128.andnot(i32x4.splat(0x800000), i32x4.eq(e, i32x4.splat(0)))), v128.andnot(neg, special));
  const p = pow2(v128.and(k, i32x4.splat(31)));
  const s = i32x4.shr_s(t, 31);
  const v01 = i64x2.extmul_low_i32x4_u(m, p);
  const v23 = i64x2.extmul_high_i32x4_u(m, p);
  const s01 = i64x2.extend_low_i32x4_s(s);
  const s23 = i64x2.extend_high_i32x4_s(s);
  const lo01 = signed(v128.and(v01, i64x2.splat(0xffffffff)), s01);
  const hi01 = signed(i64x2.shr_u(v01, 32), s01);
  const lo23 = signed(v128.and(v23, i64x2.splat(0xffffffff)), s23);
  const hi23 = signed(i64x2.shr_u(v23, 32), s23);
  const q = i32x4.shl(i32x4.shr_u(k, 5), 3);
  let r = row + i32x4.extract_lane(q, 0);
  add(r, i64x2.extract_lane(lo01, 0));
  add(r + 8, i64x2.extract_lane(hi01, 0));
  r = row + step + i32x4.extract_lane(q, 1);
  add(r, i64x2.extract_lane(lo01, 1));
  add(r + 8, i64x2.extract_lane(hi01, 1));
  r = row + 2 * step + i32x4.extract_lane(q, 2);
  add(r, i64x2.extract_lane(lo23, 0));
  add(r + 8, i64x2.extract_lane(hi23, 0));
  r = row + 3 * step + i32x4.extract_lane(q, 3);
  add(r, i64x2.extract_lane(lo23, 1));
  add(r + 8, i64x2.extract_lane(hi23, 1));
}
