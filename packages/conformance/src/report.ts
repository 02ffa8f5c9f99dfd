/** Whole-backend runs without a test framework: for the dashboard, the benchmark and the cross-backend mode. */
import type { ActivationBackend, DType, OpName } from '@rectify/core';
import { callLabel, declaredCalls, runCall, type CallMode, type Mismatch, type OpCall, type ResidentHooks } from './check.js';
import { DEFAULT_LENGTHS } from './inputs.js';
import { defaultSeed } from './random.js';

export interface CheckOptions {
  lengths?: readonly number[];
  seed?: number;
  modes?: readonly CallMode[];
  resident?: ResidentHooks;
  /** Restrict to these ops. */
  ops?: readonly OpName[];
  /** Called after each (op, dtype, parameter case), e.g. for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface CaseResult {
  op: OpName;
  dtype: DType;
  /** The parameter case's label ('defaults', '0.5', 'rows × cols of the length', ...). */
  params: string;
  /** 'clippedRelu float32 (0.5)'. */
  label: string;
  passed: boolean;
  /** The first mismatch, when the results differ from the oracle. */
  mismatch?: Mismatch;
  /** An error the backend threw on valid input. */
  error?: string;
}

/** Runs every declared (op, dtype, parameter case) on every length and mode; one result per case. */
export async function checkBackend(backend: ActivationBackend, options: CheckOptions = {}): Promise<CaseResult[]> {
  const lengths = options.lengths ?? DEFAULT_LENGTHS;
  const seed = options.seed ?? defaultSeed();
  const modes = options.modes ?? ['new', 'out', 'in-place', 'view'];
  const calls = declaredCalls(backend).filter((c) => !options.ops || options.ops.includes(c.op));
  const results: CaseResult[] = [];
  for (const [n, call] of calls.entries()) {
    results.push(await checkCall(backend, call, lengths, seed, modes, options.resident));
    options.onProgress?.(n + 1, calls.length);
  }
  return results;
}

async function checkCall(
  backend: ActivationBackend,
  call: OpCall,
  lengths: readonly number[],
  seed: number,
  modes: readonly CallMode[],
  resident?: ResidentHooks,
): Promise<CaseResult> {
  const base = { op: call.op, dtype: call.dtype, params: call.params?.label ?? 'defaults', label: callLabel(call) };
  try {
    for (const length of lengths) {
      for (const mode of modes) {
        const mismatch = await runCall(backend, call, { mode, length, seed: seed + length });
        if (mismatch) return { ...base, passed: false, mismatch };
      }
      if (resident) {
        const mismatch = await runCall(backend, call, { mode: 'new', length, seed: seed + length, resident });
        if (mismatch) return { ...base, passed: false, mismatch };
      }
    }
    return { ...base, passed: true };
  } catch (e) {
    return { ...base, passed: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

export interface CrossCheckReport {
  /** Backends × (op, dtype, parameter case) that were compared with the oracle. */
  checked: number;
  mismatches: Mismatch[];
  /** Calls a backend threw on, by backend. */
  errors: { backend: string; op: OpName; dtype: DType; error: string }[];
}

/**
 * Sends the same seeded inputs through every backend and compares each result with the oracle
 * (never only with each other). Only (op, dtype) pairs that a backend declares are run on it.
 */
export async function crossCheck(
  backends: readonly ActivationBackend[],
  options: Omit<CheckOptions, 'resident'> = {},
): Promise<CrossCheckReport> {
  const report: CrossCheckReport = { checked: 0, mismatches: [], errors: [] };
  for (const backend of backends) {
    for (const r of await checkBackend(backend, { modes: ['new'], ...options })) {
      report.checked++;
      if (r.mismatch) report.mismatches.push(r.mismatch);
      if (r.error) report.errors.push({ backend: backend.name, op: r.op, dtype: r.dtype, error: r.error });
    }
  }
  return report;
}
