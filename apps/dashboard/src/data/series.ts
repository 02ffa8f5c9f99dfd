/** Turns benchmark records from one or several sources into the aligned arrays a log-log chart needs. */
import { BENCH_OPS, COPY, copyModeFor, parseCellOp } from '@rectify/bench';
import type { ResultSource } from './parse.ts';

/** The copy's two modes as the chart names them. */
const COPY_LABELS: Readonly<Record<string, string>> = { resident: 'copy ceiling', roundtrip: 'new-array copy' };

export type ModeFilter = 'all' | 'resident' | 'roundtrip' | 'roundtrip-out';

export interface ChartSelection {
  op: string;
  dtype: string;
  mode: ModeFilter;
}

export interface ChartSeries {
  label: string;
  source: string;
  backend: string;
  mode: string;
  /** A copy (the ceiling, or into a new array): drawn as a dashed reference line. */
  reference: boolean;
  /** GB/s per size in ChartData.sizes; null where this series has no point (log axes cannot show 0). */
  values: (number | null)[];
}

export interface ChartData {
  /** Element counts, ascending, the union over every series. */
  sizes: number[];
  series: ChartSeries[];
}

/**
 * The ops, dtypes and modes present in the sources, for the chart's selectors: ops in the order of
 * core's table (a per-channel op's cells, 'prelu C=64', by channel count), then any the table lacks
 * (a file from another version), by name.
 */
export function availableChoices(sources: readonly ResultSource[]): { ops: string[]; dtypes: string[]; modes: string[] } {
  const ops = new Set<string>();
  const dtypes = new Set<string>();
  const modes = new Set<string>();
  for (const { report } of sources) {
    for (const r of report.records) {
      if (r.backend === COPY) continue;
      ops.add(r.op);
      dtypes.add(r.dtype);
      modes.add(r.mode);
    }
  }
  const rank = (op: string) => {
    const i = (BENCH_OPS as readonly string[]).indexOf(parseCellOp(op).op);
    return i < 0 ? BENCH_OPS.length : i;
  };
  const channels = (op: string) => parseCellOp(op).channels ?? 0;
  const order = (a: string, b: string) => rank(a) - rank(b) || channels(a) - channels(b) || a.localeCompare(b);
  return { ops: [...ops].sort(order), dtypes: [...dtypes].sort(), modes: [...modes].sort() };
}

/**
 * One series per (source, backend, mode) for the selected op and dtype, plus each source's copies in
 * the same cells: the copy ceiling, and the new-array copy where roundtrip is shown (the floor of a call
 * that returns a new array). Series of several sources share one x axis.
 */
export function buildChartData(sources: readonly ResultSource[], selection: ChartSelection): ChartData {
  const points = new Map<string, { series: Omit<ChartSeries, 'values'>; bySize: Map<number, number> }>();
  const sizes = new Set<number>();
  for (const { label: source, report } of sources) {
    for (const r of report.records) {
      const reference = r.backend === COPY;
      // The copy is timed in every cell, so its records carry the cell's op too.
      if (r.dtype !== selection.dtype || r.op !== selection.op) continue;
      if (selection.mode !== 'all' && r.mode !== (reference ? copyModeFor(selection.mode) : selection.mode)) continue;
      const key = JSON.stringify([source, r.backend, r.mode]);
      let entry = points.get(key);
      if (!entry) {
        const name = reference ? (COPY_LABELS[r.mode] ?? `copy ${r.mode}`) : `${r.backend} ${r.mode}`;
        entry = { series: { label: `${name} · ${source}`, source, backend: r.backend, mode: r.mode, reference }, bySize: new Map() };
        points.set(key, entry);
      }
      if (r.gbps > 0 && Number.isFinite(r.gbps)) {
        entry.bySize.set(r.size, r.gbps);
        sizes.add(r.size);
      }
    }
  }
  const sorted = [...sizes].sort((a, b) => a - b);
  const series = [...points.values()]
    .filter((e) => e.bySize.size > 0)
    .map((e) => ({ ...e.series, values: sorted.map((s) => e.bySize.get(s) ?? null) }))
    // Kernels first, grouped by source; each source's copies after its kernels.
    .sort((a, b) => order(sources, a) - order(sources, b));
  return { sizes: sorted, series };
}

function order(sources: readonly ResultSource[], s: Omit<ChartSeries, 'values'>): number {
  return sources.findIndex((src) => src.label === s.source) * 2 + (s.reference ? 1 : 0);
}

/** uPlot's AlignedData: the x values, then one y array per series. */
export function toAlignedData(data: ChartData): [number[], ...(number | null)[][]] {
  return [data.sizes, ...data.series.map((s) => s.values)];
}
