import { Float16Array as PolyFloat16Array, getFloat16, setFloat16 } from '@petamoriken/float16';
import { describe, expect, it } from 'vitest';
import { allocate, bitView, dtypeOf, f16round, fromFloat16Bits, fromNumbers, isFloat16Array, roundToDType, toFloat16Bits, valuesOf } from '../src/index.js';

const view = new DataView(new ArrayBuffer(2));
/** The polyfill's rounding (a different implementation: it goes through float32 with a correction). */
function polyBits(v: number): number {
  setFloat16(view, 0, v, true);
  return view.getUint16(0, true);
}

describe('binary16 conversions', () => {
  it('decode every one of the 2^16 patterns to the value the polyfill reads', () => {
    for (let h = 0; h < 65536; h++) {
      view.setUint16(0, h, true);
      const want = getFloat16(view, 0, true);
      const got = fromFloat16Bits(h);
      if (!Object.is(got, want)) throw new Error(`0x${h.toString(16)}: ${got} != ${want}`);
    }
  });

  it('round to nearest even: every pattern, every midpoint between neighbours and a step off each side', () => {
    const bad: string[] = [];
    const check = (v: number) => {
      const got = toFloat16Bits(v);
      if (got !== polyBits(v)) bad.push(`${v}: 0x${got.toString(16)} != 0x${polyBits(v).toString(16)}`);
    };
    for (let h = 0; h < 0x7c00; h++) {
      const lo = fromFloat16Bits(h);
      const hi = h === 0x7bff ? 65536 : fromFloat16Bits(h + 1);
      const mid = (lo + hi) / 2;
      for (const v of [lo, mid, mid * (1 + 2 ** -40), mid * (1 - 2 ** -40)]) {
        check(v);
        check(-v);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('gives ±Inf from 65520 up, keeps -0 and returns the quiet NaN for NaN', () => {
    expect(toFloat16Bits(65519.99)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00);
    expect(toFloat16Bits(-1e300)).toBe(0xfc00);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(Number.NaN)).toBe(0x7e00);
    expect(toFloat16Bits(2 ** -25)).toBe(0); // a tie between 0 and the smallest subnormal: even
    expect(toFloat16Bits(2 ** -25 * 1.0001)).toBe(1);
    expect(f16round(0.1)).toBe(0.0999755859375);
    expect(roundToDType('float16', 1e-7)).toBe(2 * 2 ** -24);
  });

  it('recognises a polyfilled Float16Array, which is a Proxy, and makes new arrays of its class', () => {
    const x = new PolyFloat16Array([1, -2, 0.5]);
    expect(ArrayBuffer.isView(x)).toBe(false);
    expect(isFloat16Array(x)).toBe(true);
    expect(dtypeOf(x)).toBe('float16');
    expect(dtypeOf(new Uint16Array(3))).toBeUndefined();
    expect(dtypeOf({ [Symbol.toStringTag]: 'Float16Array', BYTES_PER_ELEMENT: 2, buffer: {} })).toBeUndefined();
    const y = allocate('float16', 2, x);
    expect(y).toBeInstanceOf(PolyFloat16Array);
    expect(Array.from(bitView(fromNumbers('float16', [1, -2, 0.5, Number.NaN])))).toEqual([0x3c00, 0xc000, 0x3800, 0x7e00]);
    expect(Array.from(valuesOf(x))).toEqual([1, -2, 0.5]);
  });
});
