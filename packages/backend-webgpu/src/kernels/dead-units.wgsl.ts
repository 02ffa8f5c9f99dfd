/**
 * deadUnits: per column of a row-major matrix, how many rows are > 0. Thread t walks elements
 * t, t + stride, ... of the chunk; stride is a multiple of cols, so all of them sit in one column
 * and the thread adds its count once.
 */
export const deadUnits = {
  float32: /* wgsl */ `fn positive_at(j: u32) -> bool { return f32_is_positive(src[j]); }`,
  float16: /* wgsl */ `fn positive_at(j: u32) -> bool { return f16_is_positive(half_at(src[j >> 1u], j & 1u)); }`,
  int32: /* wgsl */ `fn positive_at(j: u32) -> bool { return bitcast<i32>(src[j]) > 0; }`,
  int8: /* wgsl */ `fn positive_at(j: u32) -> bool { return i8_at(src[j >> 2u], j & 3u) > 0; }`,
} as const;
