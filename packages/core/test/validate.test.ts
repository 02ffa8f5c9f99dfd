import { describe, expect, it } from 'vitest';
import {
  DTypeMismatchError,
  InvalidParameterError,
  LengthMismatchError,
  NotATypedArrayError,
  OutTooShortError,
  OverlapError,
  RectifyError,
  ShapeMismatchError,
  UnsupportedDTypeError,
  checkAlpha,
  checkCeiling,
  checkMatrixShape,
  opDefinition,
  perOp,
  prepareCall,
  type Capabilities,
} from '../src/index.js';

const backend = {
  name: 'test',
  capabilities: {
    ops: { ...perOp(() => ['float32']), relu: ['float32', 'int8'] },
    flushesSubnormals: false, deviceBacked: false, sync: false, residentArrays: false, maxLength: 1e9,
  } as Capabilities,
};

const op = (name: string) => opDefinition(name)!;
const prepare = (name: string, ...args: unknown[]) => prepareCall(backend, op(name), args);

describe('prepareCall on one-array ops', () => {
  it('returns the dtype, length and arrays of a good call, with or without out, in place or not', () => {
    const x = new Float32Array(4);
    expect(prepare('relu', x)).toMatchObject({ dtype: 'float32', length: 4, arrays: [x], out: undefined });
    expect(prepare('relu', x, x).out).toBe(x);
    expect(prepare('relu', x, new Float32Array(5)).dtype).toBe('float32');
  });
  it('rejects non-typed-arrays with a message that says what to do', () => {
    expect(() => prepare('relu', [1, 2])).toThrow(NotATypedArrayError);
    expect(() => prepare('relu', [1, 2])).toThrow(/new Float32Array/);
    expect(() => prepare('relu', new Uint8Array(2))).toThrow(NotATypedArrayError);
  });
  it('names op, dtype and backend for an undeclared dtype', () => {
    const e = (() => { try { prepare('relu', new Float64Array(1)); } catch (err) { return err; } })();
    expect(e).toBeInstanceOf(UnsupportedDTypeError);
    expect(e).toBeInstanceOf(RectifyError);
    expect((e as UnsupportedDTypeError).message).toMatch(/'test'.*relu.*float64/);
  });
  it('rejects a bad out', () => {
    const x = new Float32Array(8);
    expect(() => prepare('relu', x, new Int8Array(8))).toThrow(DTypeMismatchError);
    expect(() => prepare('relu', x, new Float32Array(7))).toThrow(OutTooShortError);
    expect(() => prepare('relu', x, [0, 0])).toThrow(/out must be/);
    const big = new Float32Array(16);
    expect(() => prepare('relu', big.subarray(0, 8), big.subarray(4, 12))).toThrow(OverlapError);
    expect(() => prepare('relu', big.subarray(0, 8), big.subarray(8, 16))).not.toThrow();
  });
  it('applies defaults to undefined only, rounds scalars to the dtype, and rejects null', () => {
    const x = new Float32Array(3);
    expect(prepare('clippedRelu', x).params).toEqual([6]);
    expect(prepare('clippedRelu', x, undefined, x).params).toEqual([6]);
    expect(prepare('leakyRelu', x, 0.1).params).toEqual([Math.fround(0.1)]);
    expect(() => prepare('clippedRelu', x, null)).toThrow(InvalidParameterError);
    expect(() => prepare('leakyRelu', x, null)).toThrow(InvalidParameterError);
  });
  it('checks arrays before parameters', () => {
    expect(() => prepare('clippedRelu', new Float32Array(2), Number.NaN, new Int8Array(2))).toThrow(DTypeMismatchError);
  });
});

describe('prepareCall on reluGrad', () => {
  it('needs dy and x of one dtype and length; out may be either', () => {
    const dy = new Float32Array(3);
    const x = new Float32Array(3);
    expect(prepare('reluGrad', dy, x, dy).arrays).toEqual([dy, x]);
    expect(prepare('reluGrad', dy, x, x).dtype).toBe('float32');
    expect(() => prepare('reluGrad', new Float32Array(2), x)).toThrow(LengthMismatchError);
    expect(() => prepare('reluGrad', new Int8Array(3), x)).toThrow(DTypeMismatchError);
    expect(() => prepare('reluGrad', null, x)).toThrow(NotATypedArrayError);
    expect(() => prepare('reluGrad', null, x)).toThrow(/^dy must be/);
  });
  it('names dy, then x, as the input out overlaps', () => {
    const big = new Float32Array(20);
    const dy = big.subarray(0, 8);
    const x = big.subarray(10, 18);
    expect(() => prepare('reluGrad', dy, x, big.subarray(2, 10))).toThrow(/overlaps dy/);
    expect(() => prepare('reluGrad', dy, x, big.subarray(12, 20))).toThrow(/overlaps x/);
  });
});

describe('prepareCall on deadUnits', () => {
  it('needs rows * cols === length with non-negative integers', () => {
    expect(prepare('deadUnits', new Float32Array(6), 2, 3).params).toEqual([2, 3]);
    expect(prepare('deadUnits', new Float32Array(0), 0, 5).params).toEqual([0, 5]);
    expect(() => prepare('deadUnits', new Float32Array(6), 4, 2)).toThrow(ShapeMismatchError);
    expect(() => prepare('deadUnits', new Float32Array(6), -2, -3)).toThrow(ShapeMismatchError);
    expect(() => prepare('deadUnits', new Float32Array(6), 1.5, 4)).toThrow(ShapeMismatchError);
    expect(() => prepare('deadUnits', new Float32Array(6), 6)).toThrow(/cols must be a non-negative integer/);
  });
  it('checkMatrixShape checks a bare length the same way', () => {
    expect(() => checkMatrixShape(6, 2, 3)).not.toThrow();
    expect(() => checkMatrixShape(6, 4, 2)).toThrow(/rows \* cols = 4 \* 2 = 8 but x has 6 elements/);
    expect(() => checkMatrixShape(6, '2', 3)).toThrow(/rows must be a non-negative integer/);
  });
});

describe('prepareCall with an inspector (arrays that are not typed arrays)', () => {
  it('asks the inspector for every array and out, with names and positions', () => {
    const seen: string[] = [];
    const handle = (length: number) => ({ length });
    const inspect = (v: unknown, name: string, position: number) => {
      seen.push(`${name}@${position}`);
      if (typeof v !== 'object' || v === null) throw new NotATypedArrayError(name, v);
      return 'float32' as const;
    };
    const dy = handle(4);
    const x = handle(4);
    const out = handle(4);
    expect(prepareCall(backend, op('reluGrad'), [dy, x, out], inspect).length).toBe(4);
    expect(seen).toEqual(['x@1', 'dy@0', 'out@2']);
    expect(() => prepareCall(backend, op('reluGrad'), [handle(3), x], inspect)).toThrow(LengthMismatchError);
  });
});

describe('checkCeiling and checkAlpha', () => {
  it('round to the dtype and refuse what is not finite or not positive', () => {
    expect(checkCeiling('float32', 0.1)).toBe(Math.fround(0.1));
    expect(checkCeiling('float64', 0.1)).toBe(0.1);
    for (const bad of [0, -1, NaN, Infinity, 1e-50, 1e39]) expect(() => checkCeiling('float32', bad)).toThrow(InvalidParameterError);
    expect(checkCeiling('float64', 1e39)).toBe(1e39);
    expect(checkCeiling('int8', 127)).toBe(127);
    for (const bad of [0, 128, 1.5, -3]) expect(() => checkCeiling('int8', bad)).toThrow(InvalidParameterError);
    expect(checkAlpha('float32', 0.01)).toBe(Math.fround(0.01));
    expect(checkAlpha('float32', 0)).toBe(0);
    for (const bad of [NaN, -Infinity, 1e39, '0.1']) expect(() => checkAlpha('float32', bad)).toThrow(InvalidParameterError);
  });
});
