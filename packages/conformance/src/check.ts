/**
 * Runs one op on one backend the way a caller would, and compares the result with the oracle.
 * Framework-free, so the vitest suite, the cross-backend mode, the benchmark and the browser
 * dashboard all use the same checks. Every op comes from core's table: its arrays, parameters,
 * result kind and oracle say how to call it and what to expect.
 */
import {
  OPS,
  allocate,
  dtypeOf,
  invoke,
  opDefinition,
  oracle,
  takesOut,
  xIndex,
  type ActivationBackend,
  type ActivationStats,
  type AnyTypedArray,
  type DType,
  type Gradients,
  type OpDefinition,
  type OpName,
  type ParamCase,
} from '@rectify/core';
import { bitView, cloneBits, hexBits, sameBits } from './bits.js';
import { firstCountMismatch, firstMismatch, sameStats } from './compare.js';
import { makeInput } from './inputs.js';

/** How the call is made: a new result array, a separate out, in place, or on subarray views at a non-zero byteOffset. */
export type CallMode = 'new' | 'out' | 'in-place' | 'view';

export interface OpCall {
  op: OpName;
  dtype: DType;
  /** One of the op's parameter cases; default: its first (the op's defaults). */
  params?: ParamCase;
}

/** Lets the suite run ops on a backend's own resident arrays (wasm heap views, GPU arrays). */
export interface ResidentHooks {
  /** Copies x into the backend's memory and returns what its ops accept. */
  upload(backend: ActivationBackend, x: AnyTypedArray): Promise<unknown> | unknown;
  /** Reads a result back into a plain typed array of the given dtype. */
  download(backend: ActivationBackend, handle: unknown, dtype: DType, length: number): Promise<AnyTypedArray> | AnyTypedArray;
  /** Releases what upload or an op returned. */
  release?(backend: ActivationBackend, handle: unknown): Promise<void> | void;
}

export interface CallOptions {
  mode: CallMode;
  length: number;
  seed: number;
  /** Use backend.sync instead of the Promise API. */
  sync?: boolean;
  /** Run on resident arrays through these hooks (mode is then ignored). */
  resident?: ResidentHooks;
  /** The call's arrays (x, dy, ...), each of `length` elements, instead of ones made from the seed. */
  inputs?: readonly AnyTypedArray[];
  /** Elements before the view in its buffer, in 'view' mode (default 3). */
  viewOffset?: number;
}

export interface Mismatch {
  backend: string;
  op: OpName;
  dtype: DType;
  /** The parameter case's label ('defaults', '0.5', ...). */
  params: string;
  mode: string;
  length: number;
  seed: number;
  /** Element index (or column for deadUnits); -1 for whole-result problems. */
  index: number;
  /** x's bits at index. */
  input?: string;
  /** The other arrays' bits at index, e.g. 'dy=0x3f800000'. */
  operands?: string;
  got: string;
  want: string;
}

/** Every (op, dtype, parameter case) a backend declares. */
export function declaredCalls(backend: ActivationBackend): OpCall[] {
  const calls: OpCall[] = [];
  for (const op of OPS) {
    for (const dtype of backend.capabilities.ops[op.name] ?? []) {
      for (const params of op.cases(dtype)) calls.push({ op: op.name, dtype, params });
    }
  }
  return calls;
}

/** 'clippedRelu float32 (0.5)': a call's name in test titles and reports. */
export function callLabel(call: OpCall): string {
  const label = paramCase(call).label;
  return `${call.op} ${call.dtype}${label === 'defaults' ? '' : ` (${label})`}`;
}

function paramCase(call: OpCall): ParamCase {
  return call.params ?? definition(call.op).cases(call.dtype)[0];
}

function definition(op: OpName): OpDefinition<OpName> {
  const d = opDefinition(op);
  if (!d) throw new Error(`'${op}' is not an op of @rectify/core`);
  return d;
}

/** The seed of an op's k-th array: x keeps the call's seed, each other array (dy) gets one of its own. */
export function arraySeed(op: OpDefinition, k: number, seed: number): number {
  return op.arrays[k] === 'x' ? seed : (seed ^ (0x9e3779b9 * (k + 1))) >>> 0;
}

/** The inputs of a call, in call order, each from its arraySeed. */
export function callInputs(op: OpDefinition, dtype: DType, length: number, seed: number): AnyTypedArray[] {
  return op.arrays.map((_, k) => makeInput(dtype, length, arraySeed(op, k, seed)));
}

/** A subarray `offset` elements into a larger buffer, holding x's bits. */
function viewAt<T extends AnyTypedArray>(x: T, dtype: DType, offset: number): T {
  const big = allocate(dtype, x.length + offset + 2) as T;
  const view = big.subarray(offset, offset + x.length) as T;
  new Uint8Array(view.buffer, view.byteOffset, view.byteLength).set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  return view;
}

function garbage(dtype: DType, length: number): AnyTypedArray {
  const out = allocate(dtype, length);
  new Uint8Array(out.buffer).fill(0xab);
  return out;
}

/** Calls the op as asked and returns undefined when it matches the oracle, else the first mismatch. */
export async function runCall(backend: ActivationBackend, call: OpCall, options: CallOptions): Promise<Mismatch | undefined> {
  const op = definition(call.op);
  const { dtype } = call;
  const { length, seed } = options;
  const pc = paramCase(call);
  const params = pc.params(length);
  const mode = options.resident ? 'resident' : options.mode;
  const fail = (index: number, got: string, want: string, extra: Partial<Mismatch> = {}): Mismatch => ({
    backend: backend.name, op: call.op, dtype, params: pc.label, mode: `${mode}${options.sync ? ' (sync)' : ''}`, length, seed, index, got, want, ...extra,
  });

  const { inputs, want } = options.inputs ? expected(op, [...options.inputs], params) : generated(op, dtype, pc, length, seed, params);
  const offset = options.viewOffset ?? 3;
  const api = options.sync ? backend.sync : backend;
  if (!api) throw new Error(`backend '${backend.name}' declares sync but has no sync ops`);

  if (!takesOut(op)) {
    const args = mode === 'view' ? inputs.map((a) => viewAt(a, dtype, offset)) : inputs;
    const before = args.map(cloneBits);
    const handles = options.resident ? await Promise.all(args.map((a) => options.resident!.upload(backend, a))) : args;
    let got: unknown;
    try {
      got = await invoke(api, op, handles, params);
    } finally {
      if (options.resident) for (const h of handles) await options.resident.release?.(backend, h);
    }
    const difference = compareResult(op, inputs, got, want, backend.capabilities.flushesSubnormals);
    if (difference) return fail(difference.index, difference.got, difference.want, difference.extra);
    if (!args.every((a, k) => sameBits(a, before[k]))) return fail(-1, 'input modified', 'input unchanged');
    return undefined;
  }

  let got: unknown;
  if (options.resident) {
    got = await runResident(backend, options.resident, op, dtype, inputs, params);
  } else {
    let args = inputs;
    let out: AnyTypedArray | undefined;
    let tailCheck: (() => boolean) | undefined;
    if (mode === 'view') {
      args = inputs.map((a) => viewAt(a, dtype, offset));
      out = viewAt(garbage(dtype, length), dtype, offset);
    } else if (mode === 'out') {
      const padded = garbage(dtype, length + 2);
      out = padded;
      tailCheck = () => sameBits(padded.subarray(length), garbage(dtype, 2));
    } else if (mode === 'in-place') {
      args = inputs.map(cloneBits);
      out = args[0];
    }
    const before = args.map(cloneBits);
    const result = await readAtCall(params, invoke(api, op, args, params, out));
    if (out !== undefined && xLike(op, result) !== out) return fail(-1, 'a new array', 'the out array passed in');
    for (let k = 0; k < args.length; k++) {
      if (args[k] !== out && !sameBits(args[k], before[k])) return fail(-1, `${op.arrays[k]} modified`, `${op.arrays[k]} unchanged`);
    }
    if (tailCheck && !tailCheck()) return fail(-1, 'out written past the result length', 'out[length..] untouched');
    got = result;
  }
  const difference = compareResult(op, inputs, got, want, backend.capabilities.flushesSubnormals);
  return difference && fail(difference.index, difference.got, difference.want, difference.extra);
}

function expected(op: OpDefinition, inputs: AnyTypedArray[], params: readonly unknown[]): { inputs: AnyTypedArray[]; want: unknown } {
  return { inputs, want: invoke(oracle, op, inputs, params) };
}

/** The last generated call's inputs and oracle result: the suite runs each call in several modes in a row, and the oracle is slow at 10^6 elements. */
let last: { key: string; inputs: AnyTypedArray[]; snapshot: AnyTypedArray[]; want: unknown } | undefined;

function generated(op: OpDefinition, dtype: DType, pc: ParamCase, length: number, seed: number, params: readonly unknown[]) {
  const key = `${op.name} ${dtype} ${pc.label} ${length} ${seed}`;
  // Reused only while the inputs are unchanged (a wrong backend may have written them).
  if (last?.key !== key || !last.inputs.every((a, k) => sameBits(a, last!.snapshot[k]))) {
    const made = expected(op, callInputs(op, dtype, length, seed), params);
    last = { key, ...made, snapshot: made.inputs.map(cloneBits) };
  }
  return last;
}

/**
 * Awaits a call's result with its typed-array parameters (prelu's alpha) overwritten meanwhile, then
 * restores them: docs/semantics.md says they are read when the call is made, so a caller may reuse
 * them at once. A backend that reads them later computes with the scribbles and fails the check.
 */
async function readAtCall(params: readonly unknown[], pending: unknown): Promise<unknown> {
  const saved = params.filter((p): p is AnyTypedArray => isTypedArray(p)).map((p) => [p, cloneBits(p)] as const);
  for (const [p] of saved) new Uint8Array(p.buffer, p.byteOffset, p.byteLength).fill(0xab);
  try {
    return await pending;
  } finally {
    for (const [p, copy] of saved) new Uint8Array(p.buffer, p.byteOffset, p.byteLength).set(new Uint8Array(copy.buffer));
  }
}

/** A typed array of a Rectify dtype: not ArrayBuffer.isView, which a polyfilled Float16Array (a Proxy) fails. */
function isTypedArray(v: unknown): v is AnyTypedArray {
  return dtypeOf(v) !== undefined;
}

/** The x-like array of a takesOut op's result: the result itself, or the gradients' dx. */
function xLike(op: OpDefinition, result: unknown): unknown {
  return op.result === 'gradients' ? (result as Gradients<unknown, unknown> | undefined)?.dx : result;
}

/** How a result differs from the oracle's: undefined when it matches bit for bit (with the op's allowances). */
export function compareResult(
  op: OpDefinition,
  inputs: readonly AnyTypedArray[],
  got: unknown,
  want: unknown,
  flushesSubnormals: boolean,
): Difference | undefined {
  if (op.result === 'stats') {
    return sameStats(got as ActivationStats, want as ActivationStats) ? undefined : { index: -1, got: JSON.stringify(got), want: JSON.stringify(want) };
  }
  if (op.result === 'counts' || op.result === 'bins') {
    const w = want as Uint32Array;
    const i = firstCountMismatch(got as Uint32Array, w);
    return i < 0 ? undefined : { index: i, got: String((got as Uint32Array)[i] ?? got), want: String(w[i]) };
  }
  if (op.result === 'sums') return compareSums(got, want as Float64Array);
  if (op.result === 'gradients') return compareGradients(op, inputs, got, want as Gradients<AnyTypedArray, AnyTypedArray>, flushesSubnormals);
  return compareArray(op, inputs, got, want as AnyTypedArray, flushesSubnormals);
}

type Difference = { index: number; got: string; want: string; extra?: Partial<Mismatch> };

function compareArray(op: OpDefinition, inputs: readonly AnyTypedArray[], got: unknown, wanted: AnyTypedArray, flushesSubnormals: boolean): Difference | undefined {
  if (!isTypedArray(got) || (got as AnyTypedArray).length < wanted.length || got.constructor !== wanted.constructor) {
    const name = isTypedArray(got) ? `${got.constructor.name}(${(got as AnyTypedArray).length})` : String(got);
    return { index: -1, got: name, want: `${wanted.constructor.name}(${wanted.length})` };
  }
  const g = (got as AnyTypedArray).subarray(0, wanted.length);
  const x = inputs[xIndex(op)];
  const i = firstMismatch(op.name, x, g, wanted, flushesSubnormals);
  if (i < 0) return undefined;
  const operands = op.arrays.map((name, k) => (name === 'x' ? '' : `${name}=${hexBits(inputs[k], i)}`)).filter(Boolean).join(' ');
  return { index: i, got: hexBits(g, i), want: hexBits(wanted, i), extra: { input: hexBits(x, i), ...(operands ? { operands } : {}) } };
}

/** dx as an array result; dalpha exact, bit for bit, except that a NaN may have any bits (it is computed). */
function compareGradients(
  op: OpDefinition,
  inputs: readonly AnyTypedArray[],
  got: unknown,
  want: Gradients<AnyTypedArray, AnyTypedArray>,
  flushesSubnormals: boolean,
): Difference | undefined {
  const g = got as Partial<Gradients<unknown, unknown>> | undefined;
  if (g === null || typeof g !== 'object') return { index: -1, got: String(got), want: '{ dx, dalpha }' };
  const dx = compareArray(op, inputs, g.dx, want.dx, flushesSubnormals);
  if (dx) return { ...dx, got: `dx ${dx.got}`, want: `dx ${dx.want}` };
  const d = g.dalpha as AnyTypedArray;
  const w = want.dalpha;
  if (!isTypedArray(d) || d.constructor !== w.constructor || d.length !== w.length) {
    const name = isTypedArray(d) ? `${d.constructor.name}(${d.length})` : String(d);
    return { index: -1, got: `dalpha ${name}`, want: `dalpha ${w.constructor.name}(${w.length})` };
  }
  const dBits = bitView(d);
  const wBits = bitView(w);
  const words = wBits.length / Math.max(w.length, 1);
  for (let c = 0; c < w.length; c++) {
    if ((dBits[c * words] === wBits[c * words] && dBits[c * words + words - 1] === wBits[c * words + words - 1]) || (Number.isNaN(d[c]) && Number.isNaN(w[c]))) continue;
    return { index: c, got: `dalpha[${c}] ${hexBits(d, c)} (${d[c]})`, want: `dalpha[${c}] ${hexBits(w, c)} (${w[c]})` };
  }
  return undefined;
}

/** Exact sums (a Float64Array): bit for bit, except that a NaN may have any bits (it is computed). */
function compareSums(got: unknown, want: Float64Array, label = ''): Difference | undefined {
  if (!(got instanceof Float64Array) || got.length !== want.length) {
    return { index: -1, got: `${label}${got instanceof Float64Array ? `Float64Array(${got.length})` : String(got)}`, want: `${label}Float64Array(${want.length})` };
  }
  for (let c = 0; c < want.length; c++) {
    if (Object.is(got[c], want[c]) || (Number.isNaN(got[c]) && Number.isNaN(want[c]))) continue;
    return { index: c, got: `${label}[${c}] ${hexBits(got, c)} (${got[c]})`, want: `${label}[${c}] ${hexBits(want, c)} (${want[c]})` };
  }
  return undefined;
}

async function runResident(
  backend: ActivationBackend,
  hooks: ResidentHooks,
  op: OpDefinition,
  dtype: DType,
  inputs: AnyTypedArray[],
  params: readonly unknown[],
): Promise<unknown> {
  const handles: unknown[] = [];
  try {
    for (const a of inputs) handles.push(await hooks.upload(backend, a));
    const args = handles.slice();
    const result = await readAtCall(params, invoke(backend, op, args, params));
    const array = xLike(op, result);
    if (!args.includes(array)) handles.push(array);
    const downloaded = await hooks.download(backend, array, dtype, inputs[0].length);
    return op.result === 'gradients' ? { ...(result as object), dx: downloaded } : downloaded;
  } finally {
    for (const h of handles) await hooks.release?.(backend, h);
  }
}

export function describeMismatch(m: Mismatch): string {
  const params = m.params === 'defaults' ? '' : ` (${m.params})`;
  const where = m.index >= 0 ? ` at index ${m.index}` : '';
  const input = m.input ? ` input=${m.input}` : '';
  const operands = m.operands ? ` ${m.operands}` : '';
  return (
    `${m.backend} ${m.op} ${m.dtype}${params} [${m.mode}, length ${m.length}]${where}:${input}${operands} got ${m.got}, want ${m.want}. ` +
    `Replay with RECTIFY_SEED=${m.seed}.`
  );
}
