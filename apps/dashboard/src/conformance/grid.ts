/** Folds conformance results (one per op, dtype and parameter case) into the panel's backend × op × dtype grid. */
import { DTYPES, OP_NAMES, type DType, type OpName } from '@rectify/core';
import { describeMismatch, type CaseResult } from '@rectify/conformance';

export type CellStatus = 'pass' | 'fail' | 'not-declared' | 'pending';

export interface GridCell {
  status: CellStatus;
  /** Cases behind the cell (one per parameter case of the op). */
  cases: number;
  /** One line per failing case: the first mismatch's bits, or the error thrown on valid input. */
  failures: string[];
}

export type BackendGrid = Record<OpName, Record<DType, GridCell>>;

/** A grid with every declared (op, dtype) pending and the rest marked not declared. */
export function emptyGrid(declared: Readonly<Record<OpName, readonly DType[]>>): BackendGrid {
  const grid = {} as BackendGrid;
  for (const op of OP_NAMES) {
    grid[op] = {} as Record<DType, GridCell>;
    for (const dtype of DTYPES) {
      grid[op][dtype] = { status: declared[op]?.includes(dtype) ? 'pending' : 'not-declared', cases: 0, failures: [] };
    }
  }
  return grid;
}

/** Records results in the grid: a cell passes when every case of it passed. Returns a new grid. */
export function addResults(grid: BackendGrid, backend: string, results: readonly CaseResult[]): BackendGrid {
  const next = structuredClone(grid);
  const touched = new Set<GridCell>();
  for (const r of results) {
    const cell = next[r.op][r.dtype];
    if (!touched.has(cell)) {
      touched.add(cell);
      Object.assign(cell, { status: 'pass', cases: 0, failures: [] });
    }
    cell.cases++;
    if (r.passed) continue;
    cell.status = 'fail';
    cell.failures.push(r.mismatch ? describeMismatch(r.mismatch) : `${backend} ${r.label}: threw on valid input: ${r.error ?? 'unknown error'}`);
  }
  return next;
}

export interface GridTotals {
  passed: number;
  failed: number;
  pending: number;
}

export function totals(grid: BackendGrid): GridTotals {
  const t: GridTotals = { passed: 0, failed: 0, pending: 0 };
  for (const op of OP_NAMES) {
    for (const dtype of DTYPES) {
      const s = grid[op][dtype].status;
      if (s === 'pass') t.passed++;
      else if (s === 'fail') t.failed++;
      else if (s === 'pending') t.pending++;
    }
  }
  return t;
}
