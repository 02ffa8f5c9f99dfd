/**
 * Many calls in flight at once: mixed ops, dtypes and sizes started together through the Promise
 * API, each result then compared with the oracle. Catches cross-talk between calls that share pooled
 * buffers, scratch memory or uniform slots.
 */
import { invoke, opDefinition, oracle, type ActivationBackend } from '@rectify/core';
import { callInputs, callLabel, compareResult, declaredCalls } from './check.js';
import { seededRandom } from './random.js';

export interface ConcurrencyOptions {
  /** Calls started before any is awaited (default 1000). */
  calls?: number;
  seed?: number;
  /** Longest array (default 4099). */
  maxLength?: number;
}

/** One line per call whose result differs from the oracle's (or that failed); empty when all match. */
export async function checkConcurrent(backend: ActivationBackend, options: ConcurrencyOptions = {}): Promise<string[]> {
  const count = options.calls ?? 1000;
  const next = seededRandom(options.seed ?? 0xc0c0);
  const maxLength = options.maxLength ?? 4099;
  const calls = declaredCalls(backend);
  const started = Array.from({ length: count }, (_, k) => {
    const call = calls[next() % calls.length];
    const op = opDefinition(call.op)!;
    // Mostly small, some up to maxLength, so tiny and large calls overlap.
    const length = next() % 4 === 0 ? next() % (maxLength + 1) : next() % 65;
    const inputs = callInputs(op, call.dtype, length, next());
    const params = (call.params ?? op.cases(call.dtype)[0]).params(length);
    const result = Promise.resolve().then(() => invoke(backend, op, inputs, params));
    return { k, call, op, inputs, params, length, result };
  });
  const failures: string[] = [];
  for (const s of started) {
    const where = `call ${s.k} of ${count}: ${callLabel(s.call)}, length ${s.length}`;
    try {
      const got = await s.result;
      const d = compareResult(s.op, s.inputs, got, invoke(oracle, s.op, s.inputs, s.params), backend.capabilities.flushesSubnormals);
      if (d) failures.push(`${where}${d.index >= 0 ? ` at index ${d.index}` : ''}: got ${d.got}, want ${d.want}`);
    } catch (e) {
      failures.push(`${where}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }
  return failures;
}
