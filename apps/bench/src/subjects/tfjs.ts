/**
 * A TensorFlow.js backend (tfjs-backend-cpu, tfjs-backend-wasm) as a reference. Environment-free:
 * the caller passes the loaded tfjs-core namespace with the backend registered (src/node/load.ts).
 * resident: the op + dataSync on an existing tensor; roundtrip: tensor creation + the op + dataSync.
 * tfjs has one global backend, so each batch first makes this subject's backend the active one.
 */
import type { AnyTypedArray, DType, OpName } from '@rectify/core';
import { defaultParam, type Mode, type PreparedRun, type Subject } from './subject.js';

export interface TfTensor {
  dataSync(): unknown;
  dispose(): void;
}
/** The parts of @tensorflow/tfjs-core used here. */
export interface TfLike {
  tensor1d(values: AnyTypedArray, dtype?: 'float32' | 'int32'): TfTensor;
  relu(x: TfTensor): TfTensor;
  relu6(x: TfTensor): TfTensor;
  leakyRelu(x: TfTensor, alpha?: number): TfTensor;
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
}

interface TfOp {
  /** tfjs has no float64 or int8; relu6 and leakyRelu are float ops. */
  dtypes: readonly DType[];
  apply(tf: TfLike, x: TfTensor): TfTensor;
}

/**
 * What tfjs offers for each of our ops, called with Rectify's defaults. Mapping our ops to a peer's
 * calls is inherently per op, so this table (and ONNX_OPS for ort-wasm) is the one place in the
 * benchmark and dashboard that names ops (besides the default op, relu). An op missing here is not
 * offered: tfjs has no reluGrad (threshold_backward) op.
 */
const ALPHA = defaultParam('leakyRelu', 'alpha');
const TF_OPS: Partial<Record<OpName, TfOp>> = {
  relu: { dtypes: ['float32', 'int32'], apply: (tf, x) => tf.relu(x) },
  // relu6: clippedRelu with its default ceiling, 6.
  clippedRelu: { dtypes: ['float32'], apply: (tf, x) => tf.relu6(x) },
  // tfjs' leakyRelu defaults to alpha 0.2: pass ours.
  leakyRelu: { dtypes: ['float32'], apply: (tf, x) => tf.leakyRelu(x, ALPHA) },
};

export function tfjsSubject(tf: TfLike, tfBackend: string, name = `tfjs-${tfBackend}`): Subject {
  const activate = async () => {
    if (tf.getBackend() !== tfBackend && !(await tf.setBackend(tfBackend))) throw new Error(`tfjs could not switch to '${tfBackend}'`);
  };
  return {
    name,
    role: 'reference',
    modes: (op, dtype): readonly Mode[] => (TF_OPS[op]?.dtypes.includes(dtype) ? ['resident', 'roundtrip'] : []),
    async prepare(cell, mode): Promise<PreparedRun> {
      await activate();
      const { input } = cell;
      const tfOp = TF_OPS[cell.op];
      if (!tfOp) throw new Error(`tfjs does not offer ${cell.op}`);
      const dtype = cell.dtype as 'float32' | 'int32';
      const resident = mode === 'resident' ? tf.tensor1d(input, dtype) : undefined;
      const once = (): AnyTypedArray => {
        const x = resident ?? tf.tensor1d(input, dtype);
        const y = tfOp.apply(tf, x);
        const data = y.dataSync() as AnyTypedArray;
        y.dispose();
        if (!resident) x.dispose();
        return data;
      };
      return {
        reset: activate,
        batch(reps) {
          for (let i = 0; i < reps; i++) once();
        },
        async output() {
          await activate();
          const d = once();
          return d.slice() as AnyTypedArray;
        },
        async release() {
          await activate();
          resident?.dispose();
        },
      };
    },
  };
}
