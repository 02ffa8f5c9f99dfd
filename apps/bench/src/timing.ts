/**
 * The timing loop. Environment-free (performance.now() exists in Node, browsers and workers), so the
 * dashboard's Web Worker measures exactly as the CLI does.
 *
 * Series of one cell are interleaved: every round takes one timed batch from each series still under
 * its budget, so a slow spell of the machine (other processes, thermal drift) hits all of them alike
 * and the ratios between them stay fair. The order within a round is shuffled anew each round: in a
 * fixed order every series would follow the same neighbour, and inherit the garbage, allocator state
 * and cache contents it leaves, every time.
 */
import { seededRandom } from '@rectify/conformance';
import { summarize, type Timing } from './stats.js';

/** Something to time: `batch(reps)` runs the operation reps times and returns when all are done. */
export interface TimedRun {
  batch(reps: number): void | Promise<void>;
  /** Restores state before every timed batch, outside the timing (in-place kernels overwrite their input). */
  reset?(): void | Promise<void>;
  /** Most calls in one batch (an arithmetic op in place, leakyRelu, shrinks its negatives each call; a few keep them normal floats). */
  maxReps?: number;
}

export interface TimingBudget {
  /** Untimed calls before timing, at least this long (JIT tiers, caches, lazy initialisation). */
  warmupMs: number;
  /** Wall time a series may spend on timed batches (resets included); it stops once over it with minSamples. */
  budgetMs: number;
  /** Timed batches a series always gets, even when that overruns budgetMs. */
  minSamples: number;
  maxSamples: number;
  /** A batch repeats the call until it lasts about this long, so that the timer's resolution does not matter. */
  minSampleMs: number;
}

export function checkBudget(b: TimingBudget): void {
  const ok =
    b.warmupMs >= 0 && b.budgetMs >= 0 && b.minSampleMs >= 0 &&
    Number.isInteger(b.minSamples) && b.minSamples >= 1 && Number.isInteger(b.maxSamples) && b.maxSamples >= b.minSamples;
  if (!ok) throw new RangeError(`bad timing budget ${JSON.stringify(b)}: times must be >= 0 and 1 <= minSamples <= maxSamples`);
}

const MAX_REPS = 1 << 20;

async function settle(value: void | Promise<void>): Promise<void> {
  if (value !== undefined) await value;
}

/** Wall time of one batch in ns, and the time its reset took. */
async function timeBatch(run: TimedRun, reps: number): Promise<{ ns: number; wallNs: number }> {
  const begin = performance.now();
  if (run.reset) await settle(run.reset());
  const start = performance.now();
  await settle(run.batch(reps));
  const end = performance.now();
  return { ns: (end - start) * 1e6, wallNs: (end - begin) * 1e6 };
}

/**
 * Warms a series up and picks its batch size from the fastest call seen (a hiccup must not shrink every
 * batch). Batches grow until one lasts minSampleMs: a coarse clock (browsers round performance.now() to
 * 5-100 µs) reads a short batch as 0, and a batch size guessed from that would time nothing.
 */
async function calibrate(run: TimedRun, budget: TimingBudget): Promise<number> {
  const cap = Math.max(1, Math.min(run.maxReps ?? MAX_REPS, MAX_REPS));
  const minNs = budget.minSampleMs * 1e6;
  const repsFor = (perCallNs: number) => Math.min(cap, Math.max(1, Math.ceil(minNs / Math.max(perCallNs, 1))));
  const deadline = performance.now() + budget.warmupMs;
  let reps = 1;
  let best = Infinity;
  // At least two batches: the first call pays for lazy setup (JIT, pipelines, page faults).
  for (let round = 0; ; round++) {
    const { ns } = await timeBatch(run, reps);
    if (ns > 0) best = Math.min(best, ns / reps);
    const longEnough = ns >= minNs || reps >= cap;
    if (round >= 1 && longEnough && performance.now() >= deadline) break;
    reps = longEnough ? repsFor(best) : Math.min(cap, Math.max(reps * 2, repsFor(best)));
  }
  return repsFor(best);
}

export type SeriesResult = { ok: true; timing: Timing; reps: number } | { ok: false; error: unknown };

/** Indexes 0..n-1 in a random order (Fisher-Yates); `random` gives unsigned 32-bit integers, as seededRandom does. */
export function shuffledIndexes(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random() % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Times every run under the same budget, interleaved round by round in a shuffled order; one result
 * per run, in the order given. A run that throws is reported as { ok: false } and the others go on.
 * `onSample` is called after every timed batch (for a progress display); `random` drives the shuffles.
 */
export async function measureInterleaved(
  runs: readonly TimedRun[],
  budget: TimingBudget,
  onSample?: () => void,
  random: () => number = seededRandom(1),
): Promise<SeriesResult[]> {
  checkBudget(budget);
  const state = runs.map(() => ({ reps: 1, samples: [] as number[], spentNs: 0, error: undefined as unknown, failed: false }));
  for (const [i, run] of runs.entries()) {
    try {
      state[i].reps = await calibrate(run, budget);
    } catch (error) {
      Object.assign(state[i], { failed: true, error });
    }
  }
  const budgetNs = budget.budgetMs * 1e6;
  const wanted = (s: (typeof state)[number]) =>
    !s.failed && s.samples.length < budget.maxSamples && (s.samples.length < budget.minSamples || s.spentNs < budgetNs);
  while (state.some(wanted)) {
    for (const i of shuffledIndexes(runs.length, random)) {
      const run = runs[i];
      const s = state[i];
      if (!wanted(s)) continue;
      try {
        const { ns, wallNs } = await timeBatch(run, s.reps);
        s.samples.push(ns / s.reps);
        s.spentNs += wallNs;
        onSample?.();
      } catch (error) {
        Object.assign(s, { failed: true, error });
      }
    }
  }
  return state.map((s) => (s.failed ? { ok: false, error: s.error } : { ok: true, timing: summarize(s.samples), reps: s.reps }));
}
