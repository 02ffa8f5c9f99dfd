// The suite must be able to fail: an oracle-backed backend passes, and each deliberately wrong
// variant (the mistakes real kernels make) is caught with a report that names what went wrong.
import { OPS, OP_NAMES, SPEC_DTYPES, fixed, oracle, type ActivationBackend, type AnyTypedArray } from '@rectify/core';
import { oracleBackend, type Override, type Overrides } from './support/oracle-backend.js';
import { describe, expect, it } from 'vitest';
import { badInputCases, cancellingInputs, checkBackend, checkConcurrent, crossCheckBadCalls, fuzzBackend, crossCheck, declaredCalls, describeMismatch, runCall, type OpCall } from '../src/index.js';

const lengths = [0, 1, 17, 1023];

describe('the suite', () => {
  it('passes a backend that computes the oracle', async () => {
    const results = await checkBackend(oracleBackend('oracle'), { lengths });
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(new Set(results.map((r) => r.op))).toEqual(new Set(OP_NAMES));
  });

  const mutants: [string, Overrides, OpCall, RegExp][] = [
    ['relu through Math.max (turns -0 into +0)', { relu: (x) => x.map((v) => Math.max(0, v)) }, { op: 'relu', dtype: 'float32' }, /input=0x80000000 got 0x00000000, want 0x80000000/],
    ['relu that stores through floats (quiets signalling NaNs)', { relu: (x) => x.map((v) => (v < 0 ? 0 : v)) }, { op: 'relu', dtype: 'float32' }, /input=0x7f800001 got 0x7fc00001, want 0x7f800001/],
    ['leakyRelu without float32 rounding of the product', { leakyRelu: (x, [a]) => { const o = oracle.leakyRelu(x, a); const y = x as Float32Array; for (let i = 0; i < y.length; i++) if (y[i] < 0) o[i] = y[i] * 0.01; return o; } }, { op: 'leakyRelu', dtype: 'float32' }, /leakyRelu float32/],
    ['stats that counts -0 as negative', { stats: (x) => { const s = oracle.stats(x); return { ...s, negative: s.negative + 1, zero: s.zero - 1 }; } }, { op: 'stats', dtype: 'float32' }, /"negative"/],
    ['deadUnits read column-major', { deadUnits: (x, [rows, cols]) => { const c = new Uint32Array(cols); for (let j = 0; j < cols; j++) for (let r = 0; r < rows; r++) c[j] += +(x[j * rows + r] > 0); return c; } }, { op: 'deadUnits', dtype: 'int32' }, /deadUnits int32/],
  ];
  it.each(mutants)('catches %s', async (_name, overrides, call, report) => {
    const mismatch = await runCall(oracleBackend('mutant', overrides), call, { mode: 'new', length: 1023, seed: 7 });
    expect(mismatch).toBeDefined();
    expect(describeMismatch(mismatch!)).toMatch(report);
    expect(describeMismatch(mismatch!)).toMatch(/RECTIFY_SEED=7/);
  });

  it('catches a dalpha summed in float32 on long channels with cancellations, naming the channel', async () => {
    const floatSums: Override = (_dy, params, { arrays: [dy, x], perChannel }) => {
      const exact = oracle.preluGrad(dy, x, perChannel as Float32Array);
      let sum = 0;
      for (let i = 0; i < x.length; i++) if (x[i] <= 0) sum = Math.fround(sum + Math.fround(dy[i] * x[i]));
      void params;
      return { dx: exact.dx, dalpha: new Float32Array([sum]) };
    };
    const length = 11 * 9091; // whole periods of the pattern, so the huge terms cancel
    const call: OpCall = { op: 'preluGrad', dtype: 'float32' };
    const inputs = cancellingInputs('float32', ['dy', 'x'], length);
    expect(await runCall(oracleBackend('exact'), call, { mode: 'new', length, seed: 5, inputs })).toBeUndefined();
    const mismatch = await runCall(oracleBackend('float sums', { preluGrad: floatSums }), call, { mode: 'new', length, seed: 5, inputs });
    expect(mismatch).toBeDefined();
    expect(describeMismatch(mismatch!)).toMatch(/preluGrad float32 .*dalpha\[0\]/);
  });

  it('accepts flushed subnormals only from a backend that declares it, and only for leakyRelu', async () => {
    const flush = (x: AnyTypedArray, [a]: readonly number[]) => {
      const o = oracle.leakyRelu(x, a) as Float32Array;
      for (let i = 0; i < o.length; i++) if (o[i] !== 0 && Math.abs(o[i]) < 2 ** -126) o[i] = o[i] < 0 ? -0 : 0;
      return o;
    };
    const call: OpCall = { op: 'leakyRelu', dtype: 'float32', params: fixed(1e-30) };
    expect(await runCall(oracleBackend('honest', { leakyRelu: flush }, true), call, { mode: 'new', length: 1023, seed: 3 })).toBeUndefined();
    expect(await runCall(oracleBackend('silent', { leakyRelu: flush }, false), call, { mode: 'new', length: 1023, seed: 3 })).toBeDefined();
  });

  it('cross-checks several backends against the oracle and names the wrong one', async () => {
    const report = await crossCheck(
      [oracleBackend('good'), oracleBackend('bad', { relu: (x) => x.map((v) => Math.max(0, v)) })],
      { lengths: [33], ops: ['relu'] },
    );
    expect(report.checked).toBe(10);
    expect(report.mismatches.map((m) => `${m.backend} ${m.dtype}`)).toEqual(['bad float32', 'bad float64', 'bad float16']);
  });

  it('covers every op of the table: results for each declared dtype, and bad calls for each op', () => {
    const backend = oracleBackend('full');
    const calls = declaredCalls(backend);
    for (const op of OPS) {
      for (const dtype of op.dtypes) expect(calls.some((c) => c.op === op.name && c.dtype === dtype), `${op.name} ${dtype}`).toBe(true);
    }
    const bad = badInputCases(backend).map((c) => c.name);
    for (const name of OP_NAMES) expect(bad.filter((b) => b.startsWith(`${name} `)).length, name).toBeGreaterThan(5);
  });

  it('catches a backend that accepts null for a parameter (the default applies to undefined only)', async () => {
    const lax = oracleBackend('lax');
    const clipped = (lax as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>).clippedRelu;
    (lax as unknown as Record<string, unknown>).clippedRelu = (x: unknown, c: unknown, out: unknown) => clipped(x, c ?? undefined, out);
    const nullCase = badInputCases(lax).find((c) => c.name === 'clippedRelu float32 with ceiling null')!;
    expect(nullCase).toBeDefined();
    await expect(nullCase.call(lax) as Promise<unknown>).resolves.toBeInstanceOf(Float32Array);
    await expect(nullCase.call(oracleBackend('strict')) as Promise<unknown>).rejects.toThrow(/ceiling must be a number/);
  });

  it('fuzzing passes the oracle and shrinks a wrong backend to a small counterexample with its seed', async () => {
    expect(await fuzzBackend(oracleBackend('oracle'), { runs: 150, seed: 11, maxLength: 2000 })).toEqual({ runs: 150, seed: 11 });
    const result = await fuzzBackend(oracleBackend('mutant', { relu: (x) => x.map((v) => Math.max(0, v)) }), { runs: 300, seed: 11, maxLength: 2000 });
    expect(result.failure).toMatch(/seed: 11/);
    expect(result.failure).toMatch(/mutant relu/);
    // Shrunk: from calls of up to 2000 elements to a short one (how short depends on where the
    // seeded fill puts its first -0 or NaN, which the shrinker cannot move).
    const length = Number(/length (\d+)\]/.exec(result.failure ?? '')?.[1]);
    expect(length).toBeGreaterThan(0);
    expect(length).toBeLessThanOrEqual(24);
  });

  it('crossCheckBadCalls names a backend that answers a bad call differently from the others', async () => {
    const strict = oracleBackend('strict');
    const lax = oracleBackend('lax');
    const leaky = (lax as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>).leakyRelu;
    (lax as unknown as Record<string, unknown>).leakyRelu = (x: unknown, a: unknown, out: unknown) => leaky(x, a ?? undefined, out);
    expect((await crossCheckBadCalls([strict, oracleBackend('also strict')])).disagreements).toEqual([]);
    const { checked, disagreements } = await crossCheckBadCalls([strict, lax]);
    expect(checked).toBeGreaterThan(100);
    expect(disagreements.map((d) => d.call)).toEqual(['leakyRelu float32 with alpha null', 'leakyRelu float64 with alpha null', 'leakyRelu float16 with alpha null']);
    expect(disagreements[0].outcomes).toEqual([
      { backend: 'strict', outcome: 'InvalidParameterError INVALID_PARAMETER', changed: false },
      { backend: 'lax', outcome: 'accepted', changed: false },
    ]);
  });

  it('checkConcurrent catches calls that share scratch memory while in flight', async () => {
    expect(await checkConcurrent(oracleBackend('oracle'), { calls: 200 })).toEqual([]);
    const racy = oracleBackend('racy');
    let scratch = new Uint8Array(0);
    const relu = (racy as unknown as Record<string, (...a: unknown[]) => Promise<AnyTypedArray>>).relu;
    (racy as unknown as Record<string, unknown>).relu = async (x: AnyTypedArray, out?: AnyTypedArray) => {
      const y = await relu(x, out);
      if (scratch.length < y.byteLength) scratch = new Uint8Array(y.byteLength * 2);
      scratch.set(new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
      await new Promise((r) => setTimeout(r, 0)); // another call writes the scratch meanwhile
      new Uint8Array(y.buffer, y.byteOffset, y.byteLength).set(scratch.subarray(0, y.byteLength));
      return y;
    };
    const failures = await checkConcurrent(racy, { calls: 200 });
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatch(/^call \d+ of 200: relu /);
  });
});
