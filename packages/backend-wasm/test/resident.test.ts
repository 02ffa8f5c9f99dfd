import {
  BackendDisposedError,
  InvalidParameterError,
  NotATypedArrayError,
  OutOfMemoryError,
  OPS,
  StaleViewError,
  allocate,
  bitView,
  float16ArrayClass,
  invoke,
  oracle,
} from '@rectify/core';
import { compareResult, ensureFloat16, makeInput, sameBits } from '@rectify/conformance';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBackend, type WasmBackend } from '../src/index.js';

// float16 arrays need a Float16Array class: Node 20 has none, so the conformance package's polyfill.
ensureFloat16();

let wasm: WasmBackend;
beforeEach(async () => {
  wasm = await createBackend();
});
afterEach(() => wasm.dispose());

/** Allocations until the memory grows (detaching `view`), each a quarter of the current memory. */
function growPast(view: Float32Array): void {
  const buffer = view.buffer;
  while (view.buffer === buffer && view.length > 0) wasm.alloc('int8', buffer.byteLength / 4 + 1);
}

describe('alloc', () => {
  it('returns views of each dtype on the wasm heap, 16-byte aligned, that ops use in place', () => {
    const f16 = float16ArrayClass()!;
    for (const [dtype, ctor] of [['float32', Float32Array], ['float64', Float64Array], ['float16', f16], ['int32', Int32Array], ['int8', Int8Array]] as const) {
      const v = wasm.alloc(dtype, 37);
      expect(v).toBeInstanceOf(ctor);
      expect(v.length).toBe(37);
      expect(v.byteOffset % 16).toBe(0);
      expect(wasm.isResident(v)).toBe(true);
      bitView(v).set(bitView(makeInput(dtype, 37, 3)));
      const want = oracle.relu(v);
      expect(wasm.sync.relu(v, v)).toBe(v);
      expect(sameBits(v, want)).toBe(true);
    }
  });

  it('gives separate allocations separate memory, and reuses freed memory', () => {
    const a = wasm.alloc('float32', 100);
    const b = wasm.alloc('float32', 100);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + a.byteLength);
    const first = a.byteOffset;
    wasm.free(a);
    const c = wasm.alloc('int32', 50);
    expect(c.byteOffset).toBe(first);
    a.length; // the freed view object itself is untouched; only its use in ops is refused
  });

  it('rejects bad dtypes and lengths with InvalidParameterError', () => {
    for (const dtype of ['float', 'uint8', undefined, 3]) {
      expect(() => wasm.alloc(dtype as never, 4)).toThrow(InvalidParameterError);
    }
    for (const length of [-1, 1.5, Number.NaN, Infinity, '4', 2 ** 53]) {
      expect(() => wasm.alloc('float32', length as never)).toThrow(InvalidParameterError);
    }
  });

  it('running out of wasm memory throws OutOfMemoryError: past the 4 GiB cap, or when the engine refuses to grow', () => {
    // More than wasm32's 4 GiB can ever hold.
    expect(() => wasm.alloc('float64', 2 ** 29 + 1)).toThrow(OutOfMemoryError);
    expect(() => wasm.reserve(2 ** 33)).toThrow(OutOfMemoryError);
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    try {
      const error = (() => {
        try {
          wasm.alloc('float32', 1 << 24);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(OutOfMemoryError);
      expect((error as OutOfMemoryError).code).toBe('OUT_OF_MEMORY');
      expect((error as Error).message).toMatch(/refused to grow wasm memory.*Maximum memory size exceeded/);
      expect(() => wasm.reserve(1 << 26)).toThrow(OutOfMemoryError);
    } finally {
      grow.mockRestore();
    }
    // Nothing was taken: the same allocation works once the memory can grow.
    const v = wasm.alloc('float32', 1 << 24);
    expect(wasm.isResident(v)).toBe(true);
  });

  it('views above 2 GiB (addresses past i32) run every op exactly', () => {
    // 2 GiB of untouched memory below it: the engine maps it lazily, so this costs no RAM.
    const filler = wasm.alloc('int8', 2 ** 31);
    const n = 1003;
    const x = wasm.alloc('float32', n);
    const out = wasm.alloc('float32', n);
    expect(x.byteOffset).toBeGreaterThan(2 ** 31);
    const input = makeInput('float32', n, 11) as Float32Array;
    const dy = makeInput('float32', n, 12) as Float32Array;
    x.set(input);
    expect(sameBits(wasm.sync.relu(x, out), oracle.relu(input))).toBe(true);
    expect(sameBits(wasm.sync.clippedRelu(x, 6, out), oracle.clippedRelu(input, 6))).toBe(true);
    expect(sameBits(wasm.sync.leakyRelu(x, 0.01, out), oracle.leakyRelu(input, 0.01))).toBe(true);
    expect(sameBits(wasm.sync.reluGrad(dy, x, out), oracle.reluGrad(dy, input))).toBe(true);
    expect(wasm.sync.stats(x)).toEqual(oracle.stats(input));
    expect(Array.from(wasm.sync.deadUnits(x, 17, 59))).toEqual(Array.from(oracle.deadUnits(input, 17, 59)));
    expect(Array.from(x)).toEqual(Array.from(input)); // out-of-place calls left x alone
    wasm.free(out);
    wasm.free(x);
    wasm.free(filler);
  });

  it('views ending at or just below 4 GiB, in a full memory, run every op exactly (pointers that wrap at 2^32)', () => {
    const top = wasm.alloc('int8', 0).byteOffset + 16; // where the next allocation starts
    for (const op of OPS) {
      for (const dtype of wasm.capabilities.ops[op.name]) {
        const size = allocate(dtype, 0).BYTES_PER_ELEMENT;
        const n = Math.floor(4012 / size); // full 8-vector blocks, single vectors and a scalar tail
        for (const gap of [0, 16, 48, 112]) {
          const filler = wasm.alloc('int8', 2 ** 32 - top - Math.ceil((n * size) / 16) * 16 - gap);
          const x = wasm.alloc(dtype, n);
          expect(2 ** 32 - (x.byteOffset + Math.ceil((n * size) / 16) * 16)).toBe(gap);
          const inputs = op.arrays.map((_, k) => makeInput(dtype, n, 30 + k));
          bitView(x).set(bitView(inputs[op.arrays.indexOf('x')]));
          const arrays = op.arrays.map((name, k) => (name === 'x' ? x : inputs[k]));
          const params = op.cases(dtype)[0].params(n);
          const want = invoke(oracle, op, inputs, params);
          // In place on x for ops that give an array: the kernel reads and writes at the top.
          const got = invoke(wasm.sync, op, arrays, params, op.result === 'array' ? x : undefined);
          const label = `${op.name} ${dtype}, ${gap} bytes below 4 GiB`;
          // Bit for bit, but a NaN that a product computes may have any bits (float16's differ from the oracle's 0x7e00).
          expect(compareResult(op, inputs, got, want, false), label).toBeUndefined();
          wasm.free(x);
          wasm.free(filler);
        }
      }
    }
  });

  it('allocates zero-length views', () => {
    const v = wasm.alloc('float32', 0);
    expect(v.length).toBe(0);
    expect(wasm.isResident(v)).toBe(true);
    expect(wasm.sync.relu(v, v).length).toBe(0);
    wasm.free(v);
  });
});

describe('free and stale views', () => {
  it('a freed view fails every op with StaleViewError, as x, dy or out, and changes nothing', () => {
    const live = wasm.alloc('float32', 8);
    const freed = wasm.alloc('float32', 8);
    live.set([1, -2, 3, -4, 5, -6, 7, -8]);
    freed.set([1, 2, 3, 4, 5, 6, 7, 8]);
    wasm.free(freed);
    expect(wasm.isResident(freed)).toBe(false);
    const plain = new Float32Array(8).fill(9);
    const liveBefore = live.slice();
    expect(() => wasm.sync.relu(freed)).toThrow(StaleViewError);
    expect(() => wasm.sync.relu(live, freed)).toThrow(StaleViewError);
    expect(() => wasm.sync.clippedRelu(freed, 6, plain)).toThrow(StaleViewError);
    expect(() => wasm.sync.leakyRelu(freed)).toThrow(StaleViewError);
    expect(() => wasm.sync.reluGrad(freed, live)).toThrow(StaleViewError);
    expect(() => wasm.sync.reluGrad(plain, freed)).toThrow(StaleViewError);
    expect(() => wasm.sync.stats(freed)).toThrow(StaleViewError);
    expect(() => wasm.sync.deadUnits(freed, 2, 4)).toThrow(StaleViewError);
    expect(plain.every((v) => v === 9)).toBe(true);
    expect(Array.from(live)).toEqual(Array.from(liveBefore));
  });

  it('the Promise API rejects with StaleViewError', async () => {
    const v = wasm.alloc('float64', 4);
    wasm.free(v);
    await expect(wasm.relu(v)).rejects.toBeInstanceOf(StaleViewError);
  });

  it('double free throws StaleViewError; free of a plain array or non-array is refused', () => {
    const v = wasm.alloc('int8', 3);
    wasm.free(v);
    expect(() => wasm.free(v)).toThrow(StaleViewError);
    expect(() => wasm.free(new Float32Array(4))).toThrow(InvalidParameterError);
    expect(() => wasm.free([1, 2] as never)).toThrow(NotATypedArrayError);
    expect(() => wasm.free(undefined as never)).toThrow(NotATypedArrayError);
  });

  it('after memory growth, old views fail with StaleViewError (not a detached empty array), and refresh() recovers the data', () => {
    const old = wasm.alloc('float32', 1000);
    for (let i = 0; i < old.length; i++) old[i] = i % 3 ? -i : i;
    const before = old.slice();
    const dy = new Float32Array(1000).fill(1);
    const alias = new Float32Array(old.buffer, old.byteOffset, 10); // not from alloc(), on the memory about to be replaced
    growPast(old);
    expect(() => wasm.sync.relu(alias)).toThrow(/detached when the memory grew/);
    expect(old.length).toBe(0); // detached by the engine
    expect(wasm.isResident(old)).toBe(false);
    expect(() => wasm.sync.relu(old)).toThrow(StaleViewError);
    expect(() => wasm.sync.relu(dy, old)).toThrow(StaleViewError);
    expect(() => wasm.sync.reluGrad(dy, old)).toThrow(StaleViewError); // not LengthMismatchError
    expect(() => wasm.sync.stats(old)).toThrow(StaleViewError);
    expect(() => wasm.sync.deadUnits(old, 0, 0)).toThrow(StaleViewError);
    expect(dy.every((v) => v === 1)).toBe(true);

    const fresh = wasm.refresh(old);
    expect(wasm.isResident(fresh)).toBe(true);
    expect(Array.from(fresh)).toEqual(Array.from(before));
    wasm.sync.relu(fresh, fresh);
    expect(sameBits(fresh, oracle.relu(before))).toBe(true);
    // The stale view stays refused: only the refreshed one is live.
    expect(() => wasm.sync.relu(old)).toThrow(/refresh\(\) replaced/);
    expect(() => wasm.free(old)).toThrow(StaleViewError);
    expect(wasm.refresh(fresh)).toBe(fresh);
    wasm.free(fresh);
  });

  it('a stale view can still be freed, so its memory is not lost', () => {
    const old = wasm.alloc('float32', 64);
    const address = old.byteOffset;
    growPast(old);
    wasm.free(old);
    expect(() => wasm.refresh(old)).toThrow(StaleViewError);
    const again = wasm.alloc('float32', 64);
    expect(again.byteOffset).toBe(address);
  });

  it('reserve() grows once up front, so later allocations keep earlier views live', () => {
    wasm.reserve(8 << 20);
    const a = wasm.alloc('float32', 1 << 20);
    const b = wasm.alloc('float32', 1 << 20);
    expect(wasm.isResident(a) && wasm.isResident(b)).toBe(true);
    expect(() => wasm.reserve(-1)).toThrow(InvalidParameterError);
    expect(() => wasm.reserve(1.5)).toThrow(InvalidParameterError);
  });

  it('views on the wasm memory that alloc() did not return are refused', () => {
    const v = wasm.alloc('float32', 16);
    expect(() => wasm.sync.relu(v.subarray(4))).toThrow(StaleViewError);
    expect(() => wasm.sync.relu(new Int32Array(v.buffer, v.byteOffset, 16))).toThrow(StaleViewError);
  });

  it('alloc, free, reserve and refresh fail after dispose()', async () => {
    const other = await createBackend();
    const v = other.alloc('float32', 4);
    other.dispose();
    expect(() => other.alloc('float32', 4)).toThrow(BackendDisposedError);
    expect(() => other.free(v)).toThrow(BackendDisposedError);
    expect(() => other.reserve(16)).toThrow(BackendDisposedError);
    expect(() => other.refresh(v)).toThrow(BackendDisposedError);
    expect(other.isResident(v)).toBe(false);
  });
});

describe('mixed resident and plain arguments', () => {
  it('resident x with plain out, plain x with resident out, and reluGrad on any mix match the oracle', () => {
    const n = 1000;
    const xs = makeInput('float32', n, 7) as Float32Array;
    const dys = makeInput('float32', n, 8) as Float32Array;
    wasm.reserve(4 * n * 4 + 64);
    const rx = wasm.alloc('float32', n);
    const rdy = wasm.alloc('float32', n);
    const rout = wasm.alloc('float32', n);
    rx.set(xs);
    rdy.set(dys);

    const plainOut = new Float32Array(n);
    expect(wasm.sync.leakyRelu(rx, 0.2, plainOut)).toBe(plainOut);
    expect(sameBits(plainOut, oracle.leakyRelu(xs, 0.2))).toBe(true);
    expect(sameBits(rx, xs)).toBe(true);

    expect(wasm.sync.clippedRelu(xs, 1.5, rout)).toBe(rout);
    expect(sameBits(rout, oracle.clippedRelu(xs, 1.5))).toBe(true);

    const want = oracle.reluGrad(dys, xs);
    expect(sameBits(wasm.sync.reluGrad(rdy, xs), want)).toBe(true);
    expect(sameBits(wasm.sync.reluGrad(dys, rx), want)).toBe(true);
    expect(sameBits(wasm.sync.reluGrad(dys, rx, rout), want)).toBe(true);
    expect(sameBits(wasm.sync.reluGrad(rdy, rx, rdy), want)).toBe(true);
    expect(sameBits(rx, xs)).toBe(true);
    // In place on x, the second input: out takes x's address.
    rdy.set(dys);
    expect(wasm.sync.reluGrad(rdy, rx, rx)).toBe(rx);
    expect(sameBits(rx, want)).toBe(true);
    expect(sameBits(rdy, dys)).toBe(true);
  });
});
