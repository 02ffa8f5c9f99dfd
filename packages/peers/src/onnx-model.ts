/**
 * One-node ONNX models encoded by hand as protobuf bytes, so that a peer needs no model file and no
 * download. Only the ModelProto fields onnxruntime reads are written; field numbers are from onnx.proto3.
 */
import type { DType } from '@rectify/core';

/** onnx.TensorProto.DataType. */
export const ONNX_ELEM_TYPE: Readonly<Record<DType, number>> = { float32: 1, int8: 3, int32: 6, float16: 10, float64: 11 };
const OPSET = 14;
const IR_VERSION = 8;

export interface OneNode {
  opType: string;
  /** The node's inputs, all graph inputs of the model's dtype, with symbolic dims ([] for a scalar). */
  inputs: readonly { name: string; dims: readonly string[] }[];
  /** The output 'y' has the dims of the first input. */
  floats?: readonly (readonly [name: string, value: number])[];
}

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

/** The model y = opType(inputs...) on `dtype`. */
export function oneNodeModel(node: OneNode, dtype: DType): Uint8Array {
  const elem = ONNX_ELEM_TYPE[dtype];
  const attributes = (node.floats ?? []).flatMap(([name, v]) => bytesField(5, [...stringField(1, name), ...floatField(2, v), ...intField(20, 1)]));
  const nodeBytes = [...node.inputs.flatMap((i) => stringField(1, i.name)), ...stringField(2, 'y'), ...stringField(3, 'n0'), ...stringField(4, node.opType), ...attributes];
  const graph = [
    ...bytesField(1, nodeBytes),
    ...stringField(2, `rectify-${node.opType}`),
    ...node.inputs.flatMap((i) => bytesField(11, tensorInfo(i.name, elem, i.dims))),
    ...bytesField(12, tensorInfo('y', elem, node.inputs[0].dims)),
  ];
  const opset = [...stringField(1, ''), ...intField(2, OPSET)];
  return new Uint8Array([...intField(1, IR_VERSION), ...bytesField(7, graph), ...bytesField(8, opset)]);
}
