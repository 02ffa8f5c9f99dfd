/**
 * columnSums: each thread adds one word's elements to their columns' exact sums (exact-sum.wgsl.ts):
 * floats as terms into core's float32 accumulator layout (float16 widened exactly to float32, as
 * preluGrad's terms are), integers into one signed 64-bit entry a column. The host rounds each
 * column once to float64 (reduce.wgsl.ts).
 */
import { F16_TO_F32 } from './exact-mul.wgsl.js';

export const columnSums = {
  float32: /* wgsl */ `fn sum_word(w: u32) { add_term(column_of(w), src[w]); }`,
  float16: /* wgsl */ `${F16_TO_F32}
fn sum_word(w: u32) {
  let word = src[w];
  for (var k = 0u; k < 2u; k++) {
    let e = w * 2u + k;
    if (e < params.count) { add_term(column_of(e), f16_to_f32(half_at(word, k))); }
  }
}`,
  int32: /* wgsl */ `fn sum_word(w: u32) { add_int(column_of(w), bitcast<i32>(src[w])); }`,
  int8: /* wgsl */ `
fn sum_word(w: u32) {
  let word = src[w];
  for (var b = 0u; b < 4u; b++) {
    let e = w * 4u + b;
    if (e < params.count) { add_int(column_of(e), i8_at(word, b)); }
  }
}`,
} as const;
