/** relu: `x < 0 ? +0 : x`, one word in, one word out. -0 and NaNs are kept bit for bit. */
export const relu = {
  float32: /* wgsl */ `fn apply(v: u32) -> u32 { return select(v, 0u, f32_is_negative(v)); }`,
  // float16 bodies take and give one half (the entry point splits the words).
  float16: /* wgsl */ `fn apply(h: u32) -> u32 { return select(h, 0u, f16_is_negative(h)); }`,
  int32: /* wgsl */ `fn apply(v: u32) -> u32 { return select(v, 0u, bitcast<i32>(v) < 0); }`,
  // Four int8 per word: a byte whose top bit is set is negative and becomes 0.
  int8: /* wgsl */ `fn apply(w: u32) -> u32 { return w & ~(((w >> 7u) & 0x01010101u) * 0xffu); }`,
} as const;
