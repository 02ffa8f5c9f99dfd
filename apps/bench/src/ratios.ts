/**
 * Throughput arithmetic. Environment-free. A ratio > 1 means the record is faster than what it is
 * compared with; ratios are only taken between records of the same cell (op, dtype, size), measured
 * interleaved in the same run.
 */
import { bytesPerElement, type DType } from '@rectify/core';
import type { BenchRecord } from './schema.js';

/** The name of the copy ceilings' records ('resident': into a reused array; 'roundtrip': into a new one). */
export const COPY = 'copy';

/** The copy a mode is compared with: a new array for 'roundtrip' (the result is new), else a reused one. */
export function copyModeFor(mode: BenchRecord['mode']): BenchRecord['mode'] {
  return mode === 'roundtrip' ? 'roundtrip' : 'resident';
}

/** Bytes an element-wise op reads and writes per call: each element of its `arrays` inputs read once, the result written once. */
export function bytesMoved(dtype: DType, size: number, arrays = 1): number {
  return (arrays + 1) * size * bytesPerElement(dtype);
}

/** GB/s (1e9 bytes per second) for `bytes` moved in `ns` nanoseconds; bytes per ns is exactly GB/s. */
export function gbps(bytes: number, ns: number): number {
  if (!(ns > 0)) throw new RangeError(`time must be > 0 ns, got ${ns}`);
  return bytes / ns;
}

/** Throughput of a relative to b, from their GB/s (same cell, so the same bytes per call). */
export function throughputRatio(aGbps: number, bGbps: number): number {
  if (!(bGbps > 0)) throw new RangeError(`cannot compare with a throughput of ${bGbps}`);
  return aGbps / bGbps;
}

export type UnratedRecord = Omit<BenchRecord, 'vsCopy' | 'vsPeers'>;

const cellKey = (r: Pick<BenchRecord, 'op' | 'dtype' | 'size'>) => `${r.op}|${r.dtype}|${r.size}`;

/**
 * Fills vsCopy and vsPeers in every record. vsCopy compares with the copy of the same cell that does
 * what the mode does with memory (copyModeFor), 0 when the cell has no such copy record.
 * vsPeers compares with each peer's record of the same cell and the same mode ('roundtrip-out' with
 * the peer's 'roundtrip': peers cannot write into the caller's array); a peer is never compared with
 * itself, and the copy ceiling is not a peer.
 */
export function rateRecords(records: readonly UnratedRecord[], peers: readonly string[]): BenchRecord[] {
  const byCell = new Map<string, UnratedRecord[]>();
  for (const r of records) {
    const list = byCell.get(cellKey(r)) ?? [];
    list.push(r);
    byCell.set(cellKey(r), list);
  }
  return records.map((r) => {
    const cell = byCell.get(cellKey(r)) ?? [];
    const copy = cell.find((c) => c.backend === COPY && c.mode === copyModeFor(r.mode));
    const vsPeers: Record<string, number> = {};
    for (const peer of peers) {
      if (peer === r.backend || peer === COPY) continue;
      const mode = r.mode === 'roundtrip-out' ? 'roundtrip' : r.mode;
      const p = cell.find((c) => c.backend === peer && c.mode === mode);
      if (p && p.gbps > 0) vsPeers[peer] = throughputRatio(r.gbps, p.gbps);
    }
    return { ...r, vsCopy: copy && copy.gbps > 0 ? throughputRatio(r.gbps, copy.gbps) : 0, vsPeers };
  });
}
