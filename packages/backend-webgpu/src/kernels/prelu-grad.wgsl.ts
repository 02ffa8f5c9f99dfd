import { EXACT_MUL } from './exact-mul.wgsl.js';

/**
 * preluGrad: dx as leakyReluGrad with the channel's alpha `a` (passed by the entry point), and the
 * channel's dalpha term: dy * x, rounded, where x <= 0 (±0 included, NaN excluded); +0 (nothing to
 * add) elsewhere. The entry point adds the terms exactly (exact-sum.wgsl.ts).
 */
export const preluGrad = {
  float32: /* wgsl */ `${EXACT_MUL}
fn apply2(dy: u32, x: u32, a: u32) -> u32 { return leaky_grad(dy, x, a); }

fn term(dy: u32, x: u32) -> u32 {
  if (f32_is_zero(x) || f32_is_negative(x)) { return exact_mul(dy, x); }
  return 0u;
}`,
} as const;
