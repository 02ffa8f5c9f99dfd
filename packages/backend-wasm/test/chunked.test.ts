import { oracle } from '@rectify/core';
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

  it('rejects bad chunkBytes options', async () => {
    for (const chunkBytes of [0, 48, 100, 2 ** 27, 72, Number.NaN, '1024']) {
      await expect(createBackend({ chunkBytes: chunkBytes as never })).rejects.toThrow(/chunkBytes/);
    }
  });
});
