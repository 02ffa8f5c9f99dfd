/** Checks a backend's output against core's oracle before it is timed. Environment-free. */
import { compareResult, hexBits } from '@rectify/conformance';
import { invoke, oracle, type AnyTypedArray, type OpName } from '@rectify/core';
import { benchOp } from './plan.js';

/** The oracle's result of op on its array arguments (call order) and the cell's parameters ([]: the defaults). */
export function expected(op: OpName, inputs: readonly AnyTypedArray[], params: readonly unknown[] = []): unknown {
  return invoke(oracle, benchOp(op), inputs, params);
}

/**
 * undefined when `got` matches `want` bit for bit (conformance's compareResult: its allowances for
 * arithmetic ops; gradients' dx and dalpha), else a one-line description of the first difference.
 * `inputs` are the op's array arguments in call order.
 */
export function verifyOutput(op: OpName, inputs: readonly AnyTypedArray[], got: unknown, want: unknown, flushesSubnormals = false): string | undefined {
  const def = benchOp(op);
  const d = compareResult(def, inputs, got, want, flushesSubnormals);
  if (d === undefined) return undefined;
  // A whole-result or dalpha difference has no element of the inputs to show.
  if (d.extra?.input === undefined) return `gave ${d.got}, expected ${d.want}`;
  // One input: its bits; several (dy, x): each one's, named.
  const input = inputs.length === 1 ? d.extra.input : def.arrays.map((name, k) => `${name}=${hexBits(inputs[k], d.index)}`).join(' ');
  return `element ${d.index}: input ${input} gave ${d.got}, expected ${d.want}`;
}
