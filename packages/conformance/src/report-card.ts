/**
 * A backend's report card: per (op, dtype), how many result elements differ from the oracle on the
 * special values and on seeded random data, each difference sorted into a class (NaN sign, -0,
 * subnormal flush, rounding, ...) with the first example of each. checkBackend stops at the first
 * mismatch, which is right for a backend that claims to be exact; this counts them all, so that
 * backends that make no such claim (tfjs, onnxruntime-web) can be set beside ours.
 */
import {
  OPS,
  allocate,
  invoke,
  dtypeOf,
  opDefinition,
  oracle,
  xIndex,
  type ActivationBackend,
  type AnyTypedArray,
  type DType,
  type Gradients,
  type OpDefinition,
  type OpName,
  type ParamCase,
} from '@rectify/core';
import { cloneBits, hexBits, isNaNAt, isSubnormalAt, signBit } from './bits.js';
import { callInputs, compareResult } from './check.js';
import { allowedDifference } from './compare.js';
import { specialValues } from './inputs.js';
import { defaultSeed } from './random.js';

/** Kinds of difference, in the order a reader meets them in docs/semantics.md. */
export const MISMATCH_CLASSES = [
  'NaN lost',
  'NaN made',
  'NaN sign',
  'NaN payload',
  'signed zero',
  'subnormal flush',
  'rounding',
  'wrong value',
  'whole result',
] as const;
export type MismatchClass = (typeof MISMATCH_CLASSES)[number];

/** 'specials': every special value (every pair of them for two-array ops); 'random': callInputs' seeded data. */
export type InputSet = 'specials' | 'random';

export interface CardExample {
  class: MismatchClass;
  set: InputSet;
  /** The parameter case's label. */
  params: string;
  /** Which part of the result: the array (dx for gradients), dalpha, or the whole of a non-array result. */
  part: 'result' | 'dalpha' | 'whole';
  /** Element index (channel for dalpha; -1 for a whole result). */
  index: number;
  /** Length of the call's arrays and its seed: enough to run the call again. */
  length: number;
  seed: number;
  /** The element's input bits by array name, and alpha's entry for its channel (per-channel ops). */
  operands: Record<string, string>;
  got: string;
  want: string;
}

export interface SetTally {
  /** Result elements compared. */
  elements: number;
  mismatches: number;
}

export interface CardEntry {
  backend: string;
  op: OpName;
  dtype: DType;
  /** Every element of every case equal to the oracle (with docs/semantics.md's allowances), and no throw. */
  passed: boolean;
  /** Parameter cases run. */
  cases: number;
  specials: SetTally;
  random: SetTally;
  classes: Partial<Record<MismatchClass, number>>;
  /** The first mismatch of each class. */
  examples: CardExample[];
  /** What the backend threw on valid input (the first case that threw). */
  error?: string;
}

export interface GradeOptions {
  /** Elements of the random set (default 4096). */
  randomLength?: number;
  seed?: number;
  ops?: readonly OpName[];
  /** Called after each (op, dtype). */
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_RANDOM_LENGTH = 4096;

/** Grades every (op, dtype) the backend declares, every parameter case, on both input sets. */
export async function gradeBackend(backend: ActivationBackend, options: GradeOptions = {}): Promise<CardEntry[]> {
  const seed = options.seed ?? defaultSeed();
  const randomLength = options.randomLength ?? DEFAULT_RANDOM_LENGTH;
  const pairs = OPS.flatMap((op) => (options.ops && !options.ops.includes(op.name) ? [] : (backend.capabilities.ops[op.name] ?? []).map((dtype) => [op, dtype] as const)));
  const entries: CardEntry[] = [];
  for (const [n, [op, dtype]] of pairs.entries()) {
    const entry: CardEntry = { backend: backend.name, op: op.name, dtype, passed: true, cases: 0, specials: tally(), random: tally(), classes: {}, examples: [] };
    for (const pc of op.cases(dtype)) {
      entry.cases++;
      for (const set of ['specials', 'random'] as const) {
        const inputs = set === 'specials' ? specialInputs(op, dtype) : callInputs(op, dtype, randomLength, seed);
        try {
          await gradeCall(backend, op, pc, set, inputs, seed, entry);
        } catch (e) {
          entry.error ??= `${pc.label}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
        }
      }
    }
    entry.passed = entry.error === undefined && entry.specials.mismatches === 0 && entry.random.mismatches === 0;
    entries.push(entry);
    options.onProgress?.(n + 1, pairs.length);
  }
  return entries;
}

const tally = (): SetTally => ({ elements: 0, mismatches: 0 });

/** The specials of the dtype; for ops of several arrays, every pair: element i·n + j holds special i in x and special j in the others. */
export function specialInputs(op: OpDefinition, dtype: DType): AnyTypedArray[] {
  const s = specialValues(dtype);
  if (op.arrays.length === 1) return [s];
  const n = s.length;
  const size = s.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
  return op.arrays.map((name) => {
    const out = allocate(dtype, n * n, s);
    const o = new Uint8Array(out.buffer);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const from = (name === 'x' ? i : j) * size;
        o.set(bytes.subarray(from, from + size), (i * n + j) * size);
      }
    }
    return out;
  });
}

async function gradeCall(
  backend: ActivationBackend,
  op: OpDefinition,
  pc: ParamCase,
  set: InputSet,
  inputs: AnyTypedArray[],
  seed: number,
  entry: CardEntry,
): Promise<void> {
  const length = inputs[0].length;
  const params = pc.params(length);
  const want = invoke(oracle, op, inputs, params);
  // Copies: a backend that writes its inputs must not change what the oracle is compared with.
  const got = await invoke(backend, op, inputs.map(cloneBits), params);
  const t = entry[set];
  const where = { set, params: pc.label, length, seed };
  const record = (cls: MismatchClass, example: Omit<CardExample, 'class' | keyof typeof where>) => {
    t.mismatches++;
    entry.classes[cls] = (entry.classes[cls] ?? 0) + 1;
    if (!entry.examples.some((e) => e.class === cls)) entry.examples.push({ class: cls, ...where, ...example });
  };
  if (op.result === 'array' || op.result === 'gradients') {
    const gradients = op.result === 'gradients';
    const dx = gradients ? (got as Gradients<AnyTypedArray, AnyTypedArray>)?.dx : (got as AnyTypedArray);
    const wantDx = gradients ? (want as Gradients<AnyTypedArray, AnyTypedArray>).dx : (want as AnyTypedArray);
    const operandsAt = operandReader(op, inputs, params);
    t.elements += length;
    if (!sameShape(dx, wantDx)) {
      record('whole result', { part: 'whole', index: -1, operands: {}, got: describe(dx), want: describe(wantDx) });
    } else {
      const x = inputs[xIndex(op)];
      for (let i = 0; i < length; i++) {
        if (sameElement(dx, wantDx, i) || (op.arithmetic && allowedDifference(x, dx, wantDx, i, backend.capabilities.flushesSubnormals))) continue;
        record(classify(dx, wantDx, i), { part: 'result', index: i, operands: operandsAt(i), got: hexBits(dx, i), want: hexBits(wantDx, i) });
      }
    }
    if (gradients) {
      const d = (got as Gradients<AnyTypedArray, AnyTypedArray>)?.dalpha;
      const w = (want as Gradients<AnyTypedArray, AnyTypedArray>).dalpha;
      t.elements += w.length;
      if (!sameShape(d, w)) record('whole result', { part: 'dalpha', index: -1, operands: {}, got: describe(d), want: describe(w) });
      else {
        for (let c = 0; c < w.length; c++) {
          // dalpha is computed, so a NaN may have any bits.
          if (sameElement(d, w, c) || (isNaNAt(d, c) && isNaNAt(w, c))) continue;
          record(classify(d, w, c), { part: 'dalpha', index: c, operands: {}, got: hexBits(d, c), want: hexBits(w, c) });
        }
      }
    }
    return;
  }
  t.elements += 1;
  const difference = compareResult(op, inputs, got, want, backend.capabilities.flushesSubnormals);
  if (difference) record('whole result', { part: 'whole', index: difference.index, operands: {}, got: difference.got, want: difference.want });
}

function sameShape(got: unknown, want: AnyTypedArray): got is AnyTypedArray {
  return got !== null && typeof got === 'object' && (got as AnyTypedArray).constructor === want.constructor && (got as AnyTypedArray).length >= want.length;
}

function describe(a: unknown): string {
  return a !== null && typeof a === 'object' && 'length' in a ? `${a.constructor.name}(${(a as AnyTypedArray).length})` : String(a);
}

function sameElement(a: AnyTypedArray, b: AnyTypedArray, i: number): boolean {
  return hexBits(a, i) === hexBits(b, i);
}

/** The class of a difference at element i (got and want of one float or int dtype). */
export function classify(got: AnyTypedArray, want: AnyTypedArray, i: number): MismatchClass {
  const g = got[i];
  const w = want[i];
  if (Number.isNaN(w)) {
    if (!Number.isNaN(g)) return 'NaN lost';
    return signBit(got, i) !== signBit(want, i) ? 'NaN sign' : 'NaN payload';
  }
  if (Number.isNaN(g)) return 'NaN made';
  if (g === 0 && w === 0) return 'signed zero';
  if (g === 0 && isSubnormalAt(want, i)) return 'subnormal flush';
  const sameSign = signBit(got, i) === signBit(want, i);
  if (isFloat(want) && sameSign && Number.isFinite(g) && Number.isFinite(w) && Math.abs(g - w) <= 2 * ulp(want, w)) return 'rounding';
  return 'wrong value';
}

function isFloat(a: AnyTypedArray): boolean {
  return !(a instanceof Int32Array || a instanceof Int8Array);
}

/** The spacing of the dtype's floats at v (the subnormal spacing below the normals). */
function ulp(a: AnyTypedArray, v: number): number {
  const [bits, minExp] = a instanceof Float32Array ? [23, -126] : a instanceof Float64Array ? [52, -1022] : [10, -14];
  const exp = v === 0 ? minExp : Math.max(Math.floor(Math.log2(Math.abs(v))), minExp);
  return 2 ** (exp - bits);
}

/** Reads element i's input bits, by array name, with alpha's entry of its channel for per-channel ops. */
function operandReader(op: OpDefinition, inputs: readonly AnyTypedArray[], params: readonly unknown[]): (i: number) => Record<string, string> {
  let alphaAt: ((i: number) => string) | undefined;
  if (op.perChannel) {
    const values = op.params.map((p, k) => params[k] ?? p.default);
    const [channels, inner] = op.checkParams(dtypeOf(inputs[0])!, inputs[0].length, values);
    const alpha = op.perChannel(values);
    alphaAt = (i) => hexBits(alpha, alpha.length === 1 ? 0 : Math.floor(i / inner) % channels);
  }
  return (i) => {
    const operands: Record<string, string> = {};
    op.arrays.forEach((name, k) => (operands[name] = hexBits(inputs[k], i)));
    if (alphaAt) operands.alpha = alphaAt(i);
    return operands;
  };
}

/** Copies of an element replayed: enough for a SIMD kernel's main loop, not only its tail. */
export const REPLAY_COPIES = 64;

export interface Replay {
  /** The bits the backend gave, per copy (one entry when every copy agreed). */
  got: string[];
  want: string;
  /** 'alone': REPLAY_COPIES copies of the element's operands; 'in its call': the original call, read at the index. */
  how: 'alone' | 'in its call';
}

/**
 * Runs an example's call again on the backend. An element of an elementwise op is first replayed on
 * its own (REPLAY_COPIES copies of its operands); when that does not give the example's bits (the
 * result depends on the other elements, the size or the layout), and for per-channel ops, dalpha
 * and whole results, the original call runs again and is read at the example's index.
 */
export async function replayExample(backend: ActivationBackend, op: OpName, dtype: DType, example: CardExample): Promise<Replay> {
  const def = opDefinition(op);
  if (!def) throw new Error(`'${op}' is not an op of @rectify/core`);
  const pc = def.cases(dtype).find((c) => c.label === example.params);
  if (!pc) throw new Error(`${op} ${dtype} has no parameter case '${example.params}'`);
  const dxOf = (r: unknown) => (def.result === 'gradients' ? (r as Gradients<AnyTypedArray, AnyTypedArray>).dx : (r as AnyTypedArray));
  if (example.part === 'result' && !def.perChannel) {
    const arrays = def.arrays.map((name) => copies(dtype, example.operands[name], REPLAY_COPIES));
    const params = pc.params(REPLAY_COPIES);
    const want = dxOf(invoke(oracle, def, arrays, params));
    const got = dxOf(await invoke(backend, def, arrays.map(cloneBits), params));
    const alone: Replay = { got: [...new Set(Array.from({ length: REPLAY_COPIES }, (_, i) => hexBits(got, i)))], want: hexBits(want, 0), how: 'alone' };
    if (alone.got.length === 1 && alone.got[0] === example.got) return alone;
  }
  const inputs = example.set === 'specials' ? specialInputs(def, dtype) : callInputs(def, dtype, example.length, example.seed);
  const params = pc.params(example.length);
  const want = invoke(oracle, def, inputs, params);
  const got = await invoke(backend, def, inputs.map(cloneBits), params);
  const how = 'in its call';
  if (example.part === 'result') return { got: [hexBits(dxOf(got), example.index)], want: hexBits(dxOf(want), example.index), how };
  if (example.part === 'dalpha') {
    const d = (got as Gradients<AnyTypedArray, AnyTypedArray>).dalpha;
    return { got: [hexBits(d, example.index)], want: hexBits((want as Gradients<AnyTypedArray, AnyTypedArray>).dalpha, example.index), how };
  }
  const difference = compareResult(def, inputs, got, want, backend.capabilities.flushesSubnormals);
  return { got: [difference?.got ?? example.want], want: difference?.want ?? example.want, how };
}

/** `count` elements of the dtype, each holding the bits written as hex ('0x7fc12345'). */
function copies(dtype: DType, hex: string | undefined, count: number): AnyTypedArray {
  if (hex === undefined) throw new Error('the example has no bits for this array');
  const out = allocate(dtype, count);
  const size = out.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(out.buffer);
  const digits = hex.slice(2).padStart(size * 2, '0');
  for (let i = 0; i < count; i++) {
    for (let b = 0; b < size; b++) bytes[i * size + b] = parseInt(digits.slice((size - 1 - b) * 2, (size - b) * 2), 16);
  }
  return out;
}
