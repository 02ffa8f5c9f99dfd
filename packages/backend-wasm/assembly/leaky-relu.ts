// leakyRelu: out[i] = x[i] < 0 ? alpha * x[i] : x[i], alpha already rounded to the dtype.
// Wasm float multiplication is IEEE 754 round-to-nearest-even with subnormals (no flushing),
// so each product is correctly rounded. The product is only selected where x < 0: kept lanes
// (NaN, -0, positives) are taken from x's bits, so NaN payloads survive. float16 multiplies in
// float32 and rounds once to binary16 (half.ts says why that is exact).
import { isNegative16, narrow1, narrow8, negative16, widen1, widenHigh, widenLow } from './half';

export function leakyReluF32(x: usize, out: usize, n: usize, alpha: f32): void {
  const zero = f32x4.splat(0);
  const a = f32x4.splat(alpha);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + (i << 2);
    const q = out + (i << 2);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    v128.store(q, v128.bitselect(f32x4.mul(v0, a), v0, f32x4.lt(v0, zero)));
    v128.store(q, v128.bitselect(f32x4.mul(v1, a), v1, f32x4.lt(v1, zero)), 16);
    v128.store(q, v128.bitselect(f32x4.mul(v2, a), v2, f32x4.lt(v2, zero)), 32);
    v128.store(q, v128.bitselect(f32x4.mul(v3, a), v3, f32x4.lt(v3, zero)), 48);
  }
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (i << 2));
    v128.store(out + (i << 2), v128.bitselect(f32x4.mul(v, a), v, f32x4.lt(v, zero)));
  }
  for (; i < n; i++) {
    const bits = load<u32>(x + (i << 2));
    const v = reinterpret<f32>(bits);
    store<u32>(out + (i << 2), v < 0 ? reinterpret<u32>(v * alpha) : bits);
  }
}

export function leakyReluF64(x: usize, out: usize, n: usize, alpha: f64): void {
  const zero = f64x2.splat(0);
  const a = f64x2.splat(alpha);
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (i << 3);
    const q = out + (i << 3);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    v128.store(q, v128.bitselect(f64x2.mul(v0, a), v0, f64x2.lt(v0, zero)));
    v128.store(q, v128.bitselect(f64x2.mul(v1, a), v1, f64x2.lt(v1, zero)), 16);
    v128.store(q, v128.bitselect(f64x2.mul(v2, a), v2, f64x2.lt(v2, zero)), 32);
    v128.store(q, v128.bitselect(f64x2.mul(v3, a), v3, f64x2.lt(v3, zero)), 48);
  }
  for (; i + 2 <= n; i += 2) {
    const v = v128.load(x + (i << 3));
    v128.store(out + (i << 3), v128.bitselect(f64x2.mul(v, a), v, f64x2.lt(v, zero)));
  }
  for (; i < n; i++) {
    const bits = load<u64>(x + (i << 3));
    const v = reinterpret<f64>(bits);
    store<u64>(out + (i << 3), v < 0 ? reinterpret<u64>(v * alpha) : bits);
  }
}

/** Eight binary16 lanes: alpha * x where x < 0 (widened, multiplied in float32, narrowed), else x's bits. */
@inline
function leaky16(v: v128, a: v128): v128 {
  const product = narrow8(f32x4.mul(widenLow(v), a), f32x4.mul(widenHigh(v), a));
  return v128.bitselect(product, v, negative16(v));
}

/** alpha arrives as the float32 of a binary16 (exact). */
export function leakyReluF16(x: usize, out: usize, n: usize, alpha: f32): void {
  const a = f32x4.splat(alpha);
  const bytes = n << 1;
  // Pointers stop where their part ends (`!=`), exact for arrays that end at 4 GiB (see relu.ts).
  const end4 = x + (bytes & ~63);
  const end1 = x + (bytes & ~15);
  const end = x + bytes;
  let p = x;
  let q = out;
  for (; p != end4; p += 64, q += 64) {
    v128.store(q, leaky16(v128.load(p), a));
    v128.store(q, leaky16(v128.load(p, 16), a), 16);
    v128.store(q, leaky16(v128.load(p, 32), a), 32);
    v128.store(q, leaky16(v128.load(p, 48), a), 48);
  }
  for (; p != end1; p += 16, q += 16) v128.store(q, leaky16(v128.load(p), a));
  for (; p != end; p += 2, q += 2) {
    const bits = <u32>load<u16>(p);
    store<u16>(q, isNegative16(bits) ? narrow1(widen1(bits) * alpha) : bits);
  }
}
