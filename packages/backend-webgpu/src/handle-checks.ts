/**
 * The checks of core's validate.ts, for calls on GpuArrays (core's checks take typed arrays only).
 * Same error classes, same order: dtype support, dtype match, lengths, out, shape.
 */
import {
  DTypeMismatchError,
  InvalidParameterError,
  LengthMismatchError,
  NotATypedArrayError,
  OutTooShortError,
  StaleViewError,
  UnsupportedDTypeError,
  checkMatrixShape,
  dtypeOf,
  type ActivationBackend,
  type OpName,
} from '@rectify/core';
import { GpuArray } from './gpu-array.js';
import type { GpuDType } from './kernels/index.js';

type BackendInfo = Pick<ActivationBackend, 'name' | 'capabilities'>;

/** `value` must be a live GpuArray of this backend. */
export function checkArray(backend: BackendInfo, value: unknown, argument: string): GpuArray {
  if (!(value instanceof GpuArray)) {
    if (dtypeOf(value) !== undefined) {
      throw new InvalidParameterError(
        `${argument} is a ${(value as object).constructor.name} but this call's other arrays are GpuArrays; ` +
          'pass all arrays of one call as GpuArrays (backend.upload) or all as typed arrays.',
      );
    }
    throw new NotATypedArrayError(argument, value);
  }
  if (value.owner !== backend) {
    throw new InvalidParameterError(`${argument} is a GpuArray of another backend; download it and upload it to this one.`);
  }
  if (value.freed) throw new StaleViewError(backend.name, `${argument} is a GpuArray that was freed; upload the data again.`);
  return value;
}

export function checkArrayInput(backend: BackendInfo, op: OpName, value: unknown, argument = 'x'): GpuDType {
  const a = checkArray(backend, value, argument);
  const supported = backend.capabilities.ops[op];
  if (!supported.includes(a.dtype)) throw new UnsupportedDTypeError(backend.name, op, a.dtype, supported);
  return a.dtype;
}

function checkArrayOut(backend: BackendInfo, out: unknown, dtype: GpuDType, length: number): void {
  if (out === undefined) return;
  const o = checkArray(backend, out, 'out');
  if (o.dtype !== dtype) throw new DTypeMismatchError('out', dtype, o.dtype);
  if (o.length < length) throw new OutTooShortError(length, o.length);
}

export function checkArrayUnary(backend: BackendInfo, op: OpName, x: unknown, out: unknown): GpuDType {
  const dtype = checkArrayInput(backend, op, x);
  checkArrayOut(backend, out, dtype, (x as GpuArray).length);
  return dtype;
}

export function checkArrayGrad(backend: BackendInfo, dy: unknown, x: unknown, out: unknown): GpuDType {
  const dtype = checkArrayInput(backend, 'reluGrad', x);
  const d = checkArray(backend, dy, 'dy');
  if (d.dtype !== dtype) throw new DTypeMismatchError('dy', dtype, d.dtype);
  const length = (x as GpuArray).length;
  if (d.length !== length) throw new LengthMismatchError('dy', d.length, 'x', length);
  checkArrayOut(backend, out, dtype, length);
  return dtype;
}

export function checkArrayShape(backend: BackendInfo, x: unknown, rows: unknown, cols: unknown): GpuDType {
  const dtype = checkArrayInput(backend, 'deadUnits', x);
  checkMatrixShape((x as GpuArray).length, rows, cols);
  return dtype;
}
