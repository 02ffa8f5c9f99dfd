/**
 * preluGrad's dalpha, the exact per-channel sums the kernels add up with atomics: 10^6 terms on
 * one channel (heavy contention) whose float sum is wrong, and special terms. Registered by the
 * Node and browser suites; the helpers serve test/per-channel.test.ts too.
 */
import { oracle, type PreluOptions } from '@rectify/core';
import { firstMismatch, hexBits } from '@rectify/conformance';
import { expect, it } from 'vitest';
import type { WebGpuBackend } from '../../src/index.js';

/** Bit for bit, except that a computed NaN may have any bits (docs/semantics.md). */
export function sameSums(got: Float32Array, want: Float32Array): boolean {
  return got.length === want.length && Array.from(want).every((w, c) => hexBits(got, c) === hexBits(want, c) || (Number.isNaN(w) && Number.isNaN(got[c])));
}

/** preluGrad on typed arrays against the oracle: dx as an arithmetic result, dalpha exact. */
export async function expectGrad(backend: WebGpuBackend, dy: Float32Array, x: Float32Array, alpha: Float32Array, options: PreluOptions | undefined, label: string) {
  const want = oracle.preluGrad(dy, x, alpha, options);
  const got = await backend.preluGrad(dy, x, alpha, options);
  const i = firstMismatch('preluGrad', x, got.dx, want.dx, backend.capabilities.flushesSubnormals);
  expect(i, `${label} dx[${i}]`).toBe(-1);
  expect(got.dalpha).toBeInstanceOf(Float32Array);
  expect(sameSums(got.dalpha, want.dalpha), `${label} dalpha ${got.dalpha.slice(0, 4)} vs ${want.dalpha.slice(0, 4)}`).toBe(true);
}

export function alphas(count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, c) => [0.25, -1.5, 0, 1e-30, 3, 2 ** -140][c % 6]);
}

export function describeExactSums(create: () => Promise<WebGpuBackend>, skip: string | undefined): void {
  it.skipIf(skip !== undefined)('dalpha is the exact sum of 10^6 terms on one channel (1e30, 1, -1e30, ...), where a float sum gives 0', async () => {
    const backend = await create();
    try {
      const n = 999_999;
      const x = new Float32Array(n).fill(-1);
      const dy = Float32Array.from({ length: n }, (_, i) => [-1e30, -1, 1e30][i % 3]);
      let float = 0;
      for (let i = 0; i < n; i++) float = Math.fround(float + Math.fround(dy[i] * x[i]));
      expect(float).not.toBe(333_333);
      const { dalpha } = await backend.preluGrad(dy, x, Float32Array.of(0.25));
      expect(Array.from(dalpha)).toEqual([333_333]);
      // Two channels of half a million each (NCHW, one sample), and the same terms as GpuArrays.
      const two = { shape: [1, 2, (n + 1) / 2], axis: 1 };
      const x2 = new Float32Array(n + 1).fill(-1);
      const dy2 = Float32Array.from({ length: n + 1 }, (_, i) => [1e30, 1, -1e30, 2 ** -149][i % 4]);
      await expectGrad(backend, dy2, x2, Float32Array.of(0.5, 2), two, 'two channels');
      const [hd, hx] = [await backend.upload(dy2), await backend.upload(x2)];
      const resident = await backend.preluGrad(hd, hx, Float32Array.of(0.5, 2), two);
      expect(sameSums(resident.dalpha, oracle.preluGrad(dy2, x2, Float32Array.of(0.5, 2), two).dalpha)).toBe(true);
    } finally {
      await backend.dispose();
    }
  }, 300_000);

  it.skipIf(skip !== undefined)('dalpha of special terms: subnormal products, overflow, ±Inf, NaN, exact zero and no terms', async () => {
    const backend = await create();
    try {
      // Channels last, 7 channels; each row is one (dy, x) of each channel. c0: subnormal terms; c1:
      // finite terms whose sum overflows; c2: +Inf and -Inf (NaN); c3: a NaN dy and 0 * -Inf; c4:
      // cancelling to exactly 0; c5: only x > 0 and NaN x (no terms); c6: -Inf and finite terms.
      const rows: [number, number][][] = [
        [[1e-20, -1e-20], [3e38, -1], [Infinity, -1], [Number.NaN, -1], [5, -1], [1, 2], [1, -Infinity]],
        [[3e-21, -1e-20], [3e38, -1], [-Infinity, -1], [1, -1], [-5, -1], [1, Number.NaN], [2, -3]],
        [[-0, -0], [1, -0], [1, 0], [0, -Infinity], [0, -0], [-1, 1], [0, 0]],
      ];
      const dy = Float32Array.from(rows.flat(), ([d]) => d);
      const x = Float32Array.from(rows.flat(), ([, v]) => v);
      const alpha = alphas(7);
      const d = oracle.preluGrad(dy, x, alpha).dalpha;
      expect(d[0] < 0 && d[0] > -(2 ** -126)).toBe(true);
      expect([d[1], d[6]]).toEqual([-Infinity, -Infinity]);
      expect(Number.isNaN(d[2]) && Number.isNaN(d[3])).toBe(true);
      expect(Object.is(d[4], 0) && Object.is(d[5], 0)).toBe(true);
      await expectGrad(backend, dy, x, alpha, undefined, 'specials');
    } finally {
      await backend.dispose();
    }
  });
}
