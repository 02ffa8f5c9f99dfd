/** What a run covers (ops, dtypes, sizes) and how long it may spend per cell. Environment-free. */
import { DTYPES, type DType } from '@rectify/core';
import type { TimingBudget } from './timing.js';

/** The ops the benchmark times: the element-wise ones, which every peer can be compared on. */
export type BenchOp = 'relu' | 'clippedRelu' | 'leakyRelu';
export const BENCH_OPS: readonly BenchOp[] = ['relu', 'clippedRelu', 'leakyRelu'];
export const BENCH_DTYPES: readonly DType[] = DTYPES;

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
  ops: readonly BenchOp[];
  dtypes: readonly DType[];
  sizes: readonly number[];
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
