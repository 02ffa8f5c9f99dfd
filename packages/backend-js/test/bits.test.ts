// The kernels' bit tricks against the float comparison they replace.
import { describe, expect, it } from 'vitest';
import { oracle } from '@rectify/core';
import { negativeMask32 } from '../src/kernels/bits.js';
import { createBackend } from '../src/index.js';

describe('negativeMask32', () => {
  it('is -1 exactly where the float32 is < 0, near every class boundary and on 2^20 random patterns', () => {
    const bits = new Int32Array(1);
    const value = new Float32Array(bits.buffer);
    const starts = [0, 0x007fffff, 0x7f7fffff, 0x7f800000, 0x7fffffff, 0x80000000, 0x807fffff, 0xff7fffff, 0xff800000, 0xffffffff];
    const patterns: number[] = [];
    for (const s of starts) for (let d = -300; d <= 300; d++) patterns.push((s + d) | 0);
    let seed = 12345;
    for (let k = 0; k < 1 << 20; k++) patterns.push((seed = (Math.imul(seed, 1664525) + 1013904223) | 0));
    let wrong = 0;
    for (const p of patterns) {
      bits[0] = p;
      if (negativeMask32(p) !== (value[0] < 0 ? -1 : 0)) wrong++;
    }
    expect(wrong).toBe(0);
  });
});

describe('float32 relu through the scratch block', () => {
  // Lengths around the 16384-element block, at an odd offset into a shared buffer, in place and out.
  it.each([16383, 16384, 16385, 40000])('matches the oracle bit for bit on %i random patterns', async (n) => {
    const backend = await createBackend();
    let seed = n;
    const buffer = new ArrayBuffer((n + 3) * 4);
    const bits = new Int32Array(buffer, 4, n);
    for (let k = 0; k < n; k++) bits[k] = seed = (Math.imul(seed, 1664525) + 1013904223) | 0;
    const x = new Float32Array(buffer, 4, n);
    const expected = new Int32Array(oracle.relu(x).buffer);
    const out = backend.sync.relu(x, new Float32Array(n));
    expect(new Int32Array(out.buffer)).toEqual(expected);
    backend.sync.relu(x, x);
    expect(bits).toEqual(expected);
  });
});
