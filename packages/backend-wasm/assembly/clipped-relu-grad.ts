// clippedReluGrad: out[i] = x[i] <= 0 || x[i] >= ceiling ? +0 : dy[i], dy's bits kept. A NaN x fails
// both compares, so dy passes. No arithmetic: wasm float compares are IEEE and never flush. out may
// equal dy or x: both are loaded before the store at an index. float16 (T = u16, its bit patterns)
// decides on the bits: x >= c is c's bits up to +Inf's (0x7c00), and NaNs, above or negative, pass.
import { isNonPositive16, narrow1, nonPositive16 } from './half';

@inline
function grad<T>(d: v128, v: v128, c: v128): v128 {
  if (sizeof<T>() == 2) {
    const atOrAbove = v128.andnot(i16x8.lt_s(v, i16x8.splat(0x7c01)), i16x8.lt_s(v, c));
    return v128.andnot(d, v128.or(nonPositive16(v), atOrAbove));
  }
  return v128.andnot(d, v128.or(v128.le<T>(v, v128.splat<T>(0)), v128.ge<T>(v, c)));
}

@inline
function clippedReluGradOf<T>(dy: usize, x: usize, out: usize, n: usize, ceiling: T): void {
  const c = v128.splat<T>(ceiling);
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
    v128.store(out + o, grad<T>(d0, v0, c));
    v128.store(out + o, grad<T>(d1, v1, c), 16);
    v128.store(out + o, grad<T>(d2, v2, c), 32);
    v128.store(out + o, grad<T>(d3, v3, c), 48);
  }
  for (; o != end1; o += 16) v128.store(out + o, grad<T>(v128.load(dy + o), v128.load(x + o), c));
  for (; o != bytes; o += sizeof<T>()) {
    if (sizeof<T>() == 2) {
      const h = <u32>load<u16>(x + o);
      store<u16>(out + o, isNonPositive16(h) || (h >= ceiling && h <= 0x7c00) ? 0 : load<u16>(dy + o));
      continue;
    }
    const v = load<T>(x + o);
    const pass = !(v <= 0 || v >= ceiling);
    if (sizeof<T>() == 4) store<u32>(out + o, pass ? load<u32>(dy + o) : 0);
    else store<u64>(out + o, pass ? load<u64>(dy + o) : 0);
  }
}

export function clippedReluGradF32(dy: usize, x: usize, out: usize, n: usize, ceiling: f32): void {
  clippedReluGradOf<f32>(dy, x, out, n, ceiling);
}

/** The ceiling arrives as the float32 of a binary16 (exact) and is used as its pattern. */
export function clippedReluGradF16(dy: usize, x: usize, out: usize, n: usize, ceiling: f32): void {
  clippedReluGradOf<u16>(dy, x, out, n, <u16>narrow1(ceiling));
}

export function clippedReluGradF64(dy: usize, x: usize, out: usize, n: usize, ceiling: f64): void {
  clippedReluGradOf<f64>(dy, x, out, n, ceiling);
}
