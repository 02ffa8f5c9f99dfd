import { createBackend } from '@rectify/backend-js';
import type { ActivationBackend, AnyTypedArray, SyncOps } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { benchInput } from '../src/inputs.js';
import type { BenchPlan } from '../src/plan.js';
import { runBench } from '../src/run.js';
import { copySubject } from '../src/subjects/copy.js';
import { cpuBackendSubject } from '../src/subjects/cpu-backend.js';
import { expected, verifyOutput } from '../src/verify.js';

/** relu as Math.max(0, x): right on ordinary numbers, but turns -0 into +0 (and NaN payloads may go). */
async function mathMaxBackend(): Promise<ActivationBackend> {
  const real = await createBackend();
  const relu = <T extends AnyTypedArray>(x: T, out?: T): T => {
    const o = out ?? (new (x.constructor as new (n: number) => T)(x.length));
    for (let i = 0; i < x.length; i++) o[i] = Math.max(0, x[i]);
    return o;
  };
  const sync: SyncOps = { ...real.sync, relu };
  return Object.assign(Object.create(real), { name: 'mathmax', sync, relu: async <T extends AnyTypedArray>(x: T, out?: T) => relu(x, out) });
}

const tinyPlan: BenchPlan = {
  ops: ['relu'],
  dtypes: ['float32'],
  sizes: [300],
  seed: 7,
  budget: () => ({ warmupMs: 0, budgetMs: 2, minSamples: 2, maxSamples: 5, minSampleMs: 0 }),
};

describe('checking outputs against the oracle before timing', () => {
  it('verifyOutput finds the -0 that Math.max loses and names its bits', () => {
    const x = benchInput('float32', 100, 1);
    const want = expected('relu', [x]) as Float32Array;
    const got = new Float32Array(x.length).map((_, i) => Math.max(0, x[i]));
    const detail = verifyOutput('relu', [x], got, want);
    expect(detail).toMatch(/^element 1: input 0x80000000 gave 0x00000000, expected 0x80000000$/);
    expect(verifyOutput('relu', [x], want.slice(), want)).toBeUndefined();
    expect(verifyOutput('relu', [x], new Float64Array(100), want)).toBe('gave Float64Array(100), expected Float32Array(100)');
    expect(verifyOutput('relu', [x], want.subarray(1), want)).toBe('gave Float32Array(99), expected Float32Array(100)');
  });

  it('reports a wrong backend in `wrong` and does not time it; a right one is timed and marked verified', async () => {
    const js = await createBackend();
    const subjects = [copySubject(), cpuBackendSubject(js), cpuBackendSubject(await mathMaxBackend())];
    const result = await runBench(subjects, tinyPlan);
    expect(result.wrong.map((w) => `${w.backend} ${w.mode}`).sort()).toEqual(['mathmax resident', 'mathmax roundtrip', 'mathmax roundtrip-out']);
    for (const w of result.wrong) {
      expect(w).toMatchObject({ op: 'relu', dtype: 'float32', size: 300 });
      expect(w.detail).toContain('expected 0x80000000');
    }
    expect(result.records.map((r) => `${r.backend} ${r.mode} ${r.verified}`)).toEqual(['copy resident null', 'copy roundtrip null', 'js resident true', 'js roundtrip true', 'js roundtrip-out true']);
  });

  it('reports a backend that throws on valid input as wrong, with the error', async () => {
    const js = await createBackend();
    const broken = Object.assign(Object.create(js), {
      name: 'broken',
      sync: { ...js.sync, relu: () => { throw new Error('kernel exploded'); } },
    });
    const result = await runBench([copySubject(), cpuBackendSubject(broken)], tinyPlan);
    expect(result.wrong.map((w) => w.detail)).toEqual(['threw: kernel exploded', 'threw: kernel exploded', 'threw: kernel exploded']);
    expect(result.records.map((r) => `${r.backend} ${r.mode}`)).toEqual(['copy resident', 'copy roundtrip']);
  });
});

describe('benchmark inputs', () => {
  it('mix signs at random after a head of special values', () => {
    const x = benchInput('float32', 10_000, 3) as Float32Array;
    const body = x.subarray(64);
    const negative = body.filter((v) => v < 0).length / body.length;
    expect(negative).toBeGreaterThan(0.45);
    expect(negative).toBeLessThan(0.55);
    // Not sorted: sign changes often.
    let changes = 0;
    for (let i = 1; i < body.length; i++) if (body[i] < 0 !== body[i - 1] < 0) changes++;
    expect(changes / body.length).toBeGreaterThan(0.4);
    expect(Object.is(x[1], -0)).toBe(true);
    expect(benchInput('float32', 10_000, 3)).toEqual(x);
    expect(benchInput('float32', 10_000, 4)).not.toEqual(x);
    const ints = benchInput('int8', 5000, 3);
    expect(ints.some((v) => v < 0) && ints.some((v) => v > 0)).toBe(true);
  });
});
