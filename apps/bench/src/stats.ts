/** Summary statistics of per-call times. Environment-free. */

export interface Timing {
  medianNs: number;
  minNs: number;
  maxNs: number;
  /** Timed batches behind the median. */
  samples: number;
}

/** Median (mean of the middle two for an even count), min and max of per-call times in ns. */
export function summarize(perCallNs: readonly number[]): Timing {
  if (perCallNs.length === 0) throw new RangeError('summarize needs at least one sample');
  if (perCallNs.some((v) => !Number.isFinite(v) || v < 0)) throw new RangeError('samples must be finite and >= 0');
  const sorted = [...perCallNs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianNs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianNs, minNs: sorted[0], maxNs: sorted[sorted.length - 1], samples: sorted.length };
}
