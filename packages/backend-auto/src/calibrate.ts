/**
 * A bounded calibration at creation: each CPU candidate times one representative op per family on a
 * few sizes per dtype, smallest sizes first, so that a spent budget still leaves the small sizes (where
 * the call overhead decides) measured. Device-backed candidates are not timed: a plain array would pay
 * the round trip to the device, which loses to the CPU at every size the budget can try.
 */
import { OPS, allocate, float16ArrayClass, invoke, type ActivationBackend, type AnyTypedArray, type DType, type OpDefinition } from '@rectify/core';
import { familyOf, type Measurement, type OpFamily, type RoutingTable } from './routing-table.js';

export const CALIBRATION_LENGTHS: readonly number[] = [256, 1024, 4096, 65536];
export const DEFAULT_BUDGET_MS = 150;
const BATCH_MS = 0.2;
const BATCHES = 3;
const WARM_UP_MS = 0.5;
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
        const micros: Record<string, number> = {};
        for (const backend of able) micros[backend.name] = await timeCalls(backend, op, x);
        measurements.push({ family, dtype, length, micros });
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

/**
 * Microseconds per call, through the synchronous twin where the candidate has one (a Promise costs
 * microseconds, as much as a small kernel, and would hide which kernel is faster), else per awaited
 * call. Calls are timed in batches (a timer read costs microseconds on some
 * machines, as much as a small call), the batch doubled until it lasts BATCH_MS, after warm-up calls
 * (first calls compile, optimise and allocate); the best of BATCHES, so a garbage collection does not count.
 */
async function timeCalls(backend: ActivationBackend, op: OpDefinition, x: AnyTypedArray): Promise<number> {
  const sync = backend.capabilities.sync ? backend.sync : undefined;
  const calls: (n: number) => void | Promise<void> = sync
    ? (n) => {
        for (let k = 0; k < n; k++) invoke(sync, op, [x], []);
      }
    : async (n) => {
        for (let k = 0; k < n; k++) await invoke(backend, op, [x], []);
      };
  // Warm-up by time, not a count: a JS kernel needs many calls before V8 optimises it.
  const warmUntil = performance.now() + WARM_UP_MS;
  for (let k = 0; k < MAX_CALLS && (k < 3 || performance.now() < warmUntil); k++) await calls(1);
  let n = 1;
  let best = Infinity;
  for (let batch = 0; batch < BATCHES; ) {
    const start = performance.now();
    await calls(n);
    const elapsed = performance.now() - start;
    if (elapsed < BATCH_MS && n < MAX_CALLS) {
      n *= 2;
      continue;
    }
    best = Math.min(best, elapsed / n);
    batch++;
  }
  return Math.round(best * 1000 * 100) / 100;
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
