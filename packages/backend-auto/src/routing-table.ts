/**
 * What calibration measured, and how a call's size picks a backend from it. The table is plain JSON,
 * so it can be saved (`backend.routingTable`) and given back (`options.routes`) to skip calibration.
 */
import { takesOut, type DType, type OpDefinition } from '@rectify/core';

/** Elementwise ops (a result like x) stream memory both ways; reductions read x and return counts. */
export type OpFamily = 'elementwise' | 'reduction';

export function familyOf(op: OpDefinition): OpFamily {
  return takesOut(op) ? 'elementwise' : 'reduction';
}

/** One measured size: microseconds per call on each backend timed (plain typed arrays, new result). */
export interface Measurement {
  family: OpFamily;
  dtype: DType;
  length: number;
  micros: Record<string, number>;
}

export interface RoutingTable {
  measurements: Measurement[];
  /** Why some (family, dtype) pairs have no figures (budget spent, one candidate only). */
  notes?: string[];
}

export interface SizeChoice {
  backend: string;
  /** The calibrated size the call was matched to, and the figures there. */
  nearest: Measurement;
}

/**
 * The fastest of `eligible` at the calibrated size nearest to `length` (on a log scale: a call of
 * 3000 elements is matched to 4096 rather than 256), or undefined when nothing was measured for it.
 */
export function chooseBySize(table: RoutingTable, family: OpFamily, dtype: DType, length: number, eligible: readonly string[]): SizeChoice | undefined {
  let nearest: Measurement | undefined;
  let distance = Infinity;
  const at = Math.log2(Math.max(length, 1));
  for (const m of table.measurements) {
    if (m.family !== family || m.dtype !== dtype) continue;
    const d = Math.abs(Math.log2(Math.max(m.length, 1)) - at);
    if (d < distance) [nearest, distance] = [m, d];
  }
  if (!nearest) return undefined;
  let best: string | undefined;
  for (const name of eligible) {
    const t = nearest.micros[name];
    if (t !== undefined && (best === undefined || t < nearest.micros[best])) best = name;
  }
  return best === undefined ? undefined : { backend: best, nearest };
}

/** A table as given in options, checked enough that routing cannot trip on it. */
export function isRoutingTable(value: unknown): value is RoutingTable {
  const t = value as RoutingTable;
  return (
    t !== null &&
    typeof t === 'object' &&
    Array.isArray(t.measurements) &&
    t.measurements.every((m) => m && typeof m.length === 'number' && typeof m.dtype === 'string' && typeof m.family === 'string' && m.micros && typeof m.micros === 'object')
  );
}
