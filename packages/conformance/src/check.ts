/**
 * Runs one op on one backend the way a caller would, and compares the result with the oracle.
 * Framework-free, so the vitest suite, the cross-backend mode, the benchmark and the browser
 * dashboard all use the same checks.
 */
import { allocate, oracle, type ActivationBackend, type AnyTypedArray, type DType, type OpName } from '@rectify/core';
import { cloneBits, hexBits, sameBits } from './bits.js';
import { firstCountMismatch, firstMismatch, sameStats } from './compare.js';
import { makeInput } from './inputs.js';

/** How the call is made: a new result array, a separate out, in place, or on subarray views at a non-zero byteOffset. */
export type CallMode = 'new' | 'out' | 'in-place' | 'view';

export interface OpCall {
  op: OpName;
  dtype: DType;
  /** clippedRelu's ceiling or leakyRelu's alpha; undefined means the op's default. */
  param?: number;
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
}

export interface Mismatch {
  backend: string;
  op: OpName;
  dtype: DType;
  param?: number;
  mode: string;
  length: number;
  seed: number;
  /** Element index (or column for deadUnits); -1 for whole-result problems. */
  index: number;
  input?: string;
  dy?: string;
  got: string;
  want: string;
}

export const PARAMS: Readonly<Partial<Record<OpName, readonly (number | undefined)[]>>> = {
  clippedRelu: [undefined, 0.5, 1e30],
  leakyRelu: [undefined, 0.2, 0, -1.5, 1e-30, 3],
};

const INT_CEILINGS = [undefined, 1, 100];

/** Every (op, dtype, param) a backend declares. */
export function declaredCalls(backend: ActivationBackend): OpCall[] {
  const calls: OpCall[] = [];
  for (const [op, dtypes] of Object.entries(backend.capabilities.ops) as [OpName, DType[]][]) {
    for (const dtype of dtypes) {
      const params = op === 'clippedRelu' && !dtype.startsWith('float') ? INT_CEILINGS : (PARAMS[op] ?? [undefined]);
      for (const param of params) calls.push({ op, dtype, param });
    }
  }
  return calls;
}

/** deadUnits needs a matrix: pick cols dividing the length (1 when it is prime), 7 columns of nothing for 0. */
export function shapeFor(length: number): [rows: number, cols: number] {
  if (length === 0) return [0, 7];
  const cols = [129, 17, 16, 5, 4, 3].find((c) => length % c === 0) ?? 1;
  return [length / cols, cols];
}

/** A subarray at byteOffset = 3 elements of a larger buffer, holding x's bits. */
function offsetView<T extends AnyTypedArray>(x: T, dtype: DType): T {
  const big = allocate(dtype, x.length + 5) as T;
  const view = big.subarray(3, 3 + x.length) as T;
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
  const { op, dtype, param } = call;
  const { length, seed } = options;
  const mode = options.resident ? 'resident' : options.mode;
  const modeLabel = `${mode}${options.sync ? ' (sync)' : ''}`;
  const fail = (index: number, got: string, want: string, extra: Partial<Mismatch> = {}): Mismatch => ({
    backend: backend.name, op, dtype, param, mode: modeLabel, length, seed, index, got, want, ...extra,
  });

  const x = makeInput(dtype, length, seed);
  const dy = op === 'reluGrad' ? makeInput(dtype, length, seed ^ 0x9e3779b9) : undefined;
  const api = options.sync ? backend.sync : backend;
  if (!api) throw new Error(`backend '${backend.name}' declares sync but has no sync ops`);

  if (op === 'stats' || op === 'deadUnits') {
    const arg = mode === 'view' ? offsetView(x, dtype) : x;
    const before = cloneBits(arg);
    const [rows, cols] = shapeFor(length);
    const handle = options.resident ? await options.resident.upload(backend, arg) : arg;
    try {
      if (op === 'stats') {
        const got = await api.stats(handle as AnyTypedArray);
        const want = oracle.stats(x);
        if (!sameStats(got, want)) return fail(-1, JSON.stringify(got), JSON.stringify(want));
      } else {
        const got = await api.deadUnits(handle as AnyTypedArray, rows, cols);
        const want = oracle.deadUnits(x, rows, cols);
        const i = firstCountMismatch(got, want);
        if (i >= 0) return fail(i, String(got[i] ?? got), String(want[i]));
      }
    } finally {
      if (options.resident) await options.resident.release?.(backend, handle);
    }
    if (!sameBits(arg, before)) return fail(-1, 'input modified', 'input unchanged');
    return undefined;
  }

  const want =
    op === 'relu' ? oracle.relu(x)
    : op === 'clippedRelu' ? oracle.clippedRelu(x, param)
    : op === 'leakyRelu' ? oracle.leakyRelu(x, param)
    : oracle.reluGrad(dy!, x);

  let got: AnyTypedArray;
  let xArg: AnyTypedArray = x;
  let dyArg = dy;
  let tailCheck: (() => boolean) | undefined;
  if (options.resident) {
    got = await runResident(backend, options.resident, call, x, dy);
  } else {
    let out: AnyTypedArray | undefined;
    if (mode === 'view') {
      xArg = offsetView(x, dtype);
      dyArg = dy && offsetView(dy, dtype);
      out = offsetView(garbage(dtype, length), dtype);
    } else if (mode === 'out') {
      const padded = garbage(dtype, length + 2);
      out = padded;
      tailCheck = () => sameBits(padded.subarray(length), garbage(dtype, 2));
    } else if (mode === 'in-place') {
      xArg = cloneBits(x);
      dyArg = dy && cloneBits(dy);
      out = op === 'reluGrad' ? dyArg : xArg;
    }
    const xBefore = cloneBits(xArg);
    const dyBefore = dyArg && cloneBits(dyArg);
    const result = await callOp(api, call, xArg, dyArg, out);
    if (out !== undefined && result !== out) return fail(-1, 'a new array', 'the out array passed in');
    if (mode !== 'in-place') {
      if (!sameBits(xArg, xBefore)) return fail(-1, 'x modified', 'x unchanged');
      if (dyArg && dyBefore && !sameBits(dyArg, dyBefore)) return fail(-1, 'dy modified', 'dy unchanged');
    }
    if (tailCheck && !tailCheck()) return fail(-1, 'out written past the result length', 'out[length..] untouched');
    got = result;
  }
  if (got.length < want.length || got.constructor !== want.constructor) {
    return fail(-1, `${got.constructor.name}(${got.length})`, `${want.constructor.name}(${want.length})`);
  }
  const i = firstMismatch(op, x, got.subarray(0, want.length), want, backend.capabilities.flushesSubnormals);
  if (i < 0) return undefined;
  return fail(i, hexBits(got, i), hexBits(want, i), { input: hexBits(x, i), dy: dy && hexBits(dy, i) });
}

type Api = Pick<ActivationBackend, 'relu' | 'clippedRelu' | 'leakyRelu' | 'reluGrad'> | NonNullable<ActivationBackend['sync']>;

function callOp(api: Api, call: OpCall, x: AnyTypedArray, dy: AnyTypedArray | undefined, out: AnyTypedArray | undefined) {
  switch (call.op) {
    case 'relu':
      return api.relu(x, out);
    case 'clippedRelu':
      return api.clippedRelu(x, call.param, out);
    case 'leakyRelu':
      return api.leakyRelu(x, call.param, out);
    default:
      return api.reluGrad(dy!, x, out);
  }
}

async function runResident(
  backend: ActivationBackend,
  hooks: ResidentHooks,
  call: OpCall,
  x: AnyTypedArray,
  dy: AnyTypedArray | undefined,
): Promise<AnyTypedArray> {
  const handles: unknown[] = [];
  try {
    const hx = await hooks.upload(backend, x);
    handles.push(hx);
    const hdy = dy && (await hooks.upload(backend, dy));
    if (hdy) handles.push(hdy);
    const result = await callOp(backend, call, hx as AnyTypedArray, hdy as AnyTypedArray | undefined, undefined);
    if (result !== hx && result !== hdy) handles.push(result);
    return await hooks.download(backend, result, call.dtype, x.length);
  } finally {
    for (const h of handles) await hooks.release?.(backend, h);
  }
}

export function describeMismatch(m: Mismatch): string {
  const param = m.param === undefined ? '' : ` param=${m.param}`;
  const where = m.index >= 0 ? ` at index ${m.index}` : '';
  const input = m.input ? ` input=${m.input}` : '';
  const dy = m.dy ? ` dy=${m.dy}` : '';
  return (
    `${m.backend} ${m.op} ${m.dtype}${param} [${m.mode}, length ${m.length}]${where}:${input}${dy} got ${m.got}, want ${m.want}. ` +
    `Replay with RECTIFY_SEED=${m.seed}.`
  );
}
