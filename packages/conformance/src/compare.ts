/** Compares a backend's result with the oracle's, element by element, on bits. */
import type { ActivationStats, AnyTypedArray, OpName } from '@rectify/core';
import { bitView, isNaNAt, isSubnormalAt, signBit } from './bits.js';

/**
 * Index of the first element where `got` differs from `want`, or -1. Exact bits, with two
 * allowances, both for leakyRelu alone: a NaN *computed* by alpha * x (only alpha = 0 with
 * x = -Inf) may have any NaN bits, as IEEE 754 leaves them open; and a backend that declares
 * flushesSubnormals may give a zero of the right sign where the exact product is subnormal.
 */
export function firstMismatch(
  op: OpName,
  input: AnyTypedArray,
  got: AnyTypedArray,
  want: AnyTypedArray,
  flushesSubnormals: boolean,
): number {
  const g = bitView(got);
  const w = bitView(want);
  const perElement = g.length / Math.max(want.length, 1);
  for (let k = 0; k < w.length; k++) {
    if (g[k] === w[k]) continue;
    const i = Math.floor(k / perElement);
    if (op === 'leakyRelu' && allowedLeakyDifference(input, got, want, i, flushesSubnormals)) {
      k = (i + 1) * perElement - 1;
      continue;
    }
    return i;
  }
  return -1;
}

function allowedLeakyDifference(
  input: AnyTypedArray,
  got: AnyTypedArray,
  want: AnyTypedArray,
  i: number,
  flushesSubnormals: boolean,
): boolean {
  if (isNaNAt(want, i) && !isNaNAt(input, i)) return isNaNAt(got, i);
  return flushesSubnormals && isSubnormalAt(want, i) && got[i] === 0 && signBit(got, i) === signBit(want, i);
}

export function sameStats(a: ActivationStats, b: ActivationStats): boolean {
  return (
    a.length === b.length && a.negative === b.negative && a.zero === b.zero && a.positive === b.positive && a.nan === b.nan
  );
}

export function firstCountMismatch(got: Uint32Array, want: Uint32Array): number {
  if (!(got instanceof Uint32Array) || got.length !== want.length) return 0;
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return i;
  return -1;
}
