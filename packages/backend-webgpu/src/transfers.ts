/**
 * Copies between typed arrays and GPU buffers, as bytes (a polyfilled Float16Array is read through
 * its buffer, never element by element). Buffers hold whole 32-bit words (int8 packed four to a
 * word, float16 two), so a tail that is not a whole word is padded on the way in and cut on the way
 * out: nothing is ever written past the caller's array.
 */
import type { AnyTypedArray } from '@rectify/core';
import type { DeviceSession, Recorder } from './device-session.js';
import { MapModeRead, STAGING_USAGE, STORAGE_USAGE } from './gpu-constants.js';

export function roundUp4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

export class Transfers {
  constructor(private readonly session: DeviceSession) {}

  /** Queues a copy of x's bytes to the start of buffer; a tail that is not a whole word (int8, float16) goes through a padded word. */
  write(buffer: GPUBuffer, x: ArrayBufferView): void {
    const queue = this.session.device.queue;
    const bytes = x.byteLength;
    const whole = bytes & ~3;
    const source = x.buffer as ArrayBuffer;
    if (whole > 0) queue.writeBuffer(buffer, 0, source, x.byteOffset, whole);
    if (whole < bytes) {
      const tail = new Uint8Array(4);
      tail.set(new Uint8Array(source, x.byteOffset + whole, bytes - whole));
      queue.writeBuffer(buffer, whole, tail);
    }
  }

  /** Records a copy of source's first `bytes` bytes into a mappable staging buffer, for readInto after the submit. */
  stage(recorder: Recorder, source: GPUBuffer, bytes: number): GPUBuffer {
    const size = roundUp4(bytes);
    const staging = recorder.keep(STAGING_USAGE, size);
    recorder.encoder.copyBufferToBuffer(source, 0, staging, 0, size);
    return staging;
  }

  /** Maps the staging buffer and copies exactly `bytes` bytes into target, then pools the staging buffer again. */
  async readInto(staging: GPUBuffer, target: ArrayBufferView, bytes: number): Promise<void> {
    const { session } = this;
    const size = roundUp4(bytes);
    try {
      await session.guard(staging.mapAsync(MapModeRead, 0, size));
      const mapped = new Uint8Array(staging.getMappedRange(0, size), 0, bytes);
      new Uint8Array(target.buffer, target.byteOffset, bytes).set(mapped);
      staging.unmap();
      session.pool.release(staging);
    } catch (e) {
      if (!session.isDisposed) session.pool.destroy(staging);
      throw await session.explain(e);
    }
  }

  /** A new storage buffer of `bytes` bytes (whole words, at least one) holding x. */
  async upload(x: AnyTypedArray, bytes: number): Promise<GPUBuffer> {
    let buffer: GPUBuffer | undefined;
    await this.session.submit((r) => {
      buffer = r.keep(STORAGE_USAGE, bytes);
      if (x.length > 0) this.write(buffer, x);
    });
    return buffer!;
  }

  /** Fills target with the first target.byteLength bytes of source. */
  async download(source: GPUBuffer, target: AnyTypedArray): Promise<void> {
    if (target.length === 0) return;
    let staging: GPUBuffer | undefined;
    await this.session.submit((r) => {
      staging = this.stage(r, source, target.byteLength);
    });
    await this.readInto(staging!, target, target.byteLength);
  }
}
