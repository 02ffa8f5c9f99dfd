/** Checks a backend's output against core's oracle before it is timed. Environment-free. */
import { hexBits, firstMismatch } from '@rectify/conformance';
import { invoke, oracle, xIndex, type AnyTypedArray, type OpName } from '@rectify/core';
import { benchOp } from './plan.js';

/** The oracle's result of op on its array arguments (call order) with the op's default parameters, as the benchmark calls every op. */
export function expected(op: OpName, inputs: readonly AnyTypedArray[]): AnyTypedArray {
  return invoke(oracle, benchOp(op), inputs, []) as AnyTypedArray;
}

/**
 * undefined when `got` matches `want` bit for bit (with the conformance suite's allowances for
 * arithmetic ops), else a one-line description of the first difference. `inputs` are the op's
 * array arguments in call order.
 */
export function verifyOutput(
  op: OpName,
  inputs: readonly AnyTypedArray[],
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
  const def = benchOp(op);
  const x = inputs[xIndex(def)];
  const i = firstMismatch(op, x, g, want, flushesSubnormals);
  if (i < 0) return undefined;
  // One input: its bits; several (dy, x): each one's, named.
  const input = inputs.length === 1 ? hexBits(x, i) : def.arrays.map((name, k) => `${name}=${hexBits(inputs[k], i)}`).join(' ');
  return `element ${i}: input ${input} gave ${hexBits(g, i)}, expected ${hexBits(want, i)}`;
}
