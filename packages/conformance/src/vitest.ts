/**
 * The conformance suite as vitest tests. A backend package, ours or a third party's, calls
 * `describeConformance('name', () => createBackend())` from one of its own test files.
 */
import { OPS, OP_NAMES, opDefinition, type ActivationBackend } from '@rectify/core';
import { afterAll, describe, expect, it } from 'vitest';
import { badInputCases, disposedCases, type BadInputCase } from './bad-inputs.js';
import { cloneBits, sameBits } from './bits.js';
import { callLabel, declaredCalls, describeMismatch, runCall, type CallMode, type ResidentHooks } from './check.js';
import { checkConcurrent } from './concurrency.js';
import { float16Sweeps } from './float16.js';
import { fuzzBackend } from './fuzz.js';
import { DEFAULT_LENGTHS, cancellingInputs } from './inputs.js';
import { defaultSeed } from './random.js';

export interface ConformanceOptions {
  lengths?: readonly number[];
  seed?: number;
  /** Also run every op on the backend's resident arrays through these hooks. */
  resident?: ResidentHooks;
  /** Per-test timeout in ms (slow devices, software GPUs). Default 60 s. */
  timeout?: number;
  /** Fuzzed calls (fast-check) per run, default 200; 0 leaves the fuzz test out. RECTIFY_FUZZ_SEED replays a seed. */
  fuzzRuns?: number;
  /** Set when the backend cannot run here: every test is reported as skipped with this reason. */
  skipReason?: string;
}

const MODES: readonly CallMode[] = ['new', 'out', 'in-place', 'view'];

/** Elements of the long-channel sums: 10^6, as the issue that added them asks. */
const LONG_CHANNELS = 1_000_000;

export function describeConformance(
  name: string,
  create: () => Promise<ActivationBackend>,
  options: ConformanceOptions = {},
): void {
  const lengths = options.lengths ?? DEFAULT_LENGTHS;
  const seed = options.seed ?? defaultSeed();
  const timeout = options.timeout ?? 60_000;
  const skip = options.skipReason;
  const title = skip ? `conformance: ${name} (skipped: ${skip})` : `conformance: ${name}`;

  if (skip !== undefined) {
    describe.skip(title, () => {
      it('runs every op against the oracle', () => {});
    });
    return;
  }
  // Async so that the backend's declared (op, dtype) pairs can name the tests at collection time.
  describe(title, async () => {
    const backend = await create();
    afterAll(async () => {
      await backend.dispose();
    });

    it('declares its capabilities, for ops of the table only, and has a method for each op it declares', () => {
      expect(typeof backend.name).toBe('string');
      const known = new Set<string>(OP_NAMES);
      for (const [op, dtypes] of Object.entries(backend.capabilities.ops)) {
        expect(known.has(op), `capabilities.ops names '${op}', which is not an op of @rectify/core`).toBe(true);
        if (dtypes.length === 0) continue;
        expect(typeof (backend as unknown as Record<string, unknown>)[op], `${op} is declared but not a method`).toBe('function');
        if (backend.sync) expect(typeof (backend.sync as unknown as Record<string, unknown>)[op], `sync.${op}`).toBe('function');
      }
      expect(backend.capabilities.ops.relu).toContain('float32');
      expect(typeof backend.capabilities.flushesSubnormals).toBe('boolean');
      expect(backend.capabilities.sync).toBe(backend.sync !== undefined);
    });

    describe('results match the oracle bit for bit', () => {
      const calls = declaredCalls(backend).map((c) => [callLabel(c), c] as const);
      it.each(calls)('%s', async (_label, call) => {
        const modes: { mode: CallMode; sync?: boolean; resident?: ResidentHooks }[] = MODES.map((mode) => ({ mode }));
        if (backend.capabilities.sync) modes.push(...MODES.map((mode) => ({ mode, sync: true })));
        if (options.resident) modes.push({ mode: 'new', resident: options.resident });
        for (const length of lengths) {
          for (const m of modes) {
            const mismatch = await runCall(backend, call, { ...m, length, seed: seed + length });
            if (mismatch) expect.fail(describeMismatch(mismatch));
          }
        }
      }, timeout);
    });

    // Gradients sum per channel: long channels whose float sum would lose the small terms.
    const sums = OPS.filter((op) => op.result === 'gradients').flatMap((op) =>
      (backend.capabilities.ops[op.name] ?? []).flatMap((dtype) => op.cases(dtype).map((params) => ({ op: op.name, dtype, params }))),
    );
    if (sums.length > 0) {
      describe(`exact sums over ${LONG_CHANNELS} elements with cancellations`, () => {
        it.each(sums.map((c) => [callLabel(c), c] as const))('%s', async (_label, call) => {
          const inputs = cancellingInputs(call.dtype, opDefinition(call.op)!.arrays, LONG_CHANNELS);
          const mismatch = await runCall(backend, call, { mode: 'new', length: LONG_CHANNELS, seed, inputs });
          if (mismatch) expect.fail(describeMismatch(mismatch));
        }, timeout);
      });
    }

    // float16 is small enough to check exhaustively in every run.
    const halves = OPS.filter((op) => (backend.capabilities.ops[op.name] ?? []).includes('float16'));
    if (halves.length > 0) {
      describe('float16: every op on all 2^16 bit patterns, with grids of alphas and ceilings', () => {
        it.each(halves.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
          for (const sweep of float16Sweeps(op)) {
            const length = sweep.inputs[0].length;
            const mismatch = await runCall(backend, { op: op.name, dtype: 'float16', params: sweep.params }, { mode: 'new', length, seed, inputs: sweep.inputs });
            if (mismatch) expect.fail(`${sweep.label}: ${describeMismatch(mismatch)}`);
          }
        }, timeout * 3);
      });
    }

    const fuzzRuns = options.fuzzRuns ?? 200;
    if (fuzzRuns > 0) {
      const fromEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.RECTIFY_FUZZ_SEED;
      const fuzzSeed = fromEnv === undefined ? seed : Number(fromEnv);
      it(`agrees with the oracle on ${fuzzRuns} fuzzed calls (fast-check seed ${fuzzSeed})`, async () => {
        const result = await fuzzBackend(backend, { runs: fuzzRuns, seed: fuzzSeed, resident: options.resident });
        if (result.failure) expect.fail(result.failure);
      }, timeout * 3);
    }

    it('gives every one of 1000 concurrent calls of mixed ops and sizes its own, exact result', async () => {
      expect(await checkConcurrent(backend, { seed })).toEqual([]);
    }, timeout * 3);

    describe('bad input fails with a typed error and changes nothing', () => {
      it('rejects every bad input (Promise API)', async () => {
        for (const c of badInputCases(backend)) await expectRejection(c, backend);
      });
      it('throws on every bad input (sync API)', async () => {
        if (!backend.sync) return expect(backend.capabilities.sync).toBe(false);
        for (const c of badInputCases(backend)) expectThrow(c, backend.sync);
      });
      it('fails every call after dispose(), and dispose() twice is safe', async () => {
        const fresh = await create();
        await fresh.dispose();
        await fresh.dispose();
        for (const c of disposedCases(fresh)) {
          await expectRejection(c, fresh);
          if (fresh.sync) expectThrow(c, fresh.sync);
        }
      });
    });
  });
}

async function expectRejection(c: BadInputCase, backend: ActivationBackend): Promise<void> {
  const before = c.untouched.map(cloneBits);
  let result: unknown;
  try {
    result = c.call(backend);
  } catch (e) {
    expect.fail(`${c.name}: threw synchronously (${String(e)}); the Promise API must reject instead`);
  }
  expect(result, `${c.name}: must return a Promise`).toBeInstanceOf(Promise);
  await expect(result, c.name).rejects.toBeInstanceOf(c.expected);
  c.untouched.forEach((a, i) => expect(sameBits(a, before[i]), `${c.name}: input changed`).toBe(true));
}

function expectThrow(c: BadInputCase, api: NonNullable<ActivationBackend['sync']>): void {
  const before = c.untouched.map(cloneBits);
  expect(() => c.call(api), `${c.name} (sync)`).toThrow(c.expected as never);
  c.untouched.forEach((a, i) => expect(sameBits(a, before[i]), `${c.name} (sync): input changed`).toBe(true));
}
