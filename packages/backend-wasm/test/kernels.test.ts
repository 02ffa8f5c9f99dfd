import { OPS, SPEC_DTYPES } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { capabilities } from '../src/index.js';
import { kernelName, kernelTable, type KernelExports } from '../src/kernels.js';
import { instantiateKernels, moduleBytes } from '../src/wasm-module.js';

// Arguments of each kind of kernel (src/kernels.ts), so a kernel with the wrong signature fails here, not mid-call.
// A per-channel op's params (alpha, options) become channels, inner, alpha's address and start; gradients add the accumulator's.
const arity = (op: (typeof OPS)[number]): number => {
  if (op.result === 'stats') return 3;
  if (op.result === 'counts' || op.result === 'sums' || op.result === 'bins') return 5;
  const tail = op.perChannel === undefined ? op.params.length : op.result === 'gradients' ? 5 : 4;
  return op.arrays.length + 2 + tail;
};

describe('kernels', () => {
  it("declares exactly core's SPEC_DTYPES", () => {
    expect(capabilities.ops).toEqual(SPEC_DTYPES);
  });

  it('the compiled module exports a kernel for every op of the table on every dtype it declares, with its arguments', async () => {
    const exports = (await instantiateKernels()) as unknown as Record<string, unknown>;
    const missing: string[] = [];
    for (const op of OPS) {
      for (const dtype of capabilities.ops[op.name]) {
        const kernel = exports[kernelName(op, dtype)];
        if (typeof kernel !== 'function') missing.push(kernelName(op, dtype));
        else expect(kernel.length, kernelName(op, dtype)).toBe(arity(op));
      }
    }
    expect(missing).toEqual([]);
  });

  it('exports nothing else but the memory and heapBase (a misnamed kernel would be dead code)', () => {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(moduleBytes())).map((e) => e.name);
    const expected = OPS.flatMap((op) => capabilities.ops[op.name].map((dtype) => kernelName(op, dtype)));
    expect(names.sort()).toEqual([...expected, 'heapBase', 'memory'].sort());
  });

  it('a module that lacks a kernel is refused when the backend is made, naming it', async () => {
    const { reluF32: _, ...rest } = (await instantiateKernels()) as unknown as Record<string, unknown>;
    expect(() => kernelTable(rest as KernelExports, capabilities.ops)).toThrow(/lacks kernels reluF32/);
  });
});
