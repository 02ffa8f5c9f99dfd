// leakyReluGrad: out[i] = x[i] <= 0 ? alpha * dy[i] : dy[i], alpha already rounded to the dtype. A NaN
// x compares false, so dy passes with its bits. The product is rounded once (IEEE, no flushing) and
// selected only where x <= 0. out may equal dy or x: both are loaded before the store at an index.
// float16 decides on x's bit patterns and computes alpha * dy as leakyRelu's float16 (half.ts).
import { isNonPositive16, narrow1, narrow8, nonPositive16, widen1, widenHigh, widenLow } from './half';

@inline
function grad<T>(d: v128, v: v128, a: v128): v128 {
  return v128.bitselect(v128.mul<T>(d, a), d, v128.le<T>(v, v128.splat<T>(0)));
}

@inline
function leakyReluGradOf<T>(dy: usize, x: usize, out: usize, n: usize, alpha: T): void {
  const a = v128.splat<T>(alpha);
  const bytes = n * sizeof<T>();
  // Offsets stop where their part ends (`!=`), exact for arrays that end at 4 GiB (see relu.ts).
  const end4 = bytes & ~63;
  const end1 = bytes & ~15;
  let o: usize = 0;
  for (; o != end4; o += 64) {
    const v0 = v128.load(x + o);
    const v1 = v128.load(x + o, 16);
    const v2 = v128.load(x + o, 32);
    const v3 = v128.load(x + o, 48);
    const d0 = v128.load(dy + o);
    const d1 = v128.load(dy + o, 16);
    const d2 = v128.load(dy + o, 32);
    const d3 = v128.load(dy + o, 48);
    v128.store(out + o, grad<T>(d0, v0, a));
    v128.store(out + o, grad<T>(d1, v1, a), 16);
    v128.store(out + o, grad<T>(d2, v2, a), 32);
    v128.store(out + o, grad<T>(d3, v3, a), 48);
  }
  for (; o != end1; o += 16) v128.store(out + o, grad<T>(v128.load(dy + o), v128.load(x + o), a));
  // Tail on the bits, so a kept dy keeps its NaN payload.
  for (; o != bytes; o += sizeof<T>()) {
    if (sizeof<T>() == 4) {
      const d = load<u32>(dy + o);
      store<u32>(out + o, load<f32>(x + o) <= 0 ? reinterpret<u32>(reinterpret<f32>(d) * <f32>alpha) : d);
    } else {
      const d = load<u64>(dy + o);
      store<u64>(out + o, load<f64>(x + o) <= 0 ? reinterpret<u64>(reinterpret<f64>(d) * <f64>alpha) : d);
    }
  }
}

export function leakyReluGradF32(dy: usize, x: usize, out: usize, n: usize, alpha: f32): void {
  leakyReluGradOf<f32>(dy, x, out, n, alpha);
}

export function leakyReluGradF64(dy: usize, x: usize, out: usize, n: usize, alpha: f64): void {
  leakyReluGradOf<f64>(dy, x, out, n, alpha);
}

/** Eight binary16 lanes: alpha * dy (widened, multiplied in float32, narrowed) where x <= 0, else dy's bits. */
@inline
function grad16(d: v128, v: v128, a: v128): v128 {
  return v128.bitselect(narrow8(f32x4.mul(widenLow(d), a), f32x4.mul(widenHigh(d), a)), d, nonPositive16(v));
}

/** alpha arrives as the float32 of a binary16 (exact). */
export function leakyReluGradF16(dy: usize, x: usize, out: usize, n: usize, alpha: f32): void {
  const a = f32x4.splat(alpha);
  const bytes = n << 1;
  const end4 = bytes & ~63;
  const end1 = bytes & ~15;
  let o: usize = 0;
  for (; o != end4; o += 64) {
    const v0 = v128.load(x + o);
    const v1 = v128.load(x + o, 16);
    const v2 = v128.load(x + o, 32);
    const v3 = v128.load(x + o, 48);
    const d0 = v128.load(dy + o);
    const d1 = v128.load(dy + o, 16);
    const d2 = v128.load(dy + o, 32);
    const d3 = v128.load(dy + o, 48);
    v128.store(out + o, grad16(d0, v0, a));
    v128.store(out + o, grad16(d1, v1, a), 16);
    v128.store(out + o, grad16(d2, v2, a), 32);
    v128.store(out + o, grad16(d3, v3, a), 48);
  }
  for (; o != end1; o += 16) v128.store(out + o, grad16(v128.load(dy + o), v128.load(x + o), a));
  for (; o != bytes; o += 2) {
    const d = <u32>load<u16>(dy + o);
    store<u16>(out + o, isNonPositive16(load<u16>(x + o)) ? narrow1(widen1(d) * alpha) : d);
  }
}
