import { EXACT_MUL, F16_MUL, HALF_MUL } from './exact-mul.wgsl.js';

const leaky16 = (mul: string) => /* wgsl */ `${mul}
fn apply(h: u32) -> u32 { return leaky16(h, params.param); }`;

/**
 * leakyRelu: `x < 0 ? alpha * x : x`; params.param holds alpha's bits in the dtype. Only negative
 * elements are multiplied (exactly, see exact-mul.wgsl.ts); the others (non-negative, -0, NaN) copy
 * the input bits.
 */
export const leakyRelu = {
  float32: /* wgsl */ `${EXACT_MUL}
fn apply(v: u32) -> u32 { return leaky(v, params.param); }`,
  float16: leaky16(HALF_MUL),
  f16: leaky16(F16_MUL),
} as const;
