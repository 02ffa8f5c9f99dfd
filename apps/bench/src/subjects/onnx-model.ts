/**
 * One-node ONNX models (y = Relu(x), LeakyRelu(x), Clip(x, 0, 6)) encoded by hand as protobuf bytes,
 * so the benchmark needs no model file and no download. Environment-free.
 *
 * Only the few ModelProto fields onnxruntime needs are written; field numbers are from onnx.proto3.
 */
import type { DType } from '@rectify/core';
import type { BenchOp } from '../plan.js';

/** onnx.TensorProto.DataType. */
export const ONNX_ELEM_TYPE: Readonly<Record<DType, number>> = { float32: 1, int8: 3, int32: 6, float64: 11 };
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

/** ValueInfoProto: a 1-D tensor of elemType with a symbolic length 'n'. */
function vectorInfo(name: string, elemType: number): number[] {
  const dim = bytesField(1, stringField(2, 'n')); // Dimension.dim_param
  const shape = bytesField(2, dim); // TypeProto.Tensor.shape
  const tensorType = [...intField(1, elemType), ...shape];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

/** TensorProto: a scalar initializer holding `value` in the dtype, as little-endian raw_data. */
function scalarInitializer(name: string, dtype: DType, value: number): number[] {
  const Ctor = { float32: Float32Array, float64: Float64Array, int32: Int32Array, int8: Int8Array }[dtype];
  const raw = [...new Uint8Array(new Ctor([value]).buffer)];
  return [...intField(2, ONNX_ELEM_TYPE[dtype]), ...stringField(8, name), ...bytesField(9, raw)];
}

/**
 * The model for `op` on `dtype` with the op's Rectify default (leakyRelu alpha 0.01, clippedRelu
 * ceiling 6). Input 'x', output 'y', both 1-D of any length.
 */
export function unaryModel(op: BenchOp, dtype: DType): Uint8Array {
  const elem = ONNX_ELEM_TYPE[dtype];
  const inputs = op === 'clippedRelu' ? ['x', 'lo', 'hi'] : ['x'];
  const opType = op === 'relu' ? 'Relu' : op === 'leakyRelu' ? 'LeakyRelu' : 'Clip';
  const attributes =
    op === 'leakyRelu' ? bytesField(5, [...stringField(1, 'alpha'), ...floatField(2, 0.01), ...intField(20, 1)]) : [];
  const node = [...inputs.flatMap((i) => stringField(1, i)), ...stringField(2, 'y'), ...stringField(3, 'n0'), ...stringField(4, opType), ...attributes];
  const initializers =
    op === 'clippedRelu' ? [...bytesField(5, scalarInitializer('lo', dtype, 0)), ...bytesField(5, scalarInitializer('hi', dtype, 6))] : [];
  const graph = [
    ...bytesField(1, node),
    ...stringField(2, `rectify-bench-${op}`),
    ...initializers,
    ...bytesField(11, vectorInfo('x', elem)),
    ...bytesField(12, vectorInfo('y', elem)),
  ];
  const opset = [...stringField(1, ''), ...intField(2, OPSET)];
  return new Uint8Array([...intField(1, IR_VERSION), ...bytesField(7, graph), ...bytesField(8, opset)]);
}
