import type { DType } from './dtypes.js';

/** Base class of every error Rectify throws on purpose. `code` is stable; match on it or on the class. */
export class RectifyError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An argument that should be a Float32Array, Float64Array, Float16Array, Int32Array or Int8Array is not one. */
export class NotATypedArrayError extends RectifyError {
  constructor(argument: string, got: unknown) {
    super(
      'NOT_A_TYPED_ARRAY',
      `${argument} must be a Float32Array, Float64Array, Float16Array, Int32Array or Int8Array, got ${describe(got)}. ` +
        'Wrap plain arrays first, e.g. new Float32Array([...]).',
    );
  }
}

/** Two arrays of one call have different dtypes (Rectify never converts silently). */
export class DTypeMismatchError extends RectifyError {
  constructor(argument: string, expected: DType, got: string) {
    super(
      'DTYPE_MISMATCH',
      `${argument} must have the same dtype as x (${expected}), got ${got}. Allocate it with the same typed array class.`,
    );
  }
}

/** The backend does not implement this op for this dtype. */
export class UnsupportedDTypeError extends RectifyError {
  readonly op: string;
  readonly dtype: DType;
  readonly backend: string;
  constructor(backend: string, op: string, dtype: DType, supported: readonly DType[]) {
    super(
      'UNSUPPORTED_DTYPE',
      `backend '${backend}' does not support ${op} on ${dtype}; it supports ${op} on ` +
        `${supported.length ? supported.join(', ') : 'no dtype'}. Convert the data yourself or pick another backend.`,
    );
    this.op = op;
    this.dtype = dtype;
    this.backend = backend;
  }
}

/** Two inputs that must be the same length (reluGrad's dy and x) are not. */
export class LengthMismatchError extends RectifyError {
  constructor(a: string, aLength: number, b: string, bLength: number) {
    super('LENGTH_MISMATCH', `${a} has ${aLength} elements but ${b} has ${bLength}; they must be the same length.`);
  }
}

/** The `out` array cannot hold the result. */
export class OutTooShortError extends RectifyError {
  constructor(needed: number, got: number) {
    super('OUT_TOO_SHORT', `out has ${got} elements but the result needs ${needed}. Pass a longer out, or omit it to get a new array.`);
  }
}

/** `out` shares memory with an input at another offset, so writing it would corrupt the input mid-way. */
export class OverlapError extends RectifyError {
  constructor(input: string) {
    super(
      'OVERLAP',
      `out overlaps ${input} at a different offset. Pass ${input} itself as out to work in place, or a separate array.`,
    );
  }
}

/** deadUnits' rows and cols do not describe x. */
export class ShapeMismatchError extends RectifyError {
  constructor(message: string) {
    super('SHAPE_MISMATCH', message);
  }
}

/** A scalar parameter (alpha, ceiling) is out of its domain. */
export class InvalidParameterError extends RectifyError {
  constructor(message: string) {
    super('INVALID_PARAMETER', message);
  }
}

/** The backend cannot run here; `reason` says why. */
export class BackendUnavailableError extends RectifyError {
  readonly backend: string;
  readonly reason: string;
  constructor(backend: string, reason: string) {
    super('BACKEND_UNAVAILABLE', `backend '${backend}' is not available here: ${reason}`);
    this.backend = backend;
    this.reason = reason;
  }
}

/** The backend was disposed; create a new one. */
export class BackendDisposedError extends RectifyError {
  constructor(backend: string) {
    super('BACKEND_DISPOSED', `backend '${backend}' was disposed. Call createBackend() again to get a new one.`);
  }
}

/** A view on backend-owned memory was freed, or made stale when that memory grew. */
export class StaleViewError extends RectifyError {
  constructor(backend: string, detail: string) {
    super('STALE_VIEW', `backend '${backend}': ${detail}`);
  }
}

/** The GPU device behind a backend was lost; calls in flight fail with this (and later ones, where no new device can be had). */
export class DeviceLostError extends RectifyError {
  constructor(backend: string, reason: string) {
    super('DEVICE_LOST', `backend '${backend}' lost its device (${reason}). Calls in flight failed; where the backend can get a new device, the next call runs on one, else create a new backend.`);
  }
}

/** The backend's memory (the wasm heap, the GPU) cannot hold what the call needs. */
export class OutOfMemoryError extends RectifyError {
  readonly backend: string;
  constructor(backend: string, detail: string) {
    super('OUT_OF_MEMORY', `backend '${backend}' is out of memory: ${detail} Free arrays you no longer need, split the work, or use a smaller input.`);
    this.backend = backend;
  }
}

/** A call exceeds a fixed limit of the backend or its device (buffer size, dispatch size, columns of a reduction). */
export class LimitExceededError extends RectifyError {
  readonly backend: string;
  constructor(backend: string, detail: string) {
    super('LIMIT_EXCEEDED', `backend '${backend}': ${detail}`);
    this.backend = backend;
  }
}

/** The backend's runtime rejected work that validation let through (a bug in Rectify: please report it). */
export class BackendInternalError extends RectifyError {
  constructor(backend: string, detail: string) {
    super('BACKEND_INTERNAL', `backend '${backend}' failed: ${detail}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a plain Array';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
