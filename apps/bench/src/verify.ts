/** Checks a backend's output against core's oracle before it is timed. Environment-free. */
import { oracle, type AnyTypedArray } from '@rectify/core';
import { firstMismatch, hexBits } from '@rectify/conformance';
import type { BenchOp } from './plan.js';

/** The oracle's result of op on x with the op's default parameter (the benchmark uses defaults throughout). */
export function expected(op: BenchOp, x: AnyTypedArray): AnyTypedArray {
  return op === 'relu' ? oracle.relu(x) : op === 'clippedRelu' ? oracle.clippedRelu(x) : oracle.leakyRelu(x);
}

/**
 * undefined when `got` matches `want` bit for bit (leakyRelu's allowances as in the conformance
 * suite), else a one-line description of the first difference.
 */
export function verifyOutput(
  op: BenchOp,
  input: AnyTypedArray,
  got: unknown,
  want: AnyTypedArray,
  flushesSubnormals = false,
): string | undefined {
  if (!ArrayBuffer.isView(got) || got.constructor !== want.constructor) {
    const name = got === null ? 'null' : ArrayBuffer.isView(got) ? got.constructor.name : typeof got;
    return `returned ${name}, expected ${want.constructor.name}`;
  }
  const g = got as AnyTypedArray;
  if (g.length !== want.length) return `returned ${g.length} elements, expected ${want.length}`;
  const i = firstMismatch(op, input, g, want, flushesSubnormals);
  if (i < 0) return undefined;
  return `element ${i}: input ${hexBits(input, i)} gave ${hexBits(g, i)}, expected ${hexBits(want, i)}`;
}
