/**
 * A TensorFlow.js backend (cpu, wasm, webgl, webgpu) as a peer. Environment-free: the caller passes
 * tfjs-core's namespace with the backend registered and its gradients loaded (node.ts, browser.ts).
 * tfjs has one global backend, so every call first makes this peer's the active one.
 */
import type { AnyTypedArray, OpName, PreparedCall } from '@rectify/core';
import { asDType, channelLayout, createPeerBackend, type PeerBackend, type PeerOp, type PeerResult } from './peer-backend.js';

export interface TfTensor {
  data(): Promise<ArrayLike<number>>;
  dataSync(): ArrayLike<number>;
  dispose(): void;
}
export type TfDType = 'float32' | 'int32';
/** The parts of @tensorflow/tfjs-core used here. */
export interface TfLike {
  version_core: string;
  tensor(values: AnyTypedArray, shape: readonly number[], dtype?: TfDType): TfTensor;
  relu(x: TfTensor): TfTensor;
  relu6(x: TfTensor): TfTensor;
  clipByValue(x: TfTensor, min: number, max: number): TfTensor;
  leakyRelu(x: TfTensor, alpha?: number): TfTensor;
  prelu(x: TfTensor, alpha: TfTensor): TfTensor;
  grad(f: (x: TfTensor) => TfTensor): (x: TfTensor, dy: TfTensor) => TfTensor;
  grads(f: (...args: TfTensor[]) => TfTensor): (args: TfTensor[], dy: TfTensor) => TfTensor[];
  tidy<T>(fn: () => T): T;
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
}

/** A call's tensors: its arrays (x, dy) shaped by channelLayout, and the per-channel alpha. */
export type TfTensors = { arrays: TfTensor[]; alpha?: TfTensor };
export interface TfjsOp {
  readonly dtypes: readonly TfDType[];
  /** tfjs' call for ours, on the call's tensors and checked scalar parameters: the result, or [dx, dalpha]. */
  call(tf: TfLike, t: TfTensors, params: readonly number[]): TfTensor | TfTensor[];
}

/** relu6 where our ceiling is its 6; clipByValue, what a tfjs user writes, for any other. */
const clip = (tf: TfLike, x: TfTensor, c: number) => (c === 6 ? tf.relu6(x) : tf.clipByValue(x, 0, c));

/**
 * What tfjs offers for each of our ops (mapping ops to a peer's calls is per op, so this table and
 * ort.ts' are the places that name them). Gradients are tfjs' own, through tf.grad of the forward op.
 */
export const TFJS_OPS: Readonly<Partial<Record<OpName, TfjsOp>>> = {
  relu: { dtypes: ['float32', 'int32'], call: (tf, { arrays: [x] }) => tf.relu(x) },
  clippedRelu: { dtypes: ['float32', 'int32'], call: (tf, { arrays: [x] }, [c]) => clip(tf, x, c) },
  leakyRelu: { dtypes: ['float32'], call: (tf, { arrays: [x] }, [a]) => tf.leakyRelu(x, a) },
  prelu: { dtypes: ['float32'], call: (tf, { arrays: [x], alpha }) => tf.prelu(x, alpha!) },
  reluGrad: { dtypes: ['float32'], call: (tf, { arrays: [dy, x] }) => tf.grad((v) => tf.relu(v))(x, dy) },
  clippedReluGrad: { dtypes: ['float32'], call: (tf, { arrays: [dy, x] }, [c]) => tf.grad((v) => clip(tf, v, c))(x, dy) },
  leakyReluGrad: { dtypes: ['float32'], call: (tf, { arrays: [dy, x] }, [a]) => tf.grad((v) => tf.leakyRelu(v, a))(x, dy) },
  preluGrad: { dtypes: ['float32'], call: (tf, { arrays: [dy, x], alpha }) => tf.grads((v, a) => tf.prelu(v, a))([x, alpha!], dy) },
};

/** The call's tensors (the caller disposes them). */
export function tfjsTensors(tf: TfLike, call: PreparedCall): TfTensors {
  const dtype = call.dtype as TfDType;
  const { shape, alphaShape } = channelLayout(call);
  return {
    arrays: call.arrays.map((a) => tf.tensor(a as AnyTypedArray, shape, dtype)),
    alpha: call.perChannel && tf.tensor(call.perChannel, alphaShape!, dtype),
  };
}

/** Runs tfjs' op on the tensors; its outputs (one, or dx and dalpha), intermediates disposed. */
export function tfjsOutputs(tf: TfLike, op: TfjsOp, t: TfTensors, params: readonly number[]): TfTensor[] {
  return tf.tidy(() => {
    const y = op.call(tf, t, params);
    return Array.isArray(y) ? y : [y];
  });
}

/** tfjs on one of its backends ('cpu', 'wasm', 'webgl', 'webgpu'), as `tfjs-<backend>`. */
export async function createTfjsBackend(tf: TfLike, tfBackend: string): Promise<PeerBackend> {
  const activate = async () => {
    if (tf.getBackend() !== tfBackend && !(await tf.setBackend(tfBackend))) throw new Error(`tfjs could not switch to its '${tfBackend}' backend`);
  };
  await activate();
  const ops: Partial<Record<OpName, PeerOp>> = {};
  for (const [name, entry] of Object.entries(TFJS_OPS) as [OpName, TfjsOp][]) {
    ops[name] = {
      dtypes: entry.dtypes,
      async run(call): Promise<PeerResult> {
        await activate();
        const outs = tf.tidy(() => tfjsOutputs(tf, entry, tfjsTensors(tf, call), call.params));
        try {
          const [y, dalpha] = await Promise.all(outs.map((o) => o.data()));
          const dx = asDType(call.dtype, y, call.length);
          return dalpha ? { dx, dalpha: asDType(call.dtype, dalpha, call.perChannel!.length) } : dx;
        } finally {
          outs.forEach((o) => o.dispose());
        }
      },
    };
  }
  return createPeerBackend({
    name: `tfjs-${tfBackend}`,
    library: `@tensorflow/tfjs-core ${tf.version_core} (${tfBackend})`,
    ops,
    missingReason: 'tfjs has no such op',
    deviceBacked: tfBackend === 'webgl' || tfBackend === 'webgpu',
  });
}
