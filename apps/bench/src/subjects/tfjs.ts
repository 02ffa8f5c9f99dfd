/**
 * A TensorFlow.js backend (tfjs-backend-cpu, tfjs-backend-wasm) as a reference. Environment-free:
 * the caller passes the loaded tfjs-core namespace with the backend registered (src/node/load.ts).
 * resident: relu + dataSync on an existing tensor; roundtrip: tensor creation + relu + dataSync.
 * tfjs has one global backend, so each batch first makes this subject's backend the active one.
 */
import type { AnyTypedArray, DType } from '@rectify/core';
import type { BenchOp } from '../plan.js';
import type { Mode, PreparedRun, Subject } from './subject.js';

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

/** tfjs has no float64 or int8; relu6 and leakyRelu are float ops. */
const TF_DTYPES: Readonly<Record<BenchOp, readonly DType[]>> = {
  relu: ['float32', 'int32'],
  clippedRelu: ['float32'],
  leakyRelu: ['float32'],
};

export function tfjsSubject(tf: TfLike, tfBackend: string, name = `tfjs-${tfBackend}`): Subject {
  const activate = async () => {
    if (tf.getBackend() !== tfBackend && !(await tf.setBackend(tfBackend))) throw new Error(`tfjs could not switch to '${tfBackend}'`);
  };
  // Rectify's defaults: tfjs' leakyRelu defaults to alpha 0.2, so pass 0.01.
  const apply = (op: BenchOp, t: TfTensor) => (op === 'relu' ? tf.relu(t) : op === 'clippedRelu' ? tf.relu6(t) : tf.leakyRelu(t, 0.01));
  return {
    name,
    role: 'reference',
    modes: (op, dtype): readonly Mode[] => (TF_DTYPES[op].includes(dtype) ? ['resident', 'roundtrip'] : []),
    async prepare(cell, mode): Promise<PreparedRun> {
      await activate();
      const { op, input } = cell;
      const dtype = cell.dtype as 'float32' | 'int32';
      const resident = mode === 'resident' ? tf.tensor1d(input, dtype) : undefined;
      const once = (): AnyTypedArray => {
        const x = resident ?? tf.tensor1d(input, dtype);
        const y = apply(op, x);
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
