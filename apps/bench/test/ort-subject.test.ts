/** The ort-wasm reference: @rectify/peers' one-node models load in onnxruntime-web and compute what their names say. */
import { ORT_OPS } from '@rectify/peers';
import type { OpName } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { benchAlpha, benchInput } from '../src/inputs.js';
import { ortSubject, type OrtLike } from '../src/subjects/ort.js';
import { expected } from '../src/verify.js';

describe('ort-wasm subject', () => {
  it('runs every op ONNX offers and matches the oracle on ordinary numbers, in both modes', async () => {
    const ort = (await import('onnxruntime-web')) as unknown as OrtLike & { env: { wasm: { numThreads: number } } };
    ort.env.wasm.numThreads = 1;
    const subject = ortSubject(ort);
    const x = (benchInput('float32', 1000, 5) as Float32Array).subarray(64).slice(); // ordinary numbers only
    const ops = Object.keys(ORT_OPS) as OpName[];
    expect(ops.length).toBeGreaterThanOrEqual(4);
    for (const op of ops) {
      // PRelu: x as [n, C] and a slope of C entries.
      const channels = op === 'prelu' ? 8 : undefined;
      const params = channels ? [benchAlpha('float32', channels, 5)] : [];
      const want = expected(op, [x], params);
      for (const mode of ['roundtrip', 'resident'] as const) {
        const run = await subject.prepare({ op, dtype: 'float32', size: x.length, input: x, inputs: [x], params, channels }, mode);
        expect(Array.from((await run.output()) as Float32Array), `${op} ${mode}`).toEqual(Array.from(want as Float32Array));
      }
    }
    const ints = new Int8Array([-128, -1, 0, 1, 5, 6, 7, 127]);
    const run = await subject.prepare({ op: 'clippedRelu', dtype: 'int8', size: ints.length, input: ints, inputs: [ints], params: [] }, 'resident');
    expect(Array.from((await run.output()) as Int8Array)).toEqual([0, 0, 0, 1, 5, 6, 6, 6]);
    expect(subject.modes('reluGrad', 'float32', 1024)).toEqual([]);
    await subject.dispose?.();
  }, 30_000);
});
