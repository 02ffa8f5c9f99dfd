// columnSums: for a rows × cols block whose row r starts at x + r * stride elements, adds each
// element of column c to the sum at acc + c * ROW: float terms exactly into core's accumulator layout
// (exact-sum.ts; float16 widened exactly to float32 and added as float32 terms are, into float32's
// layout), integers into one i64 per column (exact: |x| <= 2^31, so 2^32 rows cannot overflow). The
// caller zeroes acc, may call again for more rows (chunks) or other columns (acc offset), and rounds
// the sums once to float64 (core's exact-sum.ts).
import { ROW32, ROW64, term32, term64, terms32 } from './exact-sum';
import { widen1, widenHigh, widenLow } from './half';

/** Every lane a term (terms32 takes a mask of the lanes to add). */
const ALL: v128 = i32x4.splat(-1);

export function columnSumsF32(x: usize, rows: usize, cols: usize, stride: usize, acc: usize): void {
  if (cols == 1 && stride == 1) {
    // One contiguous column: four rows a vector, every lane into the same sum (step 0).
    const end1 = x + ((rows << 2) & ~15);
    const end = x + (rows << 2);
    let p = x;
    for (; p != end1; p += 16) terms32(v128.load(p), ALL, acc, 0);
    for (; p != end; p += 4) term32(acc, load<u32>(p), true);
    return;
  }
  for (let r: usize = 0; r < rows; r++) {
    const row = x + ((r * stride) << 2);
    let c: usize = 0;
    for (; c + 4 <= cols; c += 4) terms32(v128.load(row + (c << 2)), ALL, acc + c * ROW32, ROW32);
    for (; c < cols; c++) term32(acc + c * ROW32, load<u32>(row + (c << 2)), true);
  }
}

export function columnSumsF16(x: usize, rows: usize, cols: usize, stride: usize, acc: usize): void {
  if (cols == 1 && stride == 1) {
    const end1 = x + ((rows << 1) & ~15);
    const end = x + (rows << 1);
    let p = x;
    for (; p != end1; p += 16) {
      const v = v128.load(p);
      terms32(widenLow(v), ALL, acc, 0);
      terms32(widenHigh(v), ALL, acc, 0);
    }
    for (; p != end; p += 2) term32(acc, reinterpret<u32>(widen1(<u32>load<u16>(p))), true);
    return;
  }
  for (let r: usize = 0; r < rows; r++) {
    const row = x + ((r * stride) << 1);
    let c: usize = 0;
    for (; c + 8 <= cols; c += 8) {
      const v = v128.load(row + (c << 1));
      const a = acc + c * ROW32;
      terms32(widenLow(v), ALL, a, ROW32);
      terms32(widenHigh(v), ALL, a + 4 * ROW32, ROW32);
    }
    for (; c < cols; c++) term32(acc + c * ROW32, reinterpret<u32>(widen1(<u32>load<u16>(row + (c << 1)))), true);
  }
}

export function columnSumsF64(x: usize, rows: usize, cols: usize, stride: usize, acc: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const row = x + ((r * stride) << 3);
    for (let c: usize = 0; c < cols; c++) term64(acc + c * ROW64, load<u64>(row + (c << 3)), true);
  }
}

@inline
function add2(p: usize, v: v128): void {
  v128.store(p, i64x2.add(v128.load(p), v));
}

export function columnSumsI32(x: usize, rows: usize, cols: usize, stride: usize, acc: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const row = x + ((r * stride) << 2);
    let c: usize = 0;
    for (; c + 4 <= cols; c += 4) {
      const v = v128.load(row + (c << 2));
      const a = acc + (c << 3);
      add2(a, i64x2.extend_low_i32x4_s(v));
      add2(a + 16, i64x2.extend_high_i32x4_s(v));
    }
    for (; c < cols; c++) {
      const a = acc + (c << 3);
      store<i64>(a, load<i64>(a) + <i64>load<i32>(row + (c << 2)));
    }
  }
}

export function columnSumsI8(x: usize, rows: usize, cols: usize, stride: usize, acc: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const row = x + r * stride;
    let c: usize = 0;
    for (; c + 8 <= cols; c += 8) {
      // Eight bytes, sign-extended to i16 lanes, then to i32 and i64.
      const h = i16x8.extend_low_i8x16_s(v128.load64_zero(row + c));
      const lo = i32x4.extend_low_i16x8_s(h);
      const hi = i32x4.extend_high_i16x8_s(h);
      const a = acc + (c << 3);
      add2(a, i64x2.extend_low_i32x4_s(lo));
      add2(a + 16, i64x2.extend_high_i32x4_s(lo));
      add2(a + 32, i64x2.extend_low_i32x4_s(hi));
      add2(a + 48, i64x2.extend_high_i32x4_s(hi));
    }
    for (; c < cols; c++) {
      const a = acc + (c << 3);
      store<i64>(a, load<i64>(a) + <i64>load<i8>(row + c));
    }
  }
}
