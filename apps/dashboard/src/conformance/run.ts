/** Runs the conformance suite on one backend, an op at a time, yielding to the page in between. */
import { OP_NAMES, type ActivationBackend, type OpName } from '@rectify/core';
import { checkBackend, type CaseResult } from '@rectify/conformance';

/** Shorter than the suite's default (which ends at 2^20 + 3) so a browser check takes seconds. */
export const BROWSER_LENGTHS: readonly number[] = [0, 1, 3, 4, 5, 15, 16, 17, 1023, 65539];

export async function runConformance(
  backend: ActivationBackend,
  onOp: (op: OpName, results: CaseResult[]) => void,
  lengths: readonly number[] = BROWSER_LENGTHS,
): Promise<void> {
  for (const op of OP_NAMES) {
    if (!backend.capabilities.ops[op]?.length) continue;
    onOp(op, await checkBackend(backend, { lengths, ops: [op] }));
    // CPU backends resolve without leaving the microtask queue: let the page paint between ops.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
