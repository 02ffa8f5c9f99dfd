/**
 * The per-channel side of a call (core's call.perChannel, prelu's alpha): alpha copied to a storage
 * buffer for the call and, for an op with gradients, the exact per-channel sums the kernel adds to
 * with atomics, read back and rounded into dalpha.
 */
import { allocate, bitView, roundAccumulator, type AnyTypedArray, type FloatDType, type PreparedCall } from '@rectify/core';
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
    private readonly dtype: FloatDType,
    /** The call's alpha (dalpha takes its class). */
    private readonly alpha: AnyTypedArray,
    /** What the kernel reads: a word per channel (alpha itself for float32). */
    private readonly words: ArrayBufferView,
    private readonly channels: number,
    private readonly inner: number,
    /** 0 for an op without gradients. */
    private readonly sumBytes: number,
  ) {}

  /** The call's channel part, its bindings checked against the device's limits; undefined for an op without one. */
  static of(g: DeviceState, call: PreparedCall): ChannelPart | undefined {
    const alpha = call.perChannel;
    if (alpha === undefined) return undefined;
    // Core's per-channel checks give the kernel [channels, inner]; channels is alpha's length.
    const [channels, inner] = call.params;
    // float16 sums have float32's layout (core: accumulatorWidth is the same), so SUM_BYTES serves both.
    const sumBytes = call.op.result === 'gradients' ? channels * SUM_BYTES : 0;
    // A float16 alpha is widened to a word per channel, as the kernel reads it.
    const words = call.dtype === 'float16' ? Uint32Array.from(bitView(alpha)) : alpha;
    g.dispatch.checkWhole(call.op.name, words.byteLength, `${channels} alphas`, SPLIT);
    g.dispatch.checkWhole(call.op.name, sumBytes, `the exact sums of ${channels} channels`, SPLIT);
    return new ChannelPart(g, call.dtype as FloatDType, alpha, words, channels, inner, sumBytes);
  }

  /** Records alpha's upload and the sums' clearing; the kernel's bindings. */
  bind(r: Recorder): ChannelBindings {
    const alpha = r.temp(this.words.byteLength);
    this.g.transfers.write(alpha, this.words);
    const bindings: ChannelBindings = { channels: this.channels, inner: this.inner, alpha: { buffer: alpha, bytes: this.words.byteLength } };
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
  async dalpha(): Promise<AnyTypedArray | undefined> {
    if (this.sumBytes === 0) return undefined;
    if (!this.staging) return allocate(this.dtype, this.channels, this.alpha);
    const acc = new BigInt64Array(this.sumBytes / 8);
    await this.g.transfers.readInto(this.staging, acc, this.sumBytes);
    return roundAccumulator(this.dtype, acc, this.channels, this.alpha);
  }
}
