// Threads in a real browser: Web Workers from a Blob URL on a shared memory, on a page that is
// cross-origin isolated (vitest.browser.config.ts sends COOP and COEP), where the main thread may
// not block and waits for the workers by spinning.
import { describeConformance } from '@rectify/conformance/vitest';
import { makeInput, sameBits } from '@rectify/conformance';
import { oracle } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../src/index.js';
import { residentHooks } from '../resident-hooks.js';

describe('wasm threads in the browser', () => {
  it('runs on a cross-origin isolated page, where this thread may not block', () => {
    expect(globalThis.crossOriginIsolated).toBe(true);
    expect(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0)).toThrow(TypeError);
  });

  it('splits a long resident call over Web Workers, exactly', async () => {
    const wasm = await createBackend({ threads: 3, minParallelLength: 1 << 12 });
    try {
      expect(wasm.threads).toBe(3);
      const n = (1 << 18) + 7;
      const input = makeInput('float32', n, 3) as Float32Array;
      const x = wasm.alloc('float32', n);
      x.set(input);
      expect(x.buffer).toBeInstanceOf(SharedArrayBuffer);
      wasm.sync.relu(x, x);
      expect(sameBits(x, oracle.relu(input))).toBe(true);
    } finally {
      wasm.dispose();
    }
  });
});

// Every op on two threads, every resident call split (parts of 1024 elements).
describeConformance('wasm (browser, 2 threads)', () => createBackend({ threads: 2, minParallelLength: 1 }), {
  lengths: [1, 17, 1023, 1025, 2049, 5000],
  resident: residentHooks,
});
