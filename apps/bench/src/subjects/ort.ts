/**
 * onnxruntime-web (wasm execution provider) running a one-node model, as a reference. Environment-free:
 * the caller passes the loaded `ort` namespace (src/node/load.ts in Node). Which ONNX operator stands
 * for which of our ops, and how its parameters are fed, is @rectify/peers' table (ORT_OPS), the one
 * the report card grades. ORT's wasm EP copies inputs into its heap and outputs out of it on every
 * run, so both modes include those copies; resident reuses its input tensors, roundtrip makes new ones each call.
 */
import { perOp, prepareCall, type AnyTypedArray, type DType, type OpName } from '@rectify/core';
import { ORT_OPS, ortFeeds, ortSessions, type OrtLike } from '@rectify/peers';
import { benchOp } from '../plan.js';
import type { Mode, PreparedRun, Subject } from './subject.js';

export type { OrtLike, OrtSession, OrtTensor } from '@rectify/peers';

/** `declared`: the (op, dtype) pairs to run, e.g. a probed peer's capabilities.ops (default: every dtype ORT_OPS tries). */
export function ortSubject(ort: OrtLike, name = 'ort-wasm', declared?: Readonly<Record<OpName, readonly DType[]>>): Subject {
  const sessions = ortSessions(ort, 'wasm');
  const info = { name, capabilities: { ops: declared ?? perOp((op) => ORT_OPS[op.name]?.dtypes ?? []), flushesSubnormals: false, deviceBacked: false, sync: false, residentArrays: false, maxLength: Number.MAX_SAFE_INTEGER } };
  return {
    name,
    role: 'reference',
    modes: (op, dtype): readonly Mode[] => (info.capabilities.ops[op].includes(dtype as never) ? ['resident', 'roundtrip'] : []),
    async prepare(cell, mode): Promise<PreparedRun> {
      const ortOp = ORT_OPS[cell.op];
      if (!ortOp) throw new Error(`ONNX has no operator for ${cell.op}`);
      const call = prepareCall(info, benchOp(cell.op), [...cell.inputs, ...cell.params]);
      const s = await sessions.get(ortOp, call);
      const resident = mode === 'resident' ? ortFeeds(ort, ortOp, call) : undefined;
      const once = async () => (await s.run(resident ?? ortFeeds(ort, ortOp, call))).y;
      return {
        async batch(reps) {
          for (let i = 0; i < reps; i++) (await once()).dispose?.();
        },
        async output() {
          return (await once()).data as AnyTypedArray;
        },
        release() {},
      };
    },
    dispose: () => sessions.release(),
  };
}
