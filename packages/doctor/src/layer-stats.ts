/**
 * One layer's figures, accumulated over chunks of its pre-activations. Every count and sum is made by
 * the Rectify backend (stats, deadUnits, histogram, columnSums, and the activation itself for the
 * output's means); this file only arranges the data into samples × units and adds chunks up.
 */
import { allocate, bitView, dtypeOf, invoke, opDefinition, type AnyTypedArray, type OpName } from '@rectify/core';
import type { ChosenBackend } from './backends.js';

/** Histogram edges: decades on both sides of zero, so a layer's sign balance and scale show at a glance. */
export const HISTOGRAM_EDGES: readonly number[] = [-1e4, -1e3, -100, -10, -1, -0.1, -0.01, -1e-3, 0, 1e-3, 0.01, 0.1, 1, 10, 100, 1e3, 1e4];


export interface LayerActivation {
  /** The Rectify op the layer applies; 'output' when the data already is its output (fused layers): summed as it is. */
  op: OpName | 'output';
  /** The op's parameters after x (alpha, ceiling, prelu's slopes: one per unit or one for all). */
  params: readonly unknown[];
  /** A clipped activation's ceiling: samples at or above it are saturated. */
  ceiling?: number;
}

export interface LayerFigures {
  units: number;
  /** Rows of the samples × units view: samples, times spatial positions for a conv layer. */
  samples: number;
  /** Per unit: in how many samples the pre-activation is > 0. */
  active: Uint32Array;
  negative: number;
  zero: number;
  positive: number;
  nan: number;
  /** ±Inf pre-activations. */
  inf: number;
  /** Per unit, the sum of the layer's output (the activation applied by the backend). */
  outputSums: Float64Array;
  /** Samples at or above clippedRelu's ceiling. */
  saturated: number;
  /** Counts for HISTOGRAM_EDGES: [below the first, each bin, above the last, NaN]. */
  histogram: number[];
}

export class LayerAccumulator {
  private readonly f: LayerFigures;
  private readonly edges: Float64Array;
  /** -MAX, the ceiling if any, +MAX: the edges that count infinities and saturation. */
  private readonly limits: Float64Array;

  constructor(
    private readonly backend: ChosenBackend['ops'],
    readonly units: number,
    private readonly activation: LayerActivation,
  ) {
    this.edges = Float64Array.from(HISTOGRAM_EDGES);
    const { ceiling } = activation;
    this.limits = Float64Array.from(ceiling === undefined ? [-Number.MAX_VALUE, Number.MAX_VALUE] : [-Number.MAX_VALUE, ceiling, Number.MAX_VALUE]);
    this.f = {
      units,
      samples: 0,
      active: new Uint32Array(units),
      negative: 0,
      zero: 0,
      positive: 0,
      nan: 0,
      inf: 0,
      outputSums: new Float64Array(units),
      saturated: 0,
      histogram: new Array(HISTOGRAM_EDGES.length + 2).fill(0),
    };
  }

  /** Adds a chunk already laid out as rows × units (row-major). */
  async add(matrix: AnyTypedArray): Promise<void> {
    const { backend, units, f } = this;
    const rows = units === 0 ? 0 : matrix.length / units;
    const s = await backend.stats(matrix);
    f.negative += s.negative;
    f.zero += s.zero;
    f.positive += s.positive;
    f.nan += s.nan;
    const active = await backend.deadUnits(matrix, rows, units);
    for (let u = 0; u < units; u++) f.active[u] += active[u];
    const hist = await backend.histogram(matrix, this.edges);
    for (let k = 0; k < hist.length; k++) f.histogram[k] += hist[k];
    const output = await this.activate(matrix);
    const sums = await backend.columnSums(output, rows, units);
    for (let u = 0; u < units; u++) f.outputSums[u] += sums[u];
    // One pass for both: below -MAX is -Inf, above +MAX is +Inf, and with a ceiling, the last bin
    // [ceiling, +MAX] and +Inf are at it or above.
    const c = await backend.histogram(matrix, this.limits);
    const k = this.limits.length;
    f.inf += c[0] + c[k];
    if (this.activation.ceiling !== undefined) f.saturated += c[k - 1] + c[k];
    f.samples += rows;
  }

  private activate(x: AnyTypedArray): Promise<AnyTypedArray> {
    const { op, params } = this.activation;
    if (op === 'output') return Promise.resolve(x);
    return invoke(this.backend, opDefinition(op)!, [x], params) as Promise<AnyTypedArray>;
  }

  figures(): LayerFigures {
    return this.f;
  }
}

/**
 * A chunk of a tensor as rows × units: the unit axis moved last (NCHW's channels become columns, each
 * sample's spatial positions rows of their own). Copies bits, so NaN payloads and -0 survive.
 */
export function unitsLast(data: AnyTypedArray, shape: readonly number[], axis: number): AnyTypedArray {
  const rank = shape.length;
  if (rank === 0) return data;
  if (axis === rank - 1 || data.length === 0) return data;
  const units = shape[axis];
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = allocate(dtypeOf(data)!, data.length, data);
  const src = bitView(data);
  const dst = bitView(out);
  const w = src.length / Math.max(data.length, 1); // words per element (2 for float64)
  for (let o = 0; o < outer; o++) {
    for (let u = 0; u < units; u++) {
      const from = (o * units + u) * inner;
      for (let i = 0; i < inner; i++) {
        const to = (o * inner + i) * units + u;
        for (let k = 0; k < w; k++) dst[to * w + k] = src[(from + i) * w + k];
      }
    }
  }
  return out;
}
