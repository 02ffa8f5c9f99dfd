/** Compares a backend's result with the oracle's, element by element, on bits. */
import { opDefinition, type ActivationStats, type AnyTypedArray } from '@rectify/core';
import { bitView, isNaNAt, isSubnormalAt, signBit } from './bits.js';

/**
 * Index of the first element where `got` differs from `want`, or -1. Exact bits, with two
 * allowances, both only for ops whose definition says `arithmetic` (leakyRelu: a product): a NaN
 * *computed* by the arithmetic (alpha = 0 with x = -Inf) may have any NaN bits, as IEEE 754 leaves
 * them open; and a backend that declares flushesSubnormals may give a zero of the right sign where
 * the exact result is subnormal.
 */
export function firstMismatch(
  op: string,
  input: AnyTypedArray,
  got: AnyTypedArray,
  want: AnyTypedArray,
  flushesSubnormals: boolean,
): number {
  const g = bitView(got);
  const w = bitView(want);
  const perElement = g.length / Math.max(want.length, 1);
  const arithmetic = opDefinition(op)?.arithmetic ?? false;
  for (let k = 0; k < w.length; k++) {
    if (g[k] === w[k]) continue;
    const i = Math.floor(k / perElement);
    if (arithmetic && allowedDifference(input, got, want, i, flushesSubnormals)) {
      k = (i + 1) * perElement - 1;
      continue;
    }
    return i;
  }
  return -1;
}

/** True when element i of an arithmetic op's result differs from the oracle in a way docs/semantics.md allows (see firstMismatch). */
export function allowedDifference(
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
