/** reluGrad: `x <= 0 ? +0 : dy`, dy's bits kept; a NaN in x passes dy through. */
export const reluGrad = {
  float32: /* wgsl */ `
fn apply2(dy: u32, x: u32) -> u32 {
  return select(dy, 0u, f32_is_zero(x) || f32_is_negative(x));
}`,
  float16: /* wgsl */ `
fn apply2(dy: u32, x: u32) -> u32 {
  return select(dy, 0u, f16_is_zero(x) || f16_is_negative(x));
}`,
} as const;
