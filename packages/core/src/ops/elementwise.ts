/**
 * The oracles' one helper, written to be obviously right rather than fast. Decisions read each
 * element as a JS number (exact for every dtype here; a NaN compares false whatever its payload).
 * Results are written by copying the element's bytes, never by storing a number, because storing a
 * NaN through a Float32Array may change its payload.
 */
import { allocate, bitView, dtypeOf, type AnyTypedArray } from '../dtypes.js';

/** Builds result[i] from either a computed number or a verbatim copy of source[i]'s bits. */
export function elementwise<T extends AnyTypedArray>(x: T, pick: (value: number, index: number) => number | 'keep', source: AnyTypedArray = x): T {
  const out = allocate(dtypeOf(x)!, x.length) as T;
  const outBits = bitView(out);
  const srcBits = bitView(source);
  const words = outBits.length / Math.max(x.length, 1);
  for (let i = 0; i < x.length; i++) {
    const result = pick(x[i], i);
    if (result === 'keep') {
      for (let w = 0; w < words; w++) outBits[i * words + w] = srcBits[i * words + w];
    } else {
      out[i] = result;
    }
  }
  return out;
}
