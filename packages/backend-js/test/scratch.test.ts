// The float32 kernels that run through scratch blocks (src/kernels/scratch.ts), on lengths that cross
// the 16 Ki-element chunks at odd places, in place and not, against the oracle bit for bit.
import { oracle } from '@rectify/core';
import { makeInput, sameBits } from '@rectify/conformance';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../src/index.js';
import { BLOCK_LENGTH } from '../src/kernels/scratch.js';

const js = await createBackend();
const n = 2 * BLOCK_LENGTH + 4099;
const x = makeInput('float32', n, 11) as Float32Array;
const dy = makeInput('float32', n, 12) as Float32Array;

describe('float32 kernels through scratch blocks', () => {
  const oneInput = [
    ['relu', []],
    ['clippedRelu', [6]],
    ['leakyRelu', [0.1]],
  ] as const;
  for (const [op, params] of oneInput) {
    it(`${op} across chunks, into a new array and in place`, () => {
      const want = (oracle[op] as (...a: unknown[]) => Float32Array)(x, ...params);
      expect(sameBits((js.sync[op] as (...a: unknown[]) => Float32Array)(x, ...params), want)).toBe(true);
      const copy = x.slice();
      (js.sync[op] as (...a: unknown[]) => Float32Array)(copy, ...params, copy);
      expect(sameBits(copy, want)).toBe(true);
    });
  }

  const twoInputs = [
    ['reluGrad', []],
    ['clippedReluGrad', [6]],
    ['leakyReluGrad', [0.1]],
  ] as const;
  for (const [op, params] of twoInputs) {
    it(`${op} across chunks, with out = dy and out = x`, () => {
      const call = js.sync[op] as (...a: unknown[]) => Float32Array;
      const want = (oracle[op] as (...a: unknown[]) => Float32Array)(dy, x, ...params);
      expect(sameBits(call(dy, x, ...params), want)).toBe(true);
      const d = dy.slice();
      call(d, x, ...params, d);
      expect(sameBits(d, want)).toBe(true);
      const v = x.slice();
      call(dy, v, ...params, v);
      expect(sameBits(v, want)).toBe(true);
    });
  }
});
