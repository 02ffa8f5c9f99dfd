/** Ops with a per-channel parameter (prelu, preluGrad): a cell per channel count, alpha passed, gradients verified. */
import { createBackend } from '@rectify/backend-js';
import { oracle, type AnyTypedArray, type Gradients } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { benchAlpha, benchInputs } from '../src/inputs.js';
import { parseCli, UsageError } from '../src/node/args.js';
import { BENCH_OPS, DEFAULT_CHANNELS, benchOp, cellChannels, cellOp, parseCellOp, type BenchPlan } from '../src/plan.js';
import { runBench } from '../src/run.js';
import { copySubject } from '../src/subjects/copy.js';
import { cpuBackendSubject } from '../src/subjects/cpu-backend.js';
import { tfjsSubject, type TfLike } from '../src/subjects/tfjs.js';
import { expected, verifyOutput } from '../src/verify.js';

const tiny = (ops: BenchPlan['ops'], channels = [4, 16]): BenchPlan => ({
  ops,
  dtypes: ['float32'],
  sizes: [64, 320],
  channels,
  seed: 5,
  budget: () => ({ warmupMs: 0, budgetMs: 1, minSamples: 2, maxSamples: 3, minSampleMs: 0 }),
});

type Grads = Gradients<Float32Array, Float32Array>;

describe('the plan', () => {
  it('runs a per-channel op once per channel count, others once', () => {
    const perChannel = BENCH_OPS.filter((op) => benchOp(op).perChannel);
    expect(perChannel).toEqual(['prelu', 'preluGrad']);
    expect(cellChannels(benchOp('prelu'), { sizes: [1 << 20] })).toEqual(DEFAULT_CHANNELS);
    expect(DEFAULT_CHANNELS).toEqual([64, 1024]);
    expect(cellChannels(benchOp('preluGrad'), tiny([]))).toEqual([4, 16]);
    expect(cellChannels(benchOp('relu'), tiny([]))).toEqual([undefined]);
    expect(() => cellChannels(benchOp('prelu'), { sizes: [1024, 1020], channels: [8] })).toThrow(/8 channels do not divide size 1020/);
    expect(() => cellChannels(benchOp('prelu'), { sizes: [1024], channels: [0] })).toThrow(RangeError);
  });

  it("labels a per-channel op's cells 'op C=N', and reads them back", () => {
    expect(cellOp('prelu', 64)).toBe('prelu C=64');
    expect(cellOp('relu')).toBe('relu');
    expect(parseCellOp('preluGrad C=1024')).toEqual({ op: 'preluGrad', channels: 1024 });
    expect(parseCellOp('relu')).toEqual({ op: 'relu' });
  });

  it('gives alpha finite entries of mixed signs, never tiny, seeded', () => {
    const a = benchAlpha('float32', 1024, 5);
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.every((v) => Math.abs(v) >= 0.05 && Math.abs(v) < 0.5)).toBe(true);
    expect(a.some((v) => v < 0) && a.some((v) => v > 0)).toBe(true);
    expect(benchAlpha('float32', 1024, 5)).toEqual(a);
    expect(benchAlpha('float64', 4, 5)).toBeInstanceOf(Float64Array);
  });
});

describe('--channels', () => {
  it('defaults to none given (the plan applies DEFAULT_CHANNELS) and parses a list', () => {
    expect(parseCli(['--ops', 'prelu']).plan.channels).toBeUndefined();
    expect(parseCli(['--ops', 'prelu,preluGrad', '--channels', '8, 16,8', '--sizes', '1K']).plan.channels).toEqual([8, 16]);
    // Only per-channel ops need sizes their channel counts divide.
    expect(parseCli(['--ops', 'relu', '--sizes', '1000']).plan.sizes).toEqual([1000]);
  });

  it.each([
    [['--channels', '0'], /--channels: '0' is not a channel count/],
    [['--channels', '64,abc'], /--channels: 'abc' is not a channel count/],
    [['--channels', '1.5'], /--channels: '1.5' is not a channel count/],
    [['--ops', 'prelu', '--sizes', '1000'], /--channels: 64 channels do not divide size 1000/],
    [['--ops', 'preluGrad', '--channels', '48', '--sizes', '1K'], /--channels: 48 channels do not divide size 1K/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parseCli(args)).toThrow(UsageError);
    expect(() => parseCli(args)).toThrow(message);
  });
});

describe('per-channel cells', () => {
  it('run verified on the js and wasm backends in every mode, labelled with their channels', async () => {
    const subjects = [copySubject(), cpuBackendSubject(await createBackend())];
    const wasm = await import('@rectify/backend-wasm').then((m) => m.createBackend()).catch(() => undefined);
    if (wasm) subjects.push(cpuBackendSubject(wasm, wasm as never));
    const result = await runBench(subjects, tiny(['prelu', 'preluGrad']));
    expect(result.wrong).toEqual([]);
    const cells = [...new Set(result.records.map((r) => `${r.op} ${r.size}`))];
    expect(cells).toEqual(['prelu C=4 64', 'prelu C=4 320', 'prelu C=16 64', 'prelu C=16 320', 'preluGrad C=4 64', 'preluGrad C=4 320', 'preluGrad C=16 64', 'preluGrad C=16 320']);
    for (const s of subjects.slice(1)) {
      const mine = result.records.filter((r) => r.backend === s.name);
      expect(mine.length, s.name).toBe(8 * 3);
      expect(mine.every((r) => r.verified === true && r.vsCopy > 0)).toBe(true);
    }
    // x-like bytes: prelu reads x, preluGrad dy and x; each writes one array.
    const grad = result.records.find((r) => r.op === 'preluGrad C=16' && r.size === 320 && r.backend === 'js')!;
    expect(grad.gbps).toBeCloseTo((3 * 320 * 4) / grad.medianNs, 9);
  });

  it('catch a preluGrad whose dalpha is off, and a prelu that ignores the channels', async () => {
    const js = await createBackend();
    const sync = js.sync!;
    const preluGrad = (dy: Float32Array, x: Float32Array, alpha: Float32Array, options?: object, out?: Float32Array) => {
      const g = sync.preluGrad(dy, x, alpha, options, out);
      g.dalpha[2] += 1;
      return g;
    };
    // alpha[0] for every element: right for channel 0 only.
    const prelu = (x: Float32Array, alpha: Float32Array, _options?: object, out?: Float32Array) => sync.prelu(x, alpha.subarray(0, 1), undefined, out);
    const broken = Object.assign(Object.create(js), { name: 'broken', sync: { ...sync, prelu, preluGrad } });
    const result = await runBench([copySubject(), cpuBackendSubject(broken)], { ...tiny(['prelu', 'preluGrad'], [4]), sizes: [320] });
    expect(result.records.filter((r) => r.backend === 'broken')).toEqual([]);
    const detail = (op: string) => result.wrong.filter((w) => w.op === op).map((w) => `${w.mode}: ${w.detail}`);
    expect(detail('preluGrad C=4')).toEqual(
      ['roundtrip', 'roundtrip-out', 'resident'].map((mode) => expect.stringMatching(new RegExp(`^${mode}: gave dalpha\\[2\\] 0x[0-9a-f]{8} \\(.*\\), expected dalpha\\[2\\] `))),
    );
    for (const d of detail('prelu C=4')) expect(d).toMatch(/: element \d+: input 0x[0-9a-f]{8} gave 0x[0-9a-f]{8}, expected 0x[0-9a-f]{8}$/);
    expect(detail('prelu C=4')).toHaveLength(3);
  });
});

describe('verifyOutput on gradients', () => {
  const op = benchOp('preluGrad');
  const inputs = benchInputs(op, 'float32', 64, 2);
  const alpha = benchAlpha('float32', 8, 2);
  const want = expected('preluGrad', inputs, [alpha]) as Grads;

  it('accepts the oracle, names dx elements with both inputs, and dalpha entries', () => {
    expect(want).toEqual(oracle.preluGrad(inputs[0] as Float32Array, inputs[1] as Float32Array, alpha));
    expect(verifyOutput('preluGrad', inputs, { dx: want.dx.slice(), dalpha: want.dalpha.slice() }, want)).toBeUndefined();
    const dx = want.dx.slice();
    dx[40] = -dx[40] || 1;
    expect(verifyOutput('preluGrad', inputs, { dx, dalpha: want.dalpha }, want)).toMatch(/^element 40: input dy=0x[0-9a-f]{8} x=0x[0-9a-f]{8} gave dx 0x/);
    expect(verifyOutput('preluGrad', inputs, { dx: want.dx, dalpha: new Float32Array(7) }, want)).toBe('gave dalpha Float32Array(7), expected dalpha Float32Array(8)');
    expect(verifyOutput('preluGrad', inputs, want.dx, want)).toMatch(/^gave dx /);
    expect(verifyOutput('preluGrad', inputs, undefined, want)).toBe('gave undefined, expected { dx, dalpha }');
  });
});

describe('tfjs peers', () => {
  it.each(['cpu', 'wasm'])('tfjs-%s prelu and preluGrad match the oracle on ordinary numbers (dalpha to rounding)', async (backend) => {
    // The whole @tensorflow/tfjs: its bundle registers the gradients (tf.grads) and the cpu backend.
    const mod = (await import('@tensorflow/tfjs')) as unknown as { default?: unknown };
    const tf = (mod.default ?? mod) as TfLike & { env(): { set(k: string, v: unknown): void } };
    tf.env().set('PROD', true);
    if (backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const { createRequire } = await import('node:module');
      const { dirname, join } = await import('node:path');
      wasm.setWasmPaths(join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    }
    const subject = tfjsSubject(tf, backend);
    const size = 320;
    const channels = 16;
    // Ordinary numbers only: tfjs' NaN and -0 handling is its own.
    const inputs = benchInputs(benchOp('preluGrad'), 'float32', size + 64, 9).map((a) => a.subarray(64).slice());
    const params = [benchAlpha('float32', channels, 9)];
    const cell = (op: 'prelu' | 'preluGrad', arrays: AnyTypedArray[]) => ({ op, dtype: 'float32' as const, size, input: arrays.at(-1)!, inputs: arrays, params, channels });
    for (const mode of ['resident', 'roundtrip'] as const) {
      const y = await (await subject.prepare(cell('prelu', [inputs[1]]), mode)).output();
      expect(y).toEqual(expected('prelu', [inputs[1]], params));
      const run = await subject.prepare(cell('preluGrad', inputs), mode);
      const got = (await run.output()) as Grads;
      const want = expected('preluGrad', inputs, params) as Grads;
      expect(got.dx).toEqual(want.dx);
      expect(got.dalpha).toHaveLength(channels);
      got.dalpha.forEach((v, c) => expect(v).toBeCloseTo(want.dalpha[c], 3));
      await run.release();
    }
  }, 30_000);
});
