// Every op of core's table has a kernel entry, every (op, dtype) the backend claims has a WGSL body,
// and the backend claims exactly what its kernels provide (for the dtypes each op is defined for).
import { OPS, OP_NAMES, perOp, takesOut } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { REDUCTIONS, elementwiseMain, kernelSource, type ChannelLayout, type ReductionKind } from '../src/kernels/index.js';
import { KERNELS, createBackend, type GpuDType } from '../src/index.js';
import { skipReason } from './setup.js';

/** What the kernels provide: for each op, the dtypes it is defined for that have a body. */
const provided = perOp((op) => op.dtypes.filter((d) => KERNELS[op.name][d as GpuDType] !== undefined));

describe('kernels', () => {
  it('has one entry per op of the table, and a body for at least one dtype of each op', () => {
    expect(Object.keys(KERNELS).sort()).toEqual([...OP_NAMES].sort());
    for (const op of OPS) expect(provided[op.name].length, op.name).toBeGreaterThan(0);
  });

  it('each body defines what its entry point calls, and each module assembles', () => {
    for (const op of OPS) {
      for (const dtype of provided[op.name] as GpuDType[]) {
        const n = op.arrays.length;
        // Elementwise kernels take one scalar at most (Params.param) and one word per array, plus the
        // channel's alpha for per-channel ops; gradients come with per-channel sums.
        if (takesOut(op) && !op.perChannel) expect(op.params.length, op.name).toBeLessThanOrEqual(1);
        if (op.result === 'gradients') expect(op.perChannel, op.name).toBeDefined();
        const layout: ChannelLayout = op.perChannel ? (op.result === 'gradients' ? 'sums' : 'alpha') : 'none';
        const entry = takesOut(op) ? elementwiseMain(op.arrays.map((_, k) => k), n, layout, dtype === 'float16') : REDUCTIONS[op.result as ReductionKind].main;
        const called = entry.code.match(/\b(apply\d*|count_word|positive_at|bin_word|sum_word)\(/)?.[1];
        expect(called, `${op.name} ${dtype}`).toBeDefined();
        // float16's f16 bodies (products only) stand in for the integer ones and define the same functions.
        const bodies = [KERNELS[op.name][dtype], ...(dtype === 'float16' && KERNELS[op.name].f16 ? [KERNELS[op.name].f16] : [])];
        for (const body of bodies) {
          expect(body, `${op.name} ${dtype}`).toMatch(new RegExp(`fn ${called}\\(`));
          if (layout === 'sums') expect(body, `${op.name} ${dtype}`).toMatch(/fn term\(/);
        }
        expect(kernelSource(op.name, dtype, entry)).toContain('fn main(');
        if (bodies.length > 1) expect(kernelSource(op.name, dtype, entry, true)).toMatch(/^enable f16;\n[^]*fn main\(/);
      }
    }
  });

  it('has f16 bodies for exactly the float16 products', () => {
    for (const op of OPS) expect(KERNELS[op.name].f16 !== undefined, op.name).toBe(op.arithmetic && op.dtypes.includes('float16'));
  });

  it.skipIf(skipReason !== undefined)('the backend claims exactly what the kernels provide, with a method per op', async () => {
    const backend = await createBackend();
    try {
      expect(backend.capabilities.ops).toEqual(provided);
      for (const op of OPS) {
        for (const dtype of backend.capabilities.ops[op.name]) expect(KERNELS[op.name][dtype as GpuDType], `${op.name} ${dtype}`).toBeTypeOf('string');
        expect((backend as unknown as Record<string, unknown>)[op.name], op.name).toBeTypeOf('function');
      }
    } finally {
      await backend.dispose();
    }
  });
});
