/**
 * histogram: each thread bins one word's elements by their order keys (reduce.wgsl.ts: bin_of_key,
 * f32_bin, tally_bin; the host's thresholds in `edges`), so no float compare runs. float16 elements
 * are binned as the float32 values they are (f16_to_f32 is exact), against float32's thresholds.
 */
import { F16_TO_F32 } from './exact-mul.wgsl.js';

export const histogram = {
  float32: /* wgsl */ `fn bin_word(w: u32) { tally_bin(f32_bin(src[w])); }`,
  // Two halves a word; the high half of an odd count's last word is not an element.
  float16: /* wgsl */ `${F16_TO_F32}
fn bin_word(w: u32) {
  let word = src[w];
  for (var k = 0u; k < 2u; k++) {
    if (w * 2u + k < params.count) { tally_bin(f32_bin(f16_to_f32(half_at(word, k)))); }
  }
}`,
  // Integers: two's complement with the sign bit flipped orders as u32.
  int32: /* wgsl */ `fn bin_word(w: u32) { tally_bin(bin_of_key(src[w] ^ 0x80000000u)); }`,
  int8: /* wgsl */ `
fn bin_word(w: u32) {
  let word = src[w];
  for (var b = 0u; b < 4u; b++) {
    if (w * 4u + b < params.count) { tally_bin(bin_of_key(bitcast<u32>(i8_at(word, b)) ^ 0x80000000u)); }
  }
}`,
} as const;
