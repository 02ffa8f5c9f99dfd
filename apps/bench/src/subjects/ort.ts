/**
 * onnxruntime-web (wasm execution provider) running a one-node model, as a reference. Environment-free:
 * the caller passes the loaded `ort` namespace (src/node/load.ts in Node). ORT's wasm EP copies
 * inputs into its heap and outputs out of it on every run, so both modes include those copies;
 * resident reuses its input tensors (x, PRelu's slope), roundtrip wraps the plain arrays in new ones each call.
 */
import type { AnyTypedArray, DType, OpName } from '@rectify/core';
import { ONNX_OPS, unaryModel } from './onnx-model.js';
import type { Mode, PreparedRun, Subject } from './subject.js';

export interface OrtTensor {
  readonly data: unknown;
  dispose?(): void;
}
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
/** The parts of the onnxruntime-web namespace used here. */
export interface OrtLike {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: DType, data: AnyTypedArray, dims: readonly number[]) => OrtTensor;
}

export function ortSubject(ort: OrtLike, name = 'ort-wasm'): Subject {
  const sessions = new Map<string, Promise<OrtSession>>();
  const session = (op: OpName, dtype: DType) => {
    const key = `${op}|${dtype}`;
    let s = sessions.get(key);
    if (!s) {
      s = ort.InferenceSession.create(unaryModel(op, dtype), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      sessions.set(key, s);
    }
    return s;
  };
  return {
    name,
    role: 'reference',
    modes: (op, dtype): readonly Mode[] => (ONNX_OPS[op]?.dtypes.includes(dtype) ? ['resident', 'roundtrip'] : []),
    async prepare(cell, mode): Promise<PreparedRun> {
      const s = await session(cell.op, cell.dtype);
      const { input, dtype, size, channels } = cell;
      const shape = channels === undefined ? [size] : [size / channels, channels];
      const names = ONNX_OPS[cell.op]?.channelInputs ?? [];
      const feeds = (): Record<string, OrtTensor> => ({
        x: new ort.Tensor(dtype, input, shape),
        ...Object.fromEntries(names.map((name, k) => [name, new ort.Tensor(dtype, cell.params[k] as AnyTypedArray, [channels!])])),
      });
      const resident = mode === 'resident' ? feeds() : undefined;
      const once = async () => {
        const { y } = await s.run(resident ?? feeds());
        return y;
      };
      return {
        async batch(reps) {
          for (let i = 0; i < reps; i++) {
            const y = await once();
            y.dispose?.();
          }
        },
        async output() {
          return (await once()).data as AnyTypedArray;
        },
        release() {},
      };
    },
    async dispose() {
      for (const s of sessions.values()) await (await s).release?.();
    },
  };
}
