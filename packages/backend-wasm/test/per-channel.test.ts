import { OPS, OutOfMemoryError, accumulatorWidth, invoke, oracle, type AnyTypedArray, type DType, type OpDefinition, type PreluOptions } from '@rectify/core';
import { cancellingInputs, compareResult, makeInput, sameBits } from '@rectify/conformance';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBackend, type WasmBackend } from '../src/index.js';

const prelu = OPS.find((op) => op.name === 'prelu')!;
const preluGrad = OPS.find((op) => op.name === 'preluGrad')!;
const FLOATS = ['float32', 'float64'] as const;

let wasm: WasmBackend;
beforeEach(async () => {
  wasm = await createBackend();
});
afterEach(() => wasm.dispose());

function alphaOf(dtype: DType, count: number): AnyTypedArray {
  const a = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) a[i] = [0.25, -1.5, 3, 1e-30, 0.5][i % 5];
  return a;
}

/** Where the next allocation would start: back where it was once a call gave its borrowed memory back. */
function top(backend: WasmBackend): number {
  const v = backend.alloc('int8', 0);
  const at = v.byteOffset;
  backend.free(v);
  return at;
}

function expectOracle(backend: WasmBackend, op: OpDefinition, inputs: AnyTypedArray[], args: AnyTypedArray[], params: unknown[], label: string) {
  const want = invoke(oracle, op, inputs, params);
  const got = invoke(backend.sync, op, args, params);
  expect(compareResult(op, inputs, got, want, false), label).toBeUndefined();
}

describe('per-channel ops on plain arrays in chunks', () => {
  // 80-byte chunks: 20 float32 or 10 float64 elements, so rows of channels and runs of one channel
  // start and end inside chunks at every phase, and dalpha adds up over many kernel calls.
  const layouts: [string, number, number, PreluOptions | undefined][] = [
    ['one alpha', 97, 1, undefined],
    ['7 channels last', 7 * 23, 7, undefined],
    ['64 channels last (a row spans chunks)', 64 * 5, 64, undefined],
    ['NCHW [3, 5, 13]', 3 * 5 * 13, 5, { shape: [3, 5, 13], axis: 1 }],
    ['NCHW [2, 3, 50] (a run spans chunks)', 2 * 3 * 50, 3, { shape: [2, 3, 50], axis: 1 }],
  ];

  it('match the oracle, plain or mixed with resident arrays', async () => {
    const small = await createBackend({ chunkBytes: 80 });
    small.reserve(1 << 20);
    for (const dtype of FLOATS) {
      for (const [label, n, channels, options] of layouts) {
        for (const inputs of [[makeInput(dtype, n, 11), makeInput(dtype, n, 12)], cancellingInputs(dtype, ['dy', 'x'], n)]) {
          const [dy, x] = inputs;
          const params = [alphaOf(dtype, channels), options];
          expectOracle(small, prelu, [x], [x], params, `prelu ${dtype} ${label}`);
          expectOracle(small, preluGrad, inputs, inputs, params, `preluGrad ${dtype} ${label}`);
          // Resident x, plain dy: the plain one goes through scratch, the chunks index into x.
          const rx = small.alloc(dtype, n);
          rx.set(x as never);
          expectOracle(small, preluGrad, inputs, [dy, rx], params, `preluGrad ${dtype} ${label}, resident x`);
          small.free(rx);
        }
      }
    }
    small.dispose();
  });
});

describe('preluGrad in place', () => {
  it('writes dx over dy or x, plain or resident, and returns that array as dx', () => {
    for (const dtype of FLOATS) {
      const n = 6 * 37;
      const [dy, x] = [makeInput(dtype, n, 3), makeInput(dtype, n, 4)];
      const alpha = alphaOf(dtype, 6);
      const want = oracle.preluGrad(dy, x, alpha);
      wasm.reserve(4 * n * 8 + 64);
      const rdy = wasm.alloc(dtype, n);
      const rx = wasm.alloc(dtype, n);
      for (const resident of [false, true]) {
        for (const target of ['dy', 'x'] as const) {
          const a = resident ? rdy : dy.slice();
          const b = resident ? rx : x.slice();
          a.set(dy as never);
          b.set(x as never);
          const out = target === 'dy' ? a : b;
          const got = wasm.sync.preluGrad(a, b, alpha, undefined, out);
          expect(got.dx).toBe(out);
          expect(compareResult(preluGrad, [dy, x], got, want, false), `${dtype} into ${target}, resident ${resident}`).toBeUndefined();
          // The other input is left alone.
          expect(sameBits(target === 'dy' ? b : a, target === 'dy' ? x : dy)).toBe(true);
        }
      }
      wasm.free(rdy);
      wasm.free(rx);
    }
  });
});

describe('memory for alpha and the accumulator', () => {
  // float64: 67 entries of 8 bytes a channel, so 4096 channels need 2.2 MB, past the 1 MiB work area.
  const channels = 4096;
  const n = channels * 3;

  it('beyond the work area, comes from the heap and is given back after the call', () => {
    expect(channels * accumulatorWidth('float64') * 8).toBeGreaterThan(1 << 20);
    const [dy, x] = cancellingInputs('float64', ['dy', 'x'], n);
    const alpha = alphaOf('float64', channels);
    const before = top(wasm);
    expectOracle(wasm, preluGrad, [dy, x], [dy, x], [alpha], 'preluGrad, 4096 float64 channels');
    expect(top(wasm)).toBe(before);
    // prelu's alpha alone past the work area: 300 000 float32 channels.
    const many = makeInput('float32', 300_000, 5);
    const options = { shape: [300_000, 1], axis: 0 };
    expectOracle(wasm, prelu, [many], [many], [alphaOf('float32', 300_000), options], 'prelu, 300 000 channels');
    expect(top(wasm)).toBe(before);
  });

  it('reserve() ahead keeps resident views live through a call that needs it', () => {
    wasm.reserve(2 * n * 8 + channels * accumulatorWidth('float64') * 8 + channels * 8 + 256);
    const dy = wasm.alloc('float64', n);
    const x = wasm.alloc('float64', n);
    const inputs = [makeInput('float64', n, 1), makeInput('float64', n, 2)];
    dy.set(inputs[0] as never);
    x.set(inputs[1] as never);
    const want = oracle.preluGrad(inputs[0], inputs[1], alphaOf('float64', channels));
    const got = wasm.sync.preluGrad(dy, x, alphaOf('float64', channels), undefined, dy);
    expect(wasm.isResident(dy) && wasm.isResident(x)).toBe(true);
    expect(compareResult(preluGrad, inputs, got, want, false)).toBeUndefined();
  });

  it('that the engine refuses to grow memory for throws OutOfMemoryError, and the call changes nothing', async () => {
    const dy = makeInput('float64', n, 7);
    const x = makeInput('float64', n, 8);
    const out = new Float64Array(n).fill(0.5);
    const before = top(wasm);
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    try {
      expect(() => wasm.sync.preluGrad(dy, x, alphaOf('float64', channels), undefined, out)).toThrow(OutOfMemoryError);
      await expect(wasm.preluGrad(dy, x, alphaOf('float64', channels))).rejects.toBeInstanceOf(OutOfMemoryError);
    } finally {
      grow.mockRestore();
    }
    expect(out.every((v) => v === 0.5)).toBe(true);
    expect(sameBits(dy, makeInput('float64', n, 7)) && sameBits(x, makeInput('float64', n, 8))).toBe(true);
    expect(top(wasm)).toBe(before);
    expectOracle(wasm, preluGrad, [dy, x], [dy, x], [alphaOf('float64', channels)], 'after the refusal');
  });
});
