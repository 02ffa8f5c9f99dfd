/**
 * One answer to a bad call on every backend: the same malformed calls through several backends must
 * fail alike (same error class and code) and leave every argument's bytes unchanged, so swapping a
 * backend never changes whether a call is accepted.
 */
import { RectifyError, type ActivationBackend } from '@rectify/core';
import { badInputCases } from './bad-inputs.js';
import { cloneBits, sameBits } from './bits.js';

export interface BadCallOutcome {
  backend: string;
  /** The error's class and code, 'accepted' when the call succeeded, or 'threw synchronously'. */
  outcome: string;
  /** True when an argument's bytes changed. */
  changed: boolean;
}

export interface Disagreement {
  call: string;
  outcomes: BadCallOutcome[];
}

async function outcomeOf(backend: ActivationBackend, c: ReturnType<typeof badInputCases>[number]): Promise<BadCallOutcome> {
  const before = c.untouched.map(cloneBits);
  let outcome: string;
  try {
    const result = c.call(backend);
    if (!(result instanceof Promise)) outcome = 'returned without a Promise';
    else {
      await result;
      outcome = 'accepted';
    }
  } catch (e) {
    outcome = e instanceof RectifyError ? `${e.constructor.name} ${e.code}` : `untyped ${String(e)}`;
  }
  return { backend: backend.name, outcome, changed: !c.untouched.every((a, i) => sameBits(a, before[i])) };
}

/**
 * Runs every bad call that all the backends can be asked (the cases each generates for its declared
 * dtypes, by name) and returns those whose outcomes differ, or that any backend accepted or that
 * changed an argument.
 */
export async function crossCheckBadCalls(backends: readonly ActivationBackend[]): Promise<{ checked: number; disagreements: Disagreement[] }> {
  const perBackend = backends.map((b) => new Map(badInputCases(b).map((c) => [c.name, c])));
  const shared = [...perBackend[0].keys()].filter((name) => perBackend.every((m) => m.has(name)));
  const disagreements: Disagreement[] = [];
  for (const name of shared) {
    const outcomes: BadCallOutcome[] = [];
    for (const [k, b] of backends.entries()) outcomes.push(await outcomeOf(b, perBackend[k].get(name)!));
    const expected = perBackend[0].get(name)!.expected.name;
    const bad = outcomes.some((o) => o.changed || !o.outcome.startsWith(`${expected} `)) || new Set(outcomes.map((o) => o.outcome)).size > 1;
    if (bad) disagreements.push({ call: name, outcomes });
  }
  return { checked: shared.length, disagreements };
}
