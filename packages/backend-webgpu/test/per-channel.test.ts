// prelu and preluGrad on the GPU: channels across dispatch chunks (each chunk computes its
// elements' channels from its first flat index), preluGrad in place on GpuArrays, alpha read when
// the call is made; dalpha's exact sums under contention and on special terms (shared/exact-sums.ts).
import { NotATypedArrayError, oracle, type PreluOptions } from '@rectify/core';
import { firstMismatch, makeInput } from '@rectify/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planChunks } from '../src/chunking.js';
import { createBackend, type WebGpuBackend } from '../src/index.js';
import { skipReason } from './setup.js';
import { alphas, describeExactSums, expectGrad, sameSums } from './shared/exact-sums.js';

describe.skipIf(skipReason !== undefined)('per-channel ops', () => {
  let backend: WebGpuBackend;
  beforeAll(async () => {
    backend = await createBackend();
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  it('find each element its channel across dispatch chunks (lowered limits: 192-element chunks)', async () => {
    const chunked = await createBackend({ dispatchLimits: { maxBindingBytes: 1000, maxWorkgroupsPerDimension: 3, workgroupSize: 32 } });
    try {
      const layouts: [string, number, PreluOptions | undefined, number][] = [
        ['channels last, 7', 7 * 1001, undefined, 7],
        ['NCHW, runs of 401', 3 * 5 * 401, { shape: [3, 5, 401], axis: 1 }, 5],
        ['axis 0 of [3, 2000]', 6000, { shape: [3, 2000], axis: 0 }, 3],
        ['a channel per element', 4099, { shape: [4099, 1], axis: -2 }, 4099],
      ];
      for (const [label, n, options, channels] of layouts) {
        const chunks = planChunks(n, 4, chunked.dispatchLimits, 256);
        expect(chunks.length, label).toBeGreaterThan(10);
        const x = makeInput('float32', n, n) as Float32Array;
        const dy = makeInput('float32', n, n + 1) as Float32Array;
        const alpha = alphas(channels);
        const want = oracle.prelu(x, alpha, options);
        expect(firstMismatch('prelu', x, await chunked.prelu(x, alpha, options), want, chunked.capabilities.flushesSubnormals), label).toBe(-1);
        const h = await chunked.upload(x);
        await chunked.prelu(h, alpha, options, h);
        expect(firstMismatch('prelu', x, await chunked.download(h), want, chunked.capabilities.flushesSubnormals), `${label} in place`).toBe(-1);
        chunked.free(h);
        await expectGrad(chunked, dy, x, alpha, options, label);
      }
    } finally {
      await chunked.dispose();
    }
  });

  it('preluGrad on GpuArrays: into dy, into x, into a third array, and with dy = x = out; dalpha a Float32Array', async () => {
    const n = 4100;
    const options = { shape: [4, 25, 41], axis: 1 };
    const dy = makeInput('float32', n, 11) as Float32Array;
    const x = makeInput('float32', n, 12) as Float32Array;
    const alpha = alphas(25);
    const want = oracle.preluGrad(dy, x, alpha, options);
    for (const into of ['dy', 'x', 'other', 'new'] as const) {
      const [hd, hx, other] = [await backend.upload(dy), await backend.upload(x), await backend.upload(new Float32Array(n + 5))];
      const out = into === 'dy' ? hd : into === 'x' ? hx : into === 'other' ? other : undefined;
      const got = await backend.preluGrad(hd, hx, alpha, options, out);
      if (out) expect(got.dx, into).toBe(out);
      expect(firstMismatch('preluGrad', x, (await backend.download(got.dx)).subarray(0, n), want.dx, backend.capabilities.flushesSubnormals), into).toBe(-1);
      expect(got.dalpha, into).toBeInstanceOf(Float32Array);
      expect(sameSums(got.dalpha, want.dalpha), into).toBe(true);
      for (const h of new Set([hd, hx, other, got.dx])) backend.free(h);
    }
    const h = await backend.upload(x);
    const same = await backend.preluGrad(h, h, alpha, options, h);
    const wantSame = oracle.preluGrad(x, x, alpha, options);
    expect(same.dx).toBe(h);
    expect(firstMismatch('preluGrad', x, await backend.download(h), wantSame.dx, backend.capabilities.flushesSubnormals)).toBe(-1);
    expect(sameSums(same.dalpha, wantSame.dalpha)).toBe(true);
    await expect(backend.preluGrad(h, h, h as never)).rejects.toBeInstanceOf(NotATypedArrayError);
    backend.free(h);
  });

  it('reads alpha when called (a later write changes nothing) and pools its buffers: a loop allocates nothing new', async () => {
    const x = makeInput('float32', 3000, 21) as Float32Array;
    const alpha = alphas(3);
    const want = oracle.preluGrad(x, x, alpha);
    const pending = backend.preluGrad(x, x, alpha);
    alpha.fill(7);
    const got = await pending;
    expect(sameSums(got.dalpha, want.dalpha)).toBe(true);
    expect(firstMismatch('preluGrad', x, got.dx, want.dx, backend.capabilities.flushesSubnormals)).toBe(-1);
    const h = await backend.upload(x);
    const pendingResident = backend.prelu(h, alpha.fill(0.5));
    alpha.fill(7);
    const resident = await pendingResident;
    expect(firstMismatch('prelu', x, await backend.download(resident), oracle.prelu(x, Float32Array.of(0.5)), backend.capabilities.flushesSubnormals)).toBe(-1);
    backend.free(h);
    backend.free(resident);
    const round = async () => {
      await backend.prelu(x, alpha);
      await backend.preluGrad(x, x, alpha);
      await backend.leakyReluGrad(x, x, 0.5);
      await backend.clippedReluGrad(x, x);
    };
    await round();
    const buffers = backend.bufferCount;
    for (let i = 0; i < 5; i++) await round();
    expect(backend.bufferCount).toBe(buffers);
  });
});

describeExactSums(() => createBackend(), skipReason);
