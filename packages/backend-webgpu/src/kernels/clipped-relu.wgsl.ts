/** clippedRelu: `x < 0 ? +0 : (x > c ? c : x)`; params.param holds the ceiling in the dtype's bits. */
export const clippedRelu = {
  // The ceiling is a positive finite float, and positive non-NaN floats order like their bits.
  float32: /* wgsl */ `
fn apply(v: u32) -> u32 {
  let c = params.param;
  if (f32_is_negative(v)) { return 0u; }
  if (v > c && v <= 0x7f800000u) { return c; }
  return v;
}`,
  float16: /* wgsl */ `
fn apply(h: u32) -> u32 {
  let c = params.param;
  if (f16_is_negative(h)) { return 0u; }
  if (h > c && h <= 0x7c00u) { return c; }
  return h;
}`,
  int32: /* wgsl */ `
fn apply(v: u32) -> u32 {
  return bitcast<u32>(min(max(bitcast<i32>(v), 0), bitcast<i32>(params.param)));
}`,
  int8: /* wgsl */ `
fn apply(w: u32) -> u32 {
  let c = bitcast<i32>(params.param);
  var r = 0u;
  for (var b = 0u; b < 4u; b++) {
    r = insertBits(r, u32(min(max(i8_at(w, b), 0), c)), b * 8u, 8u);
  }
  return r;
}`,
} as const;
