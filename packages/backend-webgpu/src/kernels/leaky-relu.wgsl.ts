import { EXACT_MUL } from './exact-mul.wgsl.js';

/**
 * leakyRelu: `x < 0 ? alpha * x : x`; params.param holds alpha's float32 bits. Only negative
 * elements are multiplied (exactly, see exact-mul.wgsl.ts); the others (non-negative, -0, NaN) copy
 * the input bits.
 */
export const leakyRelu = {
  float32: /* wgsl */ `${EXACT_MUL}
fn apply(v: u32) -> u32 { return leaky(v, params.param); }`,
} as const;
