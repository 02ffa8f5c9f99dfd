// clippedRelu: out[i] = x[i] < 0 ? +0 : (x[i] > c ? c : x[i]), c > 0 already rounded to the dtype.
// Floats: pmin(pmax(x, 0), c). pmax(x, 0) is (x < 0 ? 0 : x) and pmin(y, c) is (c < y ? c : y),
// so -0 and NaN (every compare false) pass through with their bits. float16 decides on its bit patterns.
import { isNegative16, narrow1, negative16 } from './half';

export function clippedReluF32(x: usize, out: usize, n: usize, ceiling: f32): void {
  const zero = f32x4.splat(0);
  const c = f32x4.splat(ceiling);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + (i << 2);
    const q = out + (i << 2);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const d = v128.load(p, 32);
    const e = v128.load(p, 48);
    v128.store(q, f32x4.pmin(f32x4.pmax(a, zero), c));
    v128.store(q, f32x4.pmin(f32x4.pmax(b, zero), c), 16);
    v128.store(q, f32x4.pmin(f32x4.pmax(d, zero), c), 32);
    v128.store(q, f32x4.pmin(f32x4.pmax(e, zero), c), 48);
  }
  for (; i + 4 <= n; i += 4) v128.store(out + (i << 2), f32x4.pmin(f32x4.pmax(v128.load(x + (i << 2)), zero), c));
  const cBits = reinterpret<u32>(ceiling);
  for (; i < n; i++) {
    const bits = load<u32>(x + (i << 2));
    const v = reinterpret<f32>(bits);
    store<u32>(out + (i << 2), v < 0 ? 0 : v > ceiling ? cBits : bits);
  }
}

export function clippedReluF64(x: usize, out: usize, n: usize, ceiling: f64): void {
  const zero = f64x2.splat(0);
  const c = f64x2.splat(ceiling);
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (i << 3);
    const q = out + (i << 3);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const d = v128.load(p, 32);
    const e = v128.load(p, 48);
    v128.store(q, f64x2.pmin(f64x2.pmax(a, zero), c));
    v128.store(q, f64x2.pmin(f64x2.pmax(b, zero), c), 16);
    v128.store(q, f64x2.pmin(f64x2.pmax(d, zero), c), 32);
    v128.store(q, f64x2.pmin(f64x2.pmax(e, zero), c), 48);
  }
  for (; i + 2 <= n; i += 2) v128.store(out + (i << 3), f64x2.pmin(f64x2.pmax(v128.load(x + (i << 3)), zero), c));
  const cBits = reinterpret<u64>(ceiling);
  for (; i < n; i++) {
    const bits = load<u64>(x + (i << 3));
    const v = reinterpret<f64>(bits);
    store<u64>(out + (i << 3), v < 0 ? 0 : v > ceiling ? cBits : bits);
  }
}

/** x > c for a positive finite ceiling with bits c: bits in (c, 0x7c00] (positive NaNs lie above +Inf and are kept); then x < 0 clears. */
@inline
function clip16(v: v128, c: v128): v128 {
  const over = v128.and(i16x8.gt_s(v, c), i16x8.lt_s(v, i16x8.splat(0x7c01)));
  return v128.bitselect(c, v128.andnot(v, negative16(v)), over);
}

/** The ceiling arrives as the float32 of a binary16 (exact) and is used as its pattern. */
export function clippedReluF16(x: usize, out: usize, n: usize, ceiling: f32): void {
  const cBits = narrow1(ceiling);
  const c = i16x8.splat(<i16>cBits);
  const bytes = n << 1;
  // Pointer loops as relu.ts's (eight vectors per iteration, `!=` ends exact up to 4 GiB).
  const end8 = x + (bytes & ~127);
  const end1 = x + (bytes & ~15);
  const end = x + bytes;
  let p = x;
  let q = out;
  for (; p != end8; p += 128, q += 128) {
    v128.store(q, clip16(v128.load(p), c));
    v128.store(q, clip16(v128.load(p, 16), c), 16);
    v128.store(q, clip16(v128.load(p, 32), c), 32);
    v128.store(q, clip16(v128.load(p, 48), c), 48);
    v128.store(q, clip16(v128.load(p, 64), c), 64);
    v128.store(q, clip16(v128.load(p, 80), c), 80);
    v128.store(q, clip16(v128.load(p, 96), c), 96);
    v128.store(q, clip16(v128.load(p, 112), c), 112);
  }
  for (; p != end1; p += 16, q += 16) v128.store(q, clip16(v128.load(p), c));
  for (; p != end; p += 2, q += 2) {
    const bits = <u32>load<u16>(p);
    store<u16>(q, isNegative16(bits) ? 0 : bits > cBits && bits <= 0x7c00 ? cBits : bits);
  }
}

export function clippedReluI32(x: usize, out: usize, n: usize, ceiling: i32): void {
  const zero = i32x4.splat(0);
  const c = i32x4.splat(ceiling);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + (i << 2);
    const q = out + (i << 2);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const d = v128.load(p, 32);
    const e = v128.load(p, 48);
    v128.store(q, i32x4.min_s(i32x4.max_s(a, zero), c));
    v128.store(q, i32x4.min_s(i32x4.max_s(b, zero), c), 16);
    v128.store(q, i32x4.min_s(i32x4.max_s(d, zero), c), 32);
    v128.store(q, i32x4.min_s(i32x4.max_s(e, zero), c), 48);
  }
  for (; i + 4 <= n; i += 4) v128.store(out + (i << 2), i32x4.min_s(i32x4.max_s(v128.load(x + (i << 2)), zero), c));
  for (; i < n; i++) {
    const v = load<i32>(x + (i << 2));
    store<i32>(out + (i << 2), v < 0 ? 0 : v > ceiling ? ceiling : v);
  }
}

export function clippedReluI8(x: usize, out: usize, n: usize, ceiling: i32): void {
  const zero = i8x16.splat(0);
  const c = i8x16.splat(<i8>ceiling);
  let i: usize = 0;
  for (; i + 64 <= n; i += 64) {
    const p = x + i;
    const q = out + i;
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const d = v128.load(p, 32);
    const e = v128.load(p, 48);
    v128.store(q, i8x16.min_s(i8x16.max_s(a, zero), c));
    v128.store(q, i8x16.min_s(i8x16.max_s(b, zero), c), 16);
    v128.store(q, i8x16.min_s(i8x16.max_s(d, zero), c), 32);
    v128.store(q, i8x16.min_s(i8x16.max_s(e, zero), c), 48);
  }
  for (; i + 16 <= n; i += 16) v128.store(out + i, i8x16.min_s(i8x16.max_s(v128.load(x + i), zero), c));
  for (; i < n; i++) {
    const v = <i32>load<i8>(x + i);
    store<i8>(out + i, <i8>(v < 0 ? 0 : v > ceiling ? ceiling : v));
  }
}
