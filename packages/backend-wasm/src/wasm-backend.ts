import {
  BackendDisposedError,
  SPEC_DTYPES,
  SyncBackend,
  allocate,
  checkAlpha,
  checkCeiling,
  checkGrad,
  checkInput,
  checkShape,
  checkUnary,
  type ActivationBackend,
  type ActivationStats,
  type AnyTypedArray,
  type Capabilities,
  type DType,
  type SyncOps,
  type TypedArrayOf,
} from '@rectify/core';
import { runDeadUnits, runElementwise, runStats, type Address } from './chunked.js';
import { WasmHeap } from './heap.js';
import { kernelsFor, type DTypeKernels, type KernelExports } from './kernels.js';

export const capabilities: Capabilities = Object.freeze({
  ops: SPEC_DTYPES,
  // Wasm float multiplication is IEEE 754 with subnormals on every engine.
  flushesSubnormals: false,
  deviceBacked: false,
  sync: true,
  residentArrays: true,
  // Plain arrays of any length run in chunks; resident arrays are bounded by wasm's 4 GiB.
  maxLength: Number.MAX_SAFE_INTEGER,
});

export interface WasmBackendConfig {
  chunkBytes: number;
  countsBytes: number;
}

/**
 * WebAssembly SIMD kernels (assembly/*.ts). Views from `alloc()` live on the wasm heap and are
 * processed in place with no copies; plain typed arrays are copied through a fixed scratch area.
 */
export class WasmBackend extends SyncBackend implements ActivationBackend {
  readonly name = 'wasm';
  readonly capabilities = capabilities;
  private exports: KernelExports | undefined;
  private heap: WasmHeap | undefined;
  private kernels: Partial<Record<DType, DTypeKernels>> = {};

  constructor(exports: KernelExports, config: WasmBackendConfig) {
    super();
    this.exports = exports;
    this.heap = new WasmHeap(exports.memory, exports.heapBase(), config.chunkBytes, config.countsBytes);
  }

  /**
   * A typed array of `length` elements on the wasm heap (zero-filled when new memory, else whatever
   * was there). Ops run on it in place. It stays valid until free(), or until a later alloc() grows
   * the memory: then every older view is detached and ops on it throw StaleViewError (see refresh()).
   */
  alloc<D extends DType>(dtype: D, length: number): TypedArrayOf[D] {
    return this.alive().alloc(dtype, length, this.name);
  }

  /** Returns a view's memory to the allocator. Later use of the view throws StaleViewError. */
  free(view: AnyTypedArray): void {
    this.alive().free(view, this.name);
  }

  /** True when `view` came from alloc(), was not freed and is not stale. */
  isResident(view: unknown): boolean {
    return this.heap !== undefined && this.heap.isResident(view);
  }

  /**
   * Grows the wasm memory now so that later alloc() calls totalling up to `bytes` do not grow it
   * (growth detaches every existing view). Call it before allocating arrays that must stay usable together.
   */
  reserve(bytes: number): void {
    this.alive().reserve(bytes, this.name);
  }

  /** A new view of the same data for a view from alloc() that memory growth made stale (the old one is retired). */
  refresh<T extends AnyTypedArray>(view: T): T {
    return this.alive().refresh(view, this.name);
  }

  readonly sync: SyncOps = {
    relu: <T extends AnyTypedArray>(x: T, out?: T): T => {
      const [heap, addrs] = this.resolveUnary(x, out);
      const d = checkUnary(this, 'relu', x, out);
      return this.unary(heap, addrs, d, x, out, this.kernelsOf(d).relu, 0);
    },
    clippedRelu: <T extends AnyTypedArray>(x: T, ceiling = 6, out?: T): T => {
      const [heap, addrs] = this.resolveUnary(x, out);
      const d = checkUnary(this, 'clippedRelu', x, out);
      const c = checkCeiling(d, ceiling);
      return this.unary(heap, addrs, d, x, out, this.kernelsOf(d).clippedRelu, c);
    },
    leakyRelu: <T extends AnyTypedArray>(x: T, alpha = 0.01, out?: T): T => {
      const [heap, addrs] = this.resolveUnary(x, out);
      const d = checkUnary(this, 'leakyRelu', x, out);
      const a = checkAlpha(d, alpha);
      return this.unary(heap, addrs, d, x, out, this.kernelsOf(d).leakyRelu, a);
    },
    reluGrad: <T extends AnyTypedArray>(dy: T, x: T, out?: T): T => {
      const heap = this.alive();
      // Stale views first: a detached view reads as length 0, which would give a misleading error.
      const dyAddr = heap.addressOf(dy, 'dy', this.name);
      const xAddr = heap.addressOf(x, 'x', this.name);
      const outAddr = out === x ? xAddr : out === dy ? dyAddr : heap.addressOf(out, 'out', this.name);
      const d = checkGrad(this, dy, x, out);
      const k = this.kernelsOf(d);
      const result = out ?? (allocate(d, x.length) as T);
      runElementwise(heap, d, x.length, [[dy, dyAddr], [x, xAddr]], [result, outAddr], (p, o, n) => k.reluGrad(p[0], p[1], o, n));
      return result;
    },
    stats: (x: AnyTypedArray): ActivationStats => {
      const heap = this.alive();
      const addr = heap.addressOf(x, 'x', this.name);
      const d = checkInput(this, 'stats', x);
      return runStats(heap, d, x, addr, this.kernelsOf(d).stats);
    },
    deadUnits: (x: AnyTypedArray, rows: number, cols: number): Uint32Array => {
      const heap = this.alive();
      const addr = heap.addressOf(x, 'x', this.name);
      const d = checkShape(this, x, rows, cols);
      return runDeadUnits(heap, d, x, addr, rows, cols, this.kernelsOf(d).deadUnits);
    },
  };

  /** Drops the instance and its memory; views from alloc() keep their last contents as plain arrays. */
  dispose(): void {
    this.exports = undefined;
    this.heap = undefined;
    this.kernels = {};
  }

  /** relu, clippedRelu, leakyRelu: the heap and the addresses of x and out, rejecting stale views before any other check. */
  private resolveUnary(x: unknown, out: unknown): [WasmHeap, [Address, Address]] {
    const heap = this.alive();
    const xAddr = heap.addressOf(x, 'x', this.name);
    // In place is the usual resident call: one lookup serves both.
    return [heap, [xAddr, out === x ? xAddr : heap.addressOf(out, 'out', this.name)]];
  }

  /** Runs a unary kernel in place on resident arrays, else through scratch; a missing out becomes a new plain array. */
  private unary<T extends AnyTypedArray>(
    heap: WasmHeap,
    [xAddr, outAddr]: [Address, Address],
    d: DType,
    x: T,
    out: T | undefined,
    kernel: (x: number, out: number, n: number, scalar: number) => void,
    scalar: number,
  ): T {
    // Fast path, all resident: one kernel call, nothing allocated (relu ignores the scalar).
    if (xAddr !== undefined && outAddr !== undefined) {
      kernel(xAddr, outAddr, x.length, scalar);
      return out!;
    }
    const result = out ?? (allocate(d, x.length) as T);
    runElementwise(heap, d, x.length, [[x, xAddr]], [result, outAddr], (p, o, n) => kernel(p[0], o, n, scalar));
    return result;
  }

  private kernelsOf(dtype: DType): DTypeKernels {
    return (this.kernels[dtype] ??= kernelsFor(this.exports!, dtype));
  }

  private alive(): WasmHeap {
    if (this.heap === undefined) throw new BackendDisposedError(this.name);
    return this.heap;
  }
}
