/**
 * The wasm memory seen from JS: a fixed scratch area for chunked copies, then a small first-fit
 * allocator (free list with coalescing, bump pointer at the top) for resident arrays.
 *
 * Growing wasm memory detaches every view on the old ArrayBuffer (not on a shared memory, whose old
 * views stay valid: the threaded backend's). Views that `alloc` returned are
 * registered, so an op can tell a live resident view (use it in place), a stale or freed one
 * (StaleViewError), and a plain array (copy through scratch). float16 views from `alloc` are of
 * core's Float16Array class (the runtime's or a polyfill's); copies go through their 16-bit patterns.
 */
import {
  InvalidParameterError,
  NotATypedArrayError,
  OutOfMemoryError,
  StaleViewError,
  bytesPerElement,
  dtypeOf,
  DTYPES,
  viewOf,
  type AnyTypedArray,
  type DType,
  type TypedArrayOf,
} from '@rectify/core';

/**
 * An array that copies into and out of the heap: the dtype's own typed array, or for float16 a
 * Uint16Array of its patterns, since a polyfilled Float16Array (a Proxy) copies element by element.
 */
export type CopyArray = Exclude<AnyTypedArray, Float16Array> | Uint16Array;

/** `a` (of `dtype`) as a CopyArray over the same memory: itself, or a float16 array's patterns. */
export function copyable(dtype: DType, a: AnyTypedArray): CopyArray {
  return dtype === 'float16' ? new Uint16Array(a.buffer, a.byteOffset, a.length) : (a as CopyArray);
}

const PAGE = 65536;
const MAX_PAGES = 65536; // wasm32: 4 GiB
const ALIGN = 16; // one v128

interface Block {
  ptr: number;
  /** Bytes reserved, a multiple of 16. */
  size: number;
}

interface Allocation extends Block {
  /** Elements, kept because a detached view reads as length 0. */
  length: number;
  /**
   * The heap's epoch when its view was made. Growth of an unshared memory detaches every older
   * view, so a different epoch means stale; cheaper to compare than `view.buffer`, a slow getter in V8.
   */
  epoch: number;
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

export class WasmHeap {
  /** Start of each scratch slot (one per input of the widest op), each `chunkBytes` long. */
  readonly scratch: readonly number[];
  /** Where stats writes its three counts. */
  readonly resultPtr: number;
  /** Per-column counts for deadUnits (columnSums' sums), `countsBytes` long; also the per-call memory that borrow() gives when it fits. */
  readonly countsPtr: number;
  readonly countsBytes: number;
  /** The heap block borrow() took for the call under way, if the counts area was too small. */
  private borrowed: Block | undefined;

  private readonly memory: WebAssembly.Memory;
  /** memory.buffer, refreshed by ensure(): only this class grows the memory (the kernels never do). */
  private current: ArrayBuffer;
  /** How many times ensure() grew the memory. */
  private growths = 0;
  /** Growths that detached views: all of them, except on a shared memory, whose views stay valid as it grows. */
  private epoch = 0;
  /** A shared memory (threads): growth leaves views attached. */
  readonly shared: boolean;
  private readonly live = new WeakMap<AnyTypedArray, Allocation>();
  private readonly freed = new WeakSet<AnyTypedArray>();
  /** Stale views that refresh() replaced with a fresh one. */
  private readonly replaced = new WeakSet<AnyTypedArray>();
  private readonly retired = new WeakSet<ArrayBufferLike>();
  private readonly freeList: Block[] = [];
  private top: number;
  private readonly views = new Map<DType, CopyArray>();
  /** The growth count the cached views were made at. */
  private viewGrowths = 0;

  constructor(memory: WebAssembly.Memory, heapBase: number, readonly chunkBytes: number, slots: number, countsBytes: number) {
    this.memory = memory;
    this.current = memory.buffer;
    this.shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
    let p = alignUp(Math.max(heapBase, ALIGN));
    this.resultPtr = p;
    p += ALIGN;
    this.scratch = Array.from({ length: slots }, (_, k) => p + k * chunkBytes);
    p += slots * chunkBytes;
    this.countsPtr = p;
    this.countsBytes = countsBytes;
    p += countsBytes;
    this.top = p;
    this.ensure(p);
  }

  get buffer(): ArrayBuffer {
    return this.current;
  }

  /** A view of the whole memory as `dtype` (float16: its patterns), for copies by element index (addresses are 16-aligned). */
  heapView(dtype: DType): CopyArray {
    if (this.viewGrowths !== this.growths) {
      this.views.clear();
      this.viewGrowths = this.growths;
    }
    let v = this.views.get(dtype);
    if (v === undefined) {
      v = dtype === 'float16' ? new Uint16Array(this.current) : (viewOf(dtype, this.current) as CopyArray);
      this.views.set(dtype, v);
    }
    return v;
  }

  alloc<D extends DType>(dtype: D, length: number, backend: string): TypedArrayOf[D] {
    if (typeof dtype !== 'string' || !DTYPES.includes(dtype)) {
      throw new InvalidParameterError(`alloc(dtype, length): dtype must be one of ${DTYPES.join(', ')}, got ${String(dtype)}.`);
    }
    if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
      throw new InvalidParameterError(`alloc(dtype, length): length must be a non-negative integer, got ${String(length)}.`);
    }
    const bytes = length * bytesPerElement(dtype);
    const size = alignUp(Math.max(bytes, ALIGN));
    const ptr = this.take(size, backend, bytes);
    const view = viewOf(dtype, this.current, ptr, length);
    this.live.set(view, { ptr, size, length, epoch: this.epoch });
    return view;
  }

  free(view: unknown, backend: string): void {
    const dtype = dtypeOf(view);
    if (dtype === undefined) throw new NotATypedArrayError('view', view);
    const v = view as AnyTypedArray;
    const block = this.live.get(v);
    if (block === undefined) {
      if (this.freed.has(v)) throw new StaleViewError(backend, 'free(view): this view was already freed.');
      if (this.replaced.has(v)) throw new StaleViewError(backend, 'free(view): refresh() replaced this view; free the one it returned.');
      throw new InvalidParameterError('free(view) takes a view returned by this backend\'s alloc(); this one was not.');
    }
    // A view made stale by growth may still be freed: its block is known, and this is the only way to release it.
    this.live.delete(v);
    this.freed.add(v);
    this.release(block);
  }

  /** True for a live view from alloc() that is still attached to the current memory. */
  isResident(view: unknown): boolean {
    return this.live.get(view as AnyTypedArray)?.epoch === this.epoch;
  }

  /**
   * The byte address of a resident view, undefined for a plain array, or StaleViewError for a view
   * that was freed, detached by memory growth, or made on this memory by other means than alloc().
   */
  addressOf(value: unknown, argument: string, backend: string): number | undefined {
    // Looked up first: a WeakMap answers undefined for any other key, and this is the hot path.
    const block = this.live.get(value as AnyTypedArray);
    if (block !== undefined) {
      if (block.epoch !== this.epoch) {
        throw new StaleViewError(
          backend,
          `${argument} is a view from alloc() that went stale when the wasm memory grew (a later alloc() needed more memory). ` +
            'Allocate resident arrays up front, or call refresh(view) for a new view of the same data.',
        );
      }
      return block.ptr;
    }
    // Non-typed arrays are left to core's checks, which name the problem.
    if (dtypeOf(value) === undefined) return undefined;
    const view = value as AnyTypedArray;
    const buffer = view.buffer;
    // A plain array (the usual case here) is on another buffer; freed and replaced views are on this memory's buffers.
    if (buffer !== this.current && !this.retired.has(buffer)) return undefined;
    if (this.freed.has(view)) throw new StaleViewError(backend, `${argument} is a view whose memory was freed with free().`);
    if (this.replaced.has(view)) {
      throw new StaleViewError(backend, `${argument} is a stale view that refresh() replaced; use the view refresh() returned.`);
    }
    if (buffer !== this.current && !this.shared) {
      throw new StaleViewError(backend, `${argument} is a view on wasm memory that was detached when the memory grew.`);
    }
    throw new StaleViewError(
      backend,
      `${argument} is a view on the wasm memory that alloc() did not return (a subarray or a re-typed view); ` +
        'only views from alloc() are accepted, since others cannot be told from freed memory.',
    );
  }

  /**
   * `bytes` of memory for the call under way (prelu's alpha, preluGrad's accumulator, histogram's edges and counts), 16-aligned:
   * the counts area when they fit, else a heap block, which grows the memory (detaching views, as
   * alloc() does) when no free block fits. OutOfMemoryError takes nothing. Returned by giveBack().
   */
  borrow(bytes: number, backend: string): number {
    if (bytes <= this.countsBytes) return this.countsPtr;
    const size = alignUp(bytes);
    const ptr = this.take(size, backend, bytes);
    this.borrowed = { ptr, size };
    return ptr;
  }

  giveBack(): void {
    if (this.borrowed === undefined) return;
    this.release(this.borrowed);
    this.borrowed = undefined;
  }

  /** Grows the memory now, so that `bytes` more can be allocated from the top without growing (and detaching) later. */
  reserve(bytes: number, backend: string): void {
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
      throw new InvalidParameterError(`reserve(bytes): bytes must be a non-negative integer, got ${String(bytes)}.`);
    }
    if (this.top + bytes > MAX_PAGES * PAGE) {
      throw new OutOfMemoryError(backend, `reserve(${bytes}): that does not fit in wasm memory (at most 4 GiB, ${this.top} bytes in use).`);
    }
    this.ensure(this.top + bytes, backend);
  }

  /** A fresh view of the same block as a (possibly stale) view from alloc(). */
  refresh<T extends AnyTypedArray>(view: T, backend: string): T {
    const dtype = dtypeOf(view);
    if (dtype === undefined) throw new NotATypedArrayError('view', view);
    const block = this.live.get(view);
    if (block === undefined) {
      if (this.freed.has(view)) throw new StaleViewError(backend, 'refresh(view): this view was freed.');
      if (this.replaced.has(view)) throw new StaleViewError(backend, 'refresh(view): this view was already replaced by refresh().');
      throw new InvalidParameterError('refresh(view) takes a view returned by this backend\'s alloc(); this one was not.');
    }
    if (block.epoch === this.epoch) return view;
    const fresh = viewOf(dtype, this.current, block.ptr, block.length) as T;
    this.live.delete(view);
    this.replaced.add(view);
    block.epoch = this.epoch;
    this.live.set(fresh, block);
    return fresh;
  }

  private take(size: number, backend: string, requested: number): number {
    for (let i = 0; i < this.freeList.length; i++) {
      const b = this.freeList[i];
      if (b.size < size) continue;
      const ptr = b.ptr;
      if (b.size === size) this.freeList.splice(i, 1);
      else this.freeList[i] = { ptr: b.ptr + size, size: b.size - size };
      return ptr;
    }
    const ptr = this.top;
    if (ptr + size > MAX_PAGES * PAGE) {
      throw new OutOfMemoryError(backend, `alloc: ${requested} bytes do not fit in wasm memory (at most 4 GiB, ${ptr} bytes already in use).`);
    }
    this.ensure(ptr + size, backend);
    this.top = ptr + size;
    return ptr;
  }

  private release(block: Block): void {
    const list = this.freeList;
    let i = 0;
    while (i < list.length && list[i].ptr < block.ptr) i++;
    list.splice(i, 0, { ptr: block.ptr, size: block.size });
    // Coalesce with the next, then the previous neighbour.
    if (i + 1 < list.length && list[i].ptr + list[i].size === list[i + 1].ptr) {
      list[i].size += list[i + 1].size;
      list.splice(i + 1, 1);
    }
    if (i > 0 && list[i - 1].ptr + list[i - 1].size === list[i].ptr) {
      list[i - 1].size += list[i].size;
      list.splice(i, 1);
      i--;
    }
    // A free block at the top goes back to the bump pointer.
    if (list[i].ptr + list[i].size === this.top) {
      this.top = list[i].ptr;
      list.splice(i, 1);
    }
  }

  private ensure(end: number, backend = 'wasm'): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const old = this.memory.buffer;
    try {
      this.memory.grow(Math.ceil((end - have) / PAGE));
    } catch (e) {
      throw new OutOfMemoryError(
        backend,
        `the engine refused to grow wasm memory to ${end} bytes (${e instanceof Error ? e.message : String(e)}).`,
      );
    }
    this.retired.add(old);
    this.current = this.memory.buffer;
    this.growths++;
    if (!this.shared) this.epoch++;
  }
}
