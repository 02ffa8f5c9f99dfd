// The suite must be able to fail: an oracle-backed backend passes, and each deliberately wrong
// variant (the mistakes real kernels make) is caught with a report that names what went wrong.
import {
  DTYPES,
  OP_NAMES,
  checkAlpha,
  checkCeiling,
  checkGrad,
  checkInput,
  checkShape,
  checkUnary,
  oracle,
  type ActivationBackend,
  type AnyTypedArray,
} from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { checkBackend, crossCheck, describeMismatch, runCall, type OpCall } from '../src/index.js';

type Overrides = Partial<Record<'relu' | 'leakyRelu' | 'stats' | 'deadUnits', (x: AnyTypedArray, p?: number) => unknown>>;

function oracleBackend(name: string, overrides: Overrides = {}, flushesSubnormals = false): ActivationBackend {
  const floats = ['float32', 'float64'] as const;
  const b: ActivationBackend = {
    name,
    capabilities: {
      ops: { relu: DTYPES, clippedRelu: DTYPES, leakyRelu: floats, reluGrad: floats, stats: DTYPES, deadUnits: DTYPES },
      flushesSubnormals, deviceBacked: false, sync: false, residentArrays: false, maxLength: 2 ** 31,
    },
    async relu(x, out) {
      checkUnary(b, 'relu', x, out);
      return place((overrides.relu?.(x) as typeof x) ?? oracle.relu(x), out);
    },
    async clippedRelu(x, ceiling = 6, out) {
      const c = checkCeiling(checkUnary(b, 'clippedRelu', x, out), ceiling);
      return place(oracle.clippedRelu(x, c), out);
    },
    async leakyRelu(x, alpha = 0.01, out) {
      const a = checkAlpha(checkUnary(b, 'leakyRelu', x, out), alpha);
      return place((overrides.leakyRelu?.(x, a) as typeof x) ?? oracle.leakyRelu(x, a), out);
    },
    async reluGrad(dy, x, out) {
      checkGrad(b, dy, x, out);
      return place(oracle.reluGrad(dy, x), out);
    },
    async stats(x) {
      checkInput(b, 'stats', x);
      return (overrides.stats?.(x) as ReturnType<typeof oracle.stats>) ?? oracle.stats(x);
    },
    async deadUnits(x, rows, cols) {
      checkShape(b, x, rows, cols);
      return (overrides.deadUnits?.(x, cols) as Uint32Array) ?? oracle.deadUnits(x, rows, cols);
    },
    dispose() {},
  };
  return b;
}

function place<T extends AnyTypedArray>(result: T, out?: T): T {
  if (!out) return result;
  new Uint8Array(out.buffer, out.byteOffset, result.byteLength).set(new Uint8Array(result.buffer));
  return out;
}

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
    ['leakyRelu without float32 rounding of the product', { leakyRelu: (x, a) => { const o = oracle.leakyRelu(x, a); const y = x as Float32Array; for (let i = 0; i < y.length; i++) if (y[i] < 0) o[i] = y[i] * 0.01; return o; } }, { op: 'leakyRelu', dtype: 'float32' }, /leakyRelu float32/],
    ['stats that counts -0 as negative', { stats: (x) => { const s = oracle.stats(x); return { ...s, negative: s.negative + 1, zero: s.zero - 1 }; } }, { op: 'stats', dtype: 'float32' }, /"negative"/],
    ['deadUnits read column-major', { deadUnits: (x, cols) => { const c = new Uint32Array(cols!); const rows = x.length / cols!; for (let j = 0; j < cols!; j++) for (let r = 0; r < rows; r++) c[j] += +(x[j * rows + r] > 0); return c; } }, { op: 'deadUnits', dtype: 'int32' }, /deadUnits int32/],
  ];
  it.each(mutants)('catches %s', async (_name, overrides, call, report) => {
    const mismatch = await runCall(oracleBackend('mutant', overrides), call, { mode: 'new', length: 1023, seed: 7 });
    expect(mismatch).toBeDefined();
    expect(describeMismatch(mismatch!)).toMatch(report);
    expect(describeMismatch(mismatch!)).toMatch(/RECTIFY_SEED=7/);
  });

  it('accepts flushed subnormals only from a backend that declares it, and only for leakyRelu', async () => {
    const flush = (x: AnyTypedArray, a?: number) => {
      const o = oracle.leakyRelu(x, a) as Float32Array;
      for (let i = 0; i < o.length; i++) if (o[i] !== 0 && Math.abs(o[i]) < 2 ** -126) o[i] = o[i] < 0 ? -0 : 0;
      return o;
    };
    const call: OpCall = { op: 'leakyRelu', dtype: 'float32', param: 1e-30 };
    expect(await runCall(oracleBackend('honest', { leakyRelu: flush }, true), call, { mode: 'new', length: 1023, seed: 3 })).toBeUndefined();
    expect(await runCall(oracleBackend('silent', { leakyRelu: flush }, false), call, { mode: 'new', length: 1023, seed: 3 })).toBeDefined();
  });

  it('cross-checks several backends against the oracle and names the wrong one', async () => {
    const report = await crossCheck(
      [oracleBackend('good'), oracleBackend('bad', { relu: (x) => x.map((v) => Math.max(0, v)) })],
      { lengths: [33], ops: ['relu'] },
    );
    expect(report.checked).toBe(8);
    expect(report.mismatches.map((m) => `${m.backend} ${m.dtype}`)).toEqual(['bad float32', 'bad float64']);
  });
});
