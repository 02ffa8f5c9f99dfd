// preluGrad: dx[i] (at out) = x[i] <= 0 ? alpha[c] * dy[i] : dy[i] (a NaN x passes dy's bits), and
// each term dy[i] * x[i] (rounded to the dtype) of an element with x <= 0 (±0 included, NaN not) is
// added exactly to channel c's accumulator row at acc + c * ROW, in core's layout (exact-sum.ts, whose
// adds these are). The caller zeroes acc and may call again for more chunks; channels, inner and
// start are as prelu's. out may equal dy or x: a vector is loaded before its store.
// float16 (T = u16, its bit patterns) shares float32's layout (core's accumulatorWidth is the same):
// each term is rounded to binary16 (half.ts), widened back to the float32 that holds it exactly, and
// added by the float32 code.
import { ROW32, ROW64, term32, term64, terms32 } from './exact-sum';
import { isNonPositive16, narrow1, narrow4, narrow8, nonPositive16, widen1, widen4, widenHigh, widenLow } from './half';

/** One element on the bits (tails and their terms). */
@inline
function element<T>(dy: usize, x: usize, out: usize, alpha: T, row: usize): void {
  if (sizeof<T>() == 2) {
    const d = <u32>load<u16>(dy);
    const v = <u32>load<u16>(x);
    const df = widen1(d);
    const neg = isNonPositive16(v);
    store<u16>(out, select<u32>(narrow1(df * widen1(<u32>alpha)), d, neg));
    term32(row, reinterpret<u32>(widen1(narrow1(df * widen1(v)))), neg);
  } else if (sizeof<T>() == 4) {
    const d = load<u32>(dy);
    const v = load<f32>(x);
    const df = reinterpret<f32>(d);
    const neg = v <= 0;
    store<u32>(out, select<u32>(reinterpret<u32>(df * <f32>alpha), d, neg));
    term32(row, reinterpret<u32>(df * v), neg);
  } else {
    const d = load<u64>(dy);
    const v = load<f64>(x);
    const df = reinterpret<f64>(d);
    const neg = v <= 0;
    store<u64>(out, select<u64>(reinterpret<u64>(df * <f64>alpha), d, neg));
    term64(row, reinterpret<u64>(df * v), neg);
  }
}

/** Four float32 lanes: dx, then the terms. */
@inline
function vector32(dy: usize, x: usize, out: usize, a: v128, row: usize, step: usize): void {
  const d = v128.load(dy);
  const v = v128.load(x);
  const neg = f32x4.le(v, f32x4.splat(0));
  v128.store(out, v128.bitselect(f32x4.mul(d, a), d, neg));
  terms32(f32x4.mul(d, v), neg, row, step);
}

/**
 * Eight binary16 lanes: dx with alpha as float32 lanes aLo (lanes 0 .. 3) and aHi, then the terms,
 * four at a time. Not inlined: each of span's three layouts would get a 3.7 KiB copy, for no gain
 * measured (the per-lane adds dominate).
 */
function vector16(dy: usize, x: usize, out: usize, aLo: v128, aHi: v128, row: usize, step: usize): void {
  const d = v128.load(dy);
  const v = v128.load(x);
  const neg = nonPositive16(v);
  const dLo = widenLow(d);
  const dHi = widenHigh(d);
  v128.store(out, v128.bitselect(narrow8(f32x4.mul(dLo, aLo), f32x4.mul(dHi, aHi)), d, neg));
  terms32(widen4(narrow4(f32x4.mul(dLo, widenLow(v)))), i32x4.extend_low_i16x8_s(neg), row, step);
  terms32(widen4(narrow4(f32x4.mul(dHi, widenHigh(v)))), i32x4.extend_high_i16x8_s(neg), row + 4 * step, step);
}

/** Two float64 lanes: dx in SIMD, the terms lane by lane (SIMD pieces of 85 bits measured no faster). */
@inline
function vector64(dy: usize, x: usize, out: usize, a: v128, row: usize, step: usize): void {
  const d = v128.load(dy);
  const v = v128.load(x);
  const neg = f64x2.le(v, f64x2.splat(0));
  v128.store(out, v128.bitselect(f64x2.mul(d, a), d, neg));
  const t = f64x2.mul(d, v);
  term64(row, i64x2.extract_lane(t, 0), i64x2.extract_lane(neg, 0) != 0);
  term64(row + step, i64x2.extract_lane(t, 1), i64x2.extract_lane(neg, 1) != 0);
}

/**
 * len elements from byte offset o. along: element j's channel follows element j - 1's (alpha at
 * a + j, row at row + j * ROW); else one channel for all (alpha `one`, its row at `row`).
 */
@inline
function span<T>(dy: usize, x: usize, out: usize, o: usize, len: usize, a: usize, one: T, row: usize, along: bool): void {
  const size = sizeof<T>();
  const rowBytes = size == 8 ? ROW64 : ROW32;
  const step = along ? rowBytes : 0;
  const end = o + len * size;
  const end1 = o + ((len * size) & ~15);
  // float16's one alpha, as float32 lanes, is splatted widened.
  const splat = size == 2 ? f32x4.splat(widen1(<u32>one)) : v128.splat<T>(one);
  for (; o != end1; o += 16) {
    if (size == 2) {
      const alpha = along ? v128.load(a) : splat;
      vector16(dy + o, x + o, out + o, along ? widenLow(alpha) : splat, along ? widenHigh(alpha) : splat, row, step);
    } else if (size == 4) vector32(dy + o, x + o, out + o, along ? v128.load(a) : splat, row, step);
    else vector64(dy + o, x + o, out + o, along ? v128.load(a) : splat, row, step);
    if (along) {
      a += 16;
      row += (16 / size) * rowBytes;
    }
  }
  for (; o != end; o += size) {
    element<T>(dy + o, x + o, out + o, along ? load<T>(a) : one, row);
    if (along) {
      a += size;
      row += rowBytes;
    }
  }
}

@inline
function preluGradOf<T>(dy: usize, x: usize, out: usize, n: usize, channels: usize, inner: usize, alpha: usize, acc: usize, start: usize): void {
  const size = sizeof<T>();
  const rowBytes = size == 8 ? ROW64 : ROW32;
  if (channels == 1) {
    span<T>(dy, x, out, 0, n, 0, load<T>(alpha), acc, false);
    return;
  }
  let c = (start / inner) % channels;
  let i: usize = 0;
  // The layouts of prelu.ts, on offsets so that dy, x and out advance together.
  if (inner == 1) {
    while (i < n) {
      let len = channels - c;
      if (len > n - i) len = n - i;
      span<T>(dy, x, out, i * size, len, alpha + c * size, 0, acc + c * rowBytes, true);
      i += len;
      c = 0;
    }
  } else {
    let len = inner - start % inner;
    while (i < n) {
      if (len > n - i) len = n - i;
      span<T>(dy, x, out, i * size, len, 0, load<T>(alpha + c * size), acc + c * rowBytes, false);
      i += len;
      len = inner;
      if (++c == channels) c = 0;
    }
  }
}

export function preluGradF32(dy: usize, x: usize, out: usize, n: usize, channels: usize, inner: usize, alpha: usize, acc: usize, start: usize): void {
  preluGradOf<f32>(dy, x, out, n, channels, inner, alpha, acc, start);
}

export function preluGradF16(dy: usize, x: usize, out: usize, n: usize, channels: usize, inner: usize, alpha: usize, acc: usize, start: usize): void {
  preluGradOf<u16>(dy, x, out, n, channels, inner, alpha, acc, start);
}

export function preluGradF64(dy: usize, x: usize, out: usize, n: usize, channels: usize, inner: usize, alpha: usize, acc: usize, start: usize): void {
  preluGradOf<f64>(dy, x, out, n, channels, inner, alpha, acc, start);
}
