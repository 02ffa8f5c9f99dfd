import { bytesPerElement, type AnyTypedArray } from '@rectify/core';
import type { GpuDType } from './kernels/index.js';

/**
 * An array that lives in a GPU buffer of one backend. Ops given GpuArrays compute on the GPU and
 * return GpuArrays without copying to or from the CPU; `backend.download()` reads one back.
 * int8 elements are packed four to a 32-bit word, float16 two.
 */
export class GpuArray {
  /** @internal The buffer holding the elements (rounded up to whole words); undefined once freed. */
  buffer: GPUBuffer | undefined;

  /** @internal */
  constructor(
    /** @internal The backend that owns the buffer. */
    readonly owner: object,
    readonly dtype: GpuDType,
    readonly length: number,
    buffer: GPUBuffer,
    /** @internal The device the buffer lives on: after a device loss, the backend's next device is another. */
    readonly device: GPUDevice,
    /**
     * @internal float16: an empty array of the Float16Array class the data was uploaded from (an op's
     * result takes its input's), so that download() gives that class back.
     */
    readonly like?: AnyTypedArray,
  ) {
    this.buffer = buffer;
  }

  /** Bytes of the elements (without the padding to a whole word). */
  get byteLength(): number {
    return this.length * bytesPerElement(this.dtype);
  }

  /** True after backend.free(this) or the backend's dispose(). */
  get freed(): boolean {
    return this.buffer === undefined;
  }
}
