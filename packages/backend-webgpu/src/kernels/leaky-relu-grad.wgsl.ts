import { EXACT_MUL } from './exact-mul.wgsl.js';

/** leakyReluGrad: `x > 0 || isNaN(x) ? dy : alpha * dy`, the product exact; params.param holds alpha's float32 bits. */
export const leakyReluGrad = {
  float32: /* wgsl */ `${EXACT_MUL}
fn apply2(dy: u32, x: u32) -> u32 { return leaky_grad(dy, x, params.param); }`,
} as const;
