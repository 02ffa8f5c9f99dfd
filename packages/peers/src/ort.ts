/**
 * onnxruntime-web (the wasm or the webgpu execution provider) as a peer: each of our ops is a
 * one-node ONNX model, its parameters fed as inputs (Clip's min and max, PRelu's slope) or, where
 * ONNX makes them attributes (LeakyRelu's alpha), a model per value. Environment-free: the caller
 * passes the loaded `ort` namespace (node.ts, browser.ts).
 */
import { bitView, type AnyTypedArray, type DType, type OpName, type PreparedCall } from '@rectify/core';
import { oneNodeModel, type OneNode } from './onnx-model.js';
import { asDType, channelLayout, createPeerBackend, type PeerBackend, type PeerOp } from './peer-backend.js';

export interface OrtTensor {
  readonly data: unknown;
  dispose?(): void;
}
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>, options?: Record<string, unknown>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
/** The parts of the onnxruntime-web namespace used here. */
export interface OrtLike {
  readonly env: { readonly versions?: { readonly web?: string } };
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: DType, data: ArrayLike<number>, dims: readonly number[]) => OrtTensor;
}

export interface OrtOp {
  dtypes: readonly DType[];
  /** The node for a call (its attributes may hold the call's parameters). */
  node(call: PreparedCall): OneNode;
  /** The call's parameters fed as inputs after x: [name, values, dims]. */
  feeds?(call: PreparedCall): [string, AnyTypedArray, number[]][];
}

const X1 = { name: 'x', dims: ['n'] };
const ALL: readonly DType[] = ['float32', 'float64', 'float16', 'int32', 'int8'];
const FLOATS: readonly DType[] = ['float32', 'float64', 'float16'];

/**
 * What ONNX offers for each of our ops (mapping ops to a peer's calls is per op, so this table and
 * tfjs.ts' are the places that name them). ONNX's standard operators have no gradients.
 */
export const ORT_OPS: Readonly<Partial<Record<OpName, OrtOp>>> = {
  relu: { dtypes: ALL, node: () => ({ opType: 'Relu', inputs: [X1] }) },
  clippedRelu: {
    dtypes: ALL,
    node: () => ({ opType: 'Clip', inputs: [X1, { name: 'lo', dims: [] }, { name: 'hi', dims: [] }] }),
    feeds: (call) => [['lo', scalar(call, 0), []], ['hi', scalar(call, call.params[0]), []]],
  },
  leakyRelu: { dtypes: FLOATS, node: (call) => ({ opType: 'LeakyRelu', inputs: [X1], floats: [['alpha', call.params[0]]] }) },
  prelu: {
    dtypes: FLOATS,
    node: (call) => {
      const { shape, alphaShape } = channelLayout(call);
      return { opType: 'PRelu', inputs: [{ name: 'x', dims: shape.map((_, k) => `d${k}`) }, { name: 'slope', dims: alphaShape!.map((_, k) => `s${k}`) }] };
    },
    feeds: (call) => [['slope', call.perChannel!, channelLayout(call).alphaShape!]],
  },
};

function scalar(call: PreparedCall, value: number): AnyTypedArray {
  const like = call.arrays[0] as AnyTypedArray;
  const a = new (like.constructor as new (n: number) => AnyTypedArray)(1);
  a[0] = value;
  return a;
}

/** What ort.Tensor takes: float16 as its bits (a Uint16Array), since Node's Float16Array is a polyfill. */
const tensorData = (dtype: DType, a: AnyTypedArray) => (dtype === 'float16' ? bitView(a) : a);

/** The feeds of a call: x (shaped by channelLayout) and the parameters the op feeds as inputs. */
export function ortFeeds(ort: OrtLike, op: OrtOp, call: PreparedCall): Record<string, OrtTensor> {
  const feeds: Record<string, OrtTensor> = { x: new ort.Tensor(call.dtype, tensorData(call.dtype, call.arrays[0] as AnyTypedArray), channelLayout(call).shape) };
  for (const [input, values, dims] of op.feeds?.(call) ?? []) feeds[input] = new ort.Tensor(call.dtype, tensorData(call.dtype, values), dims);
  return feeds;
}

/** A session per model (op node and dtype), created once, for one execution provider. */
export function ortSessions(ort: OrtLike, executionProvider: string): { get(op: OrtOp, call: PreparedCall): Promise<OrtSession>; release(): Promise<void> } {
  const sessions = new Map<string, Promise<OrtSession>>();
  return {
    get(op, call) {
      const node = op.node(call);
      const key = `${call.dtype} ${JSON.stringify(node)}`;
      let s = sessions.get(key);
      if (!s) {
        // logSeverityLevel 4 (fatal only, here and in run): a kernel that fails reaches us as a rejected run; logged as well, the probe's
        // expected failures (float16 without shader-f16) would read as errors on the console.
        s = ort.InferenceSession.create(oneNodeModel(node, call.dtype), { executionProviders: [executionProvider], graphOptimizationLevel: 'all', logSeverityLevel: 4 });
        sessions.set(key, s);
        s.catch(() => sessions.delete(key));
      }
      return s;
    },
    async release() {
      for (const s of sessions.values()) await (await s.catch(() => undefined))?.release?.();
      sessions.clear();
    },
  };
}

/** onnxruntime-web on one execution provider ('wasm' or 'webgpu'), as `ort-<ep>`. */
export async function createOrtBackend(ort: OrtLike, executionProvider: 'wasm' | 'webgpu'): Promise<PeerBackend> {
  const sessions = ortSessions(ort, executionProvider);
  const ops: Partial<Record<OpName, PeerOp>> = {};
  for (const [name, entry] of Object.entries(ORT_OPS) as [OpName, OrtOp][]) {
    ops[name] = {
      dtypes: entry.dtypes,
      async run(call) {
        const s = await sessions.get(entry, call);
        const { y } = await s.run(ortFeeds(ort, entry, call), { logSeverityLevel: 4 });
        try {
          return asDType(call.dtype, y.data as AnyTypedArray, call.length);
        } finally {
          y.dispose?.();
        }
      },
    };
  }
  return createPeerBackend({
    name: `ort-${executionProvider}`,
    library: `onnxruntime-web ${ort.env.versions?.web ?? ''} (${executionProvider})`.replace('  ', ' '),
    ops,
    missingReason: 'ONNX has no such operator (and no gradients outside training)',
    deviceBacked: executionProvider === 'webgpu',
    dispose: () => sessions.release(),
  });
}
