// Many calls in flight, a device lost mid-way, WebGPU validation errors, dispose, and what
// isAvailable/createBackend say when there is no adapter.
import {
  BackendDisposedError,
  BackendInternalError,
  BackendUnavailableError,
  DeviceLostError,
  loadBackend,
  oracle,
} from '@rectify/core';
import { makeInput, sameBits } from '@rectify/conformance';
import { describe, expect, it } from 'vitest';
import { createBackend, isAvailable } from '../src/index.js';
import { skipReason } from './setup.js';

const DTYPES = ['float32', 'int32', 'int8'] as const;

/** Settles within `ms` or fails: a call that hangs is the bug these tests look for. */
function within<T>(ms: number, p: Promise<T>): Promise<PromiseSettledResult<T>> {
  return Promise.race([
    Promise.allSettled([p]).then(([r]) => r),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)),
  ]);
}

describe.skipIf(skipReason !== undefined)('robustness', () => {
  it('50 mixed calls in flight at once each get their own, correct result', async () => {
    const backend = await createBackend();
    try {
      const jobs: Promise<void>[] = [];
      for (let k = 0; k < 50; k++) {
        const dtype = DTYPES[k % 3];
        const length = [1, 5, 257, 4099, 65_537][k % 5] + k;
        const x = makeInput(dtype, length, 1000 + k);
        const kind = k % 7;
        jobs.push(
          (async () => {
            if (kind === 0) expect(sameBits(await backend.relu(x), oracle.relu(x)), `#${k} relu`).toBe(true);
            else if (kind === 1) expect(sameBits(await backend.clippedRelu(x, 3), oracle.clippedRelu(x, 3)), `#${k}`).toBe(true);
            else if (kind === 2) expect(await backend.stats(x), `#${k} stats`).toEqual(oracle.stats(x));
            else if (kind === 3) expect(await backend.deadUnits(x, 1, length), `#${k}`).toEqual(oracle.deadUnits(x, 1, length));
            else if (kind === 4 && dtype === 'float32') {
              const dy = makeInput(dtype, length, 77 + k) as Float32Array;
              expect(sameBits(await backend.reluGrad(dy, x as Float32Array), oracle.reluGrad(dy, x as Float32Array)), `#${k}`).toBe(true);
            } else if (kind === 5 && dtype === 'float32') {
              expect(sameBits(await backend.leakyRelu(x, 0.25), oracle.leakyRelu(x, 0.25)), `#${k} leaky`).toBe(true);
            } else {
              const h = await backend.upload(x);
              await backend.relu(h, h);
              expect(sameBits(await backend.download(h), oracle.relu(x)), `#${k} resident`).toBe(true);
              backend.free(h);
            }
          })(),
        );
      }
      await Promise.all(jobs);
    } finally {
      await backend.dispose();
    }
  });

  it('a device destroyed mid-way fails the calls in flight with DeviceLostError, never hangs, and the next call gets a new device', async () => {
    const backend = await createBackend();
    const x = makeInput('float32', 1 << 20, 9) as Float32Array;
    const h = await backend.upload(x);
    const inFlight: Promise<unknown>[] = [];
    for (let k = 0; k < 6; k++) inFlight.push(backend.relu(x), backend.stats(x), backend.download(h));
    backend.device.destroy();
    const settled = await Promise.all(inFlight.map((p) => within(20_000, p)));
    const rejected = settled.filter((s) => s.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(DeviceLostError);
    expect(backend.lostReason).toMatch(/destroyed/);
    // Recovered (device-loss.test.ts has more): a new device for the next call.
    expect(sameBits(await backend.relu(x), oracle.relu(x))).toBe(true);
    expect(sameBits(await backend.download(await backend.upload(x)), x)).toBe(true);
    await backend.dispose();

    const fresh = await createBackend();
    expect(sameBits(await fresh.relu(x), oracle.relu(x))).toBe(true);
    await fresh.dispose();
  });

  it('turns a WebGPU validation error into BackendInternalError, and the backend keeps working', async () => {
    const backend = await createBackend();
    try {
      const x = makeInput('float32', 1000, 10) as Float32Array;
      const h = await backend.upload(x);
      h.buffer!.destroy(); // Behind the backend's back: the submit that uses it fails validation.
      await expect(backend.relu(h, h)).rejects.toBeInstanceOf(BackendInternalError);
      expect(sameBits(await backend.relu(x), oracle.relu(x))).toBe(true);
    } finally {
      await backend.dispose();
    }
  });

  it('dispose() destroys every buffer, fails calls in flight with BackendDisposedError, and is safe twice', async () => {
    const backend = await createBackend();
    const x = makeInput('float32', 1 << 18, 11) as Float32Array;
    const handles = await Promise.all([backend.upload(x), backend.upload(x), backend.upload(new Int8Array(7))]);
    await backend.relu(x);
    expect(backend.bufferCount).toBeGreaterThan(3);
    const inFlight: Promise<unknown>[] = [backend.relu(x), backend.stats(x)];
    await backend.dispose();
    expect(backend.bufferCount).toBe(0);
    for (const s of await Promise.all(inFlight.map((p) => within(10_000, p)))) {
      if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(BackendDisposedError);
    }
    expect(handles).toHaveLength(3);
    await backend.dispose();
    await expect(backend.stats(x)).rejects.toBeInstanceOf(BackendDisposedError);
  });

  it('declares what it measured: capabilities, limits and adapter info', async () => {
    const backend = await createBackend();
    try {
      const c = backend.capabilities;
      expect(c.ops.relu).toEqual(['float32', 'float16', 'int32', 'int8']);
      expect(c.ops.leakyRelu).toEqual(['float32', 'float16']);
      // Where products run on float16 (test/float16.test.ts checks each path's choice).
      expect(['shader-f16', 'u32-pairs']).toContain(c.float16Path);
      expect(c.ops.relu).not.toContain('float64');
      expect([c.deviceBacked, c.residentArrays, c.sync]).toEqual([true, true, false]);
      expect(c.maxLength).toBe(Math.floor(backend.device.limits.maxBufferSize / 4));
      expect(backend.dispatchLimits.workgroupSize).toBeLessThanOrEqual(backend.device.limits.maxComputeWorkgroupSizeX);
      expect(Object.keys(backend.adapterInfo).sort()).toEqual(['architecture', 'description', 'device', 'vendor']);
      // The probe's verdict must agree with a direct look at a product whose exact value is subnormal.
      const tiny = await backend.leakyRelu(new Float32Array([-(2 ** -126)]), 0.5);
      expect(tiny[0] === 0).toBe(c.flushesSubnormals);
    } finally {
      await backend.dispose();
    }
  });

  it('is found by core loadBackend() at priority 30', async () => {
    const { backend } = await loadBackend({ preferences: ['webgpu'] });
    expect(backend.name).toBe('webgpu');
    await backend.dispose();
  });
});

describe('no adapter', () => {
  const noAdapter = { requestAdapter: async () => null } as unknown as GPU;

  it('isAvailable() gives the reason instead of throwing', async () => {
    const a = await isAvailable({ gpu: noAdapter });
    expect(a.available).toBe(false);
    expect(!a.available && a.reason).toMatch(/no adapter/);
    const bad = await isAvailable({ gpu: { requestAdapter: async () => { throw new Error('boom'); } } as unknown as GPU });
    expect(!bad.available && bad.reason).toMatch(/boom/);
  });

  it('createBackend() throws BackendUnavailableError with that reason', async () => {
    const e = await createBackend({ gpu: noAdapter }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BackendUnavailableError);
    expect((e as BackendUnavailableError).reason).toMatch(/no adapter/);
  });

  it('an adapter that refuses a device is reported as unavailable', async () => {
    const adapter = { limits: {}, info: {}, requestDevice: async () => { throw new Error('adapter is lost'); } } as unknown as GPUAdapter;
    const e = await createBackend({ adapter }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BackendUnavailableError);
    expect((e as BackendUnavailableError).reason).toMatch(/lost/);
  });
});
