/**
 * One call of an op, checked: every backend runs its arguments through prepareCall, so all of them
 * accept the same calls and fail the same way, before touching any memory.
 *
 * Order of checks: x (a typed array or handle, of a dtype the backend declares for the op), the
 * other arrays (same dtype and length as x), out (same dtype, long enough, not overlapping an input
 * at another offset), then the parameters, defaults applied to `undefined` only (so `null` is rejected).
 */
import type { ActivationBackend } from './backend.js';
import { allocate, dtypeOf, type AnyTypedArray, type DType } from './dtypes.js';
import { DTypeMismatchError, LengthMismatchError, NotATypedArrayError, OutTooShortError, OverlapError, UnsupportedDTypeError } from './errors.js';
import { takesOut, xIndex, type OpDefinition } from './ops/define.js';
import type { OpName } from './ops/index.js';

export type BackendInfo = Pick<ActivationBackend, 'name' | 'capabilities'>;

/**
 * The dtype of an argument the backend takes as an array, or a thrown RectifyError. Backends with
 * arrays of their own (GPU handles, wasm heap views) pass one; `position` is the argument's index
 * among the arrays, out last. The value must have a `length`.
 */
export type ArrayInspector = (value: unknown, argument: string, position: number) => DType;

export interface PreparedCall {
  readonly op: OpDefinition<OpName>;
  readonly dtype: DType;
  /** Elements of x (and of every array of the call). */
  readonly length: number;
  /** The array arguments in call order (typed arrays, or the backend's handles). */
  readonly arrays: readonly unknown[];
  /** Checked parameters: scalars rounded to the dtype. */
  readonly params: readonly number[];
  /** The out argument, or undefined. */
  readonly out: unknown;
  /** The per-channel parameter's checked copy (prelu's alpha), for ops that have one. */
  readonly perChannel: AnyTypedArray | undefined;
}

export const typedArrayInspector: ArrayInspector = (value, argument) => {
  const dtype = dtypeOf(value);
  if (dtype === undefined) throw new NotATypedArrayError(argument, value);
  return dtype;
};

const NO_PARAMS: readonly number[] = Object.freeze([]);

/** Checks one call `op(...args)` on a backend; returns what a kernel needs, or throws the call's RectifyError. */
export function prepareCall(
  backend: BackendInfo,
  op: OpDefinition<OpName>,
  args: ArrayLike<unknown>,
  inspect: ArrayInspector = typedArrayInspector,
): PreparedCall {
  const names = op.arrays;
  const n = names.length;
  const xi = n === 1 ? 0 : xIndex(op);
  const x = args[xi];
  const dtype = inspect(x, 'x', xi);
  const supported = backend.capabilities.ops[op.name];
  if (!contains(supported, dtype)) throw new UnsupportedDTypeError(backend.name, op.name, dtype, supported);
  const length = (x as { length: number }).length;
  // Most ops take x alone: a literal is the cheapest array an engine makes.
  let arrays: unknown[];
  if (n === 1) arrays = [x];
  else {
    arrays = [];
    for (let k = 0; k < n; k++) arrays.push(args[k]);
  }
  for (let k = 0; k < n; k++) {
    if (k === xi) continue;
    const a = arrays[k];
    const d = inspect(a, names[k], k);
    if (d !== dtype) throw new DTypeMismatchError(names[k], dtype, d);
    const len = (a as { length: number }).length;
    if (len !== length) throw new LengthMismatchError(names[k], len, 'x', length);
  }
  let out: unknown;
  if (takesOut(op)) {
    out = args[n + op.params.length];
    if (out !== undefined && out !== x && !contains(arrays, out)) {
      const d = inspect(out, 'out', n);
      if (d !== dtype) throw new DTypeMismatchError('out', dtype, d);
      const len = (out as { length: number }).length;
      if (len < length) throw new OutTooShortError(length, len);
      for (let k = 0; k < n; k++) if (k !== xi && overlapsAtAnotherOffset(out, arrays[k])) throw new OverlapError(names[k]);
      if (overlapsAtAnotherOffset(out, x)) throw new OverlapError('x');
    }
  }
  let params = NO_PARAMS;
  const p = op.params.length;
  if (p > 0) {
    const values: unknown[] = new Array(p);
    for (let k = 0; k < p; k++) {
      const v = args[n + k];
      values[k] = v === undefined ? op.params[k].default : v;
    }
    params = op.checkParams(dtype, length, values);
    if (op.perChannel) return { op, dtype, length, arrays, params, out, perChannel: op.perChannel(values) };
  }
  return { op, dtype, length, arrays, params, out, perChannel: undefined };
}

// A loop, not Array.prototype.includes: this runs on every call and the lists hold one to four items.
function contains(list: readonly unknown[], item: unknown): boolean {
  for (let k = 0; k < list.length; k++) if (list[k] === item) return true;
  return false;
}

// Byte ranges first, the buffers last, and lengths from `length` rather than `byteLength`: the
// `buffer`, `byteOffset` and `byteLength` getters cost tens of nanoseconds each, which shows in every
// small call with an out, and disjoint or equal ranges never need the buffer.
function overlapsAtAnotherOffset(a: unknown, b: unknown): boolean {
  // Not ArrayBuffer.isView: a polyfilled Float16Array is a Proxy; inputs here passed inspect already.
  if (a === b || typeof (a as AnyTypedArray).byteOffset !== 'number' || typeof (b as AnyTypedArray).byteOffset !== 'number') return false;
  const x = a as AnyTypedArray;
  const y = b as AnyTypedArray;
  const xo = x.byteOffset;
  const yo = y.byteOffset;
  if (xo === yo || xo >= yo + y.length * y.BYTES_PER_ELEMENT || yo >= xo + x.length * x.BYTES_PER_ELEMENT) return false;
  return x.buffer === y.buffer;
}

/** Calls `op` on an API object positionally: `api[op](...arrays, ...params, out)`. */
export function invoke(api: object, op: OpDefinition, arrays: readonly unknown[], params: readonly unknown[], out?: unknown): unknown {
  const method = (api as Record<string, (...a: unknown[]) => unknown>)[op.name];
  if (typeof method !== 'function') throw new TypeError(`${op.name} is not a method of this backend`);
  const args = [...arrays, ...params];
  // Parameters the caller left out still take their place, so out lands where the op expects it.
  while (args.length < arrays.length + op.params.length) args.push(undefined);
  if (takesOut(op) && out !== undefined) args.push(out);
  return method.apply(api, args);
}

/** The result array of an 'array' op: out when given, else a new array of x's dtype. */
export function resultArray(call: PreparedCall): AnyTypedArray {
  return (call.out as AnyTypedArray | undefined) ?? allocate(call.dtype, call.length, call.arrays[xIndex(call.op)] as AnyTypedArray);
}
