/**
 * A TensorFlow.js backend (tfjs-backend-cpu, tfjs-backend-wasm) as a reference. Environment-free:
 * the caller passes the loaded tfjs-core namespace with the backend registered (src/node/load.ts).
 * resident: the op + dataSync on existing tensors (the arrays, and alpha); roundtrip: tensor
 * creation + the op + dataSync.
 * tfjs has one global backend, so each batch first makes this subject's backend the active one.
 */
import type { AnyTypedArray, DType, OpName } from '@rectify/core';
import { benchOp } from '../plan.js';
import { defaultParam, type Mode, type PreparedRun, type Subject } from './subject.js';

export interface TfTensor {
  dataSync(): unknown;
  dispose(): void;
}
/** The parts of @tensorflow/tfjs-core used here. */
export interface TfLike {
  tensor(values: AnyTypedArray, shape: readonly number[], dtype?: 'float32' | 'int32'): TfTensor;
  relu(x: TfTensor): TfTensor;
  relu6(x: TfTensor): TfTensor;
  leakyRelu(x: TfTensor, alpha?: number): TfTensor;
  prelu(x: TfTensor, alpha: TfTensor): TfTensor;
  greater(a: TfTensor, b: number): TfTensor;
  where(condition: TfTensor, a: TfTensor, b: TfTensor): TfTensor;
  mul(a: TfTensor, b: TfTensor): TfTensor;
  sum(x: TfTensor, axis: number): TfTensor;
  zerosLike(x: TfTensor): TfTensor;
  tidy<T>(fn: () => T): T;
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
}

interface TfOp {
  /** tfjs has no float64 or int8; relu6, leakyRelu and prelu are float ops. */
  dtypes: readonly DType[];
  /**
   * The call on the cell's arrays (call order; a per-channel op's as [size / C, C]) and its
   * typed-array parameters (prelu's alpha, 1-D): the result, or gradients as [dx, dalpha].
   */
  apply(tf: TfLike, arrays: readonly TfTensor[], params: readonly TfTensor[]): TfTensor | readonly TfTensor[];
}

/**
 * What tfjs offers for each of our ops, called with Rectify's defaults. Mapping our ops to a peer's
 * calls is inherently per op, so this table (and ONNX_OPS for ort-wasm) is the one place in the
 * benchmark and dashboard that names ops (besides the default op, relu). An op missing here is not
 * offered: tfjs has no reluGrad (threshold_backward) op, nor leakyRelu's or relu6's gradient as one.
 */
const ALPHA = defaultParam('leakyRelu', 'alpha');
const TF_OPS: Partial<Record<OpName, TfOp>> = {
  relu: { dtypes: ['float32', 'int32'], apply: (tf, [x]) => tf.relu(x) },
  // relu6: clippedRelu with its default ceiling, 6.
  clippedRelu: { dtypes: ['float32'], apply: (tf, [x]) => tf.relu6(x) },
  // tfjs' leakyRelu defaults to alpha 0.2: pass ours.
  leakyRelu: { dtypes: ['float32'], apply: (tf, [x]) => tf.leakyRelu(x, ALPHA) },
  // alpha [C] broadcasts over x's last axis: channels last.
  prelu: { dtypes: ['float32'], apply: (tf, [x], [alpha]) => tf.prelu(x, alpha) },
  // tf.grads cannot run Prelu's gradient with tfjs-core alone (only the whole @tensorflow/tfjs
  // registers it), so this is that gradient (tfjs-core's gradients/Prelu_grad.ts) with the same ops.
  preluGrad: {
    dtypes: ['float32'],
    apply: (tf, [dy, x], [alpha]) =>
      tf.tidy(() => {
        const mask = tf.greater(x, 0);
        return [tf.where(mask, dy, tf.mul(dy, alpha)), tf.sum(tf.where(mask, tf.zerosLike(dy), tf.mul(dy, x)), 0)];
      }),
  },
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
      const tfOp = TF_OPS[cell.op];
      if (!tfOp) throw new Error(`tfjs does not offer ${cell.op}`);
      const gradients = benchOp(cell.op).result === 'gradients';
      const dtype = cell.dtype as 'float32' | 'int32';
      const shape = cell.channels === undefined ? [cell.size] : [cell.size / cell.channels, cell.channels];
      const tensors = () => ({
        arrays: cell.inputs.map((a) => tf.tensor(a, shape, dtype)),
        params: (cell.params as AnyTypedArray[]).map((p) => tf.tensor(p, [p.length], dtype)),
      });
      const dispose = (t: ReturnType<typeof tensors>) => [...t.arrays, ...t.params].forEach((x) => x.dispose());
      const resident = mode === 'resident' ? tensors() : undefined;
      const once = (): AnyTypedArray[] => {
        const args = resident ?? tensors();
        const y = tfOp.apply(tf, args.arrays, args.params);
        const outs = Array.isArray(y) ? y : [y as TfTensor];
        const data = outs.map((t) => t.dataSync() as AnyTypedArray);
        outs.forEach((t) => t.dispose());
        if (!resident) dispose(args);
        return data;
      };
      return {
        reset: activate,
        batch(reps) {
          for (let i = 0; i < reps; i++) once();
        },
        async output() {
          await activate();
          const [y, dalpha] = once().map((d) => d.slice() as AnyTypedArray);
          return gradients ? { dx: y, dalpha } : y;
        },
        async release() {
          await activate();
          if (resident) dispose(resident);
        },
      };
    },
  };
}
