/** The hand-encoded ONNX models load in onnxruntime-web and compute what their names say. */
import type { OpName } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { benchAlpha, benchInput } from '../src/inputs.js';
import { ortSubject, type OrtLike } from '../src/subjects/ort.js';
import { ONNX_OPS, unaryModel } from '../src/subjects/onnx-model.js';
import { expected } from '../src/verify.js';

describe('one-node ONNX models', () => {
  it('starts with ir_version 8 and names the op', () => {
    const bytes = unaryModel('leakyRelu', 'float32');
    expect([...bytes.subarray(0, 2)]).toEqual([0x08, 8]);
    expect(new TextDecoder().decode(bytes)).toContain('LeakyRelu');
    expect(new TextDecoder().decode(unaryModel('clippedRelu', 'int8'))).toContain('Clip');
    expect(new TextDecoder().decode(unaryModel('prelu', 'float32'))).toMatch(/PRelu[\s\S]*slope/);
  });

  it('runs in onnxruntime-web and matches the oracle on ordinary numbers', async () => {
    const ort = (await import('onnxruntime-web')) as unknown as OrtLike & { env: { wasm: { numThreads: number } } };
    ort.env.wasm.numThreads = 1;
    const subject = ortSubject(ort);
    const x = (benchInput('float32', 1000, 5) as Float32Array).subarray(64).slice(); // ordinary numbers only
    const ops = Object.keys(ONNX_OPS) as OpName[];
    expect(ops.length).toBeGreaterThanOrEqual(4);
    for (const op of ops) {
      // PRelu: x as [n, C] and a slope of C entries.
      const channels = ONNX_OPS[op]!.channelInputs ? 8 : undefined;
      const params = channels ? [benchAlpha('float32', channels, 5)] : [];
      const want = expected(op, [x], params);
      const run = await subject.prepare({ op, dtype: 'float32', size: x.length, input: x, inputs: [x], params, channels }, 'roundtrip');
      expect(Array.from((await run.output()) as Float32Array), op).toEqual(Array.from(want as Float32Array));
    }
    const ints = new Int8Array([-128, -1, 0, 1, 5, 6, 7, 127]);
    const run = await subject.prepare({ op: 'clippedRelu', dtype: 'int8', size: ints.length, input: ints, inputs: [ints], params: [] }, 'resident');
    expect(Array.from((await run.output()) as Int8Array)).toEqual([0, 0, 0, 1, 5, 6, 6, 6]);
    await subject.dispose?.();
  }, 30_000);
});
