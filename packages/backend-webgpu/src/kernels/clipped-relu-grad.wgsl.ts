/** clippedReluGrad: `(0 < x < c) || isNaN(x) ? dy : +0`, dy's bits kept; params.param holds the ceiling's bits. */
export const clippedReluGrad = {
  // The ceiling is positive and finite, and positive floats order like their bits: a word in
  // 1 .. c - 1 is a float strictly between 0 and c (-0 and the negatives have the sign bit set).
  float32: /* wgsl */ `
fn apply2(dy: u32, x: u32) -> u32 {
  let inside = x != 0u && x < params.param;
  return select(0u, dy, inside || (x & 0x7fffffffu) > 0x7f800000u);
}`,
  float16: /* wgsl */ `
fn apply2(dy: u32, x: u32) -> u32 {
  let inside = x != 0u && x < params.param;
  return select(0u, dy, inside || (x & 0x7fffu) > 0x7c00u);
}`,
} as const;
