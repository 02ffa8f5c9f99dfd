/** Every kind of bad input in SPEC.md, each with the typed error it must raise and the arrays that must stay unchanged. */
import {
  BackendDisposedError,
  DTypeMismatchError,
  InvalidParameterError,
  LengthMismatchError,
  NotATypedArrayError,
  OutTooShortError,
  OverlapError,
  ShapeMismatchError,
  UnsupportedDTypeError,
  allocate,
  DTYPES,
  OP_NAMES,
  type ActivationBackend,
  type AnyTypedArray,
  type DType,
  type OpName,
  type RectifyError,
} from '@rectify/core';
import { makeInput } from './inputs.js';

type ErrorClass = abstract new (...args: never[]) => RectifyError;

export interface BadInputCase {
  name: string;
  expected: ErrorClass;
  /** Arrays the failed call must leave bit-for-bit unchanged. */
  untouched: AnyTypedArray[];
  call(api: ActivationBackend | NonNullable<ActivationBackend['sync']>): unknown;
}

/** A call of `op` on x, with the op's required extra arguments. */
function callWith(op: OpName, api: ActivationBackend | NonNullable<ActivationBackend['sync']>, x: AnyTypedArray, out?: AnyTypedArray) {
  switch (op) {
    case 'relu': return api.relu(x, out);
    case 'clippedRelu': return api.clippedRelu(x, 6, out);
    case 'leakyRelu': return api.leakyRelu(x, 0.01, out);
    case 'reluGrad': return api.reluGrad(x, x, out);
    case 'stats': return api.stats(x);
    default: return api.deadUnits(x, 1, (x as { length?: number } | null)?.length ?? 0);
  }
}

function other(dtype: DType): DType {
  return dtype === 'float32' ? 'int32' : 'float32';
}

export function badInputCases(backend: ActivationBackend): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const ops = backend.capabilities.ops;

  for (const op of OP_NAMES) {
    for (const bad of [[1, -2, 3], null, undefined, 'abc', new Uint8Array(4), new Float32Array(2).buffer]) {
      cases.push({
        name: `${op} rejects ${bad === null ? 'null' : Array.isArray(bad) ? 'a plain array' : ArrayBuffer.isView(bad) ? bad.constructor.name : typeof bad === 'object' ? 'an ArrayBuffer' : typeof bad}`,
        expected: NotATypedArrayError,
        untouched: [],
        call: (api) => callWith(op, api, bad as unknown as AnyTypedArray),
      });
    }
    for (const dtype of DTYPES.filter((d) => !ops[op].includes(d))) {
      const input = makeInput(dtype, 9, 2);
      cases.push({ name: `${op} on undeclared ${dtype}`, expected: UnsupportedDTypeError, untouched: [input], call: (api) => callWith(op, api, input) });
    }
  }

  for (const op of ['relu', 'clippedRelu', 'leakyRelu', 'reluGrad'] as const) {
    const dtype = ops[op][0];
    if (!dtype) continue;
    const input = makeInput(dtype, 33, 3);
    const wrong = allocate(other(dtype), 33);
    cases.push({ name: `${op} with out of another dtype`, expected: DTypeMismatchError, untouched: [input, wrong], call: (api) => callWith(op, api, input, wrong as AnyTypedArray) });
    const short = allocate(dtype, 32);
    cases.push({ name: `${op} with out too short`, expected: OutTooShortError, untouched: [input, short], call: (api) => callWith(op, api, input, short) });
    const big = makeInput(dtype, 40, 4);
    const a = big.subarray(0, 33) as AnyTypedArray;
    const b = big.subarray(1, 34) as AnyTypedArray;
    cases.push({ name: `${op} with out overlapping x at another offset`, expected: OverlapError, untouched: [big], call: (api) => callWith(op, api, a, b) });
  }

  const g = ops.reluGrad[0];
  if (g) {
    const dy = makeInput(g, 10, 5);
    const xg = makeInput(g, 11, 6);
    cases.push({ name: 'reluGrad with dy and x of different lengths', expected: LengthMismatchError, untouched: [dy, xg], call: (api) => api.reluGrad(dy, xg) });
    const dyWrong = allocate(other(g), 11);
    cases.push({ name: 'reluGrad with dy of another dtype', expected: DTypeMismatchError, untouched: [dyWrong, xg], call: (api) => api.reluGrad(dyWrong as AnyTypedArray, xg) });
    const big = makeInput(g, 20, 7);
    const dyView = big.subarray(0, 10) as AnyTypedArray;
    const outView = big.subarray(2, 12) as AnyTypedArray;
    const xs = makeInput(g, 10, 8);
    cases.push({ name: 'reluGrad with out overlapping dy at another offset', expected: OverlapError, untouched: [big, xs], call: (api) => api.reluGrad(dyView, xs, outView) });
  }

  const d = ops.deadUnits[0];
  if (d) {
    const m = makeInput(d, 12, 9);
    for (const [rows, cols] of [[5, 2], [3, 5], [-3, -4], [2.5, 4.8], [Number.NaN, 12]] as const) {
      cases.push({ name: `deadUnits with rows=${rows} cols=${cols} for 12 elements`, expected: ShapeMismatchError, untouched: [m], call: (api) => api.deadUnits(m, rows, cols) });
    }
  }

  for (const dtype of ops.clippedRelu) {
    const input = makeInput(dtype, 17, 10);
    const ceilings = dtype.startsWith('float')
      ? [Number.NaN, Infinity, -Infinity, 0, -0, -1, ...(dtype === 'float32' ? [1e-50, 1e39] : [])]
      : [0, -1, 1.5, Number.NaN, dtype === 'int8' ? 128 : 2 ** 31];
    for (const c of ceilings) {
      cases.push({ name: `clippedRelu ${dtype} with ceiling ${c}`, expected: InvalidParameterError, untouched: [input], call: (api) => api.clippedRelu(input, c) });
    }
  }
  for (const dtype of ops.leakyRelu) {
    const input = makeInput(dtype, 17, 11);
    for (const alpha of [Number.NaN, Infinity, -Infinity, ...(dtype === 'float32' ? [1e39] : [])]) {
      cases.push({ name: `leakyRelu ${dtype} with alpha ${alpha}`, expected: InvalidParameterError, untouched: [input], call: (api) => api.leakyRelu(input, alpha) });
    }
  }
  return cases;
}

/** Calls that must fail with BackendDisposedError once the backend is disposed. */
export function disposedCases(backend: ActivationBackend): BadInputCase[] {
  return OP_NAMES.filter((op) => backend.capabilities.ops[op].length > 0).map((op) => {
    const input = makeInput(backend.capabilities.ops[op][0], 8, 12);
    return { name: `${op} after dispose()`, expected: BackendDisposedError, untouched: [input], call: (api) => callWith(op, api, input) };
  });
}
