/**
 * The oracles' one helper, written to be obviously right rather than fast. Decisions read each
 * element as a JS number (exact for every dtype here; a NaN compares false whatever its payload).
 * Results are written by copying the element's bytes, never by storing a number, because storing a
 * NaN through a Float32Array may change its payload; float16 results are encoded to their bits here.
 */
import { allocate, bitView, dtypeOf, toFloat16Bits, valuesOf, type AnyTypedArray } from '../dtypes.js';

/** Builds result[i] from either a computed number or a verbatim copy of source[i]'s bits. */
export function elementwise<T extends AnyTypedArray>(x: T, pick: (value: number, index: number) => number | 'keep', source: AnyTypedArray = x): T {
  const dtype = dtypeOf(x)!;
  const out = allocate(dtype, x.length, x) as T;
  const outBits = bitView(out);
  const srcBits = bitView(source);
  const values = valuesOf(x);
  const words = outBits.length / Math.max(x.length, 1);
  for (let i = 0; i < x.length; i++) {
    const result = pick(values[i], i);
    if (result === 'keep') {
      for (let w = 0; w < words; w++) outBits[i * words + w] = srcBits[i * words + w];
    } else if (dtype === 'float16') {
      outBits[i] = toFloat16Bits(result);
    } else {
      out[i] = result;
    }
  }
  return out;
}
