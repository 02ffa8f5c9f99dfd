/**
 * Argument checks shared by every backend, so that all of them fail the same way on bad input
 * and before touching any memory. Each returns what the kernel needs (dtype, rounded scalars).
 */
import type { ActivationBackend, OpName } from './backend.js';
import { dtypeOf, intRange, isFloatDType, roundToDType, type AnyTypedArray, type DType } from './dtypes.js';
import {
  DTypeMismatchError,
  InvalidParameterError,
  LengthMismatchError,
  NotATypedArrayError,
  OutTooShortError,
  OverlapError,
  ShapeMismatchError,
  UnsupportedDTypeError,
} from './errors.js';

type BackendInfo = Pick<ActivationBackend, 'name' | 'capabilities'>;

/** Checks `x` and returns its dtype, after making sure the backend supports `op` on it. */
export function checkInput(backend: BackendInfo, op: OpName, x: unknown, argument = 'x'): DType {
  const dtype = dtypeOf(x);
  if (dtype === undefined) throw new NotATypedArrayError(argument, x);
  const supported = backend.capabilities.ops[op];
  if (!supported.includes(dtype)) throw new UnsupportedDTypeError(backend.name, op, dtype, supported);
  return dtype;
}

/**
 * Checks an optional `out` for a result of `length` elements of `dtype`; it may be x (or dy) itself,
 * in place, but not overlap either at another offset. Allocation-free: it runs on every call.
 */
export function checkOut(out: unknown, dtype: DType, length: number, x: AnyTypedArray, dy?: AnyTypedArray): void {
  if (out === undefined) return;
  const outDType = dtypeOf(out);
  if (outDType === undefined) throw new NotATypedArrayError('out', out);
  if (outDType !== dtype) throw new DTypeMismatchError('out', dtype, outDType);
  const o = out as AnyTypedArray;
  if (o.length < length) throw new OutTooShortError(length, o.length);
  if (dy && overlapsAtAnotherOffset(o, dy)) throw new OverlapError('dy');
  if (overlapsAtAnotherOffset(o, x)) throw new OverlapError('x');
}

/** relu, clippedRelu, leakyRelu: checks x and out, returns the dtype. */
export function checkUnary(backend: BackendInfo, op: OpName, x: unknown, out: unknown): DType {
  const dtype = checkInput(backend, op, x);
  const input = x as AnyTypedArray;
  checkOut(out, dtype, input.length, input);
  return dtype;
}

/** reluGrad: dy and x of one dtype and length; out may be either of them. */
export function checkGrad(backend: BackendInfo, dy: unknown, x: unknown, out: unknown): DType {
  const dtype = checkInput(backend, 'reluGrad', x);
  const dyType = dtypeOf(dy);
  if (dyType === undefined) throw new NotATypedArrayError('dy', dy);
  if (dyType !== dtype) throw new DTypeMismatchError('dy', dtype, dyType);
  const d = dy as AnyTypedArray;
  const xs = x as AnyTypedArray;
  if (d.length !== xs.length) throw new LengthMismatchError('dy', d.length, 'x', xs.length);
  checkOut(out, dtype, xs.length, xs, d);
  return dtype;
}

/** deadUnits: rows and cols are non-negative integers with rows * cols === x.length. */
export function checkShape(backend: BackendInfo, x: unknown, rows: unknown, cols: unknown): DType {
  const dtype = checkInput(backend, 'deadUnits', x);
  checkMatrixShape((x as AnyTypedArray).length, rows, cols);
  return dtype;
}

/**
 * deadUnits' shape check on a length alone, for backends whose arrays are not typed arrays (GPU
 * handles): rows and cols non-negative integers with rows * cols === length.
 */
export function checkMatrixShape(length: number, rows: unknown, cols: unknown): void {
  for (const [name, v] of [['rows', rows], ['cols', cols]] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new ShapeMismatchError(`${name} must be a non-negative integer, got ${String(v)}.`);
    }
  }
  if ((rows as number) * (cols as number) !== length) {
    throw new ShapeMismatchError(
      `rows * cols = ${rows} * ${cols} = ${(rows as number) * (cols as number)} but x has ${length} elements; ` +
        'x must be the row-major rows × cols matrix (rows = batch size, cols = units).',
    );
  }
}

/** clippedRelu's ceiling, rounded to the dtype: finite and > 0 for floats, an integer in 1..max for ints. */
export function checkCeiling(dtype: DType, ceiling: unknown): number {
  if (typeof ceiling !== 'number') throw new InvalidParameterError(`ceiling must be a number, got ${typeof ceiling}.`);
  if (isFloatDType(dtype)) {
    const c = roundToDType(dtype, ceiling);
    if (!Number.isFinite(c) || !(c > 0)) {
      throw new InvalidParameterError(
        `ceiling must be finite and > 0 as a ${dtype}, got ${ceiling}${c !== ceiling ? ` (${c} after rounding)` : ''}. relu6 uses 6.`,
      );
    }
    return c;
  }
  const [, max] = intRange(dtype);
  if (!Number.isInteger(ceiling) || ceiling <= 0 || ceiling > max) {
    throw new InvalidParameterError(`ceiling must be an integer in 1..${max} for ${dtype}, got ${ceiling}.`);
  }
  return ceiling;
}

/** leakyRelu's alpha, rounded to the dtype; it must stay finite. */
export function checkAlpha(dtype: DType, alpha: unknown): number {
  if (typeof alpha !== 'number') throw new InvalidParameterError(`alpha must be a number, got ${typeof alpha}.`);
  const a = roundToDType(dtype, alpha);
  if (!Number.isFinite(a)) {
    throw new InvalidParameterError(
      `alpha must be finite as a ${dtype}, got ${alpha}${a !== alpha ? ` (${a} after rounding)` : ''}. The usual value is 0.01.`,
    );
  }
  return a;
}

function overlapsAtAnotherOffset(a: AnyTypedArray, b: AnyTypedArray): boolean {
  // The same array (in place) first: the common case, and cheaper than reading .buffer.
  if (a === b) return false;
  if (a.buffer !== b.buffer || a.byteOffset === b.byteOffset) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
