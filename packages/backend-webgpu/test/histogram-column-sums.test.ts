// histogram and columnSums beyond the conformance suite: across chunk boundaries and 2D grids (lowered
// dispatch limits), copied and resident, on every dtype; edges the integer keys must get right (±0,
// subnormal edges, edges between two float32s, integer edges out of range, more bins than the
// workgroup tallies hold); exact column sums where a float sum cancels.
import { OPS, allocate, bitView, fromNumbers, invoke, oracle, type AnyTypedArray, type DType, type OpDefinition } from '@rectify/core';
import { compareResult, ensureFloat16, makeInput } from '@rectify/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type WebGpuBackend } from '../src/index.js';
import { skipReason } from './setup.js';

const histogram = OPS.find((op) => op.name === 'histogram')!;
const columnSums = OPS.find((op) => op.name === 'columnSums')!;
const DTYPES = ['float32', 'float16', 'int32', 'int8'] as const;

/** Fails with the first difference from the oracle (sums bit for bit, a NaN with any bits). */
function expectOracle(op: OpDefinition, x: AnyTypedArray, params: unknown[], got: unknown, label: string): void {
  const d = compareResult(op, [x], got, invoke(oracle, op, [x], params), false);
  expect(d, `${op.name} ${label}`).toBeUndefined();
}

/** Finite values of every magnitude the dtype has (subnormals to near the top), both signs, a few zeros. */
function finiteInput(dtype: DType, length: number, seed: number): AnyTypedArray {
  const out = makeInput(dtype, length, seed);
  if (dtype === 'float32') {
    const words = new Uint32Array(out.buffer, out.byteOffset, length);
    for (let i = 0; i < length; i++) if ((words[i] & 0x7f800000) === 0x7f800000) words[i] ^= 0x40000000;
  } else if (dtype === 'float16') {
    const h = bitView(out);
    for (let i = 0; i < length; i++) if ((h[i] & 0x7c00) === 0x7c00) h[i] ^= 0x4000;
  }
  return out;
}

describe.skipIf(skipReason !== undefined)('histogram and columnSums', () => {
  let backend: WebGpuBackend;
  let lowered: WebGpuBackend;
  beforeAll(async () => {
    ensureFloat16();
    backend = await createBackend();
    // 192 words a chunk, 288 threads a dispatch: the lengths below cross both many times.
    lowered = await createBackend({ dispatchLimits: { maxBindingBytes: 1000, maxWorkgroupsPerDimension: 3, workgroupSize: 32 } });
  });
  afterAll(async () => {
    await backend?.dispose();
    await lowered?.dispose();
  });

  it('declare every dtype the GPU takes', () => {
    for (const op of [histogram, columnSums]) expect([...backend.capabilities.ops[op.name]].sort(), op.name).toEqual([...DTYPES].sort());
  });

  it('cross chunk boundaries and 2D grids (lowered limits), copied and resident, on every dtype', async () => {
    const n = 7 * 1431; // odd, and 7 or 189 columns
    const edges = [Float64Array.of(-1e4, -100, -1, -0.01, 0, 0.01, 1, 100, 1e4), Float64Array.of(-3, 0, 6), Float64Array.of(-1e-40, 0, 1e-40)];
    for (const dtype of DTYPES) {
      for (const [x, label] of [
        [makeInput(dtype, n, 11), 'mixed'],
        [finiteInput(dtype, n, 12), 'finite'],
      ] as const) {
        const h = await lowered.upload(x);
        for (const e of edges) {
          expectOracle(histogram, x, [e], await lowered.histogram(x, e), `${dtype} ${label} edges ${e.join(',')}`);
          expectOracle(histogram, x, [e], await lowered.histogram(h, e), `${dtype} ${label} resident edges ${e.join(',')}`);
        }
        for (const [rows, cols] of [[1431, 7], [53, 189], [1, n], [n, 1]]) {
          expectOracle(columnSums, x, [rows, cols], await lowered.columnSums(x, rows, cols), `${dtype} ${label} ${rows} × ${cols}`);
          expectOracle(columnSums, x, [rows, cols], await lowered.columnSums(h, rows, cols), `${dtype} ${label} resident ${rows} × ${cols}`);
        }
        lowered.free(h);
      }
    }
  });

  it('columnSums is exact where a float sum cancels: (1e30, 1, -1e30) is 1', async () => {
    const x = Float32Array.of(1e30, 1, -1e30);
    expect(Array.from(await backend.columnSums(x, 3, 1))).toEqual([1]);
    expect(Array.from(await lowered.columnSums(x, 3, 1))).toEqual([1]);
    // Two columns, interleaved, and the same column order-reversed: 1 and -2^-149 survive.
    const y = Float32Array.of(1e30, 2 ** -126, 1, -(2 ** -149), -1e30, -(2 ** -126));
    const want = [1, -(2 ** -149)];
    expect(Array.from(await backend.columnSums(y, 3, 2))).toEqual(want);
    expect(Array.from(await backend.columnSums(y.reverse(), 3, 2))).toEqual(want.reverse());
    // Many rows of float32's extremes: beyond float32's range, finite as float64; rounded once.
    const big = Float32Array.from({ length: 4099 }, (_, i) => (i % 3 === 2 ? -(2 ** -149) : 3.4028234663852886e38));
    expectOracle(columnSums, big, [4099, 1], await lowered.columnSums(big, 4099, 1), 'float32 near the top');
    const h = await backend.upload(x);
    expect(Array.from(await backend.columnSums(h, 3, 1))).toEqual([1]);
    backend.free(h);
  });

  it('columnSums: NaN, +Inf with -Inf, one infinity, zeros of both signs, empty columns', async () => {
    // Columns: NaN with finite terms, +Inf with finite ones, +Inf with -Inf, three -0s.
    const x = Float32Array.of(Number.NaN, Infinity, Infinity, -0, 5, 1, -Infinity, -0, -0, -1, 2, -0);
    for (const [b, label] of [[backend, 'copied'], [lowered, 'lowered']] as const) {
      const got = await b.columnSums(x, 3, 4);
      expect(Number.isNaN(got[0]), label).toBe(true);
      expect(got[1], label).toBe(Infinity);
      expect(Number.isNaN(got[2]), label).toBe(true);
      expect(Object.is(got[3], 0), label).toBe(true); // an exact zero is +0
      const halves = fromNumbers('float16', Array.from(x));
      expectOracle(columnSums, halves, [3, 4], await b.columnSums(halves, 3, 4), `float16 ${label}`);
    }
    expect(Array.from(await backend.columnSums(new Float32Array(0), 0, 5))).toEqual([0, 0, 0, 0, 0]);
    const h = await backend.upload(new Int8Array(0));
    expect(Array.from(await backend.columnSums(h, 0, 3))).toEqual([0, 0, 0]);
    backend.free(h);
  });

  it('columnSums of integers: int32 extremes, int8 extremes, sums past 2^53 rounded once', async () => {
    const ints = Int32Array.from({ length: 4103 * 3 }, (_, i) => [2 ** 31 - 1, -(2 ** 31), (i * 2654435761) | 0][i % 3]);
    expectOracle(columnSums, ints, [4103, 3], await lowered.columnSums(ints, 4103, 3), 'int32 extremes');
    const bytes = Int8Array.from({ length: 4103 * 3 }, (_, i) => [127, -128, (i * 37) % 256][i % 3]);
    expectOracle(columnSums, bytes, [4103, 3], await lowered.columnSums(bytes, 4103, 3), 'int8 extremes');
    // 2^22 + 5 rows of 2^31 - 1 (and one odd value): the sum passes 2^53, where float64 rounds.
    const rows = 2 ** 22 + 5;
    const tall = new Int32Array(rows).fill(2 ** 31 - 1);
    tall[17] = 3;
    expectOracle(columnSums, tall, [rows, 1], await backend.columnSums(tall, rows, 1), 'int32 past 2^53');
  });

  it('histogram: ±0, NaNs with payloads, infinities and subnormals binned by value', async () => {
    const bits = Uint32Array.of(0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0x00000001, 0x80000001, 0x007fffff, 0x00800000, 0x3f800000, 0xbf800000, 0x40c00000);
    const x = new Float32Array(bits.buffer);
    const cases = [
      Float64Array.of(-1, 0, 1),
      Float64Array.of(0, 6),
      Float64Array.of(-0, 2 ** -149),
      Float64Array.of(-(2 ** -149), 0),
      Float64Array.of(2 ** -150, 2 ** -126),
      Float64Array.of(-1e300, -1e-300, 1e-300, 1e300),
      Float64Array.of(1 - 2 ** -30, 1, 1 + 2 ** -30, 1 + 2 ** -23), // edges between float32s
      Float64Array.of(-3.4028235677973366e38, 3.4028235677973366e38), // just beyond the largest float32
    ];
    for (const e of cases) {
      expectOracle(histogram, x, [e], await backend.histogram(x, e), `float32 edges ${e.join(',')}`);
      const halves = fromNumbers('float16', Array.from(x));
      expectOracle(histogram, halves, [e], await backend.histogram(halves, e), `float16 edges ${e.join(',')}`);
    }
  });

  it('histogram of integers: fractional edges, edges beyond the dtype and beyond int32', async () => {
    const ints = Int32Array.of(-(2 ** 31), -(2 ** 31) + 1, -7, -1, 0, 1, 6, 7, 127, 128, 2 ** 31 - 2, 2 ** 31 - 1);
    const bytes = Int8Array.of(-128, -127, -7, -1, 0, 1, 6, 7, 126, 127);
    const cases = [
      Float64Array.of(0, 6),
      Float64Array.of(-0.5, 0.5, 6.5),
      Float64Array.of(-1e12, -(2 ** 31), 0, 2 ** 31 - 1, 2 ** 31, 1e12),
      Float64Array.of(-(2 ** 31) - 0.5, 2 ** 31 - 1.5),
      Float64Array.of(126.5, 127),
      Float64Array.of(127, 200, 3e9),
      Float64Array.of(-300, -128),
      Float64Array.of(3e9, 4e9),
      Float64Array.of(-4e9, -3e9),
    ];
    for (const e of cases) {
      expectOracle(histogram, ints, [e], await backend.histogram(ints, e), `int32 edges ${e.join(',')}`);
      expectOracle(histogram, bytes, [e], await backend.histogram(bytes, e), `int8 edges ${e.join(',')}`);
    }
  });

  it('histogram with more bins than the workgroup tallies hold, and edges read when the call is made', async () => {
    const edges = Float64Array.from({ length: 1000 }, (_, j) => (j - 500) / 40);
    for (const dtype of DTYPES) {
      const x = finiteInput(dtype, 5003, 3);
      if (dtype === 'float32' || dtype === 'float16') {
        // Spread over the edges' range.
        const v = Array.from({ length: 5003 }, (_, i) => ((i * 7919) % 1300) / 50 - 13);
        const y = fromNumbers(dtype, v);
        expectOracle(histogram, y, [edges], await lowered.histogram(y, edges), `${dtype} 1000 edges`);
      }
      expectOracle(histogram, x, [edges], await lowered.histogram(x, edges), `${dtype} finite, 1000 edges`);
    }
    const x = Float32Array.of(-2, -0.5, 0.5, 2);
    const e = Float64Array.of(-1, 0, 1);
    const pending = backend.histogram(x, e);
    e[1] = 100;
    expect(Array.from(await pending)).toEqual([1, 1, 1, 1, 0]);
    const empty = allocate('float16', 0);
    expect(Array.from(await backend.histogram(empty, Float64Array.of(-1, 0, 1)))).toEqual([0, 0, 0, 0, 0]);
  });
});
