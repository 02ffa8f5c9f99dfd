/**
 * Calls a benchmarked op on a backend's sync or Promise API, with the op's default parameters:
 * `op(...arrays, out)`, arrays and out being typed arrays or the backend's handles (GPU arrays).
 */
import { invoke, type OpDefinition } from '@rectify/core';

/**
 * One call, resolved once. core's invoke lays the arguments out as the op table says (arrays, the
 * defaults, out), on a stand-in that records them; the returned function then repeats just the
 * method call, with no per-call allocation or lookup, which would show in the timing at 1K elements.
 */
export function boundCall(api: object, op: OpDefinition, arrays: readonly unknown[], out?: unknown): () => unknown {
  const method = (api as Record<string, unknown>)[op.name];
  if (typeof method !== 'function') throw new TypeError(`${op.name} is not a method of this backend`);
  let args: unknown[] = [];
  invoke({ [op.name]: (...laidOut: unknown[]) => (args = laidOut) }, op, arrays, [], out);
  return () => (method as (...a: unknown[]) => unknown).apply(api, args);
}
