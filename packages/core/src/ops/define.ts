/**
 * What an op is, once: its arguments, the dtypes it is defined for, how its parameters are checked,
 * its oracle (the readable reference of docs/semantics.md) and the cases the conformance suite
 * tries. Backends, conformance, bench and dashboard read these definitions; none lists ops itself.
 *
 * Every op is called positionally as `op(...arrays, ...params, out?)`: the typed arrays first (all of
 * one dtype and length, `x` deciding the dtype), then the scalar parameters, then, for ops whose
 * result is an array like x, an optional `out`.
 */
import type { AnyTypedArray, DType } from '../dtypes.js';
import { InvalidParameterError, type RectifyError } from '../errors.js';

/** How a family of methods takes and gives arrays: typed arrays or a backend's own handles, sync or Promise. */
export interface CallStyle {
  array: unknown;
  sync: boolean;
}
export interface SyncStyle extends CallStyle {
  array: AnyTypedArray;
  sync: true;
}
export interface AsyncStyle extends CallStyle {
  array: AnyTypedArray;
  sync: false;
}
export type Returns<S extends CallStyle, V> = S['sync'] extends true ? V : Promise<V>;

/**
 * What an op gives back: an array like x (written into `out` when given), sign counts, per-column
 * counts (a Uint32Array), counts per bin (a Uint32Array: below, the bins, above, NaN), exact sums
 * (a Float64Array, one per column), or gradients
 * `{ dx, dalpha }` (dx like x, in `out` when given; dalpha one per channel).
 */
export type ResultKind = 'array' | 'stats' | 'counts' | 'bins' | 'sums' | 'gradients';

/** The gradients of an op with a per-channel parameter: dx like x, dalpha like the parameter (always a typed array). */
export interface Gradients<T, P> {
  dx: T;
  dalpha: P;
}

export interface ParamDefinition {
  readonly name: string;
  /** Used when the argument is undefined; no default means the argument is required. */
  readonly default?: number;
  readonly doc: string;
}

type ErrorClass = abstract new (...args: never[]) => RectifyError;

/** A parameter set the conformance suite checks results with; `params` may depend on the input's length (shapes). */
export interface ParamCase {
  readonly label: string;
  params(length: number): readonly unknown[];
}

/** Parameters the op must reject on `dtype` for an input of `length` elements, with the error class. */
export interface InvalidParams {
  readonly label: string;
  readonly params: readonly unknown[];
  readonly error: ErrorClass;
}

export interface OpDefinition<N extends string = string> {
  readonly name: N;
  /** One line for docs and --help. */
  readonly doc: string;
  /** Names of the typed-array arguments in call order; exactly one is 'x'. */
  readonly arrays: readonly string[];
  readonly params: readonly ParamDefinition[];
  readonly result: ResultKind;
  /** Every dtype the op is defined for (docs/semantics.md); a backend that does it all declares exactly these. */
  readonly dtypes: readonly DType[];
  /**
   * True when results are computed by float arithmetic (a product): the only ops where a NaN that
   * arithmetic creates may have any bits, and where a backend that declares flushesSubnormals may
   * give a zero of the right sign for a subnormal result.
   */
  readonly arithmetic: boolean;
  /**
   * Checks the parameters (defaults already applied) for a call on `dtype` with `length` elements
   * and returns what the kernel takes (scalars rounded to the dtype). Throws a RectifyError.
   */
  checkParams(dtype: DType, length: number, values: readonly unknown[]): number[];
  /**
   * For ops with a per-channel parameter (prelu's alpha), called once checkParams accepted `values`:
   * a copy of the parameter's entries, so a later write to the caller's array cannot change a call under way.
   */
  perChannel?(values: readonly unknown[]): AnyTypedArray;
  /** The reference result, from checked parameters (and the per-channel parameter of ops that have one). */
  oracle(arrays: readonly AnyTypedArray[], params: readonly number[], perChannel?: AnyTypedArray): unknown;
  /** Parameter sets whose results the conformance suite checks (the first is the defaults). */
  cases(dtype: DType): readonly ParamCase[];
  /** Parameter sets that must fail (for an input of 17 elements). */
  invalid(dtype: DType): readonly InvalidParams[];
}

/** Declares an op; `const` keeps its name a literal type, so OpName derives from the table. */
export function defineOp<const N extends string>(definition: OpDefinition<N>): OpDefinition<N> {
  const xs = definition.arrays.filter((a) => a === 'x').length;
  if (xs !== 1) throw new Error(`op ${definition.name}: arrays must name 'x' exactly once`);
  return Object.freeze(definition);
}

/** A case with fixed parameters, labelled by their values (`undefined` is the default). */
export function fixed(...params: unknown[]): ParamCase {
  const label = params.every((p) => p === undefined) ? 'defaults' : params.map((p) => (p === undefined ? 'default' : String(p))).join(', ');
  return { label, params: () => params };
}

/** Index of x among an op's arrays. */
export function xIndex(op: OpDefinition): number {
  return op.arrays.indexOf('x');
}

/** True when the op takes an `out` for its array result (x-like: the result, or dx of gradients). */
export function takesOut(op: OpDefinition): boolean {
  return op.result === 'array' || op.result === 'gradients';
}

/** Positional index of `out` in a call of op, or -1 when the op takes none. */
export function outIndex(op: OpDefinition): number {
  return takesOut(op) ? op.arrays.length + op.params.length : -1;
}

/** An op's one scalar parameter set to each of `values`, each to fail with InvalidParameterError. */
export function rejectedScalars(name: string, values: readonly unknown[]): InvalidParams[] {
  return values.map((v) => ({ label: `${name} ${describeValue(v)}`, params: [v], error: InvalidParameterError }));
}

/** A parameter value as a bad-call label shows it: 'abc' quoted, {} as 'an object', numbers as themselves. */
function describeValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}
