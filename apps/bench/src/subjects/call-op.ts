/** Calls a bench op through a backend's sync or Promise API with the op's default parameter. */
import type { ActivationBackend, AnyTypedArray, SyncOps } from '@rectify/core';
import type { BenchOp } from '../plan.js';

export function callSync(api: SyncOps, op: BenchOp, x: AnyTypedArray, out?: AnyTypedArray): AnyTypedArray {
  if (op === 'relu') return api.relu(x, out);
  if (op === 'clippedRelu') return api.clippedRelu(x, undefined, out);
  return api.leakyRelu(x, undefined, out);
}

/** x and out may be backend handles (GPU arrays) as well as typed arrays. */
export function callAsync(api: ActivationBackend, op: BenchOp, x: unknown, out?: unknown): Promise<unknown> {
  const a = x as AnyTypedArray;
  const o = out as AnyTypedArray | undefined;
  if (op === 'relu') return api.relu(a, o);
  if (op === 'clippedRelu') return api.clippedRelu(a, undefined, o);
  return api.leakyRelu(a, undefined, o);
}
