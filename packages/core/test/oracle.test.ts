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

describe('the ReLU family', () => {
  const f32 = (...v: number[]) => new Float32Array(v);
  const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer));

  it('prelu takes each element\'s channel: channels last by default, any axis by options', () => {
    const x = f32(-1, -2, -3, -4, -5, -6);
    expect(Array.from(oracle.prelu(x, f32(0.5, 2, 0.25)))).toEqual([-0.5, -4, -0.75, -2, -10, -1.5]);
    // NCHW [1, 2, 3]: elements 0-2 are channel 0, 3-5 channel 1.
    expect(Array.from(oracle.prelu(x, f32(0.5, 2), { shape: [1, 2, 3], axis: 1 }))).toEqual([-0.5, -1, -1.5, -8, -10, -12]);
    expect(Array.from(oracle.prelu(x, f32(0.5, 2), { shape: [2, 3], axis: 0 }))).toEqual([-0.5, -1, -1.5, -8, -10, -12]);
    expect(Array.from(oracle.prelu(x, f32(3)))).toEqual([-3, -6, -9, -12, -15, -18]);
  });

  it('prelu keeps -0, NaN bits and positives, as leakyRelu', () => {
    const x = new Float32Array(new Uint32Array([0x80000000, 0x7fc12345, 0x3f800000]).buffer);
    expect(bits(oracle.prelu(x, f32(2)))).toEqual([0x80000000, 0x7fc12345, 0x3f800000]);
  });

  it('leakyReluGrad gives alpha * dy at x = ±0 and below, dy above, and passes dy for a NaN x', () => {
    const x = new Float32Array(new Uint32Array([0x00000000, 0x80000000, 0xbf800000, 0x3f800000, 0x7fc00001]).buffer);
    const dy = f32(2, 2, 2, 2, 2);
    expect(Array.from(oracle.leakyReluGrad(dy, x, 0.5))).toEqual([1, 1, 1, 2, 2]);
  });

  it('clippedReluGrad passes dy strictly inside (0, ceiling), and for a NaN x', () => {
    const x = f32(-1, 0, 0.5, 6, 7, Number.NaN, Infinity);
    expect(Array.from(oracle.clippedReluGrad(f32(3, 3, 3, 3, 3, 3, 3), x))).toEqual([0, 0, 3, 0, 0, 3, 0]);
  });

  it('preluGrad: dx per channel, dalpha the exact sum of dy * x where x <= 0, special terms by the rules', () => {
    // Shape [2, 3], axis 0: elements 0-2 are channel 0 (alpha 0.5), 3-5 channel 1 (0.25).
    const big = Math.fround(1e30);
    const { dx, dalpha } = oracle.preluGrad(f32(1e30, 1, -1e30, 5, 1, 1), f32(-1, -1, -1, 2, -0, -1), f32(0.5, 0.25), { shape: [2, 3], axis: 0 });
    expect(Array.from(dx)).toEqual([big / 2, 0.5, -big / 2, 5, 0.25, 0.25]);
    expect(Array.from(dalpha)).toEqual([-1, -1]);
    const g = oracle.preluGrad(f32(1e30, 1, -1e30, 5), f32(-1, -1, -1, 2), f32(0.5));
    expect(Array.from(g.dalpha)).toEqual([-1]);
    expect(Array.from(oracle.preluGrad(f32(Infinity, 1), f32(0, -1), f32(0.5)).dalpha)).toEqual([Number.NaN]);
    expect(Array.from(oracle.preluGrad(f32(Infinity, -Infinity), f32(-1, -1), f32(0.5)).dalpha)).toEqual([Number.NaN]);
    expect(Array.from(oracle.preluGrad(f32(Infinity, 1), f32(-1, -1), f32(0.5)).dalpha)).toEqual([-Infinity]);
    expect(Array.from(oracle.preluGrad(f32(1, 1), f32(Number.NaN, 3), f32(0.5)).dalpha)).toEqual([0]);
    expect(Object.is(oracle.preluGrad(f32(1), f32(-0), f32(0.5)).dalpha[0], 0)).toBe(true);
  });
});
