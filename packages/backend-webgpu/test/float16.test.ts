// float16 on Dawn: the exhaustive sweeps (shared/float16.ts), then what they do not reach: words
// whose other half is no element of the result (odd lengths, a longer out, views), chunk
// boundaries, GpuArrays and their Float16Array class, dalpha's exact sums, and the choice between
// the shader-f16 and u32-pairs paths.
import { OPS, bitView, fromNumbers, invoke, oracle, takesOut, xIndex, type AnyTypedArray, type OpDefinition, type PreluOptions } from '@rectify/core';
import { compareResult, firstMismatch, hexBits, makeInput } from '@rectify/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create } from 'webgpu';
import { elementwiseMain, kernelSource } from '../src/kernels/index.js';
import { createBackend, GpuArray, type WebGpuBackend } from '../src/index.js';
import { skipReason } from './setup.js';
import { describeFloat16, halves, mismatch, sweeps } from './shared/float16.js';

describeFloat16(() => createBackend(), skipReason);

const SENTINEL = 0xabcd;
const elementwise = OPS.filter(takesOut);

/** Parameters for x of `length` elements: two channels when they divide it (else one alpha), one row for deadUnits. */
function paramsFor(op: OpDefinition, length: number): unknown[] {
  if (op.perChannel) return [fromNumbers('float16', length % 2 === 0 ? [0.25, -3] : [1e-7])];
  if (op.name === 'deadUnits') return [1, length];
  return op.params[0]?.name === 'alpha' ? [2 ** -10] : op.params[0]?.name === 'ceiling' ? [0.5] : [];
}

function inputsFor(op: OpDefinition, length: number, seed: number): AnyTypedArray[] {
  return op.arrays.map((_, k) => makeInput('float16', length, seed + 10 * k));
}

/** Fails with the first difference from the oracle (bit for bit; a NaN a product computes may have any bits). */
function expectOracle(op: OpDefinition, inputs: AnyTypedArray[], params: unknown[], got: unknown, label: string): void {
  const d = compareResult(op, inputs, got, invoke(oracle, op, inputs, params), false);
  expect(d, `${op.name} ${label}`).toBeUndefined();
}

/** The array result (dx for gradients). */
function arrayOf<T>(result: unknown): T {
  return ((result as { dx?: T }).dx ?? result) as T;
}

/** Fails where got's first elements differ from want, the array result of the oracle (dx for gradients). */
function expectArray(op: OpDefinition, inputs: AnyTypedArray[], got: AnyTypedArray, want: AnyTypedArray, label: string): void {
  const x = inputs[xIndex(op)];
  const i = firstMismatch(op.name, x, got.subarray(0, want.length), want, false);
  expect(i, `${op.name} ${label}: x=${i >= 0 ? hexBits(x, i) : ''} got ${i >= 0 ? hexBits(got, i) : ''} want ${i >= 0 ? hexBits(want, i) : ''}`).toBe(-1);
}

/** A result on GpuArrays with its arrays downloaded. */
async function downloaded(backend: WebGpuBackend, got: unknown): Promise<unknown> {
  if (got instanceof GpuArray) return backend.download(got);
  const dx = (got as { dx?: unknown }).dx;
  return dx instanceof GpuArray ? { ...(got as object), dx: await backend.download(dx) } : got;
}

describe.skipIf(skipReason !== undefined)('float16 beyond the sweeps', () => {
  let backend: WebGpuBackend;
  beforeAll(async () => {
    backend = await createBackend();
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  it('writes no half past the result: odd lengths into a longer out, as typed arrays and as GpuArrays', async () => {
    for (const op of elementwise) {
      for (const length of [1, 2, 3, 5, 7, 1001]) {
        const inputs = inputsFor(op, length, length);
        const params = paramsFor(op, length);
        const want = arrayOf<AnyTypedArray>(invoke(oracle, op, inputs, params));
        const typed = halves(new Array(length + 3).fill(SENTINEL));
        expect(arrayOf(await invoke(backend, op, inputs, params, typed)), op.name).toBe(typed);
        const handles = await Promise.all(inputs.map((a) => backend.upload(a)));
        const out = await backend.upload(halves(new Array(length + 3).fill(SENTINEL)));
        expect(arrayOf(await invoke(backend, op, handles, params, out))).toBe(out);
        for (const [how, got] of [['typed', typed], ['resident', await backend.download(out)]] as const) {
          const label = `${how}, length ${length}`;
          expect(Array.from(bitView(got).subarray(length)), `${op.name} ${label}: out past the result`).toEqual([SENTINEL, SENTINEL, SENTINEL]);
          expectArray(op, inputs, got, want, label);
        }
        for (const h of [...handles, out]) backend.free(h);
      }
    }
  });

  it('runs in place on GpuArrays of odd length, and on views at odd element offsets', async () => {
    for (const op of elementwise) {
      const length = 4099;
      const inputs = inputsFor(op, length, 3);
      const params = paramsFor(op, length);
      const want = arrayOf<AnyTypedArray>(invoke(oracle, op, inputs, params));
      const handles = await Promise.all(inputs.map((a) => backend.upload(a)));
      await invoke(backend, op, handles, params, handles[0]);
      expectArray(op, inputs, await backend.download(handles[0]), want, 'in place');
      for (const h of handles) backend.free(h);
      // Views one and three halves into their buffers: neither starts on a word.
      const views = inputs.map((a) => {
        const big = halves(new Array(length + 2).fill(0));
        bitView(big).set(bitView(a), 1);
        return big.subarray(1, length + 1);
      });
      const out = halves(new Array(length + 4).fill(SENTINEL)).subarray(3, length + 3);
      await invoke(backend, op, views, params, out);
      expectArray(op, inputs, out, want, 'on views');
    }
  });

  it('counts halves: stats and deadUnits (odd column counts) on odd lengths, copied and resident', async () => {
    const stats = OPS.find((op) => op.name === 'stats')!;
    const deadUnits = OPS.find((op) => op.name === 'deadUnits')!;
    // All patterns but 0xffff (a NaN), as 255 × 257 and 257 × 255 matrices.
    const x = halves(Array.from({ length: 65535 }, (_, i) => i));
    expectOracle(stats, [x], [], await backend.stats(x), 'all patterns but one');
    for (const [rows, cols] of [[255, 257], [257, 255], [65535, 1], [1, 65535]]) {
      expectOracle(deadUnits, [x], [rows, cols], await backend.deadUnits(x, rows, cols), `${rows} × ${cols}`);
    }
    const h = await backend.upload(x);
    expectOracle(stats, [x], [], await backend.stats(h), 'resident');
    expectOracle(deadUnits, [x], [257, 255], await backend.deadUnits(h, 257, 255), 'resident 257 × 255');
    backend.free(h);
  });

  it('uploads and downloads every length mod 2 bit for bit, into the uploaded array\'s class; op results keep it', async () => {
    for (const length of [0, 1, 2, 3, 4, 5, 1001]) {
      const x = makeInput('float16', length, length);
      const h = await backend.upload(x);
      expect([h.dtype, h.length, h.byteLength]).toEqual(['float16', length, 2 * length]);
      const back = await backend.download(h);
      expect(back.constructor).toBe(x.constructor);
      expect(Array.from(bitView(back))).toEqual(Array.from(bitView(x)));
      const y: GpuArray = await backend.relu(h);
      const relu = await backend.download(y);
      expect(relu.constructor).toBe(x.constructor);
      expect(Array.from(bitView(relu))).toEqual(Array.from(bitView(oracle.relu(x as Float16Array))));
      backend.free(h);
      backend.free(y);
    }
  });

  it('dalpha is the exact sum of float16 terms (where a float16 running sum gives 0), of alpha\'s class', async () => {
    const preluGrad = OPS.find((op) => op.name === 'preluGrad')!;
    // Terms -65504, -1, +65504, ...: a float16 running sum ends at 0 (65504 + 1 rounds to 65504); the exact one is -1000.
    const n = 3000;
    const x = fromNumbers('float16', new Array(n).fill(-1));
    const dy = fromNumbers('float16', Array.from({ length: n }, (_, i) => [65504, 1, -65504][i % 3]));
    const alpha = fromNumbers('float16', [0.5]);
    const { dalpha } = await backend.preluGrad(dy, x, alpha);
    expect(dalpha.constructor).toBe(alpha.constructor);
    expect(Array.from(bitView(dalpha))).toEqual(Array.from(bitView(fromNumbers('float16', [-1000]))));
    // Subnormal terms adding up to normals, overflow, ±Inf, NaN, exact zero and no terms, per channel.
    const rows: number[][][] = [
      [[2 ** -24, -1], [60000, -1], [Infinity, -1], [Number.NaN, -1], [5, -1], [1, 2], [1, -Infinity]],
      [[3 * 2 ** -24, -1], [60000, -1], [-Infinity, -1], [1, -1], [-5, -1], [1, Number.NaN], [2, -3]],
      [[2 ** -14, -0.5], [1, -0], [1, 0], [0, -Infinity], [0, -0], [-1, 1], [0, 0]],
    ];
    const dys = fromNumbers('float16', rows.flat().map(([d]) => d));
    const xs = fromNumbers('float16', rows.flat().map(([, v]) => v));
    const alphas = fromNumbers('float16', [0.25, -1.5, 0, 1e-7, 3, 60000, 2 ** -24]);
    expectOracle(preluGrad, [dys, xs], [alphas], await backend.preluGrad(dys, xs, alphas), 'special terms');
    const [hd, hx] = [await backend.upload(dys), await backend.upload(xs)];
    // Core types a GpuArray call's alpha as a Float32Array (its ChannelArray); at run time it is an array of x's dtype.
    const resident = await backend.preluGrad(hd, hx, alphas as unknown as Float32Array);
    expectOracle(preluGrad, [dys, xs], [alphas], await downloaded(backend, resident), 'special terms, resident');
    backend.free(hd);
    backend.free(hx);
  });
});

describe.skipIf(skipReason !== undefined)('the float16 path', () => {
  it("compiles the f16 kernels, and the probe rejects a device whose results are wrong (Dawn's null backend: shader-f16, but no shader runs)", async (ctx) => {
    const gpu = create(['backend=null']);
    const adapter = await gpu.requestAdapter();
    ctx.skip(!adapter?.features.has('shader-f16'), "this build of the 'webgpu' package has no null backend offering shader-f16");
    const backend = await createBackend({ gpu, adapter: adapter! });
    try {
      const { device } = backend;
      expect(device.features.has('shader-f16')).toBe(true);
      expect(backend.float16Path).toBe('u32-pairs');
      // Every f16 module the dispatcher can build passes WGSL validation (the null backend validates fully).
      for (const op of OPS.filter((o) => o.arithmetic)) {
        const layout = op.perChannel ? (op.result === 'gradients' ? 'sums' : 'alpha') : 'none';
        const entry = elementwiseMain(op.arrays.map((_, k) => k), 0, layout, true);
        const info = await device.createShaderModule({ code: kernelSource(op.name, 'float16', entry, true) }).getCompilationInfo();
        expect(info.messages.filter((m) => m.type === 'error').map((m) => m.message), op.name).toEqual([]);
      }
    } finally {
      await backend.dispose();
    }
  });

  it('a device that lists shader-f16 but rejects f16 kernels stays on u32-pairs, and is exact', async (ctx) => {
    const owner = await createBackend();
    try {
      ctx.skip(owner.device.features.has('shader-f16'), 'this adapter really has shader-f16, so a device that only lists it cannot be faked on it');
      const real = owner.device;
      const features = new Proxy(real.features, {
        get: (f, k) => (k === 'has' ? (name: string) => name === 'shader-f16' || f.has(name) : Reflect.get(f, k)),
      });
      const device = new Proxy(real, {
        get(target, key) {
          if (key === 'features') return features;
          const value = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const backend = await createBackend({ device });
      try {
        expect(backend.device.features.has('shader-f16')).toBe(true);
        expect([backend.float16Path, backend.capabilities.float16Path]).toEqual(['u32-pairs', 'u32-pairs']);
        const leakyRelu = OPS.find((op) => op.name === 'leakyRelu')!;
        for (const s of sweeps(leakyRelu).slice(0, 3)) expect(await mismatch(backend, leakyRelu, s.inputs, s.params), s.label).toBeUndefined();
      } finally {
        await backend.dispose();
      }
    } finally {
      await owner.dispose();
    }
  });

  it('crosses chunk boundaries (lowered limits: 384 halves a chunk) with every op, channels included', async () => {
    const backend = await createBackend({ dispatchLimits: { maxBindingBytes: 1000, maxWorkgroupsPerDimension: 3, workgroupSize: 32 } });
    try {
      const n = 7 * 1431; // odd, and 7 columns or channels
      for (const op of OPS) {
        const inputs = inputsFor(op, n, 5);
        const cases: unknown[][] = op.perChannel
          ? [
              [fromNumbers('float16', [0.25, -1.5, 0, 1e-7, 3, 60000, 0.5])],
              [fromNumbers('float16', [0.25, -1.5, 0]), { shape: [1, 3, n / 3], axis: 1 } satisfies PreluOptions],
            ]
          : op.name === 'deadUnits' || op.name === 'columnSums'
            ? [[1431, 7], [53, 189]]
            : op.name === 'histogram'
              ? op.cases('float16').map((c) => [...c.params(n)])
              : [paramsFor(op, n)];
        for (const [k, params] of cases.entries()) {
          const label = `chunked, case ${k}`;
          expectOracle(op, inputs, params, await invoke(backend, op, inputs, params), label);
          const handles = await Promise.all(inputs.map((a) => backend.upload(a)));
          expectOracle(op, inputs, params, await downloaded(backend, await invoke(backend, op, handles, params)), `${label}, resident`);
          for (const h of handles) backend.free(h);
        }
      }
    } finally {
      await backend.dispose();
    }
  });
});
