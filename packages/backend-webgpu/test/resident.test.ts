// GpuArrays: ops on handles stay on the GPU (in place, chained), are checked like typed arrays,
// and a failed call changes nothing.
import {
  BackendDisposedError,
  DTypeMismatchError,
  InvalidParameterError,
  LengthMismatchError,
  NotATypedArrayError,
  OutTooShortError,
  ShapeMismatchError,
  StaleViewError,
  UnsupportedDTypeError,
  oracle,
} from '@rectify/core';
import { makeInput, sameBits } from '@rectify/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, GpuArray, type WebGpuBackend } from '../src/index.js';
import { skipReason } from './setup.js';

describe.skipIf(skipReason !== undefined)('GpuArray (resident) calls', () => {
  let backend: WebGpuBackend;
  beforeAll(async () => {
    backend = await createBackend();
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  it('uploads and downloads every dtype bit for bit, int8 of every length mod 4, float16 mod 2', async () => {
    for (const dtype of ['float32', 'float16', 'int32', 'int8'] as const) {
      for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 1001]) {
        const x = makeInput(dtype, length, length);
        const h = await backend.upload(x);
        expect(h).toBeInstanceOf(GpuArray);
        expect([h.dtype, h.length]).toEqual([dtype, length]);
        expect(sameBits(await backend.download(h), x)).toBe(true);
        backend.free(h);
      }
    }
  });

  it('relu(h, h) works in place and chains without leaving the GPU', async () => {
    const x = makeInput('float32', 4097, 1) as Float32Array;
    const h = await backend.upload(x);
    expect(await backend.relu(h, h)).toBe(h);
    const clipped = await backend.clippedRelu(h, 1.5);
    expect(clipped).not.toBe(h);
    expect(sameBits(await backend.download(h), oracle.relu(x))).toBe(true);
    expect(sameBits(await backend.download(clipped), oracle.clippedRelu(oracle.relu(x), 1.5))).toBe(true);
    expect(await backend.stats(clipped)).toEqual(oracle.stats(oracle.clippedRelu(x, 1.5)));
    backend.free(h);
    backend.free(clipped);
  });

  it('reluGrad on handles: into dy, into x, into a third array, and with dy = x = out', async () => {
    const n = 1031;
    const dy = makeInput('float32', n, 2) as Float32Array;
    const x = makeInput('float32', n, 3) as Float32Array;
    const want = oracle.reluGrad(dy, x);
    for (const into of ['dy', 'x', 'new', 'other'] as const) {
      const hd = await backend.upload(dy);
      const hx = await backend.upload(x);
      const other = await backend.upload(new Float32Array(n + 3));
      const out = into === 'dy' ? hd : into === 'x' ? hx : into === 'other' ? other : undefined;
      const result = await backend.reluGrad(hd, hx, out);
      if (out) expect(result).toBe(out);
      expect(sameBits((await backend.download(result)).subarray(0, n), want), into).toBe(true);
      for (const h of new Set([hd, hx, other, result])) backend.free(h);
    }
    const h = await backend.upload(x);
    await backend.reluGrad(h, h, h);
    expect(sameBits(await backend.download(h), oracle.reluGrad(x, x))).toBe(true);
    backend.free(h);
  });

  it('deadUnits and stats on handles of every dtype', async () => {
    for (const dtype of ['float32', 'int32', 'int8'] as const) {
      const x = makeInput(dtype, 17 * 61, 4);
      const h = await backend.upload(x);
      expect(await backend.deadUnits(h, 61, 17)).toEqual(oracle.deadUnits(x, 61, 17));
      expect(await backend.stats(h)).toEqual(oracle.stats(x));
      backend.free(h);
    }
  });

  it('never writes past a typed array out, int8 lengths not a multiple of 4 included', async () => {
    for (const length of [1, 2, 3, 5, 6, 7, 1025]) {
      const x = makeInput('int8', length, length) as Int8Array;
      const big = new Int8Array(length + 8).fill(0x5a);
      const out = big.subarray(1, 1 + length);
      await backend.clippedRelu(x, 6, out);
      expect(sameBits(out, oracle.clippedRelu(x, 6))).toBe(true);
      expect(big[0]).toBe(0x5a);
      expect(Array.from(big.subarray(1 + length))).toEqual(new Array(7).fill(0x5a));
    }
  });

  it('rejects bad handle calls with core typed errors and leaves the arrays unchanged', async () => {
    const x = makeInput('float32', 64, 5);
    const h = await backend.upload(x);
    const short = await backend.upload(new Float32Array(63));
    const ints = await backend.upload(new Int32Array(64));
    const other = await createBackend();
    const foreign = await other.upload(x);
    const freed = await backend.upload(x);
    backend.free(freed);
    const cases: [string, () => Promise<unknown>, new (...a: never[]) => Error][] = [
      ['typed out for a handle x', () => backend.relu(h, new Float32Array(64) as never), InvalidParameterError],
      ['handle out for a typed x', () => backend.relu(new Float32Array(64) as never, h), InvalidParameterError],
      ['out too short', () => backend.relu(h, short), OutTooShortError],
      ['out of another dtype', () => backend.relu(h, ints), DTypeMismatchError],
      ['a freed handle', () => backend.relu(freed), StaleViewError],
      ['a handle of another backend', () => backend.relu(foreign), InvalidParameterError],
      ['leakyRelu on int32', () => backend.leakyRelu(ints), UnsupportedDTypeError],
      ['reluGrad of different lengths', () => backend.reluGrad(short, h), LengthMismatchError],
      ['reluGrad of different dtypes', () => backend.reluGrad(ints, h), DTypeMismatchError],
      ['deadUnits of the wrong shape', () => backend.deadUnits(h, 7, 9), ShapeMismatchError],
      ['a NaN ceiling', () => backend.clippedRelu(h, Number.NaN, h), InvalidParameterError],
      ['an infinite alpha', () => backend.leakyRelu(h, Infinity, h), InvalidParameterError],
      ['float64 upload', () => backend.upload(new Float64Array(3) as never), UnsupportedDTypeError],
      ['upload of a plain array', () => backend.upload([1, 2] as never), NotATypedArrayError],
      ['download of a freed handle', () => backend.download(freed), StaleViewError],
    ];
    for (const [name, call, expected] of cases) {
      await expect(call(), name).rejects.toBeInstanceOf(expected);
    }
    expect(sameBits(await backend.download(h), x)).toBe(true);
    await other.dispose();
    await expect(backend.relu(foreign)).rejects.toBeInstanceOf(InvalidParameterError);
    expect(() => backend.free(foreign)).toThrow(InvalidParameterError);
    backend.free(freed); // twice: no-op
    for (const a of [h, short, ints]) backend.free(a);
  });

  it('caches pipelines and pools buffers: a loop of calls allocates nothing new', async () => {
    const x = makeInput('float32', 50_000, 6) as Float32Array;
    const h = await backend.upload(x);
    const round = async () => {
      await backend.relu(x);
      await backend.stats(x);
      await backend.leakyRelu(h, 0.1, h);
      await backend.stats(h);
    };
    await round();
    const buffers = backend.bufferCount;
    for (let i = 0; i < 10; i++) await round();
    expect(backend.bufferCount).toBe(buffers);
    backend.free(h);
  });

  it('after dispose(), handle calls fail with BackendDisposedError', async () => {
    const b = await createBackend();
    const h = await b.upload(new Float32Array(8));
    await b.dispose();
    await expect(b.relu(h)).rejects.toBeInstanceOf(BackendDisposedError);
    await expect(b.download(h)).rejects.toBeInstanceOf(BackendDisposedError);
    await expect(b.upload(new Float32Array(2))).rejects.toBeInstanceOf(BackendDisposedError);
    expect(() => b.free(h)).not.toThrow();
  });
});
