/**
 * The reference semantics: every op's oracle (src/ops), callable as a backend's sync twins are,
 * with the same argument checks. The conformance suite compares every backend with it bit for bit.
 * See docs/semantics.md.
 */
import type { SyncOps } from './backend.js';
import { prepareCall, type BackendInfo } from './call.js';
import { bitView, type AnyTypedArray } from './dtypes.js';
import { OPS, SPEC_DTYPES } from './ops/index.js';

const REFERENCE: BackendInfo = {
  name: 'oracle',
  capabilities: {
    ops: SPEC_DTYPES,
    flushesSubnormals: false,
    deviceBacked: false,
    sync: true,
    residentArrays: false,
    maxLength: Number.MAX_SAFE_INTEGER,
  },
};

function build(): SyncOps {
  const api: Record<string, (...args: unknown[]) => unknown> = {};
  for (const op of OPS) {
    api[op.name] = (...args) => {
      const call = prepareCall(REFERENCE, op, args);
      const result = op.oracle(call.arrays as AnyTypedArray[], call.params, call.perChannel);
      if (call.out === undefined) return result;
      const out = call.out as AnyTypedArray;
      if (op.result === 'gradients') {
        const { dx, dalpha } = result as { dx: AnyTypedArray; dalpha: AnyTypedArray };
        bitView(out).set(bitView(dx));
        return { dx: out, dalpha };
      }
      bitView(out).set(bitView(result as AnyTypedArray));
      return out;
    };
  }
  return Object.freeze(api) as unknown as SyncOps;
}

/** `oracle.relu(x)`, `oracle.clippedRelu(x, 6)`, ...: the readable reference result of every op. */
export const oracle: SyncOps = build();
