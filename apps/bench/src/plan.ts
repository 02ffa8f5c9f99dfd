/** What a run covers (ops, dtypes, sizes) and how long it may spend per cell. Environment-free. */
import { DTYPES, OPS, opDefinition, takesOut, type DType, type OpDefinition, type OpName } from '@rectify/core';
import type { TimingBudget } from './timing.js';

/**
 * The ops the benchmark times: every op of core's table whose result is x-like (an array, or
 * gradients whose dx is), so it compares with a copy of the same bytes. A new op of that kind is
 * benchmarked with no edit here.
 */
export const BENCH_OPS: readonly OpName[] = OPS.filter(takesOut).map((op) => op.name);
/** What a run times when it names no ops: relu, the headline (the one op name here; peers' tables name the rest). */
export const DEFAULT_OPS: readonly OpName[] = ['relu'];
export const BENCH_DTYPES: readonly DType[] = DTYPES;
/** Rectify's backends, each the package @rectify/backend-NAME (the CLI's --backends, the dashboard's cards). */
export const BACKEND_NAMES = ['js', 'wasm', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/**
 * What the CLI times: the backends; wasm-threads, the wasm backend with a thread per core (resident
 * arrays only: plain arrays run on one thread); and @rectify/backend-auto, which routes each call to one of the backends.
 */
export const BENCH_BACKENDS = [...BACKEND_NAMES, 'wasm-threads', 'auto'] as const;
/** The wasm backend created with threads, as the bench names it. */
export const WASM_THREADS = 'wasm-threads';
export type BenchBackendName = (typeof BENCH_BACKENDS)[number];

/** The definition of an op the benchmark times; throws a RangeError naming the valid ones for any other. */
export function benchOp(name: string): OpDefinition<OpName> {
  const op = opDefinition(name);
  if (op && BENCH_OPS.includes(op.name)) return op;
  const why = op ? `it returns ${op.result}, not an array like x` : 'not an op of @rectify/core';
  throw new RangeError(`'${name}' is not benchmarked (${why}); valid: ${BENCH_OPS.join(', ')}`);
}

/**
 * An op with a per-channel parameter (its definition has `perChannel`: prelu's alpha) runs one cell
 * per channel count, x laid out channels last as [size / C, C], alpha C entries.
 */
export const DEFAULT_CHANNELS: readonly number[] = [64, 1024];

/** The channel counts of op's cells: [undefined] (one cell, the defaults) for an op without a per-channel parameter. */
export function cellChannels(op: OpDefinition, plan: Pick<BenchPlan, 'sizes' | 'channels'>): readonly (number | undefined)[] {
  if (!op.perChannel) return [undefined];
  const channels = plan.channels ?? DEFAULT_CHANNELS;
  for (const c of channels) {
    if (!Number.isSafeInteger(c) || c < 1) throw new RangeError(`bad channel count ${c}: use a positive integer`);
    const bad = plan.sizes.find((size) => size % c !== 0);
    if (bad !== undefined) throw new RangeError(`${c} channels do not divide size ${formatSize(bad)} (${op.name} runs x as [size / C, C]); use sizes that are multiples of every channel count`);
  }
  return channels;
}

/** The op a cell's records name: the op, with ' C=N' for a per-channel op's cell of N channels. */
export function cellOp(op: OpName, channels?: number): string {
  return channels === undefined ? op : `${op} C=${channels}`;
}

/** cellOp's inverse: the op's name and channel count of a record's `op`. */
export function parseCellOp(text: string): { op: string; channels?: number } {
  const match = /^(\S+) C=(\d+)$/.exec(text);
  return match ? { op: match[1], channels: Number(match[2]) } : { op: text };
}

/** Sizes are element counts; K and M are binary (1K = 1024, 1M = 1048576). */
export const DEFAULT_SIZES: readonly number[] = [1 << 10, 1 << 16, 1 << 20, 1 << 24];
export const QUICK_SIZES: readonly number[] = [1 << 10, 1 << 16];
/** Beyond this one cell would hold gigabytes across all backends and peers at once. */
export const MAX_SIZE = 1 << 26;

/** Parses '1K', '64k', '1M', '1000' into an element count; throws RangeError with what is valid. */
export function parseSize(text: string): number {
  const match = /^(\d+)([kKmM]?)$/.exec(text.trim());
  if (!match) throw new RangeError(`bad size '${text}': use a positive integer with an optional K (×1024) or M (×1048576) suffix, e.g. 1K,64K,1M`);
  const unit = match[2].toUpperCase();
  const n = Number(match[1]) * (unit === 'K' ? 1024 : unit === 'M' ? 1 << 20 : 1);
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SIZE) {
    throw new RangeError(`bad size '${text}': sizes must be between 1 and ${formatSize(MAX_SIZE)} elements`);
  }
  return n;
}

/** 1024 → '1K', 16777216 → '16M', 1000 → '1000'. */
export function formatSize(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)}M`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}K`;
  return String(n);
}

export interface BenchPlan {
  ops: readonly OpName[];
  dtypes: readonly DType[];
  sizes: readonly number[];
  /** Channel counts of ops with a per-channel parameter (default DEFAULT_CHANNELS); each must divide every size. */
  channels?: readonly number[];
  /** Seed of the random inputs, so a run can be repeated on the same data. */
  seed: number;
  /** The timing budget of one (subject, mode) in a cell of this size. */
  budget(size: number): TimingBudget;
}

/**
 * The default budgets: chosen so that `rectify-bench` with no arguments (4 sizes, about 13 timed
 * series per size) finishes in well under two minutes on a 2-core machine. Every series gets at
 * least `minSamples` samples, so a slow one (a software GPU at 16M) takes longer than its budget.
 */
export function defaultBudget(size: number): TimingBudget {
  if (size >= 1 << 24) return { warmupMs: 0, budgetMs: 500, minSamples: 3, maxSamples: 50, minSampleMs: 0 };
  if (size >= 1 << 20) return { warmupMs: 30, budgetMs: 400, minSamples: 5, maxSamples: 200, minSampleMs: 1 };
  return { warmupMs: 40, budgetMs: 300, minSamples: 5, maxSamples: 1000, minSampleMs: 0.5 };
}

/** `--quick`: enough to see that everything runs and roughly how it compares. */
export function quickBudget(size: number): TimingBudget {
  return { warmupMs: 10, budgetMs: size >= 1 << 20 ? 60 : 40, minSamples: 3, maxSamples: 200, minSampleMs: 0.2 };
}

/** A budget with every series' time set to `ms` (the `--budget` flag), other settings as by default. */
export function fixedBudget(ms: number): (size: number) => TimingBudget {
  return (size) => ({ ...defaultBudget(size), budgetMs: ms, warmupMs: Math.min(defaultBudget(size).warmupMs, ms) });
}
