/** What the browser measures: the benchmark package's runner with browser-sized plans. */
import { BENCH_OPS, DEFAULT_OPS, defaultBudget, quickBudget, type BenchPlan, type TimingBudget } from '@rectify/bench';

/** 1K to 16M elements, every fourth power of two: enough points for a curve on a log axis. */
export const BROWSER_SIZES: readonly number[] = [10, 12, 14, 16, 18, 20, 22, 24].map((p) => 2 ** p);
/** ?quick=1 (end-to-end tests, a first look): three small sizes, the default op only, short budgets. */
export const QUICK_BROWSER_SIZES: readonly number[] = [1 << 10, 1 << 14, 1 << 18];

/**
 * Browsers round performance.now() to 5 µs (100 µs without cross-origin isolation), where Node
 * has nanoseconds: batches of a few milliseconds keep that rounding to a fraction of a sample.
 */
export const BROWSER_MIN_SAMPLE_MS = 3;

export function forCoarseClock(budget: (size: number) => TimingBudget): (size: number) => TimingBudget {
  return (size) => {
    const b = budget(size);
    return { ...b, minSampleMs: Math.max(b.minSampleMs, BROWSER_MIN_SAMPLE_MS), budgetMs: Math.max(b.budgetMs, 4 * BROWSER_MIN_SAMPLE_MS) };
  };
}

/** Every op the benchmark times (core's table), so a new op shows in the panel with no edit here. */
export const BROWSER_OPS: BenchPlan['ops'] = BENCH_OPS;

export function browserPlan(quick: boolean): BenchPlan {
  return quick
    ? { ops: DEFAULT_OPS, dtypes: ['float32'], sizes: QUICK_BROWSER_SIZES, seed: 1, budget: forCoarseClock(quickBudget) }
    : { ops: BROWSER_OPS, dtypes: ['float32'], sizes: BROWSER_SIZES, seed: 1, budget: forCoarseClock(defaultBudget) };
}
