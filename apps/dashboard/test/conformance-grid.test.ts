import { createBackend } from '@rectify/backend-js';
import { oracle, type ActivationBackend, type AnyTypedArray } from '@rectify/core';
import { checkBackend } from '@rectify/conformance';
import { describe, expect, it } from 'vitest';
import { addResults, emptyGrid, totals } from '../src/conformance/grid.ts';

const LENGTHS = [0, 1, 5, 17, 1023];
/** Every (op, dtype) the backend declares is a cell. */
const declared = (b: ActivationBackend) => Object.values(b.capabilities.ops).flat().length;

describe('conformance grid', () => {
  it('marks declared cells pending and the rest not declared', async () => {
    const js = await createBackend();
    const grid = emptyGrid(js.capabilities.ops);
    expect(grid.relu.int8.status).toBe('pending');
    expect(grid.leakyRelu.int8.status).toBe('not-declared');
    expect(declared(js)).toBeGreaterThanOrEqual(20);
    expect(totals(grid)).toEqual({ passed: 0, failed: 0, pending: declared(js) });
  });

  it('passes every declared cell of the JS backend', async () => {
    const js = await createBackend();
    const grid = addResults(emptyGrid(js.capabilities.ops), 'js', await checkBackend(js, { lengths: LENGTHS }));
    expect(totals(grid)).toEqual({ passed: declared(js), failed: 0, pending: 0 });
    expect(grid.leakyRelu.float32.cases).toBe(6);
  });

  it('shows the first mismatch of a backend that gets -0 wrong', async () => {
    const js = await createBackend();
    // relu through Math.max turns -0 into +0: the bug docs/semantics.md's bit-exact rule exists to catch.
    const broken: ActivationBackend = Object.create(js, {
      sync: { value: undefined },
      capabilities: { value: { ...js.capabilities, sync: false } },
      stats: { value: js.stats.bind(js) },
      relu: {
        value: async <T extends AnyTypedArray>(x: T, out?: T): Promise<T> => {
          const r = out ?? (oracle.relu(x) as T);
          for (let i = 0; i < x.length; i++) r[i] = Math.max(0, x[i]);
          return r;
        },
      },
    });
    const grid = addResults(emptyGrid(js.capabilities.ops), 'broken', await checkBackend(broken, { lengths: LENGTHS, ops: ['relu', 'stats'] }));
    expect(grid.relu.float32.status).toBe('fail');
    expect(grid.relu.float32.failures[0]).toMatch(/^js relu float32 \[new, length \d+\] at index \d+: input=0x80000000 got 0x00000000, want 0x80000000/);
    expect(grid.stats.float32.status).toBe('pass');
    expect(grid.clippedRelu.float32.status).toBe('pending');
    expect(totals(grid).failed).toBeGreaterThan(0);
  });

  it('labels an error thrown on valid input with its parameter case', async () => {
    const js = await createBackend();
    const throwing: ActivationBackend = Object.create(js, {
      sync: { value: undefined },
      capabilities: { value: { ...js.capabilities, sync: false } },
      clippedRelu: {
        value: async (x: AnyTypedArray, ceiling?: number, out?: AnyTypedArray) => {
          if (ceiling === 0.5) throw new Error('no half ceilings');
          return js.clippedRelu(x, ceiling, out);
        },
      },
    });
    const results = await checkBackend(throwing, { lengths: [5], ops: ['clippedRelu'] });
    const grid = addResults(emptyGrid(js.capabilities.ops), 'throwing', results);
    expect(grid.clippedRelu.float32.status).toBe('fail');
    expect(grid.clippedRelu.float32.failures).toEqual(['throwing clippedRelu float32 (0.5): threw on valid input: Error: no half ceilings']);
    expect(grid.clippedRelu.int8.status).toBe('pass');
  });
});
