/**
 * leakyRelu's products where GPUs differ from IEEE: subnormal inputs, subnormal and huge alphas,
 * results that are subnormal, round to zero or overflow; the same products in prelu, leakyReluGrad
 * and preluGrad, whose dalpha adds them exactly. Registered by the Node and browser suites.
 */
import { firstMismatch, hexBits, seededRandom } from '@rectify/conformance';
import { oracle } from '@rectify/core';
import { expect, it } from 'vitest';
import type { WebGpuBackend } from '../../src/index.js';

const ALPHAS = [0.01, 3, -1.5, 0.5, 1.5, 1 - 2 ** -24, 1e-30, 2 ** 100, 3.4e38, -(2 ** -130), 2 ** -149, 1e-40, -(2 ** -126)];

/** Negative floats, a third subnormal, a third with small exponents, the rest anywhere (-Inf included). */
function negatives(length: number, seed: number): Float32Array {
  const next = seededRandom(seed);
  const bits = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    const r = next();
    const kind = i % 3;
    const mantissa = r & 0x7fffff;
    const exponent = kind === 0 ? 0 : kind === 1 ? 1 + (next() % 40) : next() % 256;
    bits[i] = 0x80000000 | (exponent === 255 ? 0x7f800000 : (exponent << 23) | mantissa);
  }
  bits[0] = 0x80000001;
  bits[1] = 0x807fffff;
  bits[2] = 0xff7fffff;
  return new Float32Array(bits.buffer);
}

export function describeLeakyExactness(create: () => Promise<WebGpuBackend>, skip: string | undefined): void {
  it.skipIf(skip !== undefined)('leakyRelu is exact on subnormal inputs, tiny and huge alphas, underflow and overflow', async () => {
    const backend = await create();
    try {
      const x = negatives(60_000, 42);
      for (const alpha of ALPHAS) {
        const got = await backend.leakyRelu(x, alpha);
        const want = oracle.leakyRelu(x, alpha);
        const i = firstMismatch('leakyRelu', x, got, want, backend.capabilities.flushesSubnormals);
        expect(i, `alpha ${alpha}: x=${i >= 0 ? hexBits(x, i) : ''} got ${i >= 0 ? hexBits(got, i) : ''} want ${i >= 0 ? hexBits(want, i) : ''}`).toBe(-1);
      }
    } finally {
      await backend.dispose();
    }
  }, 300_000);

  it.skipIf(skip !== undefined)('prelu, leakyReluGrad and preluGrad (dx and the dalpha that sums them) are exact on the same products', async () => {
    const backend = await create();
    try {
      const flushes = backend.capabilities.flushesSubnormals;
      const n = ALPHAS.length * 3000;
      const x = negatives(n, 7);
      const alpha = Float32Array.from(ALPHAS);
      const got = await backend.prelu(x, alpha);
      const want = oracle.prelu(x, alpha);
      const i = firstMismatch('prelu', x, got, want, flushes);
      expect(i, `prelu x=${i >= 0 ? hexBits(x, i) : ''} got ${i >= 0 ? hexBits(got, i) : ''} want ${i >= 0 ? hexBits(want, i) : ''}`).toBe(-1);
      // dy takes the negatives, x the alphas (as -|alpha|, so that x <= 0 and every product is a dalpha term).
      const xs = Float32Array.from({ length: n }, (_, k) => -Math.abs(ALPHAS[k % ALPHAS.length]));
      for (const a of [0.01, 1e-40, 3.4e38]) {
        const g = await backend.leakyReluGrad(x, xs, a);
        expect(firstMismatch('leakyReluGrad', xs, g, oracle.leakyReluGrad(x, xs, a), flushes), `leakyReluGrad alpha ${a}`).toBe(-1);
      }
      // dy of the subnormal and tiny thirds only, so that the sums, of subnormal terms among others, stay finite.
      const dy = x.map((v, k) => (k % 3 === 2 ? x[k - 1] : v));
      const grad = await backend.preluGrad(dy, xs, alpha);
      const wantGrad = oracle.preluGrad(dy, xs, alpha);
      expect(wantGrad.dalpha.filter((v) => Number.isFinite(v) && v !== 0).length).toBeGreaterThan(5);
      expect(firstMismatch('preluGrad', xs, grad.dx, wantGrad.dx, flushes)).toBe(-1);
      const c = Array.from(wantGrad.dalpha).findIndex((w, k) => hexBits(grad.dalpha, k) !== hexBits(wantGrad.dalpha, k) && !(Number.isNaN(w) && Number.isNaN(grad.dalpha[k])));
      expect(c, `dalpha[${c}] got ${grad.dalpha[c]} want ${wantGrad.dalpha[c]}`).toBe(-1);
    } finally {
      await backend.dispose();
    }
  }, 300_000);
}
