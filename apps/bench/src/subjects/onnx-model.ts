/**
 * One-node ONNX models (ONNX_OPS: y = Relu(x), LeakyRelu(x), Clip(x, 0, 6), PRelu(x, slope)) encoded by hand as protobuf bytes,
 * so the benchmark needs no model file and no download. Environment-free.
 *
 * Only the few ModelProto fields onnxruntime needs are written; field numbers are from onnx.proto3.
 */
import { fromNumbers, type DType, type OpName } from '@rectify/core';
import { defaultParam } from './subject.js';

/** One of our ops as one ONNX node, with Rectify's default parameters. */
export interface OnnxNode {
  opType: string;
  /** Inputs after x, as scalar initializers of x's dtype (Clip's min and max). */
  scalars?: readonly (readonly [name: string, value: number])[];
  /** Float attributes (LeakyRelu's alpha). */
  floats?: readonly (readonly [name: string, value: number])[];
  /** Inputs after x fed from the cell's per-channel parameters (PRelu's slope), 1-D of C entries; x is then [n, C]. */
  channelInputs?: readonly string[];
  /** What onnxruntime-web 1.30's CPU kernels accept (checked by running each model once). */
  dtypes: readonly DType[];
}

/**
 * The ort-wasm peer's ops: what ONNX offers for each of ours. Like tfjs' TF_OPS, one of the few
 * places that name ops, since the mapping is inherently per op. An op missing here is not offered:
 * ONNX's standard operators have no ReluGrad.
 */
const ALL: readonly DType[] = ['float32', 'float64', 'int32', 'int8'];
export const ONNX_OPS: Partial<Record<OpName, OnnxNode>> = {
  relu: { opType: 'Relu', dtypes: ALL },
  clippedRelu: { opType: 'Clip', scalars: [['lo', 0], ['hi', defaultParam('clippedRelu', 'ceiling')]], dtypes: ALL },
  leakyRelu: { opType: 'LeakyRelu', floats: [['alpha', defaultParam('leakyRelu', 'alpha')]], dtypes: ['float32'] },
  // slope [C] broadcasts over x's last axis: channels last.
  prelu: { opType: 'PRelu', channelInputs: ['slope'], dtypes: ['float32'] },
};

/** onnx.TensorProto.DataType. */
export const ONNX_ELEM_TYPE: Readonly<Record<DType, number>> = { float32: 1, int8: 3, int32: 6, float16: 10, float64: 11 };
const OPSET = 14;
const IR_VERSION = 8;

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    const low = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? low | 0x80 : low);
  } while (v > 0);
  return out;
}

const tag = (field: number, wire: number) => varint(field * 8 + wire);
const bytesField = (field: number, bytes: readonly number[]) => [...tag(field, WIRE_BYTES), ...varint(bytes.length), ...bytes];
const stringField = (field: number, s: string) => bytesField(field, [...new TextEncoder().encode(s)]);
const intField = (field: number, v: number) => [...tag(field, WIRE_VARINT), ...varint(v)];
const floatField = (field: number, v: number) => [...tag(field, WIRE_FIXED32), ...new Uint8Array(new Float32Array([v]).buffer)];

/** ValueInfoProto: a tensor of elemType with symbolic dimensions ('n', 'c'). */
function tensorInfo(name: string, elemType: number, dims: readonly string[]): number[] {
  const shape = bytesField(2, dims.flatMap((d) => bytesField(1, stringField(2, d)))); // TypeProto.Tensor.shape of Dimension.dim_param
  const tensorType = [...intField(1, elemType), ...shape];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

/** TensorProto: a scalar initializer holding `value` in the dtype, as little-endian raw_data. */
function scalarInitializer(name: string, dtype: DType, value: number): number[] {
  const raw = [...new Uint8Array(fromNumbers(dtype, [value]).buffer)];
  return [...intField(2, ONNX_ELEM_TYPE[dtype]), ...stringField(8, name), ...bytesField(9, raw)];
}

/** The model for `op` on `dtype` (ONNX_OPS). Input 'x', output 'y': 1-D of any length, or [n, c] with channel inputs of [c]. */
export function unaryModel(op: OpName, dtype: DType): Uint8Array {
  const spec = ONNX_OPS[op];
  if (!spec) throw new RangeError(`ONNX has no operator for ${op}`);
  const elem = ONNX_ELEM_TYPE[dtype];
  const scalars = spec.scalars ?? [];
  const channelInputs = spec.channelInputs ?? [];
  const dims = channelInputs.length ? ['n', 'c'] : ['n'];
  const inputs = ['x', ...channelInputs, ...scalars.map(([name]) => name)];
  const attributes = (spec.floats ?? []).flatMap(([name, v]) => bytesField(5, [...stringField(1, name), ...floatField(2, v), ...intField(20, 1)]));
  const node = [...inputs.flatMap((i) => stringField(1, i)), ...stringField(2, 'y'), ...stringField(3, 'n0'), ...stringField(4, spec.opType), ...attributes];
  const initializers = scalars.flatMap(([name, v]) => bytesField(5, scalarInitializer(name, dtype, v)));
  const graphInputs = [tensorInfo('x', elem, dims), ...channelInputs.map((name) => tensorInfo(name, elem, ['c']))];
  const graph = [
    ...bytesField(1, node),
    ...stringField(2, `rectify-bench-${op}`),
    ...initializers,
    ...graphInputs.flatMap((info) => bytesField(11, info)),
    ...bytesField(12, tensorInfo('y', elem, dims)),
  ];
  const opset = [...stringField(1, ''), ...intField(2, OPSET)];
  return new Uint8Array([...intField(1, IR_VERSION), ...bytesField(7, graph), ...bytesField(8, opset)]);
}
