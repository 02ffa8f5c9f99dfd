import {
  BackendDisposedError,
  DTYPES,
  DeviceLostError,
  InvalidParameterError,
  NotATypedArrayError,
  installOpMethods,
  UnsupportedDTypeError,
  allocate,
  bytesPerElement,
  dtypeOf,
  prepareCall,
  resultArray,
  takesOut,
  typedArrayInspector,
  xIndex,
  type ActivationBackend,
  type AnyTypedArray,
  type AsyncStyle,
  type Capabilities,
  type OpCalls,
  type OpDefinition,
  type OpName,
  type PreparedCall,
  type TypedArrayOf,
} from '@rectify/core';
import type { DispatchLimits } from './chunking.js';
import { DeviceState, type DeviceParts } from './device-state.js';
import type { Float16Path, WholeBinding } from './dispatch.js';
import { chooseFloat16Path } from './float16-path.js';
import { message } from './gpu-loader.js';
import { STORAGE_USAGE } from './gpu-constants.js';
import { GpuArray } from './gpu-array.js';
import { gpuArrayOf, isResidentCall, residentInspector } from './gpu-inspector.js';
import { KERNEL_DTYPES, REDUCTIONS, paramBits, type GpuDType, type ReductionKind } from './kernels/index.js';
import type { AdapterInfo, DispatchLimitOptions } from './options.js';
import { ChannelPart } from './per-channel.js';
import { roundUp4 } from './transfers.js';

export type { DeviceParts } from './device-state.js';

export interface BackendParts extends DeviceParts {
  dispatchLimits?: DispatchLimitOptions;
  /** Gets a new device after a loss, as the first one was got; absent when there is no way to (a device the caller gave). */
  replaceDevice?: () => Promise<DeviceParts>;
}

/** Every op twice: on GpuArrays (giving GpuArrays), then on typed arrays. */
type WebGpuOps = OpCalls<{ array: GpuArray; sync: false }> & OpCalls<AsyncStyle>;

/** The dtypes some kernel takes: what upload() accepts. */
const GPU_DTYPES: readonly GpuDType[] = DTYPES.filter((d): d is GpuDType => Object.values(KERNEL_DTYPES).some((ds) => ds.includes(d as GpuDType)));

/** Core's capabilities, plus how float16 products run here (see float16-path.ts). */
export interface WebGpuCapabilities extends Capabilities {
  readonly float16Path: Float16Path;
}

function capabilitiesOf(device: GPUDevice, flushesSubnormals: boolean, float16Path: Float16Path): WebGpuCapabilities {
  return Object.freeze({
    ops: KERNEL_DTYPES,
    flushesSubnormals,
    deviceBacked: true,
    sync: false,
    residentArrays: true,
    // What every dtype accepts: elements of float32, the widest (float16 and int8 fit 2 and 4 times as many).
    maxLength: Math.floor(device.limits.maxBufferSize / 4),
    float16Path,
  });
}

/** An elementwise kernel's one scalar parameter (ceiling, alpha) as Params.param bits; 0 when the op has none (or per-channel ones). */
function paramOf(call: PreparedCall): number {
  return call.params.length > 0 && !call.perChannel ? paramBits(call.dtype, call.params[0]) : 0;
}

/**
 * The arguments with their typed-array parameters (prelu's alpha, histogram's edges) copied: they
 * are read when the call is made (docs/semantics.md), and prepareCall runs only after an await.
 */
function readNow(op: OpDefinition, args: unknown[]): unknown[] {
  const first = op.arrays.length;
  const end = Math.min(first + op.params.length, args.length);
  let copied: unknown[] | undefined;
  for (let k = first; k < end; k++) {
    if (dtypeOf(args[k]) === undefined) continue;
    copied ??= args.slice();
    copied[k] = (args[k] as AnyTypedArray).slice();
  }
  return copied ?? args;
}

/** An elementwise call's result: its array, or with dalpha `{ dx, dalpha }` (an op with gradients). */
function withGradients(dx: unknown, dalpha: AnyTypedArray | undefined): unknown {
  return dalpha ? { dx, dalpha } : dx;
}

// The op methods are installed on the prototype from core's op table (the static block below).
export interface WebGpuBackend extends WebGpuOps {}

/**
 * WebGPU compute: WGSL kernels on bit patterns (see src/kernels), arrays resident on the GPU as
 * GpuArrays, or plain typed arrays copied in and out per call.
 */
export class WebGpuBackend implements ActivationBackend {
  static {
    installOpMethods(WebGpuBackend.prototype, (self, op, args) => self.run(op, args));
  }

  readonly name = 'webgpu';
  private caps: WebGpuCapabilities;
  /** The current device and what belongs to it; replaced after a loss. */
  private gpu: DeviceState;
  private readonly lowered: DispatchLimitOptions | undefined;
  private readonly replaceDevice: (() => Promise<DeviceParts>) | undefined;
  /** The replacement under way, shared by every call that finds the device lost. */
  private replacing: Promise<DeviceState> | undefined;
  private lastLoss: string | undefined;
  private disposed = false;
  private readonly inspectResident = residentInspector(this);

  constructor(parts: BackendParts) {
    this.lowered = parts.dispatchLimits;
    this.replaceDevice = parts.replaceDevice;
    this.gpu = new DeviceState(this.name, parts, parts.dispatchLimits);
    this.caps = capabilitiesOf(parts.device, false, 'u32-pairs');
  }

  /** The device the backend computes on now (a new one after a loss it recovered from). */
  get device(): GPUDevice {
    return this.gpu.device;
  }

  get adapterInfo(): AdapterInfo {
    return this.gpu.parts.adapterInfo;
  }

  /** The limits the kernels are dispatched under (the device's, or lower ones asked for in options). */
  get dispatchLimits(): Readonly<DispatchLimits> {
    return this.gpu.dispatch.limits;
  }

  get capabilities(): WebGpuCapabilities {
    return this.caps;
  }

  /**
   * How float16 products (leakyRelu, prelu and their gradients) run on the current device: in WGSL's
   * f16 arithmetic ('shader-f16', where the device has it and its start-up probe found it exact),
   * else on u32 words holding two halves, in integer arithmetic ('u32-pairs'). Same results either way.
   */
  get float16Path(): Float16Path {
    return this.gpu.dispatch.float16Path;
  }

  /** Why the device was last lost; undefined while no device was ever lost. */
  get lostReason(): string | undefined {
    return this.gpu.session.lostReason ?? this.lastLoss;
  }

  /** GPU buffers this backend holds on its current device (arrays, pooled temporaries): 0 after dispose(). */
  get bufferCount(): number {
    return this.gpu.session.pool.liveCount;
  }

  /**
   * Gets a new device now if the current one was lost (every call does it anyway: recovery is
   * transparent). Rejects with DeviceLostError when the backend cannot get another device.
   */
  async recover(): Promise<void> {
    await this.current();
  }

  /** The device state a call runs on: the current one, or a new one when the device was lost. */
  private async current(): Promise<DeviceState> {
    if (this.disposed) throw new BackendDisposedError(this.name);
    const g = this.gpu;
    if (!g.session.isLost) {
      g.session.assertUsable();
      return g;
    }
    if (!this.replaceDevice) {
      throw new DeviceLostError(
        this.name,
        `${g.session.lostReason}; it was given as options.device and cannot be replaced: create a new backend, or pass options.requestDevice (a device factory) so that it can recover`,
      );
    }
    this.replacing ??= this.replace(g, this.replaceDevice).finally(() => (this.replacing = undefined));
    return this.replacing;
  }

  /** Builds the state of a new device (pipelines, pool, probe) in place of the lost one's. */
  private async replace(lost: DeviceState, request: () => Promise<DeviceParts>): Promise<DeviceState> {
    const reason = lost.session.lostReason ?? 'lost';
    let parts: DeviceParts;
    try {
      parts = await request();
    } catch (e) {
      throw new DeviceLostError(this.name, `${reason}; requesting a new device failed: ${message(e)}`);
    }
    if (this.disposed) {
      if (parts.ownsDevice) parts.device.destroy();
      throw new BackendDisposedError(this.name);
    }
    lost.close(); // Its buffers (GpuArrays included) are gone with the device.
    this.lastLoss = reason;
    this.gpu = new DeviceState(this.name, parts, this.lowered);
    this.caps = capabilitiesOf(parts.device, false, 'u32-pairs');
    await this.probeFloat16();
    await this.probeSubnormals();
    return this.gpu;
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
    this.caps = capabilitiesOf(this.device, flushes, this.float16Path);
    return flushes;
  }

  /** Decides the float16 path of the current device (float16-path.ts): measured, never assumed. */
  async probeFloat16(): Promise<Float16Path> {
    const path = await chooseFloat16Path(this.gpu);
    this.caps = capabilitiesOf(this.device, this.caps.flushesSubnormals, path);
    return path;
  }

  // ---- resident arrays -------------------------------------------------------------------------

  /** Copies a typed array into a new GpuArray on this backend's device. */
  async upload<T extends AnyTypedArray>(x: T): Promise<GpuArray> {
    const g = await this.current();
    const dtype = dtypeOf(x);
    if (dtype === undefined) throw new NotATypedArrayError('x', x);
    if (!GPU_DTYPES.includes(dtype as GpuDType)) throw new UnsupportedDTypeError(this.name, 'upload', dtype, GPU_DTYPES);
    const buffer = await g.transfers.upload(x, g.dispatch.bufferBytes(x.length, dtype as GpuDType));
    // float16: remember the caller's Float16Array class (an empty one), for download().
    return new GpuArray(this, dtype as GpuDType, x.length, buffer, g.device, dtype === 'float16' ? allocate(dtype, 0, x) : undefined);
  }

  /** Reads a GpuArray back into a new typed array of its dtype. */
  download(x: GpuArray): Promise<TypedArrayOf[GpuDType]>;
  async download(x: GpuArray): Promise<AnyTypedArray> {
    const g = await this.current();
    const a = gpuArrayOf(this, x, 'x');
    const result = allocate(a.dtype, a.length, a.like);
    await g.transfers.download(a.buffer!, result);
    return result;
  }

  /** True when `value` is a GpuArray of this backend, freed or not (ops on a freed one fail with StaleViewError). */
  isResident(value: unknown): boolean {
    return value instanceof GpuArray && value.owner === this;
  }

  /** Releases a GpuArray's buffer (for reuse by later calls). Freeing twice, or after dispose(), does nothing. */
  free(x: GpuArray): void {
    if (!(x instanceof GpuArray)) throw new InvalidParameterError('free() takes a GpuArray returned by upload() or an op.');
    if (x.owner !== this) throw new InvalidParameterError('free() got a GpuArray of another backend.');
    const buffer = x.buffer;
    x.buffer = undefined;
    // The pool ignores a buffer it does not hold (one of a lost device, or after dispose()).
    if (buffer) this.gpu.session.pool.release(buffer);
  }

  /** Destroys every buffer (GpuArrays included) and, when the backend created the device, the device. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.gpu.close();
  }

  // ---- ops -------------------------------------------------------------------------------------

  /** One call of an op: checked by core's prepareCall, then run by the op's result kind. */
  private async run(op: OpDefinition<OpName>, given: unknown[]): Promise<unknown> {
    const args = readNow(op, given);
    // The call keeps the state it started on: a device replaced meanwhile is not its device.
    const g = await this.current();
    const resident = isResidentCall(op, args);
    const call = prepareCall(this, op, args, resident ? this.inspectResident : typedArrayInspector);
    // Ops that take an out are elementwise (and may add per-channel sums); the others count.
    if (!takesOut(op)) return this.reduce(g, call);
    return resident ? this.mapResident(g, call) : this.mapCopied(g, call);
  }

  /** Typed arrays: each distinct input copied to a temporary, the kernel run in place on the first one, which is read back. */
  private async mapCopied(g: DeviceState, call: PreparedCall): Promise<unknown> {
    const { length } = call;
    const dtype = call.dtype as GpuDType;
    const result = resultArray(call);
    const part = ChannelPart.of(g, call);
    if (length === 0) return withGradients(result, await part?.dalpha());
    const bytes = g.dispatch.bufferBytes(length, dtype);
    let staging: GPUBuffer | undefined;
    await g.session.submit((r) => {
      const copies = new Map<unknown, GPUBuffer>();
      const inputs = call.arrays.map((a) => {
        let copy = copies.get(a);
        if (!copy) {
          copy = r.temp(bytes);
          g.transfers.write(copy, a as AnyTypedArray);
          copies.set(a, copy);
        }
        return copy;
      });
      g.dispatch.elementwise(r, call.op.name, dtype, inputs, inputs[0], length, paramOf(call), part?.bind(r));
      part?.stage(r);
      staging = g.transfers.stage(r, inputs[0], bytes);
    });
    // dalpha first: the caller's out is written last.
    const dalpha = await part?.dalpha();
    await g.transfers.readInto(staging!, result, length * bytesPerElement(dtype));
    return withGradients(result, dalpha);
  }

  /** GpuArrays: the kernel reads the inputs' buffers and writes out's, or a new GpuArray's. */
  private async mapResident(g: DeviceState, call: PreparedCall): Promise<unknown> {
    const { length } = call;
    const dtype = call.dtype as GpuDType;
    const part = ChannelPart.of(g, call);
    const inputs = (call.arrays as GpuArray[]).map((a) => a.buffer!);
    const bytes = call.out ? 0 : g.dispatch.bufferBytes(length, dtype);
    let target = call.out as GpuArray | undefined;
    const like = (call.arrays[xIndex(call.op)] as GpuArray).like;
    await g.session.submit((r) => {
      target ??= new GpuArray(this, dtype, length, r.keep(STORAGE_USAGE, bytes), g.device, like);
      if (length === 0) return;
      g.dispatch.elementwise(r, call.op.name, dtype, inputs, target.buffer!, length, paramOf(call), part?.bind(r));
      part?.stage(r);
    });
    return withGradients(target!, await part?.dalpha());
  }

  /** stats, per-column counts, histogram's bins and columnSums' exact sums: counters cleared, added to with atomics, then read back. */
  private async reduce(g: DeviceState, call: PreparedCall): Promise<unknown> {
    const reduction = REDUCTIONS[call.op.result as ReductionKind];
    const counts = new Uint32Array(reduction.counters(call));
    const { length } = call;
    if (length === 0) return reduction.result(counts, call);
    const cols = reduction.columns(call);
    const columnThreads = reduction.threads === 'columns';
    if (columnThreads) g.dispatch.checkColumns(call.op.name, cols);
    const table = reduction.table?.(call);
    const { what, split } = reduction.describe(call);
    g.dispatch.checkWhole(call.op.name, counts.byteLength, what, split);
    if (table) g.dispatch.checkWhole(call.op.name, table.byteLength, what, split);
    const dtype = call.dtype as GpuDType;
    // Reductions read x alone.
    const x = call.arrays[xIndex(call.op)];
    const bytes = g.dispatch.bufferBytes(length, dtype);
    let staging: GPUBuffer | undefined;
    await g.session.submit((r) => {
      let source: GPUBuffer;
      if (x instanceof GpuArray) source = x.buffer!;
      else {
        source = r.temp(bytes);
        g.transfers.write(source, x as AnyTypedArray);
      }
      const counters = r.temp(counts.byteLength);
      r.encoder.clearBuffer(counters, 0, roundUp4(counts.byteLength));
      const whole: WholeBinding[] = [{ buffer: counters, bytes: counts.byteLength }];
      if (table) {
        const t = r.temp(table.byteLength);
        g.transfers.write(t, table);
        whole.push({ buffer: t, bytes: table.byteLength });
      }
      g.dispatch.reduction(r, call.op.name, dtype, reduction.main, source, whole, length, cols, columnThreads);
      staging = g.transfers.stage(r, counters, counts.byteLength);
    });
    await g.transfers.readInto(staging!, counts, counts.byteLength);
    return reduction.result(counts, call);
  }
}
