import { Float16Array } from '@petamoriken/float16';
import { describe, expect, it } from 'vitest';
import { useFloat16Array, allocate, DTYPES, OPS, OP_NAMES, SPEC_DTYPES, invoke, opDefinition, oracle, outIndex, perOp, prepareCall, shapeFor } from '../src/index.js';

const reference = { name: 'ref', capabilities: { ops: SPEC_DTYPES, flushesSubnormals: false, deviceBacked: false, sync: true, residentArrays: false, maxLength: 1e9 } };

useFloat16Array(Float16Array);

describe('the op table', () => {
  it('derives the names, the dtypes and per-op records from one list', () => {
    expect(OP_NAMES).toEqual(OPS.map((op) => op.name));
    expect(new Set(OP_NAMES).size).toBe(OP_NAMES.length);
    expect(Object.keys(SPEC_DTYPES)).toEqual(OP_NAMES);
    expect(Object.keys(perOp((op) => op.arrays.length))).toEqual(OP_NAMES);
    for (const op of OPS) expect(opDefinition(op.name)).toBe(op);
    expect(opDefinition('toString')).toBeUndefined();
    expect(opDefinition('gelu')).toBeUndefined();
  });

  it('defines every op completely: a doc, x among the arrays, dtypes, cases that pass and bad params that fail', () => {
    for (const op of OPS) {
      expect(op.doc.length, op.name).toBeGreaterThan(10);
      expect(op.arrays.filter((a) => a === 'x'), op.name).toEqual(['x']);
      expect(op.dtypes.every((d) => DTYPES.includes(d)), op.name).toBe(true);
      for (const dtype of op.dtypes) {
        const arrays = op.arrays.map(() => allocate(dtype, 17));
        for (const c of op.cases(dtype)) {
          expect(() => prepareCall(reference, op, [...arrays, ...c.params(17)]), `${op.name} ${dtype} ${c.label}`).not.toThrow();
        }
        for (const bad of op.invalid(dtype)) {
          expect(() => prepareCall(reference, op, [...arrays, ...bad.params]), `${op.name} ${dtype} ${bad.label}`).toThrow(bad.error);
        }
      }
    }
  });

  it('invoke() places arguments where each op expects them', () => {
    const x = new Float32Array([-1, 7, 0.5]);
    const out = new Float32Array(3);
    expect(invoke(oracle, opDefinition('clippedRelu')!, [x], [], out)).toBe(out);
    expect(Array.from(out)).toEqual([0, 6, 0.5]);
    expect(Array.from(invoke(oracle, opDefinition('leakyRelu')!, [x], [0.5]) as Float32Array)).toEqual([-0.5, 7, 0.5]);
    expect(Array.from(invoke(oracle, opDefinition('deadUnits')!, [x], [1, 3]) as Uint32Array)).toEqual([0, 1, 1]);
    expect(outIndex(opDefinition('reluGrad')!)).toBe(2);
    expect(outIndex(opDefinition('stats')!)).toBe(-1);
  });

  it('shapeFor gives a matrix of the length', () => {
    for (const n of [0, 1, 17, 1023, 129 * 3]) {
      const [rows, cols] = shapeFor(n);
      expect(rows * cols).toBe(n);
    }
  });
});
