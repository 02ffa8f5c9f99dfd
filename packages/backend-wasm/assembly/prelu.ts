// prelu: out[i] = x[i] < 0 ? alpha[c] * x[i] : x[i], c = floor((start + i) / inner) % channels the
// element's channel: alpha holds `channels` entries (finite, of the dtype) and start is x[0]'s flat
// index in the whole array (the JS side may pass a chunk of it). Products as leakyRelu's: rounded
// once, selected only where x < 0, so kept lanes keep their bits (NaN payloads, -0). out may equal x.
// No division per element: channels last (inner == 1) runs alpha alongside x, a vector of each per
// step; otherwise (NCHW) each run of `inner` elements shares one alpha, splatted once per run.
// float16 (T = u16, its bit patterns) takes the same layouts, with leakyRelu's float16 arithmetic.
import { isNegative16, narrow1, narrow8, negative16, widen1, widenHigh, widenLow } from './half';

@inline
function scale<T>(v: v128, a: v128): v128 {
  return v128.bitselect(v128.mul<T>(v, a), v, v128.lt<T>(v, v128.splat<T>(0)));
}

/** One element on the bits: a scalar float round trip could be allowed to touch NaN payloads. */
@inline
function scaleOne<T>(p: usize, q: usize, a: T): void {
  if (sizeof<T>() == 4) {
    const bits = load<u32>(p);
    const v = reinterpret<f32>(bits);
    store<u32>(q, v < 0 ? reinterpret<u32>(v * <f32>a) : bits);
  } else {
    const bits = load<u64>(p);
    const v = reinterpret<f64>(bits);
    store<u64>(q, v < 0 ? reinterpret<u64>(v * <f64>a) : bits);
  }
}

/** Eight binary16 lanes, alpha as float32 lanes aLo (for lanes 0 .. 3) and aHi. */
@inline
function scale16(v: v128, aLo: v128, aHi: v128): v128 {
  return v128.bitselect(narrow8(f32x4.mul(widenLow(v), aLo), f32x4.mul(widenHigh(v), aHi)), v, negative16(v));
}

@inline
function scaleOne16(p: usize, q: usize, alpha: f32): void {
  const bits = <u32>load<u16>(p);
  store<u16>(q, isNegative16(bits) ? narrow1(widen1(bits) * alpha) : bits);
}

/** runOne for float16: alpha the float32 of a binary16. */
@inline
function runOne16(p: usize, q: usize, alpha: f32, len: usize): void {
  const a = f32x4.splat(alpha);
  const bytes = len << 1;
  const end4 = p + (bytes & ~63);
  const end1 = p + (bytes & ~15);
  const end = p + bytes;
  for (; p != end4; p += 64, q += 64) {
    v128.store(q, scale16(v128.load(p), a, a));
    v128.store(q, scale16(v128.load(p, 16), a, a), 16);
    v128.store(q, scale16(v128.load(p, 32), a, a), 32);
    v128.store(q, scale16(v128.load(p, 48), a, a), 48);
  }
  for (; p != end1; p += 16, q += 16) v128.store(q, scale16(v128.load(p), a, a));
  for (; p != end; p += 2, q += 2) scaleOne16(p, q, alpha);
}

/** runAlong for float16: each vector of eight alphas is widened next to its vector of x. */
@inline
function runAlong16(p: usize, q: usize, a: usize, len: usize): void {
  const bytes = len << 1;
  const end1 = p + (bytes & ~15);
  const end = p + bytes;
  for (; p != end1; p += 16, q += 16, a += 16) {
    const alpha = v128.load(a);
    v128.store(q, scale16(v128.load(p), widenLow(alpha), widenHigh(alpha)));
  }
  for (; p != end; p += 2, q += 2, a += 2) scaleOne16(p, q, widen1(<u32>load<u16>(a)));
}

/** len elements from p to q, all scaled by one alpha. */
@inline
function runOne<T>(p: usize, q: usize, alpha: T, len: usize): void {
  if (sizeof<T>() == 2) {
    runOne16(p, q, widen1(<u32>alpha), len);
    return;
  }
  const a = v128.splat<T>(alpha);
  const bytes = len * sizeof<T>();
  // Pointers stop where their part ends (`!=`), exact for arrays that end at 4 GiB (see relu.ts).
  const end4 = p + (bytes & ~63);
  const end1 = p + (bytes & ~15);
  const end = p + bytes;
  for (; p != end4; p += 64, q += 64) {
    v128.store(q, scale<T>(v128.load(p), a));
    v128.store(q, scale<T>(v128.load(p, 16), a), 16);
    v128.store(q, scale<T>(v128.load(p, 32), a), 32);
    v128.store(q, scale<T>(v128.load(p, 48), a), 48);
  }
  for (; p != end1; p += 16, q += 16) v128.store(q, scale<T>(v128.load(p), a));
  for (; p != end; p += sizeof<T>(), q += sizeof<T>()) scaleOne<T>(p, q, alpha);
}

/** len elements from p to q, element j scaled by the alpha at a + j: alpha advances with x. */
@inline
function runAlong<T>(p: usize, q: usize, a: usize, len: usize): void {
  if (sizeof<T>() == 2) {
    runAlong16(p, q, a, len);
    return;
  }
  const bytes = len * sizeof<T>();
  const end4 = p + (bytes & ~63);
  const end1 = p + (bytes & ~15);
  const end = p + bytes;
  for (; p != end4; p += 64, q += 64, a += 64) {
    v128.store(q, scale<T>(v128.load(p), v128.load(a)));
    v128.store(q, scale<T>(v128.load(p, 16), v128.load(a, 16)), 16);
    v128.store(q, scale<T>(v128.load(p, 32), v128.load(a, 32)), 32);
    v128.store(q, scale<T>(v128.load(p, 48), v128.load(a, 48)), 48);
  }
  for (; p != end1; p += 16, q += 16, a += 16) v128.store(q, scale<T>(v128.load(p), v128.load(a)));
  for (; p != end; p += sizeof<T>(), q += sizeof<T>(), a += sizeof<T>()) scaleOne<T>(p, q, load<T>(a));
}

@inline
function preluOf<T>(x: usize, out: usize, n: usize, channels: usize, inner: usize, alpha: usize, start: usize): void {
  const size = sizeof<T>();
  if (channels == 1) {
    runOne<T>(x, out, load<T>(alpha), n);
    return;
  }
  let c = (start / inner) % channels;
  let i: usize = 0;
  if (inner == 1) {
    while (i < n) {
      let len = channels - c;
      if (len > n - i) len = n - i;
      runAlong<T>(x + i * size, out + i * size, alpha + c * size, len);
      i += len;
      c = 0;
    }
  } else {
    let len = inner - start % inner;
    while (i < n) {
      if (len > n - i) len = n - i;
      runOne<T>(x + i * size, out + i * size, load<T>(alpha + c * size), len);
      i += len;
      len = inner;
      if (++c == channels) c = 0;
    }
  }
}

export function preluF32(x: usize, out: usize, n: usize, channels: usize, inner: usize, alpha: usize, start: usize): void {
  preluOf<f32>(x, out, n, channels, inner, alpha, start);
}

export function preluF16(x: usize, out: usize, n: usize, channels: usize, inner: usize, alpha: usize, start: usize): void {
  preluOf<u16>(x, out, n, channels, inner, alpha, start);
}

export function preluF64(x: usize, out: usize, n: usize, channels: usize, inner: usize, alpha: usize, start: usize): void {
  preluOf<f64>(x, out, n, channels, inner, alpha, start);
}
