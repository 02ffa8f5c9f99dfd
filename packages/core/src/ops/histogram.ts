import { DTYPES, valuesOf, type AnyTypedArray } from '../dtypes.js';
import { InvalidParameterError } from '../errors.js';
import { defineOp, type CallStyle, type InvalidParams, type Returns } from './define.js';

export interface HistogramCall<S extends CallStyle> {
  /**
   * Counts of x in the bins of `edges` (a Float64Array of k >= 2 ascending finite numbers), k + 2 of
   * them: [x < edges[0], one per bin [edges[j], edges[j + 1]) (the last closed, as np.histogram), x > edges[k - 1], NaN].
   */
  histogram<T extends S['array']>(x: T, edges: Float64Array): Returns<S, Uint32Array>;
}

/** The edges as the kernels take them (a copy, so a later write to the caller's array changes nothing), or a thrown InvalidParameterError. */
function checkEdges(edges: unknown): number[] {
  if (!(edges instanceof Float64Array) || edges.length < 2) {
    throw new InvalidParameterError('edges must be a Float64Array of at least 2 ascending finite numbers, e.g. Float64Array.of(-1, 0, 1).');
  }
  const e = Array.from(edges);
  for (let j = 0; j < e.length; j++) {
    if (!Number.isFinite(e[j])) throw new InvalidParameterError(`edges[${j}] is ${e[j]}; every edge must be finite (values beyond the first and last edges are counted apart).`);
    if (j > 0 && !(e[j] > e[j - 1])) throw new InvalidParameterError(`edges must be strictly ascending, but edges[${j}] = ${e[j]} follows ${e[j - 1]}.`);
  }
  return e;
}

/** Index of x's count: binary search over the edges; NaN last. */
export function binOf(v: number, edges: readonly number[]): number {
  const k = edges.length;
  if (v !== v) return k + 1;
  if (v < edges[0]) return 0;
  if (v > edges[k - 1]) return k;
  if (v === edges[k - 1]) return k - 1; // the last bin is closed
  let lo = 0;
  let hi = k - 1; // edges[lo] <= v < edges[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (v < edges[mid]) hi = mid;
    else lo = mid;
  }
  return lo + 1;
}

export const histogram = defineOp({
  name: 'histogram',
  doc: 'counts of x per bin of ascending finite edges, plus below, above and NaN (np.histogram, last bin closed)',
  arrays: ['x'],
  params: [{ name: 'edges', doc: 'a Float64Array of at least 2 strictly ascending finite numbers' }],
  result: 'bins',
  dtypes: DTYPES,
  arithmetic: false,
  checkParams: (_dtype, _length, [edges]) => checkEdges(edges),
  oracle: ([x], edges) => {
    const counts = new Uint32Array(edges.length + 2);
    const v = valuesOf(x as AnyTypedArray);
    for (let i = 0; i < v.length; i++) counts[binOf(v[i], edges)]++;
    return counts;
  },
  cases: () => [
    { label: 'decades', params: () => [Float64Array.of(-1e4, -100, -1, -0.01, 0, 0.01, 1, 100, 1e4)] },
    { label: 'the relu6 ceiling', params: () => [Float64Array.of(0, 6)] },
    { label: 'tiny and huge', params: () => [Float64Array.of(-1e300, -1e-40, 1e-40, 1e300)] },
  ],
  invalid: (): InvalidParams[] =>
    (
      [
        ['edges missing', undefined],
        ['edges null', null],
        ['edges a plain array', [0, 1]],
        ['edges a Float32Array', Float32Array.of(0, 1)],
        ['one edge', Float64Array.of(0)],
        ['edges with NaN', Float64Array.of(0, Number.NaN, 2)],
        ['edges with Infinity', Float64Array.of(0, Infinity)],
        ['edges descending', Float64Array.of(1, 0)],
        ['edges repeated', Float64Array.of(0, 0, 1)],
      ] as const
    ).map(([label, edges]) => ({ label, params: [edges], error: InvalidParameterError })),
});
