/** The benchmark's ops come from core's table: every op with an x-like result, called with its defaults or a per-channel alpha. */
import { createBackend } from '@rectify/backend-js';
import { OPS, takesOut, type AnyTypedArray } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { benchInputs } from '../src/inputs.js';
import { BENCH_OPS, benchOp, cellChannels, cellOp, formatSize, type BenchPlan } from '../src/plan.js';
import { runBench } from '../src/run.js';
import { copySubject } from '../src/subjects/copy.js';
import { cpuBackendSubject } from '../src/subjects/cpu-backend.js';
import { ortSubject, type OrtLike } from '../src/subjects/ort.js';
import { tfjsSubject, type TfLike } from '../src/subjects/tfjs.js';

const plan = (ops: BenchPlan['ops'], dtypes: BenchPlan['dtypes'] = ['float32']): BenchPlan => ({
  ops,
  dtypes,
  sizes: [320],
  channels: [4, 16],
  seed: 3,
  budget: () => ({ warmupMs: 0, budgetMs: 1, minSamples: 2, maxSamples: 3, minSampleMs: 0 }),
});

describe('bench ops', () => {
  it('are the ops of the table whose result is x-like (an array, or gradients); others are refused with the valid ones', () => {
    expect(BENCH_OPS).toEqual(OPS.filter((op) => op.result === 'array' || op.result === 'gradients').map((op) => op.name));
    for (const op of OPS.filter((o) => !takesOut(o))) {
      expect(() => benchOp(op.name)).toThrow(new RegExp(`'${op.name}' is not benchmarked .*; valid: ${BENCH_OPS.join(', ')}$`));
    }
    expect(() => benchOp('gelu')).toThrow(/not an op of @rectify\/core/);
  });

  it('each get a seeded input per array, with mixed signs, none a copy of another', () => {
    for (const name of BENCH_OPS) {
      const op = benchOp(name);
      const inputs = benchInputs(op, 'float32', 2000, 9);
      expect(inputs.length).toBe(op.arrays.length);
      for (const a of inputs) expect(a.some((v) => v < 0) && a.some((v) => v > 0)).toBe(true);
      expect(benchInputs(op, 'float32', 2000, 9)).toEqual(inputs);
      if (inputs.length > 1) expect(inputs[1]).not.toEqual(inputs[0]);
    }
  });

  it('all run, verified, on the JS backend in every mode, with bytes counted per array', async () => {
    const js = await createBackend();
    const all = plan(BENCH_OPS);
    const result = await runBench([copySubject(), cpuBackendSubject(js)], all);
    expect(result.wrong).toEqual([]);
    for (const name of BENCH_OPS) {
      for (const channels of cellChannels(benchOp(name), all)) {
        const mine = result.records.filter((r) => r.op === cellOp(name, channels) && r.backend === 'js');
        expect(mine.map((r) => r.mode), name).toEqual(['resident', 'roundtrip', 'roundtrip-out']);
        const arrays = benchOp(name).arrays.length;
        for (const r of mine) expect(r.gbps).toBeCloseTo(((arrays + 1) * 320 * 4) / r.medianNs, 9);
      }
    }
  });

  it('catch a reluGrad that ignores dy, naming both inputs', async () => {
    const js = await createBackend();
    // x <= 0 ? 0 : x: right mask, wrong values.
    const reluGrad = <T extends AnyTypedArray>(_dy: T, x: T, out?: T): T => js.sync!.relu(x, out);
    const broken = Object.assign(Object.create(js), {
      name: 'broken',
      sync: { ...js.sync, reluGrad },
      reluGrad: async <T extends AnyTypedArray>(dy: T, x: T, out?: T) => reluGrad(dy, x, out),
    });
    const result = await runBench([copySubject(), cpuBackendSubject(broken)], plan(['reluGrad']));
    expect(result.wrong.map((w) => w.mode).sort()).toEqual(['resident', 'roundtrip', 'roundtrip-out']);
    for (const w of result.wrong) expect(w.detail).toMatch(/^element \d+: input dy=0x[0-9a-f]{8} x=0x[0-9a-f]{8} gave /);
  });

  it('are offered by each peer only where it has a call for them', () => {
    const tfjs = tfjsSubject({} as TfLike, 'cpu');
    const ort = ortSubject({} as OrtLike);
    for (const peer of [tfjs, ort]) {
      expect(peer.modes('relu', 'float32', 1024)).toEqual(['resident', 'roundtrip']);
      expect(peer.modes('prelu', 'float32', 1024)).toEqual(['resident', 'roundtrip']);
      expect(peer.modes('stats', 'float32', 1024)).toEqual([]);
    }
    // tfjs' gradients, through tf.grad; ONNX has none.
    expect(tfjs.modes('reluGrad', 'float32', 1024)).toEqual(['resident', 'roundtrip']);
    expect(ort.modes('reluGrad', 'float32', 1024)).toEqual([]);
    expect(tfjs.modes('leakyRelu', 'float64', 1024)).toEqual([]);
    expect(tfjs.modes('preluGrad', 'float32', 1024)).toEqual(['resident', 'roundtrip']);
    expect(ort.modes('preluGrad', 'float32', 1024)).toEqual([]);
  });
});

describe('formatSize', () => {
  it('uses binary K and M', () => {
    expect([1000, 1024, 65536, 1 << 20, 3 << 20].map(formatSize)).toEqual(['1000', '1K', '64K', '1M', '3M']);
  });
});
