// stats: counts of x < 0, x == 0 (either sign) and x > 0, stored as three u32 at `result`; the
// caller derives NaNs as n minus the rest. Compare masks are -1 per lane, so subtracting a mask
// counts. The caller keeps n <= 2^30 per call so no lane or total can overflow. float16 decides
// on its bit patterns (half.ts).
import { isNegative16, isPositive16, negative16, positive16, zero16 } from './half';

function store3(result: usize, neg: u32, zero: u32, pos: u32): void {
  store<u32>(result, neg);
  store<u32>(result, zero, 4);
  store<u32>(result, pos, 8);
}

function sum32(v: v128): u32 {
  return <u32>(i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3));
}

export function statsF32(x: usize, n: usize, result: usize): void {
  const z = f32x4.splat(0);
  let neg = i32x4.splat(0);
  let zer = i32x4.splat(0);
  let pos = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const a = v128.load(x + (i << 2));
    const b = v128.load(x + (i << 2), 16);
    neg = i32x4.sub(i32x4.sub(neg, f32x4.lt(a, z)), f32x4.lt(b, z));
    zer = i32x4.sub(i32x4.sub(zer, f32x4.eq(a, z)), f32x4.eq(b, z));
    pos = i32x4.sub(i32x4.sub(pos, f32x4.gt(a, z)), f32x4.gt(b, z));
  }
  for (; i + 4 <= n; i += 4) {
    const a = v128.load(x + (i << 2));
    neg = i32x4.sub(neg, f32x4.lt(a, z));
    zer = i32x4.sub(zer, f32x4.eq(a, z));
    pos = i32x4.sub(pos, f32x4.gt(a, z));
  }
  let sn = sum32(neg), sz = sum32(zer), sp = sum32(pos);
  for (; i < n; i++) {
    const v = load<f32>(x + (i << 2));
    sn += v < 0 ? 1 : 0;
    sz += v == 0 ? 1 : 0;
    sp += v > 0 ? 1 : 0;
  }
  store3(result, sn, sz, sp);
}

export function statsF64(x: usize, n: usize, result: usize): void {
  const z = f64x2.splat(0);
  let neg = i64x2.splat(0);
  let zer = i64x2.splat(0);
  let pos = i64x2.splat(0);
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    const a = v128.load(x + (i << 3));
    const b = v128.load(x + (i << 3), 16);
    neg = i64x2.sub(i64x2.sub(neg, f64x2.lt(a, z)), f64x2.lt(b, z));
    zer = i64x2.sub(i64x2.sub(zer, f64x2.eq(a, z)), f64x2.eq(b, z));
    pos = i64x2.sub(i64x2.sub(pos, f64x2.gt(a, z)), f64x2.gt(b, z));
  }
  let sn = <u32>(i64x2.extract_lane(neg, 0) + i64x2.extract_lane(neg, 1));
  let sz = <u32>(i64x2.extract_lane(zer, 0) + i64x2.extract_lane(zer, 1));
  let sp = <u32>(i64x2.extract_lane(pos, 0) + i64x2.extract_lane(pos, 1));
  for (; i < n; i++) {
    const v = load<f64>(x + (i << 3));
    sn += v < 0 ? 1 : 0;
    sz += v == 0 ? 1 : 0;
    sp += v > 0 ? 1 : 0;
  }
  store3(result, sn, sz, sp);
}

export function statsI32(x: usize, n: usize, result: usize): void {
  const z = i32x4.splat(0);
  let neg = i32x4.splat(0);
  let zer = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const a = v128.load(x + (i << 2));
    const b = v128.load(x + (i << 2), 16);
    neg = i32x4.sub(i32x4.sub(neg, i32x4.lt_s(a, z)), i32x4.lt_s(b, z));
    zer = i32x4.sub(i32x4.sub(zer, i32x4.eq(a, z)), i32x4.eq(b, z));
  }
  for (; i + 4 <= n; i += 4) {
    const a = v128.load(x + (i << 2));
    neg = i32x4.sub(neg, i32x4.lt_s(a, z));
    zer = i32x4.sub(zer, i32x4.eq(a, z));
  }
  let sn = sum32(neg), sz = sum32(zer);
  for (; i < n; i++) {
    const v = load<i32>(x + (i << 2));
    sn += v < 0 ? 1 : 0;
    sz += v == 0 ? 1 : 0;
  }
  store3(result, sn, sz, <u32>n - sn - sz);
}

/** Vectors per float16 block: a u16 lane counts up to 65535. */
const BLOCK16: usize = 65535 * 16;

/** float16: counts build up in u16 lanes for at most 65535 vectors, then widen into u32 lanes. */
export function statsF16(x: usize, n: usize, result: usize): void {
  let neg = i32x4.splat(0);
  let zer = i32x4.splat(0);
  let pos = i32x4.splat(0);
  const bytes = n << 1;
  // Pointers stop where their part ends (`!=`), exact for arrays that end at 4 GiB (see relu.ts).
  const end1 = x + (bytes & ~15);
  const end = x + bytes;
  let p = x;
  while (p != end1) {
    const left = end1 - p;
    const blockEnd = p + (left < BLOCK16 ? left : BLOCK16);
    let n16 = i16x8.splat(0);
    let z16 = i16x8.splat(0);
    let p16 = i16x8.splat(0);
    for (; p != blockEnd; p += 16) {
      const v = v128.load(p);
      n16 = i16x8.sub(n16, negative16(v));
      z16 = i16x8.sub(z16, zero16(v));
      p16 = i16x8.sub(p16, positive16(v));
    }
    neg = i32x4.add(neg, i32x4.extadd_pairwise_i16x8_u(n16));
    zer = i32x4.add(zer, i32x4.extadd_pairwise_i16x8_u(z16));
    pos = i32x4.add(pos, i32x4.extadd_pairwise_i16x8_u(p16));
  }
  let sn = sum32(neg), sz = sum32(zer), sp = sum32(pos);
  for (; p != end; p += 2) {
    const h = <u32>load<u16>(p);
    sn += isNegative16(h) ? 1 : 0;
    sz += (h & 0x7fff) == 0 ? 1 : 0;
    sp += isPositive16(h) ? 1 : 0;
  }
  store3(result, sn, sz, sp);
}

/** int8: counts build up in u8 lanes for at most 255 vectors, then widen into u32 lanes. */
export function statsI8(x: usize, n: usize, result: usize): void {
  const z = i8x16.splat(0);
  let neg = i32x4.splat(0);
  let zer = i32x4.splat(0);
  let i: usize = 0;
  while (i + 16 <= n) {
    let blockEnd = i + 255 * 16;
    if (blockEnd > n) blockEnd = n;
    let n8 = i8x16.splat(0);
    let z8 = i8x16.splat(0);
    for (; i + 16 <= blockEnd; i += 16) {
      const a = v128.load(x + i);
      n8 = i8x16.sub(n8, i8x16.lt_s(a, z));
      z8 = i8x16.sub(z8, i8x16.eq(a, z));
    }
    neg = i32x4.add(neg, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(n8)));
    zer = i32x4.add(zer, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(z8)));
  }
  let sn = sum32(neg), sz = sum32(zer);
  for (; i < n; i++) {
    const v = <i32>load<i8>(x + i);
    sn += v < 0 ? 1 : 0;
    sz += v == 0 ? 1 : 0;
  }
  store3(result, sn, sz, <u32>n - sn - sz);
}
