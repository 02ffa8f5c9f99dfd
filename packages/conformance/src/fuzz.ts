/**
 * Property-based checks with fast-check: arbitrary calls (op, dtype, parameter case, call mode,
 * length, view offset, any bit patterns) on one backend, each compared bit for bit with the oracle.
 * A failure reports fast-check's shrunk counterexample and the seed that replays it.
 */
import { ensureFloat16 } from './float16.js';
import { allocate, bitView, opDefinition, type ActivationBackend, type AnyTypedArray, type DType } from '@rectify/core';
import fc from 'fast-check';
import { declaredCalls, describeMismatch, runCall, type CallMode, type ResidentHooks } from './check.js';
import { specialValues } from './inputs.js';
import { seededRandom } from './random.js';

export interface FuzzOptions {
  /** Calls to try (default 200). */
  runs?: number;
  /** fast-check's seed; a failure prints the one to pass here to replay it. */
  seed?: number;
  /** Longest array (default 70000). */
  maxLength?: number;
  /** Also fuzz the backend's resident arrays through these hooks. */
  resident?: ResidentHooks;
  /** Called after each call, e.g. for progress. */
  onCall?: (done: number) => void;
}

export interface FuzzResult {
  runs: number;
  seed: number;
  /** undefined when every call matched; else fast-check's report (counterexample, seed, path). */
  failure?: string;
}

/**
 * The bits of one array: `words` (shrinkable: fast-check makes them smaller and fewer) at the start,
 * then seeded raw bit patterns with the special values sprinkled in, up to `length` elements.
 */
function fill(dtype: DType, length: number, words: readonly number[], seed: number): AnyTypedArray {
  if (dtype === 'float16') ensureFloat16();
  const a = allocate(dtype, length);
  const bits = bitView(a);
  const next = seededRandom(seed);
  const specials = bitView(specialValues(dtype));
  for (let k = 0; k < bits.length; k++) {
    const r = next();
    bits[k] = k < words.length ? words[k] : r % 7 === 0 ? specials[(r >>> 3) % specials.length] : next();
  }
  return a; // int8's view is bytes: a word stored there keeps its low byte, any pattern all the same
}

export async function fuzzBackend(backend: ActivationBackend, options: FuzzOptions = {}): Promise<FuzzResult> {
  const runs = options.runs ?? 200;
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
  const maxLength = options.maxLength ?? 70000;
  const calls = declaredCalls(backend);
  const modes: { mode: CallMode; sync?: boolean; resident?: ResidentHooks }[] = (['new', 'out', 'in-place', 'view'] as const).map((mode) => ({ mode }));
  if (backend.sync) modes.push(...modes.map((m) => ({ ...m, sync: true })));
  if (options.resident) modes.push({ mode: 'new', resident: options.resident });
  let done = 0;

  const arbitrary = fc.record({
    call: fc.constantFrom(...calls),
    how: fc.constantFrom(...modes),
    // Mostly short (the tails of every vector width), sometimes up to maxLength (chunk boundaries).
    length: fc.oneof({ weight: 4, arbitrary: fc.nat(70) }, { weight: 1, arbitrary: fc.nat(maxLength) }),
    offset: fc.nat(17),
    words: fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 24 }),
    contents: fc.nat({ max: 0x7fffffff }),
  });
  const property = fc.asyncProperty(arbitrary, async ({ call, how, length, offset, words, contents }) => {
    const op = opDefinition(call.op)!;
    const inputs = op.arrays.map((_, k) => fill(call.dtype, length, words, contents + k));
    const mismatch = await runCall(backend, call, { ...how, length, seed: contents, inputs, viewOffset: offset });
    options.onCall?.(++done);
    if (mismatch) throw new Error(describeMismatch(mismatch).replace(/ Replay with RECTIFY_SEED=\d+\./, ''));
  });
  const details = await fc.check(property, { numRuns: runs, seed, endOnFailure: false });
  if (!details.failed) return { runs, seed };
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return { runs, seed, failure: `${error}\n${fc.defaultReportMessage(details) ?? `failed (seed ${seed})`}` };
}
