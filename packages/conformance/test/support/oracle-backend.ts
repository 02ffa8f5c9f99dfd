/** Backends for the suite's own tests: the oracle, with some ops deliberately wrong. */
import { OPS, SPEC_DTYPES, dtypeOf, prepareCall, type ActivationBackend, type AnyTypedArray } from '@rectify/core';

export type Override = (x: AnyTypedArray, params: readonly number[], call: { arrays: AnyTypedArray[]; perChannel?: AnyTypedArray }) => unknown;
export type Overrides = Partial<Record<'relu' | 'leakyRelu' | 'stats' | 'deadUnits' | 'preluGrad', Override>>;

/** A backend that computes every op of the table with the oracle, but for the overridden ones. */
export function oracleBackend(name: string, overrides: Overrides = {}, flushesSubnormals = false): ActivationBackend {
  const info = {
    name,
    capabilities: { ops: SPEC_DTYPES, flushesSubnormals, deviceBacked: false, sync: false, residentArrays: false, maxLength: 2 ** 31 },
  };
  const b: Record<string, unknown> = { ...info, dispose() {} };
  for (const op of OPS) {
    b[op.name] = async (...args: unknown[]) => {
      const c = prepareCall(info, op, args);
      const arrays = c.arrays as AnyTypedArray[];
      const override = overrides[op.name as keyof Overrides];
      const result = override ? override(arrays[0], c.params, { arrays, perChannel: c.perChannel }) : op.oracle(arrays, c.params, c.perChannel);
      return place(result, c.out as AnyTypedArray | undefined);
    };
  }
  return b as unknown as ActivationBackend;
}

function place(result: unknown, out?: AnyTypedArray): unknown {
  if (!out) return result;
  if (dtypeOf(result) === undefined) {
    const { dx, dalpha } = result as { dx: AnyTypedArray; dalpha: AnyTypedArray };
    return { dx: place(dx, out), dalpha };
  }
  const r = result as AnyTypedArray;
  new Uint8Array(out.buffer, out.byteOffset, r.byteLength).set(new Uint8Array(r.buffer, r.byteOffset, r.byteLength));
  return out;
}
