/**
 * A bounded calibration at creation: each CPU candidate times one representative op per family on a
 * few sizes per dtype, smallest sizes first, so that a spent budget still leaves the small sizes (where
 * the call overhead decides) measured. The candidates of one measurement are timed interleaved, so the
 * machine's slow spells do not decide a route. Device-backed candidates are not timed: a plain array
 * would pay the round trip to the device, which loses to the CPU at every size the budget can try.
 */
import { OPS, allocate, float16ArrayClass, invoke, type ActivationBackend, type AnyTypedArray, type DType, type OpDefinition } from '@rectify/core';
import { familyOf, type Measurement, type OpFamily, type RoutingTable } from './routing-table.js';

export const CALIBRATION_LENGTHS: readonly number[] = [256, 1024, 4096, 65536];
export const DEFAULT_BUDGET_MS = 150;
// Per measurement and candidate: WARM_UP_MS of calls, then ROUNDS batches of at least BATCH_MS, long next
// to a timer read (some 50 ns in Node) yet short enough that 32 measurements of two candidates fit the budget.
const BATCH_MS = 0.1;
const ROUNDS = 5;
const WARM_UP_MS = 0.3;
const MAX_CALLS = 1024;
const WARM_LENGTH = 1 << 16;

/** The op that stands for its family: the first of the table with a single array and no parameter. */
function representative(family: OpFamily): OpDefinition | undefined {
  return OPS.find((op) => familyOf(op) === family && op.arrays.length === 1 && op.params.length === 0);
}

export async function calibrate(candidates: readonly ActivationBackend[], budgetMs = DEFAULT_BUDGET_MS): Promise<RoutingTable> {
  const start = performance.now();
  const deadline = start + budgetMs;
  const timed = candidates.filter((b) => !b.capabilities.deviceBacked);
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  // At most half the budget: on a busy machine the rest still times the small sizes.
  await warmUp(timed, start + budgetMs / 2);
  for (const length of CALIBRATION_LENGTHS) {
    for (const family of ['elementwise', 'reduction'] as const) {
      const op = representative(family);
      if (!op) continue;
      for (const dtype of timedDTypes(op)) {
        const able = timed.filter((b) => (b.capabilities.ops[op.name as keyof typeof b.capabilities.ops] ?? []).includes(dtype));
        if (able.length < 2) continue; // one candidate needs no figures
        if (performance.now() > deadline) {
          notes.push(`${family} ${dtype} at ${length}: not timed, calibration budget (${budgetMs} ms) spent`);
          continue;
        }
        const x = sample(dtype, length);
        measurements.push({ family, dtype, length, micros: await timeInterleaved(able, op, x) });
      }
    }
  }
  return notes.length ? { measurements, notes } : { measurements };
}

/**
 * One call per candidate, family and dtype on WARM_LENGTH elements before any timing: a JS kernel runs
 * interpreted until V8 optimises it, which a long loop triggers at once (on-stack replacement) where
 * thousands of small calls would not, and a cold kernel would look tens of times slower than it is.
 */
async function warmUp(timed: readonly ActivationBackend[], until: number): Promise<void> {
  for (const family of ['elementwise', 'reduction'] as const) {
    const op = representative(family);
    if (!op) continue;
    for (const dtype of timedDTypes(op)) {
      if (performance.now() > until) return;
      const x = sample(dtype, WARM_LENGTH);
      for (const backend of timed) {
        if ((backend.capabilities.ops[op.name as keyof typeof backend.capabilities.ops] ?? []).includes(dtype)) await invoke(backend, op, [x], []);
      }
    }
  }
}

type Calls = (n: number) => void | Promise<void>;

/**
 * n calls of `op` on `x`, through the synchronous twin where the candidate has one (a Promise costs
 * microseconds, as much as a small kernel, and would hide which kernel is faster), else awaited one by one.
 */
function callsOf(backend: ActivationBackend, op: OpDefinition, x: AnyTypedArray): Calls {
  const sync = backend.capabilities.sync ? backend.sync : undefined;
  return sync
    ? (n) => {
        for (let k = 0; k < n; k++) invoke(sync, op, [x], []);
      }
    : async (n) => {
        for (let k = 0; k < n; k++) await invoke(backend, op, [x], []);
      };
}

/**
 * Microseconds per call of each candidate, timed interleaved: ROUNDS rounds of one batch per candidate,
 * which candidate goes first rotating from round to round, and each candidate's fastest batch kept.
 * Timed one after the other, a slow spell of the machine or a garbage collection could fall on one
 * candidate's batches only and decide the route; interleaved, it falls on a round, which the minimum leaves out.
 */
async function timeInterleaved(able: readonly ActivationBackend[], op: OpDefinition, x: AnyTypedArray): Promise<Record<string, number>> {
  const calls = able.map((backend) => callsOf(backend, op, x));
  const sizes: number[] = [];
  for (const c of calls) sizes.push(await warmUpBatch(c));
  const best = able.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < able.length; i++) {
      const k = (i + round) % able.length;
      const start = performance.now();
      await calls[k](sizes[k]);
      best[k] = Math.min(best[k], (performance.now() - start) / sizes[k]);
    }
  }
  return Object.fromEntries(able.map((backend, k) => [backend.name, Math.round(best[k] * 1000 * 100) / 100]));
}

/**
 * Warms one candidate's calls and returns its batch size. First calls compile, optimise and allocate,
 * and a JS kernel needs many calls before V8 optimises it, hence WARM_UP_MS of calls (and at least 3)
 * rather than a count. The batch is doubled until it lasts BATCH_MS (or MAX_CALLS calls), as a timer
 * read costs microseconds on some machines, as much as a small call.
 */
async function warmUpBatch(calls: Calls): Promise<number> {
  const warmUntil = performance.now() + WARM_UP_MS;
  let n = 1;
  let made = 0;
  for (;;) {
    const start = performance.now();
    await calls(n);
    const end = performance.now();
    made += n;
    const longEnough = end - start >= BATCH_MS || n >= MAX_CALLS;
    if (longEnough && made >= 3 && end >= warmUntil) return n;
    if (!longEnough) n *= 2;
  }
}

/** The op's dtypes that can be timed here: float16 only where a Float16Array class is known (its calls then route by the default). */
function timedDTypes(op: OpDefinition): readonly DType[] {
  return op.dtypes.filter((d) => d !== 'float16' || float16ArrayClass() !== undefined);
}

/** Mixed signs, so sign-dependent kernels take both paths. */
function sample(dtype: DType, length: number): AnyTypedArray {
  const x = allocate(dtype, length);
  for (let i = 0; i < length; i++) x[i] = ((i * 37) % 19) - 9;
  return x;
}
