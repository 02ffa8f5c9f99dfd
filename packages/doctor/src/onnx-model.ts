/**
 * An ONNX model's ReLU-family layers, and the model edited so that running it returns what goes into
 * each of them: onnxruntime-web returns only graph outputs (microsoft/onnxruntime#1455), so each
 * layer's input becomes an extra output. The protobuf is read and written with onnx-proto.
 */
import onnxProto from 'onnx-proto';
import { dtypeOf, fromNumbers, type AnyTypedArray } from '@rectify/core';
import { DoctorInputError } from './errors.js';
import type { LayerActivation } from './layer-stats.js';

const { onnx } = onnxProto;

export type LayerOp = 'relu' | 'leakyRelu' | 'prelu' | 'clippedRelu';

export interface ActivationLayer {
  /** The node's name, or its output's when it has none. */
  name: string;
  /** The ONNX op, e.g. 'Relu', 'Clip', 'FusedConv'. */
  onnxOp: string;
  op: LayerOp;
  /** The tensor captured: the layer's input (its pre-activation), or its output for fused activations. */
  tensor: string;
  /** True when `tensor` is the activation's output (a fused Conv/Gemm hides the pre-activation). */
  fromOutput: boolean;
  /** leakyRelu's alpha; clippedRelu's ceiling. */
  alpha?: number;
  ceiling?: number;
  /** The layer's position in the graph (its node's index, which ONNX requires be topological). */
  order: number;
}

export interface GraphInput {
  name: string;
  /** 'float32', ... from the ONNX element type; undefined for one the doctor cannot make. */
  dtype: 'float32' | 'float64' | 'int32' | 'int8' | 'float16' | undefined;
  /** Dimensions; a string for a symbolic one (a batch size). */
  dims: (number | string)[];
}

export interface DoctorModel {
  layers: ActivationLayer[];
  inputs: GraphInput[];
  /** The model with every layer's tensor added as an output. */
  instrumented: Uint8Array;
  /** PRelu layers' slopes, by layer name, where the graph holds them as a constant. */
  slopes: Map<string, number[]>;
}

const ELEM_TYPES: Record<number, GraphInput['dtype']> = { 1: 'float32', 3: 'int8', 6: 'int32', 10: 'float16', 11: 'float64' };

type Node = onnxProto.onnx.INodeProto;
type Graph = InstanceType<typeof onnx.GraphProto>;

/** Reads an ONNX model and finds its ReLU-family layers; throws DoctorInputError for a file that is not one. */
export function loadModel(bytes: Uint8Array, file: string): DoctorModel {
  let model: InstanceType<typeof onnx.ModelProto>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new DoctorInputError(`${file} is not an ONNX model (${(e as Error).message}); export one with torch.onnx.export or tf2onnx.`);
  }
  // Decoded messages are class instances: repeated fields are arrays, even when empty.
  const graph = model.graph as Graph | null | undefined;
  if (!graph || graph.node.length === 0) throw new DoctorInputError(`${file} has no graph nodes; is it an ONNX model?`);
  const layers = graph.node.flatMap((node, order) => {
    const layer = layerOf(node, graph, order);
    return layer ? [layer] : [];
  });
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const inputs: GraphInput[] = graph.input
    .filter((i) => !initializers.has(i.name))
    .map((i) => {
      const t = i.type?.tensorType;
      return {
        name: i.name ?? '',
        dtype: ELEM_TYPES[t?.elemType ?? 0],
        dims: (t?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null ? Number(d.dimValue) : '?')),
      };
    });
  const outputs = new Set(graph.output.map((o) => o.name));
  const graphInputs = new Set(inputs.map((i) => i.name));
  for (const layer of layers) {
    // A graph input is fed, not computed: it is read from the feeds instead of added as an output.
    if (!outputs.has(layer.tensor) && !graphInputs.has(layer.tensor)) {
      graph.output.push(onnx.ValueInfoProto.create({ name: layer.tensor }));
      outputs.add(layer.tensor);
    }
  }
  const slopes = new Map<string, number[]>();
  for (const layer of layers) {
    const slope = graph.node[layer.order].input?.[1];
    const values = layer.op === 'prelu' && slope ? tensorValues(graph, slope) : undefined;
    if (values) slopes.set(layer.name, values);
  }
  return { layers, inputs, instrumented: onnx.ModelProto.encode(model).finish(), slopes };
}

/** What the backend applies for a layer whose data is like `data`: its op and parameters (the output's figures are its sums). */
export function activationOf(layer: ActivationLayer, slopes: ReadonlyMap<string, number[]>, units: number, data: AnyTypedArray): LayerActivation {
  if (layer.fromOutput) return { op: 'output', params: [] };
  switch (layer.op) {
    case 'relu':
      return { op: 'relu', params: [] };
    case 'leakyRelu':
      return { op: 'leakyRelu', params: [layer.alpha] };
    case 'clippedRelu':
      return { op: 'clippedRelu', params: [layer.ceiling], ceiling: layer.ceiling };
    case 'prelu': {
      const s = slopes.get(layer.name);
      // A slope tensor that is neither one value nor one per unit is summarised as relu's output.
      if (!s || (s.length !== 1 && s.length !== units)) return { op: 'relu', params: [] };
      return { op: 'prelu', params: [fromNumbers(dtypeOf(data)!, s, data)] };
    }
  }
}

function layerOf(node: Node, graph: Graph, order: number): ActivationLayer | undefined {
  const name = node.name || node.output?.[0] || `node ${order}`;
  const input = node.input ?? [];
  const base = { name, onnxOp: node.opType ?? '', tensor: input[0], fromOutput: false, order };
  switch (node.opType) {
    case 'Relu':
      return { ...base, op: 'relu' };
    case 'LeakyRelu':
      return { ...base, op: 'leakyRelu', alpha: attribute(node, 'alpha') ?? 0.01 };
    case 'PRelu':
      return { ...base, op: 'prelu' };
    case 'Clip': {
      // opset >= 11 gives min and max as inputs (initializers or Constant nodes), older ones as attributes.
      const min = input[1] ? constant(graph, input[1]) : attribute(node, 'min');
      const max = input[2] ? constant(graph, input[2]) : attribute(node, 'max');
      return min === 0 && max !== undefined && max > 0 ? { ...base, op: 'clippedRelu', ceiling: max } : undefined;
    }
    case 'FusedConv':
    case 'FusedGemm': {
      // onnxruntime's fused nodes (saved optimised models) name their activation in an attribute.
      const activation = stringAttribute(node, 'activation');
      const op = activation === 'Relu' ? 'relu' : activation === 'LeakyRelu' ? 'leakyRelu' : undefined;
      if (!op) return undefined;
      const params = node.attribute?.find((a) => a.name === 'activation_params')?.floats ?? [];
      return { ...base, tensor: node.output?.[0] ?? '', fromOutput: true, op, ...(op === 'leakyRelu' ? { alpha: params[0] ?? 0.01 } : {}) };
    }
    default:
      return undefined;
  }
}

function attribute(node: Node, name: string): number | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.f ?? undefined;
}

function stringAttribute(node: Node, name: string): string | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.s?.length ? new TextDecoder().decode(a.s) : undefined;
}

/** A scalar initializer's or Constant node's value, when the graph holds it as one. */
function constant(graph: Graph, tensorName: string): number | undefined {
  return tensorValues(graph, tensorName)?.[0];
}

/** A float32 initializer's or Constant node's values (floatData or little-endian rawData). */
function tensorValues(graph: Graph, tensorName: string): number[] | undefined {
  const init = graph.initializer.find((t) => t.name === tensorName);
  const fromNode = graph.node.find((n) => n.opType === 'Constant' && n.output?.[0] === tensorName)?.attribute?.find((a) => a.name === 'value')?.t;
  const t = init ?? fromNode;
  if (!t || t.dataType !== 1) return undefined;
  if (t.floatData && t.floatData.length > 0) return Array.from(t.floatData);
  if (!t.rawData || t.rawData.length % 4 !== 0) return undefined;
  const raw = t.rawData;
  return Array.from(new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)));
}
