// The oracle's float16 results on every sweep of the suite, held against NumPy's (np.float16), as
// digests written by test/numpy/float16_vectors.py: the suite checks backends against the oracle,
// this checks the oracle against NumPy.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { OPS, bitView, invoke, oracle, toFloat16Bits, type AnyTypedArray, type Gradients } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { FLOAT16_ALPHAS, FLOAT16_CEILINGS, float16Partners, float16Sweeps } from '../src/index.js';

interface Vectors {
  partners: number[];
  alphas: number[];
  ceilings: number[];
  digests: Record<string, unknown[]>;
}
const vectors = JSON.parse(readFileSync(new URL('./numpy/float16-vectors.json', import.meta.url), 'utf8')) as Vectors;

const sha256 = (a: ArrayBufferView) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const digest = (a: AnyTypedArray | Uint32Array) => sha256(a instanceof Uint32Array ? a : bitView(a));

describe('float16 oracle against NumPy', () => {
  it('uses the sweeps NumPy was given: the same partners, alphas and ceilings', () => {
    expect(Array.from(bitView(float16Partners()))).toEqual(vectors.partners);
    expect(FLOAT16_ALPHAS.map(toFloat16Bits)).toEqual(vectors.alphas);
    expect(FLOAT16_CEILINGS.map(toFloat16Bits)).toEqual(vectors.ceilings);
  });

  it.each(OPS.filter((op) => op.dtypes.includes('float16')).map((op) => [op.name, op] as const))('%s equals NumPy on every sweep', (name, op) => {
    const want = vectors.digests[name];
    const sweeps = float16Sweeps(op);
    expect(sweeps.length, `${name}: sweeps`).toBe(want.length);
    sweeps.forEach((sweep, k) => {
      const got = invoke(oracle, op, sweep.inputs, sweep.params.params(sweep.inputs[0].length));
      const label = `${name} ${sweep.label}`;
      if (op.result === 'gradients') {
        const { dx, dalpha } = got as Gradients<AnyTypedArray, AnyTypedArray>;
        expect({ dx: digest(dx), dalpha: digest(dalpha) }, label).toEqual(want[k]);
      } else if (op.result === 'stats') expect(got, label).toEqual(want[k]);
      else expect(digest(got as AnyTypedArray), label).toBe(want[k]);
    });
  }, 120_000);
});
