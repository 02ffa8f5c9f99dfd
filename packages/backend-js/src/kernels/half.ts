/**
 * binary16 on its 16-bit patterns: float16 kernels get Uint16Array views (js-backend.ts), decide on
 * bits, and compute products through float32, where the product of two binary16 values is exact
 * (11-bit significands give at most 22 bits, and 2^-48 .. 2^32 is inside float32's normal range), so
 * the one rounding, float32 to binary16 below, is the correct one.
 */

/** Every binary16 pattern's value (float32 holds each exactly): 256 KiB, made on first use. */
let values: Float32Array | undefined;
export function halfValues(): Float32Array {
  if (values) return values;
  values = new Float32Array(65536);
  const bits = new Uint32Array(values.buffer);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16;
    const e = (h >> 10) & 31;
    const m = h & 1023;
    if (e === 31) bits[h] = sign | 0x7f800000 | (m << 13);
    else if (e !== 0) bits[h] = sign | ((e + 112) << 23) | (m << 13);
    else values[h] = (sign ? -m : m) * 2 ** -24;
  }
  return values;
}

/** -1 where the binary16 with bits h is < 0 (-Inf included), else 0; -0 and NaNs give 0. */
export function negativeMask16(h: number): number {
  const magnitude = h & 0x7fff;
  return -(h >> 15) & ((magnitude - 0x7c01) >> 31) & (-magnitude >> 31);
}

/** -1 where the binary16 with bits h is <= 0 (±0, negatives, -Inf), 0 for positives and NaNs. */
export function productMask16(h: number): number {
  const magnitude = h & 0x7fff;
  return (-(h >> 15) & ((magnitude - 0x7c01) >> 31)) | ((magnitude - 1) >> 31);
}

const F32 = new Float32Array(1);
const F32_BITS = new Int32Array(F32.buffer);

/** The binary16 pattern of a product of two binary16 values (exact as a float32), rounded to nearest even. */
export function halfOfProduct(p: number): number {
  F32[0] = p;
  return halfFromFloat32Bits(F32_BITS[0]);
}

/** float32 bits to binary16 bits, round to nearest even, subnormals kept, any NaN to a quiet one. */
export function halfFromFloat32Bits(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const a = f & 0x7fffffff;
  if (a >= 0x47800000) return sign | (a > 0x7f800000 ? 0x7e00 : 0x7c00); // 2^16 and up: Infinity (or NaN)
  if (a < 0x38800000) {
    // Below 2^-14: a subnormal binary16, in units of 2^-24.
    const e = a >>> 23;
    if (e < 102) return sign; // below 2^-25: rounds to zero
    const m = (a & 0x7fffff) | 0x800000;
    const shift = 126 - e;
    const q = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    return sign | (q + +(rest > half || (rest === half && (q & 1) === 1)));
  }
  // Rebias the exponent (127 to 15) and drop 13 bits; a carry out of the significand moves into the exponent, up to Infinity.
  const q = (a >>> 13) - 0x1c000;
  const rest = a & 0x1fff;
  return sign | (q + +(rest > 0x1000 || (rest === 0x1000 && (q & 1) === 1)));
}

/**
 * For a long float16 call with one alpha: every pattern's product alpha * h, as bits, in a 128 KiB
 * table (the last alpha's is kept), so that each element is one lookup instead of a conversion.
 */
let tableAlpha = Number.NaN;
let table: Uint16Array | undefined;
export function productTable(alpha: number): Uint16Array {
  if (table && Object.is(alpha, tableAlpha)) return table;
  const v = halfValues();
  const t = table ?? new Uint16Array(65536);
  for (let h = 0; h < 65536; h++) t[h] = halfOfProduct(alpha * v[h]);
  table = t;
  tableAlpha = alpha;
  return t;
}

/** Calls longer than this use productTable: building it costs about as much as converting this many elements. */
export const TABLE_MIN_LENGTH = 1 << 16;
