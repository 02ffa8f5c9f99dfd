// The report card counts and sorts every difference from the oracle, and its examples replay: an
// exact backend gets a clean card; each mutant gets the classes of the mistake it makes.
import { OP_NAMES, opDefinition, oracle, type AnyTypedArray } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { classify, gradeBackend, replayExample, specialInputs, specialValues, type MismatchClass } from '../src/index.js';
import { oracleBackend } from './support/oracle-backend.js';

const f32 = (...bits: number[]) => new Float32Array(new Uint32Array(bits).buffer);

describe('classify', () => {
  const cases: [string, number, number, MismatchClass][] = [
    ['a NaN turned into 0', 0x00000000, 0x7fc00000, 'NaN lost'],
    ['a number turned into NaN', 0x7fc00000, 0x3f800000, 'NaN made'],
    ['a NaN of the other sign', 0xffc00000, 0x7fc00000, 'NaN sign'],
    ['a signalling NaN quieted', 0x7fc00001, 0x7f800001, 'NaN payload'],
    ['-0 for +0', 0x80000000, 0x00000000, 'signed zero'],
    ['0 for a subnormal', 0x00000000, 0x00000001, 'subnormal flush'],
    ['one ulp off', 0x3f800001, 0x3f800000, 'rounding'],
    ['a tiny value of the other sign', 0x00000002, 0x80000000, 'wrong value'],
    ['another number', 0x40000000, 0x3f800000, 'wrong value'],
  ];
  it.each(cases)('%s', (_label, got, want, cls) => {
    expect(classify(f32(got), f32(want), 0)).toBe(cls);
  });
  it('has no rounding for integers', () => {
    expect(classify(Int32Array.of(2), Int32Array.of(1), 0)).toBe('wrong value');
  });
});

describe('specialInputs', () => {
  it('pairs every special of dy with every special of x', () => {
    const [dy, x] = specialInputs(opDefinition('reluGrad')!, 'float32');
    const n = specialValues('float32').length;
    expect(dy.length).toBe(n * n);
    const s = new Uint32Array(specialValues('float32').buffer);
    const [dyBits, xBits] = [new Uint32Array(dy.buffer), new Uint32Array(x.buffer)];
    for (const [i, j] of [[0, 1], [5, 7], [n - 1, 0]]) {
      expect(xBits[i * n + j]).toBe(s[i]);
      expect(dyBits[i * n + j]).toBe(s[j]);
    }
  });
});

describe('gradeBackend', () => {
  it('gives an exact backend a clean card on every op and dtype', async () => {
    const card = await gradeBackend(oracleBackend('oracle'), { randomLength: 512 });
    expect(card.filter((e) => !e.passed)).toEqual([]);
    expect(new Set(card.map((e) => e.op))).toEqual(new Set(OP_NAMES));
    for (const e of card) expect(e.specials.elements + e.random.elements, `${e.op} ${e.dtype}`).toBeGreaterThan(0);
  });

  it('counts every difference of a mutant, by class, with examples that replay', async () => {
    // relu through Math.max: -0 becomes +0.
    const mutant = oracleBackend('mutant', { relu: (x) => (x as Float32Array).map((v) => Math.max(0, v)) });
    const [relu32] = await gradeBackend(mutant, { ops: ['relu'], randomLength: 512 });
    expect(relu32).toMatchObject({ op: 'relu', dtype: 'float32', passed: false });
    expect(relu32.classes['signed zero']).toBeGreaterThan(0);
    expect(relu32.specials.mismatches).toBeGreaterThan(0);
    const zero = relu32.examples.find((e) => e.class === 'signed zero')!;
    expect(zero).toMatchObject({ set: 'specials', operands: { x: '0x80000000' }, got: '0x00000000', want: '0x80000000' });
    expect(await replayExample(mutant, 'relu', 'float32', zero)).toEqual({ got: ['0x00000000'], want: '0x80000000', how: 'alone' });
  });

  it('replays in the whole call what depends on the other elements', async () => {
    // A mutant that is wrong only at index 3 of a call: alone, the element comes out right.
    const mutant = oracleBackend('positional', { relu: (x) => { const o = oracle.relu(x as Float32Array); if (o.length > 3) o[3] = 42; return o; } });
    const [entry] = await gradeBackend(mutant, { ops: ['relu'], randomLength: 64 });
    const example = entry.examples.find((e) => e.index === 3)!;
    expect(example.got).toBe('0x42280000');
    const replay = await replayExample(mutant, 'relu', 'float32', example);
    expect(replay).toMatchObject({ got: ['0x42280000'], how: 'in its call' });
  });

  it('reports what a backend throws on valid input', async () => {
    const throwing = oracleBackend('throws', { leakyRelu: () => { throw new Error('boom'); } });
    const [entry] = await gradeBackend(throwing, { ops: ['leakyRelu'], randomLength: 16 });
    expect(entry.passed).toBe(false);
    expect(entry.error).toMatch(/boom/);
  });

  it('compares dalpha per channel', async () => {
    const mutant = oracleBackend('dalpha', {
      preluGrad: (_dy, _params, { arrays, perChannel }) => {
        const r = oracle.preluGrad(arrays[0] as Float32Array, arrays[1] as Float32Array, perChannel as Float32Array, undefined) as { dx: AnyTypedArray; dalpha: Float32Array };
        r.dalpha[0] = Math.fround(r.dalpha[0] * (1 + 2 ** -22));
        return r;
      },
    });
    const [entry] = await gradeBackend(mutant, { ops: ['preluGrad'], randomLength: 256 });
    const example = entry.examples.find((e) => e.part === 'dalpha');
    expect(example).toBeDefined();
    expect(example!.index).toBe(0);
  });
});
