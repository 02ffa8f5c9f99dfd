// deadUnits: for a rows × cols block whose row r starts at x + r * stride elements, adds to the
// u32 counts[c] the number of rows with x > 0 in column c. The caller zeroes counts and may call
// again for more rows (chunks) or other columns (counts offset), so any part of a matrix works.
// float16 decides x > 0 on its bit patterns (half.ts).
import { isPositive16, positive16 } from './half';

export function deadUnitsF32(x: usize, rows: usize, cols: usize, stride: usize, counts: usize): void {
  const z = f32x4.splat(0);
  for (let r: usize = 0; r < rows; r++) {
    const row = x + ((r * stride) << 2);
    let c: usize = 0;
    for (; c + 8 <= cols; c += 8) {
      const k = counts + (c << 2);
      v128.store(k, i32x4.sub(v128.load(k), f32x4.gt(v128.load(row + (c << 2)), z)));
      v128.store(k, i32x4.sub(v128.load(k, 16), f32x4.gt(v128.load(row + (c << 2), 16), z)), 16);
    }
    for (; c + 4 <= cols; c += 4) {
      const k = counts + (c << 2);
      v128.store(k, i32x4.sub(v128.load(k), f32x4.gt(v128.load(row + (c << 2)), z)));
    }
    for (; c < cols; c++) {
      const k = counts + (c << 2);
      const v = load<f32>(row + (c << 2));
      store<u32>(k, load<u32>(k) + (v > 0 ? 1 : 0));
    }
  }
}

export function deadUnitsF64(x: usize, rows: usize, cols: usize, stride: usize, counts: usize): void {
  const z = f64x2.splat(0);
  for (let r: usize = 0; r < rows; r++) {
    const row = x + ((r * stride) << 3);
    let c: usize = 0;
    for (; c + 4 <= cols; c += 4) {
      const k = counts + (c << 2);
      const lo = f64x2.gt(v128.load(row + (c << 3)), z);
      const hi = f64x2.gt(v128.load(row + (c << 3), 16), z);
      // Each 64-bit mask is all ones or all zeros: its low halves make a 4 x 32-bit mask.
      v128.store(k, i32x4.sub(v128.load(k), v128.shuffle<i32>(lo, hi, 0, 2, 4, 6)));
    }
    for (; c < cols; c++) {
      const k = counts + (c << 2);
      const v = load<f64>(row + (c << 3));
      store<u32>(k, load<u32>(k) + (v > 0 ? 1 : 0));
    }
  }
}

export function deadUnitsF16(x: usize, rows: usize, cols: usize, stride: usize, counts: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const row = x + ((r * stride) << 1);
    let c: usize = 0;
    for (; c + 8 <= cols; c += 8) {
      const k = counts + (c << 2);
      // The eight i16 masks (-1 or 0) widened to two 4 x 32-bit masks, keeping the sign.
      const m = positive16(v128.load(row + (c << 1)));
      v128.store(k, i32x4.sub(v128.load(k), i32x4.extend_low_i16x8_s(m)));
      v128.store(k, i32x4.sub(v128.load(k, 16), i32x4.extend_high_i16x8_s(m)), 16);
    }
    for (; c < cols; c++) {
      const k = counts + (c << 2);
      store<u32>(k, load<u32>(k) + (isPositive16(load<u16>(row + (c << 1))) ? 1 : 0));
    }
  }
}

export function deadUnitsI32(x: usize, rows: usize, cols: usize, stride: usize, counts: usize): void {
  const z = i32x4.splat(0);
  for (let r: usize = 0; r < rows; r++) {
    const row = x + ((r * stride) << 2);
    let c: usize = 0;
    for (; c + 8 <= cols; c += 8) {
      const k = counts + (c << 2);
      v128.store(k, i32x4.sub(v128.load(k), i32x4.gt_s(v128.load(row + (c << 2)), z)));
      v128.store(k, i32x4.sub(v128.load(k, 16), i32x4.gt_s(v128.load(row + (c << 2), 16), z)), 16);
    }
    for (; c + 4 <= cols; c += 4) {
      const k = counts + (c << 2);
      v128.store(k, i32x4.sub(v128.load(k), i32x4.gt_s(v128.load(row + (c << 2)), z)));
    }
    for (; c < cols; c++) {
      const k = counts + (c << 2);
      const v = load<i32>(row + (c << 2));
      store<u32>(k, load<u32>(k) + (v > 0 ? 1 : 0));
    }
  }
}

export function deadUnitsI8(x: usize, rows: usize, cols: usize, stride: usize, counts: usize): void {
  const z = i8x16.splat(0);
  for (let r: usize = 0; r < rows; r++) {
    const row = x + r * stride;
    let c: usize = 0;
    for (; c + 16 <= cols; c += 16) {
      const k = counts + (c << 2);
      // Widen the 16 byte masks (-1 or 0) to four 4 x 32-bit masks, keeping the sign.
      const m = i8x16.gt_s(v128.load(row + c), z);
      const lo = i16x8.extend_low_i8x16_s(m);
      const hi = i16x8.extend_high_i8x16_s(m);
      v128.store(k, i32x4.sub(v128.load(k), i32x4.extend_low_i16x8_s(lo)));
      v128.store(k, i32x4.sub(v128.load(k, 16), i32x4.extend_high_i16x8_s(lo)), 16);
      v128.store(k, i32x4.sub(v128.load(k, 32), i32x4.extend_low_i16x8_s(hi)), 32);
      v128.store(k, i32x4.sub(v128.load(k, 48), i32x4.extend_high_i16x8_s(hi)), 48);
    }
    for (; c < cols; c++) {
      const k = counts + (c << 2);
      const v = <i32>load<i8>(row + c);
      store<u32>(k, load<u32>(k) + (v > 0 ? 1 : 0));
    }
  }
}
