/** A layer's figures as the report gives them: dead and dormant counts, shares and means. */
import { HISTOGRAM_EDGES, type LayerFigures } from './layer-stats.js';
import type { LayerReport } from './report.js';

export interface LayerIdentity {
  name: string;
  op: string;
  fromOutput?: boolean;
}

export function summarize(id: LayerIdentity, f: LayerFigures, dormantShare: number, clipped: boolean): LayerReport {
  const deadIndices: number[] = [];
  let dormant = 0;
  for (let u = 0; u < f.units; u++) {
    if (f.active[u] === 0) deadIndices.push(u);
    else if (f.active[u] < dormantShare * f.samples) dormant++;
  }
  const counted = f.negative + f.zero + f.positive;
  const length = counted + f.nan;
  return {
    name: id.name,
    op: id.op,
    units: f.units,
    samples: f.samples,
    dead: deadIndices.length,
    dormant,
    deadIndices: deadIndices.slice(0, 100),
    sparsity: counted === 0 ? 0 : (f.negative + f.zero) / counted,
    nan: f.nan,
    inf: f.inf,
    meanOutput: Array.from(f.outputSums, (s) => (!Number.isFinite(s) ? null : f.samples === 0 ? 0 : s / f.samples)),
    ...(clipped ? { saturation: length === 0 ? 0 : f.saturated / length } : {}),
    histogram: { edges: [...HISTOGRAM_EDGES], counts: f.histogram },
    ...(id.fromOutput ? { fromOutput: true } : {}),
  };
}
