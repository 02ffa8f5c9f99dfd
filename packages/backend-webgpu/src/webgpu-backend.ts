import {
  BackendDisposedError,
  BackendInternalError,
  DeviceLostError,
  InvalidParameterError,
  NotATypedArrayError,
  RectifyError,
  UnsupportedDTypeError,
  allocate,
  checkAlpha,
  checkCeiling,
  checkGrad,
  checkInput,
  checkShape,
  checkUnary,
  dtypeOf,
  type ActivationBackend,
  type ActivationStats,
  type AnyTypedArray,
  type Capabilities,
  type DType,
  type OpName,
  type TypedArrayOf,
} from '@rectify/core';
import { BufferPool } from './buffer-pool.js';
import { gridFor, maxThreads, planChunks, type DispatchLimits } from './chunking.js';
import { MapModeRead, STAGING_USAGE, STORAGE_USAGE, UNIFORM_USAGE } from './gpu-constants.js';
import { message } from './gpu-loader.js';
import { GpuArray } from './gpu-array.js';
import { checkArray, checkArrayGrad, checkArrayInput, checkArrayShape, checkArrayUnary } from './handle-checks.js';
import { kernelDTypes, type ElementwiseVariant, type GpuDType, type Variant } from './kernels/index.js';
import type { AdapterInfo, WebGpuBackendOptions } from './options.js';
import { PipelineCache } from './pipelines.js';

const UNIFORM_BYTES = 32;

type Elementwise = 'relu' | 'clippedRelu' | 'leakyRelu';
type Input = AnyTypedArray | GpuArray;

export interface BackendParts {
  device: GPUDevice;
  ownsDevice: boolean;
  adapterInfo: AdapterInfo;
  /** Dawn's GPU object (or navigator.gpu): referenced for the backend's life. */
  keepAlive: unknown;
  dispatchLimits?: WebGpuBackendOptions['dispatchLimits'];
}

function bytesPer(dtype: GpuDType): number {
  return dtype === 'int8' ? 1 : 4;
}

function roundUp4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

const F32 = new Float32Array(1);
const F32_BITS = new Uint32Array(F32.buffer);
function f32Bits(v: number): number {
  F32[0] = v;
  return F32_BITS[0];
}

/**
 * WebGPU compute: WGSL kernels on bit patterns (see src/kernels), arrays resident on the GPU as
 * GpuArrays, or plain typed arrays copied in and out per call.
 */
export class WebGpuBackend implements ActivationBackend {
  readonly name = 'webgpu';
  readonly device: GPUDevice;
  readonly adapterInfo: AdapterInfo;
  /** The limits the kernels are dispatched under (the device's, or lower ones asked for in options). */
  readonly dispatchLimits: Readonly<DispatchLimits>;
  private caps: Capabilities;
  private readonly keepAlive: unknown;
  private readonly ownsDevice: boolean;
  private readonly pool: BufferPool;
  private readonly pipelines: PipelineCache;
  private readonly storageAlign: number;
  private readonly uniformAlign: number;
  private disposed = false;
  private failure: RectifyError | undefined;
  private lost: string | undefined;
  private rejectAborted!: (e: RectifyError) => void;
  /** Rejects once the device is lost or the backend disposed: every wait on the GPU races it, so nothing hangs. */
  private readonly aborted: Promise<never>;

  constructor(parts: BackendParts) {
    const { device } = parts;
    this.device = device;
    this.ownsDevice = parts.ownsDevice;
    this.adapterInfo = Object.freeze({ ...parts.adapterInfo });
    this.keepAlive = parts.keepAlive;
    this.aborted = new Promise<never>((_, reject) => {
      this.rejectAborted = reject;
    });
    this.aborted.catch(() => {});
    void device.lost.then((info) => {
      this.lost = `${info.reason}${info.message ? `: ${info.message}` : ''}`;
      if (!this.disposed) this.fail(new DeviceLostError(this.name, this.lost));
    });

    const l = device.limits;
    const o = parts.dispatchLimits ?? {};
    const workgroupSize = Math.min(l.maxComputeWorkgroupSizeX, l.maxComputeInvocationsPerWorkgroup, 256, o.workgroupSize ?? Infinity);
    if (!(workgroupSize >= 4)) throw new InvalidParameterError('dispatchLimits.workgroupSize must be at least 4.');
    this.storageAlign = Math.max(4, l.minStorageBufferOffsetAlignment);
    this.uniformAlign = Math.max(UNIFORM_BYTES, l.minUniformBufferOffsetAlignment);
    const binding = Math.min(l.maxStorageBufferBindingSize, o.maxBindingBytes ?? Infinity);
    this.dispatchLimits = Object.freeze({
      workgroupSize,
      maxWorkgroupsPerDimension: Math.max(1, Math.min(l.maxComputeWorkgroupsPerDimension, o.maxWorkgroupsPerDimension ?? Infinity)),
      chunkBytes: Math.max(this.storageAlign, Math.floor(binding / this.storageAlign) * this.storageAlign),
    });
    this.pool = new BufferPool(device, l.maxBufferSize);
    this.pipelines = new PipelineCache(device, workgroupSize);
    this.caps = this.makeCapabilities(false);
  }

  get capabilities(): Capabilities {
    return this.caps;
  }

  /** Why the device was lost, once it was; undefined while it is usable. */
  get lostReason(): string | undefined {
    return this.lost;
  }

  /** GPU buffers this backend holds (arrays, pooled temporaries): 0 after dispose(). */
  get bufferCount(): number {
    return this.pool.liveCount;
  }

  /**
   * Runs leakyRelu on products whose exact results are subnormal (normal × 0.5 and subnormal × 0.5)
   * and declares flushesSubnormals when the device gave zeros instead. Measured, never assumed.
   */
  async probeSubnormals(): Promise<boolean> {
    const bits = new Uint32Array([0x80800000, 0x80000004, 0x80000003, 0x80ffffff]);
    const x = new Float32Array(bits.buffer);
    const got = await this.leakyRelu(x, 0.5);
    let flushes = false;
    for (let i = 0; i < x.length; i++) {
      const want = Math.fround(x[i] * 0.5);
      // A zero where the exact product is a (non-zero) subnormal: the device flushes. Any other
      // difference is a wrong result, which the conformance suite reports element by element.
      if (!Object.is(got[i], want) && got[i] === 0 && want !== 0 && Math.abs(want) < 2 ** -126) flushes = true;
    }
    this.caps = this.makeCapabilities(flushes);
    return flushes;
  }

  // ---- ops -------------------------------------------------------------------------------------

  relu(x: GpuArray, out?: GpuArray): Promise<GpuArray>;
  relu<T extends AnyTypedArray>(x: T, out?: T): Promise<T>;
  async relu(x: Input, out?: Input): Promise<Input> {
    return this.elementwise('relu', x, undefined, out);
  }

  clippedRelu(x: GpuArray, ceiling?: number, out?: GpuArray): Promise<GpuArray>;
  clippedRelu<T extends AnyTypedArray>(x: T, ceiling?: number, out?: T): Promise<T>;
  async clippedRelu(x: Input, ceiling?: number, out?: Input): Promise<Input> {
    return this.elementwise('clippedRelu', x, ceiling, out);
  }

  leakyRelu(x: GpuArray, alpha?: number, out?: GpuArray): Promise<GpuArray>;
  leakyRelu<T extends AnyTypedArray>(x: T, alpha?: number, out?: T): Promise<T>;
  async leakyRelu(x: Input, alpha?: number, out?: Input): Promise<Input> {
    return this.elementwise('leakyRelu', x, alpha, out);
  }

  reluGrad(dy: GpuArray, x: GpuArray, out?: GpuArray): Promise<GpuArray>;
  reluGrad<T extends AnyTypedArray>(dy: T, x: T, out?: T): Promise<T>;
  async reluGrad(dy: Input, x: Input, out?: Input): Promise<Input> {
    this.assertUsable();
    if (dy instanceof GpuArray || x instanceof GpuArray || out instanceof GpuArray) {
      const dtype = checkArrayGrad(this, dy, x, out);
      return this.gradResident(dtype, dy as GpuArray, x as GpuArray, out as GpuArray | undefined);
    }
    const dtype = checkGrad(this, dy, x, out) as GpuDType;
    const result = (out ?? allocate(dtype, x.length)) as AnyTypedArray;
    if (x.length === 0) return result;
    const bytes = this.checkSize(x.length, dtype);
    const same = dy === x;
    let staging: GPUBuffer | undefined;
    await this.submit((encoder, temps) => {
      const d = this.temp(temps, bytes);
      this.write(d, dy);
      const xs = same ? d : this.temp(temps, bytes);
      if (!same) this.write(xs, x);
      this.encode(encoder, temps, 'reluGrad', dtype, same ? 'grad-self' : 'grad-into-dy', same ? [d] : [d, xs], x.length, 0);
      staging = this.stage(encoder, d, bytes);
    });
    await this.readInto(staging!, result, x.length * bytesPer(dtype));
    return result;
  }

  stats(x: GpuArray): Promise<ActivationStats>;
  stats(x: AnyTypedArray): Promise<ActivationStats>;
  async stats(x: Input): Promise<ActivationStats> {
    this.assertUsable();
    const dtype = x instanceof GpuArray ? checkArrayInput(this, 'stats', x) : (checkInput(this, 'stats', x) as GpuDType);
    const counts = await this.reduce('stats', dtype, x, 16, 0);
    return { length: x.length, negative: counts[0], zero: counts[1], positive: counts[2], nan: counts[3] };
  }

  deadUnits(x: GpuArray, rows: number, cols: number): Promise<Uint32Array>;
  deadUnits(x: AnyTypedArray, rows: number, cols: number): Promise<Uint32Array>;
  async deadUnits(x: Input, rows: number, cols: number): Promise<Uint32Array> {
    this.assertUsable();
    const dtype = x instanceof GpuArray ? checkArrayShape(this, x, rows, cols) : (checkShape(this, x, rows, cols) as GpuDType);
    if (cols === 0 || rows === 0) return new Uint32Array(cols);
    return this.reduce('deadUnits', dtype, x, cols * 4, cols);
  }

  // ---- resident arrays -------------------------------------------------------------------------

  /** Copies a typed array into a new GpuArray on this backend's device. */
  async upload<T extends AnyTypedArray>(x: T): Promise<GpuArray> {
    this.assertUsable();
    const dtype = this.checkArrayDType(x);
    const bytes = this.checkSize(x.length, dtype);
    let created: GpuArray | undefined;
    await this.submit(() => {
      created = this.newArray(dtype, x.length, bytes);
      if (x.length > 0) this.write(created.buffer!, x);
    }).catch((e: unknown) => {
      if (created) this.free(created);
      throw e;
    });
    return created!;
  }

  /** Reads a GpuArray back into a new typed array of its dtype. */
  download(x: GpuArray): Promise<TypedArrayOf[GpuDType]>;
  async download(x: GpuArray): Promise<AnyTypedArray> {
    this.assertUsable();
    const a = checkArray(this, x, 'x');
    const result = allocate(a.dtype, a.length);
    if (a.length === 0) return result;
    const bytes = roundUp4(a.byteLength);
    let staging: GPUBuffer | undefined;
    await this.submit((encoder) => {
      staging = this.stage(encoder, a.buffer!, bytes);
    });
    await this.readInto(staging!, result, a.byteLength);
    return result;
  }

  /** Releases a GpuArray's buffer (for reuse by later calls). Freeing twice, or after dispose(), does nothing. */
  free(x: GpuArray): void {
    if (!(x instanceof GpuArray)) throw new InvalidParameterError('free() takes a GpuArray returned by upload() or an op.');
    if (x.owner !== this) throw new InvalidParameterError('free() got a GpuArray of another backend.');
    const buffer = x.buffer;
    x.buffer = undefined;
    if (buffer && !this.disposed) this.pool.release(buffer);
  }

  /** Destroys every buffer (GpuArrays included) and, when the backend created the device, the device. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.fail(new BackendDisposedError(this.name));
    this.pool.destroyAll();
    if (this.ownsDevice) this.device.destroy();
  }

  // ---- internals -------------------------------------------------------------------------------

  private makeCapabilities(flushesSubnormals: boolean): Capabilities {
    const ops = {} as Record<OpName, readonly DType[]>;
    for (const op of ['relu', 'clippedRelu', 'leakyRelu', 'reluGrad', 'stats', 'deadUnits'] as const) {
      ops[op] = Object.freeze(kernelDTypes(op));
    }
    return Object.freeze({
      ops: Object.freeze(ops),
      flushesSubnormals,
      deviceBacked: true,
      sync: false,
      residentArrays: true,
      maxLength: Math.floor(this.device.limits.maxBufferSize / 4),
    });
  }

  private assertUsable(): void {
    if (this.disposed) throw new BackendDisposedError(this.name);
    if (this.failure) throw this.failure;
  }

  private fail(error: RectifyError): void {
    if (this.failure) return;
    this.failure = error;
    this.rejectAborted(error);
  }

  private checkArrayDType(x: unknown): GpuDType {
    const dtype = dtypeOf(x);
    if (dtype === undefined) throw new NotATypedArrayError('x', x);
    const supported: DType[] = ['float32', 'int32', 'int8'];
    if (!supported.includes(dtype)) throw new UnsupportedDTypeError(this.name, 'upload', dtype, supported);
    return dtype as GpuDType;
  }

  /** Bytes the array takes on the GPU (whole words); fails before any GPU work when the device cannot hold it. */
  private checkSize(length: number, dtype: GpuDType): number {
    const bytes = Math.max(4, roundUp4(length * bytesPer(dtype)));
    if (bytes > this.device.limits.maxBufferSize) {
      throw new InvalidParameterError(
        `${length} ${dtype} elements need ${bytes} bytes, more than this device's maxBufferSize (${this.device.limits.maxBufferSize}); split the array.`,
      );
    }
    return bytes;
  }

  private paramBits(op: OpName, dtype: GpuDType, param: number | undefined): number {
    if (op === 'clippedRelu') {
      const c = checkCeiling(dtype, param ?? 6);
      return dtype === 'float32' ? f32Bits(c) : c >>> 0;
    }
    if (op === 'leakyRelu') return f32Bits(checkAlpha(dtype, param ?? 0.01));
    return 0;
  }

  private async elementwise(op: Elementwise, x: Input, param: number | undefined, out: Input | undefined): Promise<Input> {
    this.assertUsable();
    if (x instanceof GpuArray || out instanceof GpuArray) {
      const dtype = checkArrayUnary(this, op, x, out);
      const bits = this.paramBits(op, dtype, param);
      const src = x as GpuArray;
      const dst = out as GpuArray | undefined;
      let created: GpuArray | undefined;
      await this.submit((encoder, temps) => {
        const target = dst ?? (created = this.newArray(dtype, src.length, this.checkSize(src.length, dtype)));
        if (src.length === 0) return;
        const inPlace = target === src;
        this.encode(encoder, temps, op, dtype, inPlace ? 'inplace' : 'split', inPlace ? [src.buffer!] : [src.buffer!, target.buffer!], src.length, bits);
      }).catch((e: unknown) => {
        if (created) this.free(created);
        throw e;
      });
      return dst ?? created!;
    }
    const dtype = checkUnary(this, op, x, out) as GpuDType;
    const bits = this.paramBits(op, dtype, param);
    const result = out ?? allocate(dtype, x.length);
    if (x.length === 0) return result;
    const bytes = this.checkSize(x.length, dtype);
    let staging: GPUBuffer | undefined;
    await this.submit((encoder, temps) => {
      const buffer = this.temp(temps, bytes);
      this.write(buffer, x);
      this.encode(encoder, temps, op, dtype, 'inplace', [buffer], x.length, bits);
      staging = this.stage(encoder, buffer, bytes);
    });
    await this.readInto(staging!, result, x.length * bytesPer(dtype));
    return result;
  }

  private async gradResident(dtype: GpuDType, dy: GpuArray, x: GpuArray, out: GpuArray | undefined): Promise<GpuArray> {
    let created: GpuArray | undefined;
    await this.submit((encoder, temps) => {
      const target = out ?? (created = this.newArray(dtype, x.length, this.checkSize(x.length, dtype)));
      if (x.length === 0) return;
      const [variant, buffers]: [ElementwiseVariant, GPUBuffer[]] =
        target === dy && target === x ? ['grad-self', [x.buffer!]]
        : target === dy ? ['grad-into-dy', [dy.buffer!, x.buffer!]]
        : target === x ? ['grad-into-x', [dy.buffer!, x.buffer!]]
        : ['grad-split', [dy.buffer!, x.buffer!, target.buffer!]];
      this.encode(encoder, temps, 'reluGrad', dtype, variant, buffers, x.length, 0);
    }).catch((e: unknown) => {
      if (created) this.free(created);
      throw e;
    });
    return out ?? created!;
  }

  /** stats and deadUnits: counts accumulated with atomics into a cleared buffer, then read back. */
  private async reduce(op: 'stats' | 'deadUnits', dtype: GpuDType, x: Input, countBytes: number, cols: number): Promise<Uint32Array> {
    const result = new Uint32Array(countBytes / 4);
    if (x.length === 0) return result;
    const bytes = this.checkSize(x.length, dtype);
    let staging: GPUBuffer | undefined;
    await this.submit((encoder, temps) => {
      let src: GPUBuffer;
      if (x instanceof GpuArray) src = x.buffer!;
      else {
        src = this.temp(temps, bytes);
        this.write(src, x);
      }
      const counts = this.temp(temps, countBytes);
      encoder.clearBuffer(counts, 0, roundUp4(countBytes));
      this.encode(encoder, temps, op, dtype, 'reduce', [src], x.length, 0, { buffer: counts, size: countBytes }, cols);
      staging = this.stage(encoder, counts, countBytes);
    });
    await this.readInto(staging!, result, countBytes);
    return result;
  }

  private newArray(dtype: GpuDType, length: number, bytes: number): GpuArray {
    return new GpuArray(this, dtype, length, this.pool.acquire(STORAGE_USAGE, bytes));
  }

  private temp(temps: GPUBuffer[], bytes: number): GPUBuffer {
    const b = this.pool.acquire(STORAGE_USAGE, bytes);
    temps.push(b);
    return b;
  }

  /** Queues a copy of x's bytes; an int8 tail that is not a whole word goes through a padded word. */
  private write(buffer: GPUBuffer, x: AnyTypedArray): void {
    const bytes = x.length * x.BYTES_PER_ELEMENT;
    const whole = bytes & ~3;
    const source = x.buffer as ArrayBuffer;
    if (whole > 0) this.device.queue.writeBuffer(buffer, 0, source, x.byteOffset, whole);
    if (whole < bytes) {
      const tail = new Uint8Array(4);
      tail.set(new Uint8Array(source, x.byteOffset + whole, bytes - whole));
      this.device.queue.writeBuffer(buffer, whole, tail);
    }
  }

  /** Records a copy into a mappable staging buffer, to be read with readInto after the submit. */
  private stage(encoder: GPUCommandEncoder, source: GPUBuffer, bytes: number): GPUBuffer {
    const staging = this.pool.acquire(STAGING_USAGE, roundUp4(bytes));
    encoder.copyBufferToBuffer(source, 0, staging, 0, roundUp4(bytes));
    return staging;
  }

  /** Maps the staging buffer and copies exactly `bytes` bytes into target: never past the caller's array. */
  private async readInto(staging: GPUBuffer, target: AnyTypedArray | Uint32Array, bytes: number): Promise<void> {
    const size = roundUp4(bytes);
    try {
      await this.guard(staging.mapAsync(MapModeRead, 0, size));
      const mapped = new Uint8Array(staging.getMappedRange(0, size), 0, bytes);
      new Uint8Array(target.buffer, target.byteOffset, bytes).set(mapped);
      staging.unmap();
      this.pool.release(staging);
    } catch (e) {
      if (!this.disposed) this.pool.destroy(staging);
      throw await this.explain(e);
    }
  }

  /**
   * Records one compute pass with a dispatch per chunk. `buffers` are bound at each chunk's offset;
   * `whole` (the counts of a reduction) is bound whole; the per-chunk parameters go in one uniform
   * buffer at aligned offsets.
   */
  private encode(
    encoder: GPUCommandEncoder,
    temps: GPUBuffer[],
    op: OpName,
    dtype: GpuDType,
    variant: Variant,
    buffers: GPUBuffer[],
    length: number,
    param: number,
    whole?: { buffer: GPUBuffer; size: number },
    cols = 0,
  ): void {
    const limits = this.dispatchLimits;
    const chunks = planChunks(length, bytesPer(dtype), limits, this.storageAlign);
    const { pipeline, layout } = this.pipelines.get(op, dtype, variant);
    const slot = this.uniformAlign / 4;
    const params = new Uint32Array(chunks.length * slot);
    const uniform = this.pool.acquire(UNIFORM_USAGE, params.byteLength);
    temps.push(uniform);
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    chunks.forEach((chunk, k) => {
      let threads = chunk.words;
      let stride = 0;
      if (op === 'deadUnits') {
        stride = deadUnitsStride(chunk.count, cols, maxThreads(limits));
        threads = stride;
      }
      const grid = gridFor(threads, limits);
      params.set([chunk.count, chunk.words, param, cols, cols ? chunk.first % cols : 0, stride, grid.pitch], k * slot);
      const entries: GPUBindGroupEntry[] = buffers.map((buffer, binding) => ({
        binding,
        resource: { buffer, offset: chunk.byteOffset, size: chunk.byteSize },
      }));
      if (whole) entries.push({ binding: entries.length, resource: { buffer: whole.buffer, offset: 0, size: roundUp4(whole.size) } });
      entries.push({ binding: entries.length, resource: { buffer: uniform, offset: k * this.uniformAlign, size: UNIFORM_BYTES } });
      pass.setBindGroup(0, this.device.createBindGroup({ layout, entries }));
      pass.dispatchWorkgroups(grid.x, grid.y);
    });
    pass.end();
    this.device.queue.writeBuffer(uniform, 0, params);
  }

  /**
   * Records and submits GPU work inside validation, out-of-memory and internal error scopes, and
   * resolves once the device accepted it. Temporaries go back to the pool right after the submit:
   * queue order keeps any later write to them behind this submit's reads.
   */
  private async submit(record: (encoder: GPUCommandEncoder, temps: GPUBuffer[]) => void): Promise<void> {
    const device = this.device;
    device.pushErrorScope('internal');
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const temps: GPUBuffer[] = [];
    let thrown: unknown;
    try {
      const encoder = device.createCommandEncoder();
      record(encoder, temps);
      device.queue.submit([encoder.finish()]);
    } catch (e) {
      thrown = e;
    }
    for (const t of temps) this.pool.release(t);
    const scopes = [device.popErrorScope(), device.popErrorScope(), device.popErrorScope()];
    let errors: (GPUError | null)[];
    try {
      errors = await this.guard(Promise.all(scopes));
    } catch (e) {
      throw await this.explain(e);
    }
    if (thrown !== undefined) throw thrown instanceof RectifyError ? thrown : await this.explain(thrown);
    const error = errors.find((e) => e);
    if (error) throw new BackendInternalError(this.name, `WebGPU ${error.constructor.name}: ${error.message}`);
  }

  private guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.aborted]);
  }

  /** A GPU error as a Rectify error: DeviceLostError when the device went (its lost promise may settle a moment later). */
  private async explain(e: unknown): Promise<RectifyError> {
    if (e instanceof RectifyError) return e;
    if (!this.failure) {
      await Promise.race([this.aborted.catch(() => {}), new Promise((r) => setTimeout(r, 100))]);
    }
    return this.failure ?? new BackendInternalError(this.name, message(e));
  }
}

/** Threads for deadUnits: a multiple of cols (so each thread stays in one column), about 8 elements each. */
function deadUnitsStride(count: number, cols: number, limit: number): number {
  if (cols > limit) throw new RangeError(`${cols} columns exceed the ${limit} threads of one dispatch`);
  const perColumn = Math.max(1, Math.ceil(Math.ceil(count / 8) / cols));
  return cols * Math.min(perColumn, Math.floor(limit / cols));
}
