/**
 * Device loss: calls in flight fail with DeviceLostError, the next call gets a new device, and
 * GpuArrays of the lost device fail with StaleViewError. A backend on a caller's device without a
 * device factory cannot recover and says so. Registered by the Node (Dawn) and browser
 * (navigator.gpu) suites; nothing here imports from node: so the same body runs in both.
 */
import { DeviceLostError, StaleViewError, invoke, opDefinition, oracle, type ActivationBackend } from '@rectify/core';
import { callInputs, checkConcurrent, compareResult, declaredCalls, makeInput, sameBits } from '@rectify/conformance';
import { describe, expect, it } from 'vitest';
import { findAdapter, requestDevice } from '../../src/gpu-loader.js';
import type { WebGpuBackend, WebGpuBackendOptions } from '../../src/index.js';

const LOST = 'lost';

/** Starts call k of a mixed stream; resolves to undefined when it matches the oracle, LOST on DeviceLostError, else to what went wrong. */
function start(backend: ActivationBackend, k: number): Promise<string | undefined> {
  const calls = declaredCalls(backend);
  const call = calls[(k * 7) % calls.length];
  const op = opDefinition(call.op)!;
  // At most 4,198 elements: small enough for SwiftShader (the whole test takes about a second there).
  const length = [1, 63, 1000, 4099][k % 4] + k;
  const inputs = callInputs(op, call.dtype, length, 500 + k);
  const params = (call.params ?? op.cases(call.dtype)[0]).params(length);
  return Promise.resolve(invoke(backend, op, inputs, params)).then(
    (got) => {
      const want = invoke(oracle, op, inputs, params);
      const d = compareResult(op, inputs, got, want, backend.capabilities.flushesSubnormals);
      // compareResult lets an array result be longer than the oracle's; here it must be exactly as long.
      const sameLength = op.result !== 'array' || (got as ArrayLike<unknown>).length === (want as ArrayLike<unknown>).length;
      return d === undefined && sameLength
        ? undefined
        : `#${k} ${call.op} ${call.dtype} (length ${length}) differs from the oracle${d ? ` at ${d.index}: got ${d.got}, want ${d.want}` : ' in length'}`;
    },
    (e: unknown) => (e instanceof DeviceLostError ? LOST : `#${k} ${call.op}: ${String(e)}`),
  );
}

/** A device of our own, as the caller of createBackend({ device }) would make one: Dawn in Node, navigator.gpu in a browser. */
async function freshDevice(): Promise<GPUDevice> {
  const found = await findAdapter({});
  if (!found.ok) throw new Error(found.reason);
  const device = await requestDevice(found.value.adapter);
  if (!device.ok) throw new Error(device.reason);
  return device.value;
}

export function describeDeviceLoss(
  name: string,
  create: (options?: WebGpuBackendOptions) => Promise<WebGpuBackend>,
  skip: string | undefined,
): void {
  describe.skipIf(skip !== undefined)(name, () => {
    it('a device destroyed amid 100 calls: each matches the oracle or fails with DeviceLostError, then the backend recovers', async () => {
      const backend = await create();
      const x = makeInput('float32', 1000, 3) as Float32Array;
      const old = await backend.upload(x);
      const first = backend.device;
      const stream: Promise<string | undefined>[] = [];
      for (let k = 0; k < 100; k++) {
        if (k === 30) first.destroy();
        stream.push(start(backend, k));
        // A pause now and then: calls reach the GPU before the loss, and start after it is known.
        if (k % 10 === 9) await new Promise((r) => setTimeout(r, 5));
      }
      const outcomes = await Promise.all(stream);
      expect(outcomes.filter((s) => s !== undefined && s !== LOST)).toEqual([]);
      // Call 30 started on the destroyed device. Which others are lost differs: on Dawn the first
      // twenty or so have finished by then; on SwiftShader in Chromium (a slower, software GPU) the
      // calls from call 0 on are still in flight and are lost too. Both are allowed.
      expect(outcomes).toContain(LOST);
      await first.lost;

      expect(await checkConcurrent(backend, { calls: 100, seed: 16 })).toEqual([]);
      expect(backend.device).not.toBe(first);
      expect(backend.lostReason).toMatch(/destroyed/);
      expect(backend.capabilities.maxLength).toBe(Math.floor(backend.device.limits.maxBufferSize / 4));

      for (const call of [() => backend.relu(old), () => backend.download(old)]) {
        const e = await call().catch((err: unknown) => err);
        expect(e).toBeInstanceOf(StaleViewError);
        expect((e as Error).message).toMatch(/x is a GpuArray from a device that was lost; upload the data again/);
      }
      backend.free(old); // Harmless.
      const h = await backend.upload(x);
      expect(sameBits(await backend.download(await backend.relu(h)), oracle.relu(x))).toBe(true);
      await backend.dispose();
      expect(backend.bufferCount).toBe(0);
    });

    it('on a device the caller gave, later calls keep failing with DeviceLostError that says what to do', async () => {
      const device = await freshDevice();
      const backend = await create({ device });
      device.destroy();
      await device.lost;
      const x = new Float32Array([-1, 2]);
      for (let k = 0; k < 2; k++) {
        const e = await backend.relu(x).catch((err: unknown) => err);
        expect(e).toBeInstanceOf(DeviceLostError);
        expect((e as Error).message).toMatch(/create a new backend, or pass options\.requestDevice/);
      }
      await expect(backend.recover()).rejects.toBeInstanceOf(DeviceLostError);
      await backend.dispose();
    });

    it('recovers through options.requestDevice, and recover() gets the new device at once', async () => {
      let requested = 0;
      const requestDevice = () => {
        requested++;
        return freshDevice();
      };
      const backend = await create({ requestDevice });
      const x = new Float32Array([-3, 0.5, -0, 7]);
      expect(sameBits(await backend.relu(x), oracle.relu(x))).toBe(true);
      const first = backend.device;
      first.destroy();
      await first.lost;
      await backend.recover();
      expect(requested).toBe(2);
      expect(backend.device).not.toBe(first);
      expect(sameBits(await backend.relu(x), oracle.relu(x))).toBe(true);
      await backend.recover(); // Nothing lost: nothing to do.
      expect(requested).toBe(2);
      await backend.dispose();
      expect(backend.bufferCount).toBe(0);
    });
  });
}
