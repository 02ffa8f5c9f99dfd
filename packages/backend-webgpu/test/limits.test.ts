// Fixed limits of the device and of one dispatch fail with LimitExceededError before any GPU work,
// and a GPU out of memory with OutOfMemoryError; the backend keeps working after either. The real
// limits are far beyond test sizes, so they are lowered: through dispatchLimits, or a device whose
// limits (and error scopes) are faked around the real one.
import { LimitExceededError, OutOfMemoryError, oracle } from '@rectify/core';
import { makeInput, sameBits } from '@rectify/conformance';
import { describe, expect, it } from 'vitest';
import { createBackend, type WebGpuBackend } from '../src/index.js';
import { skipReason } from './setup.js';

interface Fakes {
  limits?: Partial<Record<keyof GPUSupportedLimits, number>>;
  /** The next pop of an 'out-of-memory' scope reports an error. */
  outOfMemory?: boolean;
}

/** The real device behind a Proxy that lowers some limits and can report one out-of-memory error. */
function fakedDevice(real: GPUDevice, fakes: Fakes): GPUDevice {
  const filters: GPUErrorFilter[] = [];
  const limits = new Proxy(real.limits, {
    get: (l, k) => (fakes.limits && k in fakes.limits ? fakes.limits[k as keyof GPUSupportedLimits] : Reflect.get(l, k)),
  });
  return new Proxy(real, {
    get(target, key) {
      if (key === 'limits') return limits;
      if (key === 'pushErrorScope') {
        return (filter: GPUErrorFilter) => {
          filters.push(filter);
          target.pushErrorScope(filter);
        };
      }
      if (key === 'popErrorScope') {
        return async () => {
          const filter = filters.pop();
          const error = await target.popErrorScope();
          if (filter !== 'out-of-memory' || !fakes.outOfMemory) return error;
          fakes.outOfMemory = false;
          return { message: 'Out of memory (injected by the test)' };
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function onFakedDevice(fakes: Fakes): Promise<{ backend: WebGpuBackend; close: () => Promise<void> }> {
  const owner = await createBackend();
  const backend = await createBackend({ device: fakedDevice(owner.device, fakes) });
  return {
    backend,
    close: async () => {
      await backend.dispose();
      await owner.dispose();
    },
  };
}

describe.skipIf(skipReason !== undefined)('device limits', () => {
  it('deadUnits with more columns than one dispatch has threads fails with LimitExceededError', async () => {
    // 3 × 3 workgroups of 32: 288 threads in one dispatch.
    const backend = await createBackend({ dispatchLimits: { maxWorkgroupsPerDimension: 3, workgroupSize: 32 } });
    try {
      const x = Float32Array.from({ length: 2 * 300 }, (_, i) => (i % 3) - 1);
      const h = await backend.upload(x);
      const buffers = backend.bufferCount;
      for (const call of [() => backend.deadUnits(x, 2, 300), () => backend.deadUnits(h, 2, 300)]) {
        const e = await call().catch((err: unknown) => err);
        expect(e).toBeInstanceOf(LimitExceededError);
        expect((e as Error).message).toMatch(/300 columns.*288 threads.*blocks of at most 288 columns/);
      }
      expect(backend.bufferCount).toBe(buffers);
      const fits = x.subarray(0, 2 * 288);
      expect(await backend.deadUnits(fits, 2, 288)).toEqual(oracle.deadUnits(fits, 2, 288));
      backend.free(h);
    } finally {
      await backend.dispose();
    }
  });

  it('an array larger than maxBufferSize fails with LimitExceededError, saying how long a call may be', async () => {
    const { backend, close } = await onFakedDevice({ limits: { maxBufferSize: 4096 } });
    try {
      expect(backend.capabilities.maxLength).toBe(1024);
      const big = new Float32Array(1025);
      const calls: [string, () => Promise<unknown>][] = [
        ['relu', () => backend.relu(big)],
        ['stats', () => backend.stats(big)],
        ['upload', () => backend.upload(big)],
      ];
      for (const [name, call] of calls) {
        const e = await call().catch((err: unknown) => err);
        expect(e, name).toBeInstanceOf(LimitExceededError);
        expect((e as Error).message, name).toMatch(/4100 bytes, more than this device's maxBufferSize \(4096 bytes\).*at most 1024 elements/);
      }
      // float16 packs two to a word: 2048 of them fit, and the message counts float16 elements.
      const halves = makeInput('float16', 2048, 1);
      expect(sameBits(await backend.relu(halves), oracle.relu(halves as Float16Array))).toBe(true);
      await expect(backend.relu(makeInput('float16', 2049, 1) as Float16Array)).rejects.toThrow(/at most 2048 elements/);
      // int8 packs four to a word: 4096 of them fit.
      const bytes = Int8Array.from({ length: 4096 }, (_, i) => (i % 5) - 2);
      expect(Array.from(await backend.relu(bytes))).toEqual(Array.from(oracle.relu(bytes)));
      await expect(backend.relu(new Int8Array(4097))).rejects.toBeInstanceOf(LimitExceededError);
    } finally {
      await close();
    }
  });

  it('a per-channel call whose alphas or exact sums one binding cannot hold fails with LimitExceededError, before any GPU work', async () => {
    const { backend, close } = await onFakedDevice({ limits: { maxStorageBufferBindingSize: 4096 } });
    try {
      // preluGrad's exact sums take 80 bytes a channel: 51 channels fit in 4096 bytes, 52 do not.
      const x = Float32Array.from({ length: 52 * 21 }, (_, i) => (i % 5) - 2.5);
      const buffers = backend.bufferCount;
      const e = await backend.preluGrad(x, x, new Float32Array(52).fill(0.5)).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(LimitExceededError);
      expect((e as Error).message).toMatch(/preluGrad needs 4160 bytes for the exact sums of 52 channels.*\(4096 bytes\).*channel axis/);
      const alphas = await backend.prelu(new Float32Array(1025), new Float32Array(1025)).catch((err: unknown) => err);
      expect((alphas as Error).message).toMatch(/prelu needs 4100 bytes for 1025 alphas/);
      expect(backend.bufferCount).toBe(buffers);
      const fits = x.subarray(0, 51 * 21);
      const alpha = new Float32Array(51).fill(0.5);
      expect(sameBits((await backend.preluGrad(fits, fits, alpha)).dalpha, oracle.preluGrad(fits, fits, alpha).dalpha)).toBe(true);
      expect(sameBits(await backend.prelu(x, new Float32Array(52).fill(0.5)), oracle.prelu(x, new Float32Array(52).fill(0.5)))).toBe(true);
    } finally {
      await close();
    }
  });

  it('columnSums sums or histogram edges one binding cannot hold fail with LimitExceededError, before any GPU work', async () => {
    const { backend, close } = await onFakedDevice({ limits: { maxStorageBufferBindingSize: 4096 } });
    try {
      // columnSums' float sums take 80 bytes a column (51 fit in 4096 bytes), integer ones 8 (512 fit).
      const x = Float32Array.from({ length: 2 * 52 }, (_, i) => i - 50);
      const buffers = backend.bufferCount;
      const e = await backend.columnSums(x, 2, 52).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(LimitExceededError);
      expect((e as Error).message).toMatch(/columnSums needs 4160 bytes for the exact sums of 52 columns.*\(4096 bytes\).*fewer columns/);
      // histogram's thresholds take k + 3 words: 1021 edges fit, 1022 do not.
      const edges = Float64Array.from({ length: 1022 }, (_, j) => j);
      const h = await backend.histogram(x, edges).catch((err: unknown) => err);
      expect(h).toBeInstanceOf(LimitExceededError);
      expect((h as Error).message).toMatch(/histogram needs 4100 bytes for the counts of 1022 edges.*fewer edges/);
      expect(backend.bufferCount).toBe(buffers);
      const fits = x.subarray(0, 2 * 51);
      expect(sameBits(await backend.columnSums(fits, 2, 51), oracle.columnSums(fits, 2, 51))).toBe(true);
      expect(sameBits(await backend.columnSums(new Int32Array(512), 1, 512), new Float64Array(512))).toBe(true);
      expect(Array.from(await backend.histogram(x, edges.subarray(0, 1021)))).toEqual(Array.from(oracle.histogram(x, edges.subarray(0, 1021))));
    } finally {
      await close();
    }
  });

  it('a GPU out of memory fails the call with OutOfMemoryError, pools none of its buffers, and the backend keeps working', async () => {
    const fakes: Fakes = {};
    const { backend, close } = await onFakedDevice(fakes);
    try {
      const x = Float32Array.from({ length: 1000 }, (_, i) => i - 500);
      const h = await backend.upload(x);
      await backend.relu(h);
      const before = backend.bufferCount;
      const alpha = Float32Array.of(0.5, 2);
      const out = new Float32Array(1000).fill(7);
      const calls = [
        () => backend.relu(x),
        () => backend.relu(h),
        () => backend.upload(x),
        () => backend.stats(h),
        () => backend.histogram(h, Float64Array.of(-1, 0, 1)),
        () => backend.columnSums(x, 10, 100),
        () => backend.preluGrad(x, x, alpha, undefined, out),
        () => backend.preluGrad(h, h, alpha),
      ];
      for (const call of calls) {
        const buffers = backend.bufferCount;
        fakes.outOfMemory = true;
        const e = await call().catch((err: unknown) => err);
        expect(e).toBeInstanceOf(OutOfMemoryError);
        expect((e as OutOfMemoryError).code).toBe('OUT_OF_MEMORY');
        expect((e as Error).message).toMatch(/could not allocate.*injected/);
        // Nothing leaked: what the failed call created was destroyed (not pooled, nor kept as a
        // result), and what it took from the pool went back.
        expect(backend.bufferCount).toBe(buffers);
      }
      expect(backend.bufferCount).toBe(before);
      // A failed call changes nothing: out is written only once the call succeeded.
      expect(out.every((v) => v === 7)).toBe(true);
      expect(Array.from(await backend.download(await backend.relu(h)))).toEqual(Array.from(oracle.relu(x)));
      expect(Array.from(await backend.relu(x))).toEqual(Array.from(oracle.relu(x)));
      expect(await backend.stats(h)).toEqual(oracle.stats(x));
    } finally {
      await close();
    }
  });
});
