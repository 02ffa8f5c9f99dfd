// reluGrad: out[i] = x[i] <= 0 ? +0 : dy[i], dy's bits kept. A NaN in x compares false, so dy
// passes. out may equal dy or x: both are loaded before the store at the same index. float16
// decides on x's bit patterns (half.ts), so it has no float compare at all.
import { isNonPositive16, nonPositive16 } from './half';

export function reluGradF32(dy: usize, x: usize, out: usize, n: usize): void {
  const zero = f32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const o = i << 2;
    const x0 = v128.load(x + o);
    const x1 = v128.load(x + o, 16);
    const x2 = v128.load(x + o, 32);
    const x3 = v128.load(x + o, 48);
    const d0 = v128.load(dy + o);
    const d1 = v128.load(dy + o, 16);
    const d2 = v128.load(dy + o, 32);
    const d3 = v128.load(dy + o, 48);
    v128.store(out + o, v128.andnot(d0, f32x4.le(x0, zero)));
    v128.store(out + o, v128.andnot(d1, f32x4.le(x1, zero)), 16);
    v128.store(out + o, v128.andnot(d2, f32x4.le(x2, zero)), 32);
    v128.store(out + o, v128.andnot(d3, f32x4.le(x3, zero)), 48);
  }
  for (; i + 4 <= n; i += 4) {
    const o = i << 2;
    v128.store(out + o, v128.andnot(v128.load(dy + o), f32x4.le(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = i << 2;
    const d = load<u32>(dy + o);
    store<u32>(out + o, load<f32>(x + o) <= 0 ? 0 : d);
  }
}

export function reluGradF64(dy: usize, x: usize, out: usize, n: usize): void {
  const zero = f64x2.splat(0);
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const o = i << 3;
    const x0 = v128.load(x + o);
    const x1 = v128.load(x + o, 16);
    const x2 = v128.load(x + o, 32);
    const x3 = v128.load(x + o, 48);
    const d0 = v128.load(dy + o);
    const d1 = v128.load(dy + o, 16);
    const d2 = v128.load(dy + o, 32);
    const d3 = v128.load(dy + o, 48);
    v128.store(out + o, v128.andnot(d0, f64x2.le(x0, zero)));
    v128.store(out + o, v128.andnot(d1, f64x2.le(x1, zero)), 16);
    v128.store(out + o, v128.andnot(d2, f64x2.le(x2, zero)), 32);
    v128.store(out + o, v128.andnot(d3, f64x2.le(x3, zero)), 48);
  }
  for (; i + 2 <= n; i += 2) {
    const o = i << 3;
    v128.store(out + o, v128.andnot(v128.load(dy + o), f64x2.le(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = i << 3;
    const d = load<u64>(dy + o);
    store<u64>(out + o, load<f64>(x + o) <= 0 ? 0 : d);
  }
}

export function reluGradF16(dy: usize, x: usize, out: usize, n: usize): void {
  const bytes = n << 1;
  // Offsets stop where their part ends (`!=`), exact for arrays that end at 4 GiB (see relu.ts).
  const end4 = bytes & ~63;
  const end1 = bytes & ~15;
  let o: usize = 0;
  for (; o != end4; o += 64) {
    const x0 = v128.load(x + o);
    const x1 = v128.load(x + o, 16);
    const x2 = v128.load(x + o, 32);
    const x3 = v128.load(x + o, 48);
    const d0 = v128.load(dy + o);
    const d1 = v128.load(dy + o, 16);
    const d2 = v128.load(dy + o, 32);
    const d3 = v128.load(dy + o, 48);
    v128.store(out + o, v128.andnot(d0, nonPositive16(x0)));
    v128.store(out + o, v128.andnot(d1, nonPositive16(x1)), 16);
    v128.store(out + o, v128.andnot(d2, nonPositive16(x2)), 32);
    v128.store(out + o, v128.andnot(d3, nonPositive16(x3)), 48);
  }
  for (; o != end1; o += 16) v128.store(out + o, v128.andnot(v128.load(dy + o), nonPositive16(v128.load(x + o))));
  for (; o != bytes; o += 2) {
    const d = load<u16>(dy + o);
    store<u16>(out + o, isNonPositive16(load<u16>(x + o)) ? 0 : d);
  }
}
