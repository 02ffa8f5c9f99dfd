import {
  BackendDisposedError,
  NotATypedArrayError,
  OPS,
  SPEC_DTYPES,
  SyncBackend,
  dtypeOf,
  resultArray,
  xIndex,
  type ActivationBackend,
  type AnyTypedArray,
  type ArrayInspector,
  type Capabilities,
  type DType,
  type PreparedCall,
  type TypedArrayOf,
} from '@rectify/core';
import { runDeadUnits, runElementwise, runHistogram, runStats, type Address, type Parallel } from './chunked.js';
import { runColumnSums } from './column-sums.js';
import { WasmHeap } from './heap.js';
import { kernelTable, type KernelExports, type KernelTable } from './kernels.js';
import { runPerChannel } from './per-channel.js';

export const capabilities: Capabilities = Object.freeze({
  // Every op of core's table on every dtype it is defined for.
  ops: SPEC_DTYPES,
  // Wasm float multiplication is IEEE 754 with subnormals on every engine.
  flushesSubnormals: false,
  deviceBacked: false,
  sync: true,
  residentArrays: true,
  // Plain arrays of any length run in chunks; resident arrays are bounded by wasm's 4 GiB.
  maxLength: Number.MAX_SAFE_INTEGER,
});

/** One scratch slot per input of the op with the most, so every plain input of a call has its own. */
const SCRATCH_SLOTS = Math.max(...OPS.map((op) => op.arrays.length));

export interface WasmBackendConfig {
  chunkBytes: number;
  countsBytes: number;
  /** Worker threads on the (shared) memory of `exports`, for long calls on resident arrays. */
  parallel?: Parallel;
}

/**
 * WebAssembly SIMD kernels (assembly/*.ts). Views from `alloc()` live on the wasm heap and are
 * processed in place with no copies; plain typed arrays are copied through a fixed scratch area.
 */
export class WasmBackend extends SyncBackend implements ActivationBackend {
  readonly name = 'wasm';
  readonly capabilities = capabilities;
  private heap: WasmHeap | undefined;
  /** Cleared by dispose() with the heap: the exports hold the instance and its memory. */
  private kernels: KernelTable | undefined;
  private parallel: Parallel | undefined;
  /** Threads a long call on resident arrays is split over (1: this thread only; see createBackend's `threads`). */
  readonly threads: number;
  /** The shortest resident call that is split over the threads (Infinity without threads). */
  readonly minParallelLength: number;
  /** The address of each array argument of the call being prepared, by position (out last): set by inspect, read by execute. */
  private readonly addresses: Address[] = [];

  constructor(exports: KernelExports, config: WasmBackendConfig) {
    super();
    this.kernels = kernelTable(exports, capabilities.ops);
    this.heap = new WasmHeap(exports.memory, exports.heapBase(), config.chunkBytes, SCRATCH_SLOTS, config.countsBytes);
    this.parallel = config.parallel;
    this.threads = config.parallel?.pool.threads ?? 1;
    this.minParallelLength = config.parallel?.minLength ?? Infinity;
  }

  /**
   * A typed array of `length` elements on the wasm heap (zero-filled when new memory, else whatever
   * was there). Ops run on it in place. It stays valid until free(), or until a later alloc() grows
   * the memory: then every older view is detached and ops on it throw StaleViewError (see refresh()).
   * With threads the memory is shared (views on a SharedArrayBuffer) and growth detaches nothing.
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
   * (growth detaches every existing view, except with threads). Call it before allocating arrays that must stay usable together.
   */
  reserve(bytes: number): void {
    this.alive().reserve(bytes, this.name);
  }

  /** A new view of the same data for a view from alloc() that memory growth made stale (the old one is retired). */
  refresh<T extends AnyTypedArray>(view: T): T {
    return this.alive().refresh(view, this.name);
  }

  /** Drops the instance and its memory, and stops the worker threads; views from alloc() keep their last contents as plain arrays. */
  dispose(): void {
    this.parallel?.pool.dispose();
    this.parallel = undefined;
    this.heap = undefined;
    this.kernels = undefined;
  }

  protected assertUsable(): void {
    this.alive();
  }

  /**
   * Stale and freed views are rejected here, first: a detached view reads as length 0, which would
   * otherwise fail a length check with a misleading error. The address is kept for execute, by position.
   */
  protected override inspect: ArrayInspector = (value, argument, position) => {
    this.addresses[position] = this.heap!.addressOf(value, argument, this.name);
    const dtype = dtypeOf(value);
    if (dtype === undefined) throw new NotATypedArrayError(argument, value);
    return dtype;
  };

  /** Runs one checked call with the op's kernel: in place on resident arrays, through scratch for plain ones. */
  protected execute(call: PreparedCall): unknown {
    const heap = this.heap!;
    const { op, dtype, length } = call;
    const kernel = this.kernels![op.name][dtype]!;
    const arrays = call.arrays as readonly AnyTypedArray[];
    const addresses = this.addresses;
    if (op.result === 'array' || op.result === 'gradients') {
      const out = resultArray(call);
      let outAddr: Address;
      if (call.out !== undefined) {
        // An out that is one of the inputs (in place) was not inspected again: it has that input's address.
        const k = arrays.indexOf(out);
        outAddr = addresses[k < 0 ? arrays.length : k];
      }
      // Gradients add into one accumulator, so only 'array' results are split over threads.
      const parallel = op.result === 'array' ? this.parallel : undefined;
      if (call.perChannel !== undefined) return runPerChannel(heap, call, arrays, addresses, out, outAddr, kernel, this.name, parallel);
      runElementwise(heap, dtype, length, arrays, addresses, out, outAddr, kernel, call.params, false, parallel);
      return out;
    }
    const xi = xIndex(op);
    const x = arrays[xi];
    const addr = addresses[xi];
    switch (op.result) {
      case 'stats':
        return runStats(heap, dtype, x, addr, kernel);
      // histogram's checked params are the edges themselves.
      case 'bins':
        return runHistogram(heap, dtype, x, addr, call.params, kernel, this.name);
      // 'counts' and 'sums' ops take the matrix shape (rows, cols) as their parameters.
      case 'counts':
        return runDeadUnits(heap, dtype, x, addr, call.params[0], call.params[1], kernel);
      case 'sums':
        return runColumnSums(heap, dtype, x, addr, call.params[0], call.params[1], kernel, this.name);
    }
  }

  private alive(): WasmHeap {
    if (this.heap === undefined) throw new BackendDisposedError(this.name);
    return this.heap;
  }
}
