/**
 * float16 on the wasm kernels, exhaustively: every op on all 2^16 bit patterns, compared bit for bit
 * with core's oracle. Ops with two arrays sweep each in turn while the other cycles through
 * specials; alpha and ceiling ops run on several values. The only freedom is a NaN that arithmetic
 * computes (docs/semantics.md): where the element is a product and the oracle gives NaN, any NaN.
 */
import {
  OPS,
  StaleViewError,
  allocate,
  bitView,
  float16ArrayClass,
  fromNumbers,
  invoke,
  oracle,
  type ActivationStats,
  type AnyTypedArray,
  type Gradients,
  type OpDefinition,
} from '@rectify/core';
import { ensureFloat16 } from '@rectify/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type WasmBackend } from '../src/index.js';

ensureFloat16();

const PATTERNS = 65536;
/** Partners of a sweep: zeros, subnormals, ordinary and extreme values, Inf, quiet and signalling NaNs, both signs. */
const SPECIALS = [
  0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x83ff, 0x0400, 0x8400, 0x3c00, 0xbc00, 0x4600, 0xc600, 0x3555, 0xb555,
  0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7c01, 0xfc01, 0x7fff, 0xffff,
];
/** alpha values: a subnormal one (1e-7), zeros, negatives, ordinary and near the top. */
const ALPHAS = [1e-7, 0, -0, -1.5, 0.01, 0.2, 1, 3, -3, 60000];
const CEILINGS = [1e-7, 2 ** -14, 0.5, 1, 3, 6, 60000, 65504];
/** histogram's edges: on binary16 values (the extremes, the smallest subnormal, ±0, 1), between them, and beyond the range. */
const EDGES = [
  Float64Array.of(-65504, -1, -(2 ** -24), 0, 2 ** -24, 1, 65504),
  Float64Array.of(-1000.3, -0.1, 1e-7, 0.1, 1000.3),
  Float64Array.of(-1e300, -1e-300, 1e-300, 1e300),
  Float64Array.of(-0, 6),
];

function halves(bits: (i: number) => number, length: number): AnyTypedArray {
  const a = allocate('float16', length);
  const b = bitView(a);
  for (let i = 0; i < length; i++) b[i] = bits(i);
  return a;
}

const allPatterns = (repeat = 1) => halves((i) => Math.floor(i / repeat) % PATTERNS, PATTERNS * repeat);
const partners = (length: number) => halves((i) => SPECIALS[i % SPECIALS.length], length);

const isNaN16 = (h: number) => (h & 0x7fff) > 0x7c00;
const isNegative16 = (h: number) => h > 0x8000 && h <= 0xfc00;
const isNonPositive16 = (h: number) => h === 0 || (h >= 0x8000 && h <= 0xfc00);

/** Whether element i of an arithmetic op's array result is a product (else it keeps an input's bits). */
function computed(op: OpDefinition, inputs: AnyTypedArray[], i: number): boolean {
  const x = bitView(inputs[op.arrays.indexOf('x')])[i];
  return op.arrays.length === 1 ? isNegative16(x) : isNonPositive16(x);
}

/** The first element where got and want differ beyond what the contract allows, as a message. */
function mismatch(op: OpDefinition, inputs: AnyTypedArray[], got: AnyTypedArray, want: AnyTypedArray, anyNaN: (i: number) => boolean): string | undefined {
  const g = bitView(got);
  const w = bitView(want);
  if (g.length !== w.length) return `length ${g.length}, want ${w.length}`;
  for (let i = 0; i < w.length; i++) {
    if (g[i] === w[i] || (isNaN16(g[i]) && isNaN16(w[i]) && anyNaN(i))) continue;
    const args = op.arrays.map((name, k) => `${name}=0x${bitView(inputs[k])[i].toString(16)}`).join(' ');
    return `at ${i} (${args}): got 0x${g[i].toString(16)}, want 0x${w[i].toString(16)}`;
  }
  return undefined;
}

function check(wasm: WasmBackend, op: OpDefinition, inputs: AnyTypedArray[], params: unknown[], label: string): void {
  const want = invoke(oracle, op, inputs, params);
  const got = invoke(wasm.sync, op, inputs, params);
  const where = `${op.name} ${label}`;
  if (op.result === 'array') {
    const anyNaN = (i: number) => op.arithmetic && computed(op, inputs, i);
    expect(mismatch(op, inputs, got as AnyTypedArray, want as AnyTypedArray, anyNaN), where).toBeUndefined();
    expect((got as AnyTypedArray).constructor, where).toBe(inputs[0].constructor);
  } else if (op.result === 'gradients') {
    const g = got as Gradients<AnyTypedArray, AnyTypedArray>;
    const w = want as Gradients<AnyTypedArray, AnyTypedArray>;
    expect(mismatch(op, inputs, g.dx, w.dx, (i) => computed(op, inputs, i)), `${where}: dx`).toBeUndefined();
    // A NaN sum is arithmetic: any NaN.
    expect(mismatch(op, inputs, g.dalpha, w.dalpha, () => true), `${where}: dalpha`).toBeUndefined();
    expect(g.dalpha.constructor, `${where}: dalpha's class is alpha's`).toBe((params[0] as AnyTypedArray).constructor);
  } else if (op.result === 'stats') {
    expect(got as ActivationStats, where).toEqual(want);
  } else {
    expect(Array.from(got as Uint32Array), where).toEqual(Array.from(want as Uint32Array));
  }
}

/** Each array of the op in turn takes all patterns (repeated `repeat` times) while the others cycle through the specials. */
function sweeps(op: OpDefinition, repeat = 1): { label: string; inputs: AnyTypedArray[] }[] {
  return op.arrays.map((swept, k) => ({
    label: op.arrays.length > 1 ? `${swept} all patterns` : 'all patterns',
    inputs: op.arrays.map((_, j) => (j === k ? allPatterns(repeat) : partners(PATTERNS * repeat))),
  }));
}

const alphaLabel = (a: number) => `alpha ${Object.is(a, -0) ? '-0' : a}`;

/** The parameter sets each op runs with on a sweep of all patterns. */
function paramSets(op: OpDefinition): { label: string; params: unknown[] }[] {
  const first = op.params[0]?.name;
  if (op.perChannel !== undefined) return ALPHAS.map((a) => ({ label: alphaLabel(a), params: [fromNumbers('float16', [a])] }));
  if (first === 'alpha') return ALPHAS.map((a) => ({ label: alphaLabel(a), params: [a] }));
  if (first === 'ceiling') return CEILINGS.map((c) => ({ label: `ceiling ${c}`, params: [c] }));
  if (op.result === 'counts') return [{ label: '256 × 256', params: [256, 256] }];
  // columnSums: every column a mix of patterns (NaN and Inf columns included), one long column, wide rows.
  if (op.result === 'sums') return [[256, 256], [65536, 1], [8, 8192]].map(([rows, cols]) => ({ label: `${rows} × ${cols}`, params: [rows, cols] }));
  if (op.result === 'bins') return EDGES.map((edges) => ({ label: `edges ${Array.from(edges).join(' ')}`, params: [edges] }));
  return [{ label: '', params: [] }];
}

/**
 * A per-channel op's alphas as channels, on sweeps that repeat each pattern once per channel: last
 * (inner 1, alpha read a vector at a time), so that every pattern meets every alpha, and first
 * (runs of 2^16 with one alpha each).
 */
function channelSets(): { label: string; params: unknown[] }[] {
  const alpha = fromNumbers('float16', ALPHAS);
  return [
    { label: `${ALPHAS.length} channels last`, params: [alpha] },
    { label: `${ALPHAS.length} channels first`, params: [alpha, { shape: [ALPHAS.length, PATTERNS], axis: 0 }] },
  ];
}

describe('float16 on all 2^16 patterns, bit for bit against the oracle', () => {
  let wasm: WasmBackend;
  beforeAll(async () => {
    wasm = await createBackend();
  });
  afterAll(() => wasm.dispose());

  it.each(OPS.map((op) => [op.name, op] as const))('%s', (_name, op) => {
    for (const sweep of sweeps(op)) {
      for (const p of paramSets(op)) check(wasm, op, sweep.inputs, p.params, `${sweep.label}, ${p.label}`);
    }
    if (op.perChannel === undefined) return;
    for (const sweep of sweeps(op, ALPHAS.length)) {
      for (const p of channelSets()) check(wasm, op, sweep.inputs, p.params, `${sweep.label}, ${p.label}`);
    }
  }, 120_000);
});

describe('float16 columnSums of every finite pattern', () => {
  let wasm: WasmBackend;
  beforeAll(async () => {
    wasm = await createBackend();
  });
  afterAll(() => wasm.dispose());

  it('sums each column exactly, rounded once, as the oracle, in every layout', () => {
    // The 63 488 finite patterns (both signs), shuffled (Fisher-Yates on a fixed xorshift), so that
    // columns mix magnitudes from subnormal to 65504 and rarely cancel to zero.
    const finite = Array.from({ length: 2 * 0x7c00 }, (_, i) => (i < 0x7c00 ? i : i - 0x7c00 + 0x8000));
    let seed = 0x9e3779b9;
    for (let i = finite.length - 1; i > 0; i--) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      const j = (seed >>> 0) % (i + 1);
      [finite[i], finite[j]] = [finite[j], finite[i]];
    }
    const x = halves((i) => finite[i], finite.length);
    for (const [rows, cols] of [[finite.length, 1], [248, 256], [31, 2048], [1, finite.length]]) {
      const want = Array.from(oracle.columnSums(x, rows, cols));
      expect(Array.from(wasm.sync.columnSums(x, rows, cols)), `${rows} × ${cols}`).toEqual(want);
      expect(want.every(Number.isFinite)).toBe(true);
      // One column holds both signs of every value: exactly 0. Otherwise columns rarely cancel.
      if (cols === 1) expect(want).toEqual([0]);
      else if (rows > 1) expect(want.filter((v) => v !== 0).length).toBeGreaterThan(cols / 2);
    }
  });
});

describe('float16 resident arrays', () => {
  let wasm: WasmBackend;
  beforeAll(async () => {
    wasm = await createBackend();
  });
  afterAll(() => wasm.dispose());

  it('alloc gives a Float16Array of core\'s class on the heap, 16-aligned, that ops use in place', () => {
    const v = wasm.alloc('float16', PATTERNS);
    expect(v).toBeInstanceOf(float16ArrayClass()!);
    expect(v.byteOffset % 16).toBe(0);
    expect(wasm.isResident(v)).toBe(true);
    const x = allPatterns();
    bitView(v).set(bitView(x));
    const want = oracle.leakyRelu(x, 0.2);
    expect(wasm.sync.leakyRelu(v, 0.2, v)).toBe(v);
    expect(mismatch(OPS.find((op) => op.name === 'leakyRelu')!, [x], v, want, (i) => isNegative16(bitView(x)[i]))).toBeUndefined();
    expect(wasm.sync.stats(v)).toEqual(oracle.stats(want));
    wasm.free(v);
  });

  it('a freed float16 view, or one made stale by growth, throws StaleViewError; refresh() recovers it', () => {
    const freed = wasm.alloc('float16', 16);
    wasm.free(freed);
    expect(() => wasm.sync.relu(freed)).toThrow(StaleViewError);
    const old = wasm.alloc('float16', 1000);
    bitView(old).set(bitView(halves((i) => (i * 67) & 0xffff, 1000)));
    const before = bitView(old).slice();
    const buffer = old.buffer;
    while (old.buffer === buffer && old.length > 0) wasm.alloc('int8', buffer.byteLength / 4 + 1);
    expect(wasm.isResident(old)).toBe(false);
    expect(() => wasm.sync.relu(old)).toThrow(StaleViewError);
    expect(() => wasm.sync.reluGrad(old, old)).toThrow(StaleViewError);
    const fresh = wasm.refresh(old);
    expect(fresh).toBeInstanceOf(float16ArrayClass()!);
    expect(bitView(fresh)).toEqual(before);
    wasm.sync.relu(fresh, fresh);
    expect(Array.from(bitView(fresh))).toEqual(Array.from(before, (h) => (isNegative16(h) ? 0 : h)));
    expect(() => wasm.sync.relu(old)).toThrow(StaleViewError);
    wasm.free(fresh);
  });
});
