/**
 * The per-channel side of a call (core's call.perChannel, prelu's alpha): alpha copied to a storage
 * buffer for the call and, for an op with gradients, the exact per-channel sums the kernel adds to
 * with atomics, read back and rounded into dalpha.
 */
import { roundAccumulator, type PreparedCall } from '@rectify/core';
import type { Recorder } from './device-session.js';
import type { DeviceState } from './device-state.js';
import type { ChannelBindings } from './dispatch.js';
import { SUM_BYTES } from './kernels/index.js';

const SPLIT = 'Split the call along the channel axis (or use a CPU backend).';

export class ChannelPart {
  private sums: GPUBuffer | undefined;
  private staging: GPUBuffer | undefined;

  private constructor(
    private readonly g: DeviceState,
    private readonly alpha: Float32Array,
    private readonly channels: number,
    private readonly inner: number,
    /** 0 for an op without gradients. */
    private readonly sumBytes: number,
  ) {}

  /** The call's channel part, its bindings checked against the device's limits; undefined for an op without one. */
  static of(g: DeviceState, call: PreparedCall): ChannelPart | undefined {
    const alpha = call.perChannel as Float32Array | undefined;
    if (alpha === undefined) return undefined;
    // Core's per-channel checks give the kernel [channels, inner]; channels is alpha's length.
    const [channels, inner] = call.params;
    const sumBytes = call.op.result === 'gradients' ? channels * SUM_BYTES : 0;
    g.dispatch.checkWhole(call.op.name, alpha.byteLength, `${channels} alphas`, SPLIT);
    g.dispatch.checkWhole(call.op.name, sumBytes, `the exact sums of ${channels} channels`, SPLIT);
    return new ChannelPart(g, alpha, channels, inner, sumBytes);
  }

  /** Records alpha's upload and the sums' clearing; the kernel's bindings. */
  bind(r: Recorder): ChannelBindings {
    const alpha = r.temp(this.alpha.byteLength);
    this.g.transfers.write(alpha, this.alpha);
    const bindings: ChannelBindings = { channels: this.channels, inner: this.inner, alpha: { buffer: alpha, bytes: this.alpha.byteLength } };
    if (this.sumBytes === 0) return bindings;
    this.sums = r.temp(this.sumBytes);
    r.encoder.clearBuffer(this.sums, 0, this.sumBytes);
    return { ...bindings, sums: { buffer: this.sums, bytes: this.sumBytes } };
  }

  /** Records the copy of the sums for reading back; after the kernel. */
  stage(r: Recorder): void {
    if (this.sums) this.staging = this.g.transfers.stage(r, this.sums, this.sumBytes);
  }

  /** An op with gradients: dalpha, the sums read back and rounded (every one +0 when no kernel ran); else undefined. */
  async dalpha(): Promise<Float32Array | undefined> {
    if (this.sumBytes === 0) return undefined;
    if (!this.staging) return new Float32Array(this.channels);
    const acc = new BigInt64Array(this.sumBytes / 8);
    await this.g.transfers.readInto(this.staging, acc, this.sumBytes);
    return roundAccumulator('float32', acc, this.channels) as Float32Array;
  }
}
