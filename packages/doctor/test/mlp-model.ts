/** The tests' ONNX models, built with onnx-proto from the NumPy-written weights in fixtures/. */
import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { parseNpyHeader } from '../src/npy.js';

const { onnx } = onnxProto;
export const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

/** A small float32 .npy as its shape and values. */
export function readNpy(name: string): { shape: number[]; values: Float32Array } {
  const bytes = readFileSync(fixture(name));
  const h = parseNpyHeader(bytes, name, bytes.length);
  return { shape: h.shape, values: new Float32Array(bytes.buffer.slice(bytes.byteOffset + h.offset, bytes.byteOffset + h.offset + h.length * 4)) };
}

const tensor = (name: string, shape: number[], values: Float32Array) => onnx.TensorProto.create({ name, dims: shape, dataType: 1, floatData: Array.from(values) });

/** x [N, 4] -> Gemm -> Relu -> Gemm -> LeakyRelu(0.1) -> Gemm -> Clip(0, 6). `poison` puts a NaN into w2. */
export function mlpModel(poison = false): Uint8Array {
  const init = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'].map((n) => {
    const { shape, values } = readNpy(`mlp-${n}.npy`);
    if (poison && n === 'w2') values[0] = Number.NaN;
    return tensor(n, shape, values);
  });
  init.push(tensor('zero', [], Float32Array.of(0)), tensor('six', [], Float32Array.of(6)));
  const node = (opType: string, input: string[], output: string, name: string, attribute: object[] = []) => onnx.NodeProto.create({ opType, input, output: [output], name, attribute });
  const valueInfo = (name: string, dims: (number | string)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
    });
  const graph = onnx.GraphProto.create({
    name: 'mlp',
    node: [
      node('Gemm', ['x', 'w1', 'b1'], 'h1', 'gemm1'),
      node('Relu', ['h1'], 'a1', 'relu1'),
      node('Gemm', ['a1', 'w2', 'b2'], 'h2', 'gemm2'),
      node('LeakyRelu', ['h2'], 'a2', 'leaky2', [onnx.AttributeProto.create({ name: 'alpha', f: 0.1, type: onnx.AttributeProto.AttributeType.FLOAT })]),
      node('Gemm', ['a2', 'w3', 'b3'], 'h3', 'gemm3'),
      node('Clip', ['h3', 'zero', 'six'], 'y', 'relu6'),
    ],
    initializer: init,
    input: [valueInfo('x', ['N', 4])],
    output: [valueInfo('y', ['N', 3])],
  });
  return onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 14 }], graph })).finish();
}
