/**
 * Runs kernels on any mix of resident views and plain arrays. Resident arguments are used in place
 * (their address); plain ones go through the scratch slots in chunks of `chunkBytes`, so a plain
 * array of any size needs only the fixed scratch memory. Callers have validated every argument
 * (core's prepareCall).
 */
import { bytesPerElement, type ActivationStats, type AnyTypedArray, type DType } from '@rectify/core';
import type { WasmHeap } from './heap.js';
import type { Kernel } from './kernels.js';

/** Address of a resident argument, or undefined for a plain array. */
export type Address = number | undefined;

/**
 * out[0..n) = kernel(...inputs, ...params), `addresses[k]` being the address of `inputs[k]`. All
 * resident: one kernel call on them in place. Otherwise plain inputs are copied into scratch slot k
 * chunk by chunk, and a plain `out` is read back from slot 0, where the kernel writes in place.
 * `indexed` (per-channel ops, whose result depends on where an element is): the last param is the
 * flat index of the kernel's first element; the caller passes 0 and each chunk gets its own start.
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
): void {
  const count = inputs.length;
  let resident = outAddr !== undefined;
  for (let k = 0; k < count && resident; k++) resident = addresses[k] !== undefined;
  // Kept small so that the engine inlines it: this is the whole of a call on resident arrays.
  if (resident) callKernel(kernel, count, addresses as readonly number[], outAddr!, n, params);
  else runChunks(heap, dtype, n, inputs, addresses, out, outAddr, kernel, params, indexed);
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
        view.set((m === n ? inputs[k] : inputs[k].subarray(i, i + m)) as never, pointers[k] / size);
      }
    }
    const target = outAddr !== undefined ? outAddr + i * size : heap.scratch[0];
    if (indexed) args[args.length - 1] = i;
    callKernel(kernel, count, pointers, target, m, args);
    if (outAddr === undefined) out.set(view.subarray(target / size, target / size + m) as never, i);
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
  let negative = 0;
  let zero = 0;
  let positive = 0;
  for (let i = 0; i < n; i += piece) {
    const m = Math.min(piece, n - i);
    let ptr: number;
    if (addr !== undefined) ptr = addr + i * size;
    else {
      ptr = heap.scratch[0];
      view.set(x.subarray(i, i + m) as never, ptr / size);
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
  if (rows === 0 || cols === 0) return result;
  const size = bytesPerElement(dtype);
  const chunk = Math.floor(heap.chunkBytes / size);
  const width = Math.min(cols, heap.countsCapacity, addr !== undefined ? cols : chunk);
  const view = heap.heapView(dtype);
  const counts = heap.countsPtr;
  for (let c0 = 0; c0 < cols; c0 += width) {
    const w = Math.min(width, cols - c0);
    new Uint32Array(heap.buffer, counts, w).fill(0);
    if (addr !== undefined) {
      kernel(addr + c0 * size, rows, w, cols, counts);
    } else {
      const rowsPerChunk = Math.max(1, Math.floor(chunk / w));
      const slot = heap.scratch[0] / size;
      for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
        const r1 = Math.min(rows, r0 + rowsPerChunk);
        if (w === cols) view.set(x.subarray(r0 * cols, r1 * cols) as never, slot);
        else {
          for (let r = r0; r < r1; r++) {
            const start = r * cols + c0;
            view.set(x.subarray(start, start + w) as never, slot + (r - r0) * w);
          }
        }
        kernel(heap.scratch[0], r1 - r0, w, w, counts);
      }
    }
    result.set(new Uint32Array(heap.buffer, counts, w), c0);
  }
  return result;
}
