import { OPS, invoke, oracle, type AnyTypedArray, type DType, type OpDefinition } from '@rectify/core';
import { makeInput, sameBits } from '@rectify/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, DEFAULT_CHUNK_BYTES, type WasmBackend } from '../src/index.js';

describe('plain arrays larger than the scratch chunk', () => {
  let wasm: WasmBackend;
  beforeAll(async () => {
    wasm = await createBackend();
  });
  afterAll(() => wasm.dispose());

  // 3.5 chunks of each dtype, so the last chunk is partial and chunks end mid-vector.
  const lengthOf = (size: number) => Math.floor((DEFAULT_CHUNK_BYTES / size) * 3.5) + 3;

  it('processes every chunk, without growing memory by the array size', () => {
    for (const [dtype, size] of [['float32', 4], ['float64', 8], ['int32', 4], ['int8', 1]] as const) {
      const x = makeInput(dtype, lengthOf(size), 21);
      const memoryBefore = wasm.alloc('int8', 0).buffer.byteLength;
      expect(sameBits(wasm.sync.relu(x), oracle.relu(x))).toBe(true);
      expect(sameBits(wasm.sync.clippedRelu(x, 3), oracle.clippedRelu(x, 3))).toBe(true);
      expect(wasm.sync.stats(x)).toEqual(oracle.stats(x));
      const inPlace = x.slice();
      wasm.sync.relu(inPlace, inPlace);
      expect(sameBits(inPlace, oracle.relu(x))).toBe(true);
      // Scratch is fixed: running on a multi-chunk plain array allocates nothing on the heap.
      expect(wasm.alloc('int8', 0).buffer.byteLength).toBe(memoryBefore);
      // int8's 3.5 MiB is more than the whole wasm memory (scratch and counters).
      if (dtype === 'int8') expect(memoryBefore).toBeLessThan(x.byteLength);
    }
  }, 30_000);

  it('a new result is a standalone array of its own, one chunk or many: not a view on the wasm memory', () => {
    const memory = wasm.alloc('int8', 0).buffer;
    for (const n of [0, 5, DEFAULT_CHUNK_BYTES / 4, DEFAULT_CHUNK_BYTES / 4 + 1]) {
      const x = makeInput('float32', n, 4);
      const dy = makeInput('float32', n, 6);
      for (const result of [wasm.sync.relu(x), wasm.sync.leakyRelu(x, 0.5), wasm.sync.reluGrad(dy, x)]) {
        expect(result).toBeInstanceOf(Float32Array);
        expect(result.buffer).not.toBe(memory);
        expect([result.byteOffset, result.buffer.byteLength]).toEqual([0, 4 * n]);
      }
      const first = wasm.sync.relu(x);
      expect(sameBits(first, oracle.relu(x))).toBe(true);
      wasm.sync.relu(dy); // reuses the scratch that first was computed in
      expect(sameBits(first, oracle.relu(x))).toBe(true);
      expect(sameBits(wasm.sync.reluGrad(dy, x), oracle.reluGrad(dy, x))).toBe(true);
    }
  });

  it('deadUnits splits wide matrices into column blocks and tall ones into row chunks', () => {
    // 300 000 columns: more than the 256 Ki counters of one pass and than one chunk of float32.
    const wide = makeInput('float32', 2 * 300_000, 5);
    expect(Array.from(wasm.sync.deadUnits(wide, 2, 300_000))).toEqual(Array.from(oracle.deadUnits(wide, 2, 300_000)));
    const tall = makeInput('int8', 3 * 1_000_003, 6);
    expect(Array.from(wasm.sync.deadUnits(tall, 1_000_003, 3))).toEqual(Array.from(oracle.deadUnits(tall, 1_000_003, 3)));
    // The same wide matrix resident: column blocks over the heap view, no copies.
    wasm.reserve(wide.byteLength + 64);
    const resident = wasm.alloc('float32', wide.length);
    resident.set(wide);
    expect(Array.from(wasm.sync.deadUnits(resident, 2, 300_000))).toEqual(Array.from(oracle.deadUnits(wide, 2, 300_000)));
    wasm.free(resident);
  }, 30_000);

  const histogram = OPS.find((op) => op.name === 'histogram')!;
  const columnSums = OPS.find((op) => op.name === 'columnSums')!;
  /** The op on the wasm backend and on the oracle, as plain number arrays (NaN equals NaN; -0 differs from +0). */
  const both = (op: OpDefinition, x: AnyTypedArray, params: unknown[], on: AnyTypedArray = x) => ({
    got: Array.from(invoke(wasm.sync, op, [on], params) as ArrayLike<number>),
    want: Array.from(invoke(oracle, op, [x], params) as ArrayLike<number>),
  });
  const DTYPES_AND_SIZES = [['float32', 4], ['float64', 8], ['float16', 2], ['int32', 4], ['int8', 1]] as const;
  /** Values that cancel exactly in a float accumulator of the dtype: huge + 1 - huge is 1. */
  const HUGE: Record<DType, number> = { float32: 1e30, float64: 1e30, float16: 65504, int32: 2 ** 31 - 1, int8: 127 };

  /**
   * A rows × cols matrix of makeInput's values with its NaNs and infinities made finite, except: column
   * 0 holds huge, 1 and -huge in its first, middle and last rows (zeros elsewhere), so that it sums to
   * exactly 1 across chunks; on floats column 1 holds +Inf first and -Inf last (NaN), and column 2 one +Inf.
   */
  function matrix(dtype: DType, rows: number, cols: number, seed: number): AnyTypedArray {
    const x = makeInput(dtype, rows * cols, seed);
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) x[i] = (i % 7) - 3;
    for (let r = 0; r < rows; r++) x[r * cols] = 0;
    const mid = Math.floor(rows / 2) * cols;
    x[0] = HUGE[dtype];
    x[mid] = 1;
    x[(rows - 1) * cols] = -HUGE[dtype];
    if ((dtype === 'float32' || dtype === 'float64' || dtype === 'float16') && cols >= 3) {
      x[1] = Infinity;
      x[(rows - 1) * cols + 1] = -Infinity;
      x[mid + 2] = Infinity;
    }
    return x;
  }

  it('histogram on a plain array of several chunks counts every chunk once, as the oracle', () => {
    const edges = Float64Array.of(-1e30, -100, -1, -0.5, 0, 1e-40, 0.5, 1, 3, 100, 1e30);
    for (const [dtype, size] of DTYPES_AND_SIZES) {
      const x = makeInput(dtype, lengthOf(size), 31);
      const { got, want } = both(histogram, x, [edges]);
      expect(got, dtype).toEqual(want);
      expect(got.reduce((a, b) => a + b), dtype).toBe(x.length);
    }
  }, 60_000);

  it('histogram with more edges than the counts area holds borrows a heap block and gives it back', () => {
    // 100 000 edges and their counts: 1.2 MiB, more than the 1 MiB counts area.
    const edges = Float64Array.from({ length: 100_000 }, (_, j) => (j - 50_000) / 4096);
    const x = makeInput('float32', 300_000, 32);
    const first = both(histogram, x, [edges]);
    expect(first.got).toEqual(first.want);
    const memory = wasm.alloc('int8', 0).buffer.byteLength;
    const again = both(histogram, x, [edges]);
    expect(again.got).toEqual(first.want);
    expect(wasm.alloc('int8', 0).buffer.byteLength).toBe(memory);
  }, 60_000);

  it('columnSums on a plain array of several chunks keeps one exact sum per column across chunks, as the oracle', () => {
    for (const [dtype, size] of DTYPES_AND_SIZES) {
      const n = lengthOf(size);
      // Few columns (whole rows per chunk), one column (contiguous), and more columns than one
      // block of sums holds (float64: about 1 900; float32 and float16: 13 000; integers: 131 000).
      for (const cols of [3, 1, 140_003]) {
        const rows = Math.max(3, Math.floor(n / cols));
        const x = matrix(dtype, rows, cols, 41);
        const { got, want } = both(columnSums, x, [rows, cols]);
        expect(got, `${dtype} ${rows} × ${cols}`).toEqual(want);
        expect(got[0], `${dtype} ${rows} × ${cols}: huge + 1 - huge`).toBe(1);
        if (cols >= 3 && dtype.startsWith('float')) expect([got[1], got[2]]).toEqual([Number.NaN, Infinity]);
      }
    }
  }, 120_000);

  it('columnSums on a resident matrix wider than one block of sums, in place, as the oracle', () => {
    for (const dtype of ['float64', 'float32', 'int8'] as const) {
      const [rows, cols] = [5, 140_003];
      const x = matrix(dtype, rows, cols, 42);
      wasm.reserve(x.byteLength + 64);
      const resident = wasm.alloc(dtype, x.length);
      resident.set(x as never);
      const { got, want } = both(columnSums, x, [rows, cols], resident);
      expect(got, dtype).toEqual(want);
      expect(got[0]).toBe(1);
      wasm.free(resident);
    }
  }, 60_000);

  it('rejects bad chunkBytes options', async () => {
    for (const chunkBytes of [0, 48, 100, 2 ** 27, 72, Number.NaN, '1024']) {
      await expect(createBackend({ chunkBytes: chunkBytes as never })).rejects.toThrow(/chunkBytes/);
    }
  });
});
