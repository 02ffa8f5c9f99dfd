import { EXACT_MUL } from './exact-mul.wgsl.js';

/** prelu: leakyRelu with the alpha of the element's channel, which the entry point passes as `a`. */
export const prelu = {
  float32: /* wgsl */ `${EXACT_MUL}
fn apply(v: u32, a: u32) -> u32 { return leaky(v, a); }`,
} as const;
