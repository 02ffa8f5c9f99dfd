/**
 * How calls on GpuArrays are checked: core's prepareCall does every check (dtypes, lengths, out,
 * parameters) with this inspector in place of its typed-array one. A call is resident when any of
 * its arrays is a GpuArray; then all of them must be live GpuArrays of this backend.
 */
import { InvalidParameterError, NotATypedArrayError, StaleViewError, dtypeOf, outIndex, type ArrayInspector, type OpDefinition } from '@rectify/core';
import { GpuArray } from './gpu-array.js';

interface Owner {
  readonly name: string;
  /** The device the backend computes on now. */
  readonly device: GPUDevice;
}

/** True when one of the call's arrays (out included) is a GpuArray. */
export function isResidentCall(op: OpDefinition, args: ArrayLike<unknown>): boolean {
  for (let k = 0; k < op.arrays.length; k++) if (args[k] instanceof GpuArray) return true;
  const out = outIndex(op);
  return out >= 0 && args[out] instanceof GpuArray;
}

/** `value` as a live GpuArray of backend, or the error that says why it is not one. */
export function gpuArrayOf(backend: Owner, value: unknown, argument: string): GpuArray {
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
  if (value.device !== backend.device) {
    throw new StaleViewError(backend.name, `${argument} is a GpuArray from a device that was lost; upload the data again.`);
  }
  return value;
}

/** prepareCall's inspector for resident calls on backend. */
export function residentInspector(backend: Owner): ArrayInspector {
  return (value, argument) => gpuArrayOf(backend, value, argument).dtype;
}
