/**
 * Exact per-channel sums of float32 terms (preluGrad's dalpha): the kernel adds each term into
 * core's accumulator layout (packages/core/src/exact-sum.ts: per channel, 32-bit limbs held in
 * signed 64-bit entries, then a flags entry) with integer atomics, so every order gives the same
 * integers and core's roundAccumulator rounds them once. Each entry is a (lo, hi) pair of u32 words,
 * little-endian, so the buffer reads back as a BigInt64Array.
 */
import { SUM_FLAGS, accumulatorWidth } from '@rectify/core';

const SUM_ENTRIES = accumulatorWidth('float32');
const FLAGS = SUM_ENTRIES - 1;
/** Bytes of one channel's sums. */
export const SUM_BYTES = SUM_ENTRIES * 8;
/** Bytes of one column's integer sum (add_int). */
export const INT_SUM_BYTES = 8;

/**
 * What an entry point that adds terms binds as `sums` and calls: add_term(channel, term bits), or for
 * integers (columnSums) add_int(column, value), whose sums are one signed 64-bit entry a column
 * (INT_SUM_BYTES), in units of 1: exact below 2^32 terms.
 */
export const EXACT_SUM = /* wgsl */ `
// Adds v (a non-zero word), negated when negative, to the signed 64-bit entry at words w, w + 1.
fn add_word(w: u32, v: u32, negative: bool) {
  let lo = select(v, 0u - v, negative);
  let old = atomicAdd(&sums[w], lo);
  // -v is (2^32 - v) + 0xffffffff · 2^32: the high word gets the carry and, when negative, 0xffffffff.
  let hi = select(0u, 1u, old + lo < old) + select(0u, 0xffffffffu, negative);
  if (hi != 0u) { atomicAdd(&sums[w + 1u], hi); }
}

fn add_int(c: u32, v: i32) {
  if (v == 0) { return; }
  let bits = bitcast<u32>(v);
  add_word(c * 2u, select(bits, 0u - bits, v < 0), v < 0);
}

fn add_term(c: u32, t: u32) {
  let base = c * ${2 * SUM_ENTRIES}u;
  let mag = t & 0x7fffffffu;
  if (mag == 0u) { return; }
  if (mag >= 0x7f800000u) {
    atomicOr(&sums[base + ${2 * FLAGS}u], select(${SUM_FLAGS.nan}u, select(${SUM_FLAGS.posInf}u, ${SUM_FLAGS.negInf}u, t != mag), mag == 0x7f800000u));
    return;
  }
  let e = mag >> 23u;
  let m = select(mag, (mag & 0x7fffffu) | 0x800000u, e != 0u);
  let k = max(e, 1u) - 1u;
  let r = k & 31u;
  let w = base + (k >> 5u) * 2u;
  let lo = m << r;
  if (lo != 0u) { add_word(w, lo, t != mag); }
  if (r > 8u) { add_word(w + 2u, m >> (32u - r), t != mag); }
}
`;
