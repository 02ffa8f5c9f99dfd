/**
 * Encodes kernels: one compute pass per call with a dispatch per chunk of the arrays (chunking.ts),
 * each chunk's parameters packed into one uniform buffer at aligned offsets. Also where the
 * device's fixed limits are checked, before any GPU work.
 */
import { InvalidParameterError, LimitExceededError, bytesPerElement, type OpName } from '@rectify/core';
import { gridFor, maxThreads, planChunks, type DispatchLimits } from './chunking.js';
import type { DeviceSession, Recorder } from './device-session.js';
import { UNIFORM_USAGE } from './gpu-constants.js';
import { KERNELS, PARAMS_BYTES, elementwiseMain, packParams, type ChannelLayout, type EntryPoint, type GpuDType } from './kernels/index.js';
import type { DispatchLimitOptions } from './options.js';
import { PipelineCache } from './pipelines.js';
import { roundUp4 } from './transfers.js';

/** A buffer bound whole in every chunk's dispatch (a reduction's counts, a per-channel op's alpha and sums). */
export interface WholeBinding {
  buffer: GPUBuffer;
  bytes: number;
}

/** A per-channel op's layout (the channel of flat index i is (i / inner) % channels) and buffers. */
export interface ChannelBindings {
  channels: number;
  inner: number;
  /** A word per channel: float32 bits, or a float16's bits in the low half. */
  alpha: WholeBinding;
  /** An op with gradients: the exact sums (exact-sum.wgsl.ts, float16 in float32's layout), cleared. */
  sums?: WholeBinding;
}

interface Extra {
  /** An elementwise op's parameter bits. */
  param?: number;
  /** Per-column results: columns of the matrix. */
  cols?: number;
  /** Per-column counts: a multiple of cols threads, each walking one column (else a thread per word). */
  columnThreads?: boolean;
  whole: readonly WholeBinding[];
  channels?: ChannelBindings;
  /** float16 products: the path to take, when not the dispatcher's (the probe's). */
  path?: Float16Path;
}

/** How float16 products run: WGSL f16 arithmetic, or integer arithmetic on u32 words holding two halves (everywhere). */
export type Float16Path = 'shader-f16' | 'u32-pairs';

export class Dispatcher {
  /** The limits kernels are dispatched under: the device's, or lower ones asked for in options. */
  readonly limits: Readonly<DispatchLimits>;
  /** 'shader-f16' once the start-up probe found the device's f16 products exact (float16-path.ts). */
  float16Path: Float16Path = 'u32-pairs';
  private readonly storageAlign: number;
  private readonly uniformAlign: number;
  private readonly pipelines: PipelineCache;

  constructor(
    private readonly session: DeviceSession,
    lowered: DispatchLimitOptions = {},
  ) {
    const l = session.device.limits;
    const workgroupSize = Math.min(l.maxComputeWorkgroupSizeX, l.maxComputeInvocationsPerWorkgroup, 256, lowered.workgroupSize ?? Infinity);
    if (!(workgroupSize >= 4)) throw new InvalidParameterError('dispatchLimits.workgroupSize must be at least 4.');
    this.storageAlign = Math.max(4, l.minStorageBufferOffsetAlignment);
    this.uniformAlign = Math.max(PARAMS_BYTES, l.minUniformBufferOffsetAlignment);
    const binding = Math.min(l.maxStorageBufferBindingSize, lowered.maxBindingBytes ?? Infinity);
    this.limits = Object.freeze({
      workgroupSize,
      maxWorkgroupsPerDimension: Math.max(1, Math.min(l.maxComputeWorkgroupsPerDimension, lowered.maxWorkgroupsPerDimension ?? Infinity)),
      chunkBytes: Math.max(this.storageAlign, Math.floor(binding / this.storageAlign) * this.storageAlign),
    });
    this.pipelines = new PipelineCache(session.device, workgroupSize);
  }

  /** Bytes an array takes on the GPU (whole words, at least one); LimitExceededError when one buffer cannot hold it. */
  bufferBytes(length: number, dtype: GpuDType): number {
    const bytes = Math.max(4, roundUp4(length * bytesPerElement(dtype)));
    const max = this.session.device.limits.maxBufferSize;
    if (bytes > max) {
      throw new LimitExceededError(
        this.session.backend,
        `${length} ${dtype} elements take ${bytes} bytes, more than this device's maxBufferSize (${max} bytes). ` +
          `Split the array into calls of at most ${Math.floor(max / bytesPerElement(dtype))} elements.`,
      );
    }
    return bytes;
  }

  /** A per-column reduction runs at least one thread per column in one dispatch; LimitExceededError beyond. */
  checkColumns(op: OpName, cols: number): void {
    const limit = maxThreads(this.limits);
    if (cols > limit) {
      throw new LimitExceededError(
        this.session.backend,
        `${op} on ${cols} columns needs a thread per column, more than the ${limit} threads one dispatch runs on this device. ` +
          `Call it on blocks of at most ${limit} columns (or use a CPU backend).`,
      );
    }
  }

  /** A buffer bound whole takes one binding: LimitExceededError, saying what to split, when the device's cannot hold it. */
  checkWhole(op: OpName, bytes: number, what: string, split: string): void {
    const l = this.session.device.limits;
    const max = Math.min(l.maxStorageBufferBindingSize, l.maxBufferSize);
    if (bytes > max) {
      throw new LimitExceededError(this.session.backend, `${op} needs ${bytes} bytes for ${what}, more than one binding holds on this device (${max} bytes). ${split}`);
    }
  }

  /**
   * Records op's elementwise kernel: the result of `inputs` (one buffer per array, in the op's
   * order) into target; a per-channel op's alpha and sums bound whole. `path` overrides float16Path.
   */
  elementwise(
    r: Recorder,
    op: OpName,
    dtype: GpuDType,
    inputs: readonly GPUBuffer[],
    target: GPUBuffer,
    length: number,
    param: number,
    channels?: ChannelBindings,
    path?: Float16Path,
  ): void {
    // Arrays that share a buffer share a binding (in place, dy = x).
    const buffers: GPUBuffer[] = [];
    const bind = (b: GPUBuffer) => {
      const i = buffers.indexOf(b);
      return i >= 0 ? i : buffers.push(b) - 1;
    };
    const layout: ChannelLayout = channels ? (channels.sums ? 'sums' : 'alpha') : 'none';
    const entry = elementwiseMain(inputs.map(bind), bind(target), layout, dtype === 'float16');
    const whole = channels ? [channels.alpha, ...(channels.sums ? [channels.sums] : [])] : [];
    this.encode(r, op, dtype, entry, buffers, length, { param, whole, channels, path });
  }

  /**
   * Records a reduction of source into counts (already cleared; `whole` holds them, then any table
   * the kernel reads); cols > 0 for per-column results, with `columnThreads` after checkColumns.
   */
  reduction(
    r: Recorder,
    op: OpName,
    dtype: GpuDType,
    main: EntryPoint,
    source: GPUBuffer,
    whole: readonly WholeBinding[],
    length: number,
    cols: number,
    columnThreads: boolean,
  ): void {
    this.encode(r, op, dtype, main, [source], length, { cols, columnThreads, whole });
  }

  /** `chunked` buffers are bound at each chunk's offset, `whole` bound whole, the parameters last. */
  private encode(r: Recorder, op: OpName, dtype: GpuDType, entry: EntryPoint, chunked: readonly GPUBuffer[], length: number, extra: Extra): void {
    const { limits, session } = this;
    const chunks = planChunks(length, bytesPerElement(dtype), limits, this.storageAlign);
    const f16 = dtype === 'float16' && (extra.path ?? this.float16Path) === 'shader-f16' && KERNELS[op].f16 !== undefined;
    const { pipeline, layout } = this.pipelines.get(op, dtype, entry, f16);
    const slot = this.uniformAlign / 4;
    const params = new Uint32Array(chunks.length * slot);
    const uniform = r.temp(params.byteLength, UNIFORM_USAGE);
    const cols = extra.cols ?? 0;
    const pass = r.encoder.beginComputePass();
    pass.setPipeline(pipeline);
    chunks.forEach((chunk, k) => {
      const stride = cols > 0 && extra.columnThreads ? columnStride(chunk.count, cols, maxThreads(limits)) : 0;
      const grid = gridFor(stride > 0 ? stride : chunk.words, limits);
      packParams(params, k * slot, {
        count: chunk.count,
        words: chunk.words,
        param: extra.param ?? 0,
        cols,
        colOffset: cols > 0 ? chunk.first % cols : 0,
        stride,
        pitch: grid.pitch,
        first: chunk.first,
        channels: extra.channels?.channels ?? 1,
        inner: extra.channels?.inner ?? 1,
      });
      const entries: GPUBindGroupEntry[] = chunked.map((buffer, binding) => ({
        binding,
        resource: { buffer, offset: chunk.byteOffset, size: chunk.byteSize },
      }));
      for (const w of extra.whole) entries.push({ binding: entries.length, resource: { buffer: w.buffer, offset: 0, size: roundUp4(w.bytes) } });
      entries.push({ binding: entries.length, resource: { buffer: uniform, offset: k * this.uniformAlign, size: PARAMS_BYTES } });
      pass.setBindGroup(0, session.device.createBindGroup({ layout, entries }));
      pass.dispatchWorkgroups(grid.x, grid.y);
    });
    pass.end();
    session.device.queue.writeBuffer(uniform, 0, params);
  }
}

/** Threads of a per-column count: a multiple of cols (so each thread stays in one column), about 8 elements each; cols <= limit. */
function columnStride(count: number, cols: number, limit: number): number {
  const perColumn = Math.max(1, Math.ceil(Math.ceil(count / 8) / cols));
  return cols * Math.min(perColumn, Math.floor(limit / cols));
}
