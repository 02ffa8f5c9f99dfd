import { describe, expect, it } from 'vitest';
import { oracle } from '../src/index.js';

const f32 = (...bits: number[]) => new Float32Array(new Uint32Array(bits).buffer);
const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

// Expected values below follow from NumPy's float32 rules (docs/semantics.md), worked by hand.
describe('oracle.relu', () => {
  it('is the classic example', () => {
    expect(Array.from(oracle.relu(new Float32Array([-1, 2, -3, 4, 0])))).toEqual([0, 2, 0, 4, 0]);
  });
  it('keeps -0 and every NaN bit, zeroes -Inf and negative subnormals', () => {
    const x = f32(0x80000000, 0xffc00001, 0x7f800001, 0xff800000, 0x80000001, 0x7f800000, 0x00000001);
    expect(bitsOf(oracle.relu(x))).toEqual([0x80000000, 0xffc00001, 0x7f800001, 0, 0, 0x7f800000, 0x00000001]);
  });
  it('works on integers and float64', () => {
    expect(Array.from(oracle.relu(new Int8Array([-128, -1, 0, 127])))).toEqual([0, 0, 0, 127]);
    expect(Array.from(oracle.relu(new Int32Array([-2147483648, 5])))).toEqual([0, 5]);
    const nan64 = new Float64Array(new Uint32Array([1, 0xfff00000]).buffer); // signalling NaN, payload 1
    expect(new Uint32Array(oracle.relu(nan64).buffer)).toEqual(new Uint32Array([1, 0xfff00000]));
  });
});

describe('oracle.clippedRelu', () => {
  it('clips at 6 by default and keeps NaN and -0', () => {
    const x = new Float32Array([-1, 3, 6, 7, Infinity, -0]);
    expect(Array.from(oracle.clippedRelu(x))).toEqual([0, 3, 6, 6, 6, -0]);
    expect(Object.is(oracle.clippedRelu(x)[5], -0)).toBe(true);
    expect(bitsOf(oracle.clippedRelu(f32(0x7fc12345), 1))).toEqual([0x7fc12345]);
  });
  it('rounds the ceiling to float32 first', () => {
    expect(oracle.clippedRelu(new Float32Array([1]), 0.1)[0]).toBe(Math.fround(0.1));
  });
});

describe('oracle.leakyRelu', () => {
  it('multiplies negatives by alpha rounded to float32', () => {
    expect(Array.from(oracle.leakyRelu(new Float32Array([-1, 2, -4]), 0.1))).toEqual([Math.fround(-0.1), 2, Math.fround(-0.4)]);
  });
  it('rounds subnormal products to nearest even', () => {
    // -(2^-126 + 2^-149) * 0.5 lies halfway between two subnormals; the even one is 2^-127.
    expect(bitsOf(oracle.leakyRelu(f32(0x80800001), 0.5))).toEqual([0x80400000]);
    // -2^-126 * 0.5 = -2^-127 exactly.
    expect(bitsOf(oracle.leakyRelu(f32(0x80800000), 0.5))).toEqual([0x80400000]);
  });
  it('keeps NaN bits and -0', () => {
    expect(bitsOf(oracle.leakyRelu(f32(0xffc00001, 0x80000000)))).toEqual([0xffc00001, 0x80000000]);
  });
});

describe('oracle.reluGrad', () => {
  it('passes dy where x > 0 or x is NaN, +0 elsewhere', () => {
    const dy = f32(0x3f800000, 0xffc00002, 0x40000000, 0x40400000);
    const x = f32(0x3f800000, 0x7fc00000, 0x80000000, 0xbf800000);
    expect(bitsOf(oracle.reluGrad(dy, x))).toEqual([0x3f800000, 0xffc00002, 0, 0]);
  });
});

describe('oracle.stats and deadUnits', () => {
  it('counts by sign, -Inf negative, both zeros zero, NaN apart', () => {
    expect(oracle.stats(new Float32Array([-Infinity, -0, 0, 1, NaN, -2]))).toEqual({
      length: 6, negative: 2, zero: 2, positive: 1, nan: 1,
    });
  });
  it('counts positive rows per column', () => {
    // 3 rows × 2 cols: column 0 is positive twice, column 1 never (a dead unit).
    expect(Array.from(oracle.deadUnits(new Float32Array([1, -1, 2, 0, -3, NaN]), 3, 2))).toEqual([2, 0]);
  });
});
