import { EXACT_MUL, F16_MUL, HALF_MUL } from './exact-mul.wgsl.js';

// The term is rounded to binary16, then given as float32 bits: float16 sums use float32's layout.
const grad16 = (mul: string) => /* wgsl */ `${mul}
fn apply2(dy: u32, x: u32, a: u32) -> u32 { return leaky_grad16(dy, x, a); }

fn term(dy: u32, x: u32) -> u32 {
  if (f16_is_zero(x) || f16_is_negative(x)) { return f16_to_f32(mul16(dy, x)); }
  return 0u;
}`;

/**
 * preluGrad: dx as leakyReluGrad with the channel's alpha `a` (passed by the entry point), and the
 * channel's dalpha term: dy * x, rounded, where x <= 0 (±0 included, NaN excluded); +0 (nothing to
 * add) elsewhere. The entry point adds the terms, float32 bits, exactly (exact-sum.wgsl.ts).
 */
export const preluGrad = {
  float32: /* wgsl */ `${EXACT_MUL}
fn apply2(dy: u32, x: u32, a: u32) -> u32 { return leaky_grad(dy, x, a); }

fn term(dy: u32, x: u32) -> u32 {
  if (f32_is_zero(x) || f32_is_negative(x)) { return exact_mul(dy, x); }
  return 0u;
}`,
  float16: grad16(HALF_MUL),
  f16: grad16(F16_MUL),
} as const;
