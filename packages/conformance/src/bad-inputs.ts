/**
 * Every kind of bad call in docs/semantics.md, generated from core's op table, each with the typed
 * error it must raise and the arrays that must stay unchanged.
 */
import {
  BackendDisposedError,
  DTypeMismatchError,
  LengthMismatchError,
  NotATypedArrayError,
  OPS,
  OutTooShortError,
  OverlapError,
  UnsupportedDTypeError,
  allocate,
  DTYPES,
  invoke,
  takesOut,
  type ActivationBackend,
  type AnyTypedArray,
  type DType,
  type OpDefinition,
  type RectifyError,
} from '@rectify/core';
import { callInputs } from './check.js';
import { makeInput } from './inputs.js';

type ErrorClass = abstract new (...args: never[]) => RectifyError;

export interface BadInputCase {
  name: string;
  expected: ErrorClass;
  /** Arrays the failed call must leave bit-for-bit unchanged. */
  untouched: AnyTypedArray[];
  call(api: ActivationBackend | NonNullable<ActivationBackend['sync']>): unknown;
}

/** Elements of every bad call's arrays (the op definitions' invalid parameters are for this length). */
const N = 17;

const NOT_ARRAYS: readonly [string, unknown][] = [
  ['a plain array', [1, -2, 3]],
  ['null', null],
  ['undefined', undefined],
  ['a string', 'abc'],
  ['a Uint8Array', new Uint8Array(4)],
  ['a Uint16Array (float16 bits, not a Float16Array)', new Uint16Array(4)],
  ['an ArrayBuffer', new Float32Array(2).buffer],
  ['a number', 3],
];

function other(dtype: DType): DType {
  return dtype === 'float32' ? 'int32' : 'float32';
}

/** The op's default parameters for an input of N elements. */
function defaults(op: OpDefinition, dtype: DType): readonly unknown[] {
  return op.cases(dtype)[0].params(N);
}

export function badInputCases(backend: ActivationBackend): BadInputCase[] {
  const cases: BadInputCase[] = [];
  for (const op of OPS) {
    const declared = backend.capabilities.ops[op.name] ?? [];
    const d = declared[0];
    const call = (arrays: unknown[], params: readonly unknown[], out?: unknown) => (api: ActivationBackend | NonNullable<ActivationBackend['sync']>) =>
      invoke(api, op, arrays, params, out);

    // Not a typed array, in each array position (x is checked first, so the others need a declared dtype).
    for (const [k, name] of op.arrays.entries()) {
      if (name !== 'x' && d === undefined) continue;
      for (const [what, bad] of NOT_ARRAYS) {
        const arrays: unknown[] = callInputs(op, d ?? 'float32', N, 1);
        const untouched = arrays.filter((_, j) => j !== k) as AnyTypedArray[];
        arrays[k] = bad;
        cases.push({ name: `${op.name} rejects ${what} as ${name}`, expected: NotATypedArrayError, untouched, call: call(arrays, defaults(op, d ?? 'float32')) });
      }
    }
    for (const dtype of DTYPES.filter((t) => !declared.includes(t))) {
      const arrays = callInputs(op, dtype, N, 2);
      cases.push({ name: `${op.name} on undeclared ${dtype}`, expected: UnsupportedDTypeError, untouched: arrays, call: call(arrays, defaults(op, dtype)) });
    }
    if (d === undefined) continue;

    // The other arrays must match x.
    for (const [k, name] of op.arrays.entries()) {
      if (name === 'x') continue;
      const arrays = callInputs(op, d, N, 5);
      const shorter = arrays.slice();
      shorter[k] = makeInput(d, N - 1, 6);
      cases.push({ name: `${op.name} with ${name} shorter than x`, expected: LengthMismatchError, untouched: shorter, call: call(shorter, defaults(op, d)) });
      const wrong = arrays.slice();
      wrong[k] = allocate(other(d), N);
      cases.push({ name: `${op.name} with ${name} of another dtype`, expected: DTypeMismatchError, untouched: wrong, call: call(wrong, defaults(op, d)) });
    }

    if (takesOut(op)) {
      const arrays = callInputs(op, d, N, 3);
      const wrong = allocate(other(d), N);
      cases.push({ name: `${op.name} with out of another dtype`, expected: DTypeMismatchError, untouched: [...arrays, wrong], call: call(arrays, defaults(op, d), wrong) });
      const short = allocate(d, N - 1);
      cases.push({ name: `${op.name} with out too short`, expected: OutTooShortError, untouched: [...arrays, short], call: call(arrays, defaults(op, d), short) });
      cases.push({ name: `${op.name} with out not a typed array`, expected: NotATypedArrayError, untouched: arrays, call: call(arrays, defaults(op, d), [0, 0]) });
      // out overlapping each input at another offset.
      for (const [k, name] of op.arrays.entries()) {
        const big = makeInput(d, N + 4, 4);
        const shared = callInputs(op, d, N, 7);
        shared[k] = big.subarray(0, N);
        cases.push({ name: `${op.name} with out overlapping ${name} at another offset`, expected: OverlapError, untouched: [big, ...shared.filter((_, j) => j !== k)], call: call(shared, defaults(op, d), big.subarray(2, N + 2)) });
      }
    }

    for (const dtype of declared) {
      const arrays = callInputs(op, dtype, N, 10);
      for (const bad of op.invalid(dtype)) {
        cases.push({ name: `${op.name} ${dtype} with ${bad.label}`, expected: bad.error, untouched: arrays, call: call(arrays, bad.params) });
      }
    }
  }
  return cases;
}

/** Calls that must fail with BackendDisposedError once the backend is disposed. */
export function disposedCases(backend: ActivationBackend): BadInputCase[] {
  return OPS.filter((op) => (backend.capabilities.ops[op.name] ?? []).length > 0).map((op) => {
    const d = backend.capabilities.ops[op.name][0];
    const arrays = callInputs(op, d, 8, 12);
    return {
      name: `${op.name} after dispose()`,
      expected: BackendDisposedError,
      untouched: arrays,
      call: (api) => invoke(api, op, arrays, op.cases(d)[0].params(8)),
    };
  });
}
