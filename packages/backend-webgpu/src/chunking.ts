/**
 * Splits an array into chunks that one storage binding can hold, and lays each chunk's threads
 * out on a 2D grid of workgroups when one dimension cannot hold them all.
 */
export interface DispatchLimits {
  /** Threads per workgroup (the kernels' WG override). */
  workgroupSize: number;
  /** Largest workgroup count in one dimension. */
  maxWorkgroupsPerDimension: number;
  /** Largest byte size of one storage binding, already a multiple of the offset alignment. */
  chunkBytes: number;
}

export interface Grid {
  x: number;
  y: number;
  /** Threads per row of the grid: x * workgroupSize. */
  pitch: number;
}

export interface Chunk {
  /** First element of the chunk. */
  first: number;
  /** Elements in the chunk. */
  count: number;
  byteOffset: number;
  /** Bound size: the chunk's bytes rounded up to whole words. */
  byteSize: number;
  words: number;
}

/** The most threads one dispatch can run. */
export function maxThreads(limits: DispatchLimits): number {
  return limits.maxWorkgroupsPerDimension * limits.maxWorkgroupsPerDimension * limits.workgroupSize;
}

/** Workgroups for `threads` threads: one row when it fits, else as many full rows as needed. */
export function gridFor(threads: number, limits: DispatchLimits): Grid {
  const groups = Math.max(1, Math.ceil(threads / limits.workgroupSize));
  const x = Math.min(groups, limits.maxWorkgroupsPerDimension);
  const y = Math.ceil(groups / x);
  if (y > limits.maxWorkgroupsPerDimension) throw new RangeError(`${threads} threads exceed one dispatch`);
  return { x, y, pitch: x * limits.workgroupSize };
}

/**
 * Chunks of a `length`-element array of `bytesPerElement`-byte elements. Every chunk but the last
 * holds chunkBytes bytes (a multiple of the storage offset alignment, so each chunk can be bound
 * at its own offset) and no chunk needs more word-threads than one dispatch can run.
 */
export function planChunks(length: number, bytesPerElement: number, limits: DispatchLimits, alignment: number): Chunk[] {
  const byThreads = Math.floor((maxThreads(limits) * 4) / alignment) * alignment;
  const chunkBytes = Math.min(limits.chunkBytes, byThreads);
  const perChunk = chunkBytes / bytesPerElement;
  const chunks: Chunk[] = [];
  for (let first = 0; first < length; first += perChunk) {
    const count = Math.min(perChunk, length - first);
    const bytes = count * bytesPerElement;
    const words = Math.ceil(bytes / 4);
    chunks.push({ first, count, byteOffset: first * bytesPerElement, byteSize: words * 4, words });
  }
  return chunks;
}
