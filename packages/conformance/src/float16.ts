/**
 * float16 in the suite: the Float16Array class where the runtime has none (Node 20: the
 * @petamoriken/float16 polyfill; a runtime's own class, as in Chromium, is kept), and the
 * exhaustive sweeps: every op on all 2^16 bit patterns, with grids of alphas and ceilings.
 */
import { Float16Array } from '@petamoriken/float16';
import {
  bitView,
  float16ArrayClass,
  fromNumbers,
  allocate,
  useFloat16Array,
  type AnyTypedArray,
  type Float16ArrayClass,
  type OpDefinition,
  type ParamCase,
} from '@rectify/core';
import { specialValues } from './inputs.js';

/** Makes sure float16 arrays can be allocated here; call before making any. */
export function ensureFloat16(): void {
  if (float16ArrayClass() === undefined) useFloat16Array(Float16Array as unknown as Float16ArrayClass);
}

/** Alphas that reach every kind of product: zeros, subnormal and tiny ones, ordinary, huge, both signs. */
export const FLOAT16_ALPHAS: readonly number[] = [0, -0, 2 ** -24, 3 * 2 ** -20, 2 ** -14, 1e-3, 0.01, 0.1, 0.2, 1 / 3, 0.5, 0.999, 1, 1.5, 3, 7, 255.9, 1000, 65504].flatMap(
  (a) => (Object.is(a, 0) || Object.is(a, -0) ? [a] : [a, -a]),
);

/** Ceilings from the smallest subnormal to the largest finite. */
export const FLOAT16_CEILINGS: readonly number[] = [2 ** -24, 2 ** -14, 0.5, 1, 6, 60000, 65504];

export interface Float16Sweep {
  /** 'x all patterns, alpha -1.5'. */
  label: string;
  params: ParamCase;
  /** The call's arrays in op order. */
  inputs: AnyTypedArray[];
}

const PATTERNS = 65536;

/**
 * The sweeps of one op: for each array of the op in turn, that array takes all 2^16 patterns while
 * the others cycle through partners (specials and ordinary values); times each alpha or ceiling of
 * the grids. A per-channel alpha takes the whole alpha grid as its channels: each pattern is
 * repeated once per channel (channels last), so every pattern meets every alpha in one call.
 */
export function float16Sweeps(op: OpDefinition, partners: AnyTypedArray = float16Partners()): Float16Sweep[] {
  const first = op.params[0]?.name;
  const perChannel = op.perChannel !== undefined;
  const channels = perChannel ? FLOAT16_ALPHAS.length : 1;
  const grid: { label: string; params: readonly unknown[] }[] = perChannel
    ? [{ label: `the ${channels} alphas of the grid as channels`, params: [fromNumbers('float16', FLOAT16_ALPHAS)] }]
    : first === 'alpha'
      ? FLOAT16_ALPHAS.map((a) => ({ label: `alpha ${Object.is(a, -0) ? '-0' : a}`, params: [a] }))
      : first === 'ceiling'
        ? FLOAT16_CEILINGS.map((c) => ({ label: `ceiling ${c}`, params: [c] }))
        : op.cases('float16').map((c) => ({ label: c.label, params: c.params(PATTERNS) }));
  const length = PATTERNS * channels;
  const sweeps: Float16Sweep[] = [];
  for (let k = 0; k < op.arrays.length; k++) {
    const inputs = op.arrays.map((_, j) => (j === k ? allPatterns(channels) : cycle(partners, length)));
    for (const g of grid) {
      sweeps.push({
        label: `${op.arrays.length > 1 ? `${op.arrays[k]} all patterns, ` : ''}${g.label}`,
        params: { label: g.label, params: () => g.params },
        inputs,
      });
    }
  }
  return sweeps;
}

/**
 * The specials plus ordinary values: 37 of them, coprime with the 36 alphas, so that across the
 * patterns every channel meets every partner.
 */
export function float16Partners(): AnyTypedArray {
  const specials = bitView(specialValues('float16'));
  const extra = bitView(fromNumbers('float16', [-3, 2.5, -0.1, 100, -1e-5]));
  const a = allocate('float16', specials.length + extra.length);
  bitView(a).set(specials);
  bitView(a).set(extra, specials.length);
  return a;
}

function allPatterns(repeat: number): AnyTypedArray {
  const a = allocate('float16', PATTERNS * repeat);
  const bits = bitView(a);
  for (let i = 0; i < bits.length; i++) bits[i] = Math.floor(i / repeat);
  return a;
}

function cycle(values: AnyTypedArray, length: number): AnyTypedArray {
  const a = allocate('float16', length);
  const bits = bitView(a);
  const from = bitView(values);
  for (let i = 0; i < length; i++) bits[i] = from[i % from.length];
  return a;
}
