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
  checkGrad,
  checkShape,
  checkMatrixShape,
  checkUnary,
  type Capabilities,
} from '../src/index.js';

const backend = {
  name: 'test',
  capabilities: {
    ops: { relu: ['float32', 'int8'], clippedRelu: ['float32'], leakyRelu: ['float32'], reluGrad: ['float32'], stats: ['float32'], deadUnits: ['float32'] },
    flushesSubnormals: false, deviceBacked: false, sync: false, residentArrays: false, maxLength: 1e9,
  } as Capabilities,
};

describe('checkUnary', () => {
  it('returns the dtype of a good call, with or without out, in place or not', () => {
    const x = new Float32Array(4);
    expect(checkUnary(backend, 'relu', x, undefined)).toBe('float32');
    expect(checkUnary(backend, 'relu', x, x)).toBe('float32');
    expect(checkUnary(backend, 'relu', x, new Float32Array(5))).toBe('float32');
  });
  it('rejects non-typed-arrays with a message that says what to do', () => {
    expect(() => checkUnary(backend, 'relu', [1, 2], undefined)).toThrow(NotATypedArrayError);
    expect(() => checkUnary(backend, 'relu', [1, 2], undefined)).toThrow(/new Float32Array/);
    expect(() => checkUnary(backend, 'relu', new Uint8Array(2), undefined)).toThrow(NotATypedArrayError);
  });
  it('names op, dtype and backend for an undeclared dtype', () => {
    const e = (() => { try { checkUnary(backend, 'relu', new Float64Array(1), undefined); } catch (err) { return err; } })();
    expect(e).toBeInstanceOf(UnsupportedDTypeError);
    expect(e).toBeInstanceOf(RectifyError);
    expect((e as UnsupportedDTypeError).message).toMatch(/'test'.*relu.*float64/);
  });
  it('rejects a bad out', () => {
    const x = new Float32Array(8);
    expect(() => checkUnary(backend, 'relu', x, new Int8Array(8))).toThrow(DTypeMismatchError);
    expect(() => checkUnary(backend, 'relu', x, new Float32Array(7))).toThrow(OutTooShortError);
    const big = new Float32Array(16);
    expect(() => checkUnary(backend, 'relu', big.subarray(0, 8), big.subarray(4, 12))).toThrow(OverlapError);
    expect(() => checkUnary(backend, 'relu', big.subarray(0, 8), big.subarray(8, 16))).not.toThrow();
  });
});

describe('checkGrad', () => {
  it('needs dy and x of one dtype and length; out may be either', () => {
    const dy = new Float32Array(3);
    const x = new Float32Array(3);
    expect(checkGrad(backend, dy, x, dy)).toBe('float32');
    expect(checkGrad(backend, dy, x, x)).toBe('float32');
    expect(() => checkGrad(backend, new Float32Array(2), x, undefined)).toThrow(LengthMismatchError);
    expect(() => checkGrad(backend, new Int8Array(3), x, undefined)).toThrow(DTypeMismatchError);
    expect(() => checkGrad(backend, null, x, undefined)).toThrow(NotATypedArrayError);
  });
});

describe('checkShape', () => {
  it('needs rows * cols === length with non-negative integers', () => {
    expect(checkShape(backend, new Float32Array(6), 2, 3)).toBe('float32');
    expect(checkShape(backend, new Float32Array(0), 0, 5)).toBe('float32');
    expect(() => checkShape(backend, new Float32Array(6), 4, 2)).toThrow(ShapeMismatchError);
    expect(() => checkShape(backend, new Float32Array(6), -2, -3)).toThrow(ShapeMismatchError);
    expect(() => checkShape(backend, new Float32Array(6), 1.5, 4)).toThrow(ShapeMismatchError);
  });
  it('checkMatrixShape checks a bare length the same way (for arrays that are not typed arrays)', () => {
    expect(() => checkMatrixShape(6, 2, 3)).not.toThrow();
    expect(() => checkMatrixShape(6, 4, 2)).toThrow(/rows \* cols = 4 \* 2 = 8 but x has 6 elements/);
    expect(() => checkMatrixShape(6, '2', 3)).toThrow(/rows must be a non-negative integer/);
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
