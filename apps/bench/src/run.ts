/**
 * The benchmark runner: for every cell (op, with its channel count for a per-channel op; dtype;
 * size) it prepares every subject's modes on the same input, checks each Rectify backend's output
 * against the oracle, then times all series of the cell interleaved. Environment-free: the CLI and
 * the dashboard's worker both call runBench.
 */
import { xIndex } from '@rectify/core';
import { benchAlpha, benchInputs } from './inputs.js';
import { benchOp, cellChannels, cellOp, formatSize, type BenchPlan } from './plan.js';
import { bytesMoved, COPY, gbps, rateRecords, type UnratedRecord } from './ratios.js';
import type { BenchRecord } from './schema.js';
import type { Cell, Mode, PreparedRun, Subject } from './subjects/subject.js';
import { measureInterleaved } from './timing.js';
import { expected, verifyOutput } from './verify.js';

export interface WrongCell {
  backend: string;
  mode: string;
  /** The cell's op, as records name it (cellOp: 'prelu C=64'). */
  op: string;
  dtype: string;
  size: number;
  detail: string;
}

export interface Unavailable {
  backend: string;
  reason: string;
}

export interface RunResult {
  records: BenchRecord[];
  /** Backend series whose output differed from the oracle (or that threw): not timed. */
  wrong: WrongCell[];
  /** Reference series that failed to run in a cell, with why. */
  failed: Unavailable[];
}

export interface Progress {
  /** Series finished so far (fractional while a cell is under way) out of total. */
  done: number;
  total: number;
  /** The cell being measured, e.g. 'relu float32 1M', 'prelu C=64 float32 1M'. */
  label: string;
}

export interface RunOptions {
  onProgress?: (p: Progress) => void;
}

interface Series {
  subject: Subject;
  mode: Mode;
  run: PreparedRun;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface PlannedCell {
  op: Cell['op'];
  channels: number | undefined;
  dtype: Cell['dtype'];
  size: number;
  series: { subject: Subject; mode: Mode }[];
}

/** Every (subject, mode) the plan will time, per cell, in plan order. */
export function planSeries(subjects: readonly Subject[], plan: BenchPlan): PlannedCell[] {
  const cells: PlannedCell[] = [];
  for (const op of plan.ops) {
    // benchOp throws, naming the valid ops, for one the benchmark cannot time; cellChannels for channels that do not divide a size.
    for (const channels of cellChannels(benchOp(op), plan)) {
      for (const dtype of plan.dtypes) {
        for (const size of plan.sizes) {
          const series = subjects.flatMap((subject) => subject.modes(op, dtype, size).map((mode) => ({ subject, mode })));
          // A cell with nothing but the copy ceiling has nothing to compare.
          if (series.some((s) => s.subject.name !== COPY)) cells.push({ op, channels, dtype, size, series });
        }
      }
    }
  }
  return cells;
}

export async function runBench(subjects: readonly Subject[], plan: BenchPlan, options: RunOptions = {}): Promise<RunResult> {
  const cells = planSeries(subjects, plan);
  const total = cells.reduce((n, c) => n + c.series.length, 0);
  const records: UnratedRecord[] = [];
  const wrong: WrongCell[] = [];
  const failed: Unavailable[] = [];
  let done = 0;

  for (const { op, channels, dtype, size, series: planned } of cells) {
    const where = { op: cellOp(op, channels), dtype, size };
    const label = `${where.op} ${dtype} ${formatSize(size)}`;
    const def = benchOp(op);
    const inputs = benchInputs(def, dtype, size, plan.seed);
    const params = channels === undefined ? [] : [benchAlpha(dtype, channels, plan.seed)];
    const cell: Cell = { op, dtype, size, input: inputs[xIndex(def)], inputs, params, channels };
    let want: unknown;
    const ready: Series[] = [];
    // Roundtrip series first: their calls may grow a wasm heap, which would detach resident views made earlier.
    const ordered = [...planned].sort((a, b) => +(a.mode === 'resident') - +(b.mode === 'resident'));
    options.onProgress?.({ done, total, label });
    for (const { subject, mode } of ordered) {
      let run: PreparedRun | undefined;
      try {
        run = await subject.prepare(cell, mode);
        if (subject.role === 'backend') {
          want ??= expected(op, inputs, params);
          const detail = verifyOutput(op, inputs, await run.output(), want, subject.flushesSubnormals);
          if (detail !== undefined) {
            wrong.push({ backend: subject.name, mode, ...where, detail });
            await run.release();
            continue;
          }
        }
        ready.push({ subject, mode, run });
      } catch (e) {
        if (run) await Promise.resolve(run.release()).catch(() => {});
        if (subject.role === 'backend') wrong.push({ backend: subject.name, mode, ...where, detail: `threw: ${message(e)}` });
        else failed.push({ backend: subject.name, reason: `${label} ${mode}: ${message(e)}` });
      } finally {
        done += 0.25;
        options.onProgress?.({ done, total, label });
      }
    }

    const results = await measureInterleaved(ready.map((s) => s.run), plan.budget(size));
    // Records in plan order (subject order, then its modes), whatever order they were prepared in.
    const rank = (s: Series) => planned.findIndex((p) => p.subject === s.subject && p.mode === s.mode);
    const inOrder = ready.map((s, i) => ({ ...s, result: results[i] })).sort((a, b) => rank(a) - rank(b));
    for (const { subject, mode, run, result } of inOrder) {
      await Promise.resolve(run.release()).catch(() => {});
      if (!result.ok) {
        const detail = `threw while timed: ${message(result.error)}`;
        if (subject.role === 'backend') wrong.push({ backend: subject.name, mode, ...where, detail });
        else failed.push({ backend: subject.name, reason: `${label} ${mode}: ${detail}` });
        continue;
      }
      const t = result.timing;
      records.push({
        backend: subject.name,
        mode,
        ...where,
        ...t,
        // The copies move x alone; a kernel reads each of the op's arrays and writes one.
        gbps: gbps(bytesMoved(dtype, size, subject.name === COPY ? 1 : inputs.length), Math.max(t.medianNs, 1e-3)),
        verified: subject.role === 'backend' ? true : null,
      });
    }
    done += planned.length * 0.75;
    options.onProgress?.({ done, total, label });
  }
  const peers = subjects.filter((s) => s.role === 'reference' && s.name !== COPY).map((s) => s.name);
  return { records: rateRecords(records, peers), wrong, failed };
}
