/**
 * Calls a benchmarked op on a backend's sync or Promise API: `op(...arrays, ...params, out)`, arrays
 * and out being typed arrays or the backend's handles (GPU arrays), params the cell's (prelu's alpha)
 * or none (the op's defaults).
 */
import { invoke, type OpDefinition } from '@rectify/core';

/**
 * One call, resolved once. core's invoke lays the arguments out as the op table says (arrays, params,
 * undefined for those left out, out), on a stand-in that records them; the returned function then
 * repeats just the method call, with no per-call allocation or lookup, which would show in the
 * timing at 1K elements.
 */
export function boundCall(api: object, op: OpDefinition, arrays: readonly unknown[], params: readonly unknown[], out?: unknown): () => unknown {
  const method = (api as Record<string, unknown>)[op.name];
  if (typeof method !== 'function') throw new TypeError(`${op.name} is not a method of this backend`);
  let args: unknown[] = [];
  invoke({ [op.name]: (...laidOut: unknown[]) => (args = laidOut) }, op, arrays, params, out);
  return () => (method as (...a: unknown[]) => unknown).apply(api, args);
}
