import { EXACT_MUL, F16_MUL, HALF_MUL } from './exact-mul.wgsl.js';

const grad16 = (mul: string) => /* wgsl */ `${mul}
fn apply2(dy: u32, x: u32) -> u32 { return leaky_grad16(dy, x, params.param); }`;

/** leakyReluGrad: `x > 0 || isNaN(x) ? dy : alpha * dy`, the product exact; params.param holds alpha's bits in the dtype. */
export const leakyReluGrad = {
  float32: /* wgsl */ `${EXACT_MUL}
fn apply2(dy: u32, x: u32) -> u32 { return leaky_grad(dy, x, params.param); }`,
  float16: grad16(HALF_MUL),
  f16: grad16(F16_MUL),
} as const;
