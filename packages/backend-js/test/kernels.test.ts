// Every op of core's table has a kernel here, and the backend claims exactly the table's dtypes.
import { OPS, SPEC_DTYPES } from '@rectify/core';
import { expect, it } from 'vitest';
import { KERNELS, capabilities, createBackend } from '../src/index.js';

it('has one kernel per op of the table and declares the dtypes of the table', async () => {
  expect(Object.keys(KERNELS).sort()).toEqual(OPS.map((op) => op.name).sort());
  for (const op of OPS) expect(typeof KERNELS[op.name], op.name).toBe('function');
  expect(capabilities.ops).toEqual(SPEC_DTYPES);
  const backend = await createBackend();
  for (const op of OPS) {
    expect(typeof (backend as unknown as Record<string, unknown>)[op.name], op.name).toBe('function');
    expect(typeof (backend.sync as unknown as Record<string, unknown>)[op.name], `sync.${op.name}`).toBe('function');
  }
});
