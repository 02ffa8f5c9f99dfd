/**
 * Runs kernels on any mix of resident views and plain arrays. Resident arguments are used in place
 * (their address); plain ones go through the scratch slots in chunks of `chunkBytes`, so a plain
 * array of any size needs only the fixed scratch memory. Callers have validated every argument
 * (core's prepareCall).
 */
import { bytesPerElement, type ActivationStats, type AnyTypedArray, type DType } from '@rectify/core';
import { copyable, type WasmHeap } from './heap.js';
import type { Kernel } from './kernels.js';
import type { ThreadPool } from './thread-pool.js';

/** Address of a resident argument, or undefined for a plain array. */
export type Address = number | undefined;

/** A threaded backend's pool, used for calls on resident arrays of at least minLength elements. */
export interface Parallel {
  pool: ThreadPool;
  minLength: number;
}

/**
 * out[0..n) = kernel(...inputs, ...params), `addresses[k]` being the address of `inputs[k]`. All
 * resident: one kernel call on them in place. Otherwise plain inputs are copied into scratch slot k
 * chunk by chunk, and a plain `out` is read back from slot 0, where the kernel writes in place.
 * `indexed` (per-channel ops, whose result depends on where an element is): the last param is the
 * flat index of the kernel's first element; the caller passes 0 and each chunk gets its own start.
 * `parallel`: an all-resident call that long is split over the pool's threads.
 */
export function runElementwise(
  heap: WasmHeap,
  dtype: DType,
  n: number,
  inputs: readonly AnyTypedArray[],
  addresses: readonly Address[],
  out: AnyTypedArray,
  outAddr: Address,
  kernel: Kernel,
  params: readonly number[],
  indexed = false,
  parallel?: Parallel,
): void {
  const count = inputs.length;
  let resident = outAddr !== undefined;
  for (let k = 0; k < count && resident; k++) resident = addresses[k] !== undefined;
  // Kept small so that the engine inlines it: this is the whole of a call on resident arrays.
  if (!resident) runChunks(heap, dtype, n, inputs, addresses, out, outAddr, kernel, params, indexed);
  else if (parallel !== undefined && n >= parallel.minLength) {
    runSplit(parallel.pool, kernel, count, addresses as readonly number[], outAddr!, n, params, indexed, bytesPerElement(dtype));
  } else callKernel(kernel, count, addresses as readonly number[], outAddr!, n, params);
}

/** Parts start at multiples of this many elements from the array's (16-aligned) start: whole vectors for the kernels, and parts long next to the one cache line two of them may share. */
const PART_ALIGN = 1024;

/** One kernel call per thread, each on its own range of the resident arrays. */
function runSplit(
  pool: ThreadPool,
  kernel: Kernel,
  count: number,
  pointers: readonly number[],
  out: number,
  n: number,
  params: readonly number[],
  indexed: boolean,
  size: number,
): void {
  const per = Math.ceil(n / pool.threads / PART_ALIGN) * PART_ALIGN;
  if (per >= n) return callKernel(kernel, count, pointers, out, n, params);
  const jobs: number[][] = [];
  for (let start = 0; start < n; start += per) {
    const args: number[] = [];
    for (let k = 0; k < count; k++) args.push(pointers[k] + start * size);
    args.push(out + start * size, Math.min(per, n - start), ...params);
    // A per-channel kernel's last argument is the flat index of its first element.
    if (indexed) args[args.length - 1] += start;
    jobs.push(args);
  }
  pool.run(kernel, jobs);
}

function runChunks(
  heap: WasmHeap,
  dtype: DType,
  n: number,
  inputs: readonly AnyTypedArray[],
  addresses: readonly Address[],
  out: AnyTypedArray,
  outAddr: Address,
  kernel: Kernel,
  params: readonly number[],
  indexed: boolean,
): void {
  const count = inputs.length;
  const size = bytesPerElement(dtype);
  const chunk = Math.floor(heap.chunkBytes / size);
  const view = heap.heapView(dtype);
  const pointers: number[] = [];
  const args = params.slice();
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    for (let k = 0; k < count; k++) {
      const addr = addresses[k];
      if (addr !== undefined) pointers[k] = addr + i * size;
      else {
        pointers[k] = heap.scratch[k];
        // Same-type set copies bytes, so NaN payloads travel unchanged.
        const input = copyable(dtype, inputs[k]);
        view.set((m === n ? input : input.subarray(i, i + m)) as never, pointers[k] / size);
      }
    }
    const target = outAddr !== undefined ? outAddr + i * size : heap.scratch[0];
    if (indexed) args[args.length - 1] = i;
    callKernel(kernel, count, pointers, target, m, args);
    if (outAddr === undefined) copyable(dtype, out).set(view.subarray(target / size, target / size + m) as never, i);
  }
}

/** kernel(...pointers[0..count), out, n, ...params), without building an argument list for the ops' usual shapes. */
function callKernel(kernel: Kernel, count: number, pointers: readonly number[], out: number, n: number, params: readonly number[]): void {
  const p = params.length;
  if (count === 1 && p === 0) kernel(pointers[0], out, n);
  else if (count === 1 && p === 1) kernel(pointers[0], out, n, params[0]);
  else if (count === 2 && p === 0) kernel(pointers[0], pointers[1], out, n);
  else if (count === 2 && p === 1) kernel(pointers[0], pointers[1], out, n, params[0]);
  else if (count === 1 && p === 4) kernel(pointers[0], out, n, params[0], params[1], params[2], params[3]);
  else if (count === 2 && p === 5) kernel(pointers[0], pointers[1], out, n, params[0], params[1], params[2], params[3], params[4]);
  else kernel(...pointers.slice(0, count), out, n, ...params);
}

/** Largest count per stats call: per-lane and total u32 counters cannot overflow below this. */
const STATS_PIECE = 1 << 30;

export function runStats(
  heap: WasmHeap,
  dtype: DType,
  x: AnyTypedArray,
  addr: Address,
  kernel: Kernel,
): ActivationStats {
  const size = bytesPerElement(dtype);
  const n = x.length;
  const piece = addr !== undefined ? STATS_PIECE : Math.floor(heap.chunkBytes / size);
  const view = heap.heapView(dtype);
  const source = copyable(dtype, x);
  let negative = 0;
  let zero = 0;
  let positive = 0;
  for (let i = 0; i < n; i += piece) {
    const m = Math.min(piece, n - i);
    let ptr: number;
    if (addr !== undefined) ptr = addr + i * size;
    else {
      ptr = heap.scratch[0];
      view.set(source.subarray(i, i + m) as never, ptr / size);
    }
    kernel(ptr, m, heap.resultPtr);
    const counts = new Uint32Array(heap.buffer, heap.resultPtr, 3);
    negative += counts[0];
    zero += counts[1];
    positive += counts[2];
  }
  return { length: n, negative, zero, positive, nan: n - negative - zero - positive };
}

/**
 * Per-column counts of x > 0 for a row-major rows × cols matrix. Columns go in blocks that fit the
 * counts area; a plain x is copied in blocks of whole row segments that fit a scratch slot.
 */
export function runDeadUnits(
  heap: WasmHeap,
  dtype: DType,
  x: AnyTypedArray,
  addr: Address,
  rows: number,
  cols: number,
  kernel: Kernel,
): Uint32Array {
  const result = new Uint32Array(cols);
  const counts = heap.countsPtr;
  runColumnBlocks(heap, dtype, x, addr, rows, cols, counts, 4, kernel, (c0, w) => result.set(new Uint32Array(heap.buffer, counts, w), c0));
  return result;
}

/**
 * Runs a column kernel `(x, rows, cols, stride, target)` (deadUnits', columnSums') over a row-major
 * rows × cols matrix, in blocks of as many columns as the counts area holds at `bytesPerColumn`
 * each, the kernel adding its results at `target` (the counts area). For each block of w columns
 * from c0, the target is zeroed, the kernel runs on the block's rows (a resident x in place, strided;
 * a plain one copied in whole row segments that fit a scratch slot, a call per chunk), and then
 * `read(c0, w)` takes the block's results. Nothing runs for an empty matrix.
 */
export function runColumnBlocks(
  heap: WasmHeap,
  dtype: DType,
  x: AnyTypedArray,
  addr: Address,
  rows: number,
  cols: number,
  target: number,
  bytesPerColumn: number,
  kernel: Kernel,
  read: (c0: number, w: number) => void,
): void {
  if (rows === 0 || cols === 0) return;
  const size = bytesPerElement(dtype);
  const chunk = Math.floor(heap.chunkBytes / size);
  const perBlock = Math.floor(heap.countsBytes / bytesPerColumn);
  const width = Math.min(cols, perBlock, addr !== undefined ? cols : chunk);
  const view = heap.heapView(dtype);
  const source = copyable(dtype, x);
  for (let c0 = 0; c0 < cols; c0 += width) {
    const w = Math.min(width, cols - c0);
    new Uint8Array(heap.buffer, target, w * bytesPerColumn).fill(0);
    if (addr !== undefined) {
      kernel(addr + c0 * size, rows, w, cols, target);
    } else {
      const rowsPerChunk = Math.max(1, Math.floor(chunk / w));
      const slot = heap.scratch[0] / size;
      for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
        const r1 = Math.min(rows, r0 + rowsPerChunk);
        if (w === cols) view.set(source.subarray(r0 * cols, r1 * cols) as never, slot);
        else {
          for (let r = r0; r < r1; r++) {
            const start = r * cols + c0;
            view.set(source.subarray(start, start + w) as never, slot + (r - r0) * w);
          }
        }
        kernel(heap.scratch[0], r1 - r0, w, w, target);
      }
    }
    read(c0, w);
  }
}

/**
 * histogram's counts ([below, bins..., above, NaN]) of x in the bins of the checked edges (k >= 2
 * ascending finite numbers). The edges and the k + 2 u32 counts go into memory borrowed for the call
 * (the counts area, else a heap block: see WasmHeap.borrow); a plain x runs in chunks through
 * scratch, each adding to the same counts, which wrap modulo 2^32 as the oracle's Uint32Array does.
 */
export function runHistogram(
  heap: WasmHeap,
  dtype: DType,
  x: AnyTypedArray,
  addr: Address,
  edges: readonly number[],
  kernel: Kernel,
  backend: string,
): Uint32Array {
  const k = edges.length;
  // The edges first (16-aligned, whatever k), then the counts.
  const work = heap.borrow(k * 8 + (k + 2) * 4, backend);
  try {
    // After borrow, which may have grown the memory: heap.buffer is the current one.
    new Float64Array(heap.buffer, work, k).set(edges);
    const counts = work + k * 8;
    new Uint32Array(heap.buffer, counts, k + 2).fill(0);
    const n = x.length;
    if (addr !== undefined) kernel(addr, n, work, k, counts);
    else {
      const size = bytesPerElement(dtype);
      const chunk = Math.floor(heap.chunkBytes / size);
      const view = heap.heapView(dtype);
      const source = copyable(dtype, x);
      const ptr = heap.scratch[0];
      for (let i = 0; i < n; i += chunk) {
        const m = Math.min(chunk, n - i);
        view.set(source.subarray(i, i + m) as never, ptr / size);
        kernel(ptr, m, work, k, counts);
      }
    }
    return new Uint32Array(heap.buffer, counts, k + 2).slice();
  } finally {
    heap.giveBack();
  }
}
