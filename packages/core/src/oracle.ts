/**
 * The reference semantics, written to be obviously right rather than fast. The conformance suite
 * compares every backend with these functions bit for bit. See docs/semantics.md.
 *
 * Decisions read each element as a JS number (exact for every dtype here; a NaN compares false
 * whatever its payload). Results are written by copying the element's bytes, never by storing a
 * number, because storing a NaN through a Float32Array may change its payload.
 */
import type { ActivationStats } from './backend.js';
import { allocate, bitView, dtypeOf, roundToDType, type AnyTypedArray, type DType } from './dtypes.js';
import { NotATypedArrayError } from './errors.js';

function dtypeOrThrow(x: unknown): DType {
  const dtype = dtypeOf(x);
  if (dtype === undefined) throw new NotATypedArrayError('x', x);
  return dtype;
}

/** Builds result[i] from either a computed number or a verbatim copy of source[i]'s bits. */
function elementwise<T extends AnyTypedArray>(
  x: T,
  pick: (value: number) => number | 'keep',
  source: AnyTypedArray = x,
): T {
  const dtype = dtypeOrThrow(x);
  const out = allocate(dtype, x.length) as T;
  const outBits = bitView(out);
  const srcBits = bitView(source);
  const words = outBits.length / Math.max(x.length, 1);
  for (let i = 0; i < x.length; i++) {
    const result = pick(x[i]);
    if (result === 'keep') {
      for (let w = 0; w < words; w++) outBits[i * words + w] = srcBits[i * words + w];
    } else {
      out[i] = result;
    }
  }
  return out;
}

/** `x < 0 ? +0 : x`: -0 and NaN keep their bits. Same as np.maximum(0, x). */
export function relu<T extends AnyTypedArray>(x: T): T {
  return elementwise(x, (v) => (v < 0 ? 0 : 'keep'));
}

/** `x < 0 ? +0 : (x > ceiling ? ceiling : x)`. Same as np.minimum(np.maximum(0, x), ceiling). */
export function clippedRelu<T extends AnyTypedArray>(x: T, ceiling = 6): T {
  const c = roundToDType(dtypeOrThrow(x), ceiling);
  return elementwise(x, (v) => (v < 0 ? 0 : v > c ? c : 'keep'));
}

/**
 * `x < 0 ? alpha * x : x`, alpha rounded to the dtype first, the product rounded once to nearest even.
 * For float32 the double product of two float32 values is exact, so Math.fround rounds it once.
 */
export function leakyRelu<T extends AnyTypedArray>(x: T, alpha = 0.01): T {
  const dtype = dtypeOrThrow(x);
  const a = roundToDType(dtype, alpha);
  return elementwise(x, (v) => (v < 0 ? roundToDType(dtype, a * v) : 'keep'));
}

/** `x <= 0 ? +0 : dy`, dy's bits kept; a NaN in x passes dy through (PyTorch's threshold_backward). */
export function reluGrad<T extends AnyTypedArray>(dy: T, x: T): T {
  return elementwise(x, (v) => (v <= 0 ? 0 : 'keep'), dy);
}

export function stats(x: AnyTypedArray): ActivationStats {
  dtypeOrThrow(x);
  const s: ActivationStats = { length: x.length, negative: 0, zero: 0, positive: 0, nan: 0 };
  for (const v of x) {
    if (v < 0) s.negative++;
    else if (v === 0) s.zero++;
    else if (v > 0) s.positive++;
    else s.nan++;
  }
  return s;
}

/** For a row-major rows × cols matrix: per column, how many rows hold a value > 0. */
export function deadUnits(x: AnyTypedArray, rows: number, cols: number): Uint32Array {
  dtypeOrThrow(x);
  const counts = new Uint32Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (x[r * cols + c] > 0) counts[c]++;
    }
  }
  return counts;
}
