import { BackendUnavailableError, InvalidParameterError, oracle } from '@rectify/core';
import { makeInput, sameBits } from '@rectify/conformance';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBackend } from '../src/index.js';
import { ThreadPool } from '../src/thread-pool.js';
import { instantiateSharedKernels, sharedModule } from '../src/wasm-module.js';
import type { Kernel } from '../src/kernels.js';

afterEach(() => vi.unstubAllGlobals());

describe('threads option', () => {
  it('rejects a bad thread count or minimum length with InvalidParameterError', async () => {
    for (const threads of [0, 1.5, -2, 257, '2', NaN]) {
      await expect(createBackend({ threads: threads as number })).rejects.toThrow(InvalidParameterError);
    }
    for (const minParallelLength of [0, -1, 2.5, Infinity]) {
      await expect(createBackend({ threads: 2, minParallelLength })).rejects.toThrow(InvalidParameterError);
    }
  });

  it('reports its threads and split length; one thread by default', async () => {
    const single = await createBackend();
    const threaded = await createBackend({ threads: 3, minParallelLength: 4096 });
    expect(single.threads).toBe(1);
    expect(single.minParallelLength).toBe(Infinity);
    expect(threaded.threads).toBe(3);
    expect(threaded.minParallelLength).toBe(4096);
    single.dispose();
    threaded.dispose();
  });

  it('is unavailable, saying why and what to do, where memory cannot be shared (a page that is not cross-origin isolated)', async () => {
    vi.stubGlobal('crossOriginIsolated', false);
    const attempt = createBackend({ threads: 2 });
    await expect(attempt).rejects.toThrow(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(/Cross-Origin-Opener-Policy.*threads: 1/);
    // One thread needs no shared memory.
    const single = await createBackend({ threads: 1 });
    expect(single.threads).toBe(1);
    single.dispose();
  });
});

describe('threaded backend', () => {
  it('runs long resident calls exactly, in place and into another view, and its views survive memory growth', async () => {
    const wasm = await createBackend({ threads: 2, minParallelLength: 1 << 16 });
    const n = (1 << 18) + 5;
    const input = makeInput('float32', n, 7);
    const want = oracle.relu(input as Float32Array);
    const x = wasm.alloc('float32', n);
    const out = wasm.alloc('float32', n);
    x.set(input);
    // A shared memory's old views stay attached when it grows: still resident, no StaleViewError.
    const before = x.buffer.byteLength;
    const big = wasm.alloc('int8', before);
    expect(x.buffer.byteLength).toBe(before);
    expect(wasm.isResident(x)).toBe(true);
    expect(wasm.sync.relu(x, out)).toBe(out);
    expect(sameBits(out, want)).toBe(true);
    wasm.sync.relu(x, x);
    expect(sameBits(x, want)).toBe(true);
    wasm.free(big);
    wasm.dispose();
  });
});

describe('ThreadPool', () => {
  it("runs each job's part on its own thread: the workers' parts are done when run() returns", async () => {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
    const module = await sharedModule();
    const exports = await instantiateSharedKernels(module, memory);
    const pool = await ThreadPool.create(module, memory, 2, exports);
    expect(pool.threads).toBe(3);
    const n = 3000;
    const x = new Float32Array(memory.buffer, 1024, n);
    for (let i = 0; i < n; i++) x[i] = i % 2 === 0 ? -1 - i : i;
    const part = 1000;
    const jobs = [0, 1, 2].map((k) => [1024 + k * part * 4, 1024 + k * part * 4, part]);
    pool.run(exports.reluF32 as Kernel, jobs);
    expect(pool.parallelCalls).toBe(1);
    for (let i = 0; i < n; i++) expect(x[i]).toBe(i % 2 === 0 ? 0 : i);
    pool.dispose();
  });

  it('reports a part that trapped on a worker as an error, after waiting for every part', async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    const module = await sharedModule();
    const exports = await instantiateSharedKernels(module, memory);
    const pool = await ThreadPool.create(module, memory, 1, exports);
    const x = new Float32Array(memory.buffer, 0, 16).fill(-1);
    // The worker's part is past the end of the memory: its kernel traps.
    expect(() => pool.run(exports.reluF32 as Kernel, [[0, 0, 8], [1 << 20, 1 << 20, 8]])).toThrow(/worker 1 failed to run its part/);
    expect(Array.from(x.subarray(0, 8))).toEqual(new Array(8).fill(0));
    // The pool still works afterwards.
    pool.run(exports.reluF32 as Kernel, [[0, 0, 8], [32, 32, 8]]);
    expect(Array.from(x.subarray(8, 16))).toEqual(new Array(8).fill(0));
    pool.dispose();
  });

  it('fails to start, saying why, when a worker cannot instantiate the module', async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    // (module (import "env" "f" (func))): the workers have no such import to give.
    const needsF = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 9, 1, 3, 0x65, 0x6e, 0x76, 1, 0x66, 0, 0]);
    const module = await WebAssembly.compile(needsF);
    await expect(ThreadPool.create(module, memory, 2, {})).rejects.toThrow(/could not instantiate the module/);
  });
});
