import { EXACT_MUL, F16_MUL, HALF_MUL } from './exact-mul.wgsl.js';

const prelu16 = (mul: string) => /* wgsl */ `${mul}
fn apply(h: u32, a: u32) -> u32 { return leaky16(h, a); }`;

/** prelu: leakyRelu with the alpha of the element's channel, which the entry point passes as `a` (float16: a half's bits). */
export const prelu = {
  float32: /* wgsl */ `${EXACT_MUL}
fn apply(v: u32, a: u32) -> u32 { return leaky(v, a); }`,
  float16: prelu16(HALF_MUL),
  f16: prelu16(F16_MUL),
} as const;
