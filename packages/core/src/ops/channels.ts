/**
 * prelu's and preluGrad's per-channel alpha and channel layout (docs/semantics.md): the checks both
 * ops share, the kernel parameters they give (channels, inner) and the conformance cases.
 */
import { allocate, dtypeOf, fromNumbers, valuesOf, type AnyTypedArray, type DType } from '../dtypes.js';
import { DTypeMismatchError, InvalidParameterError, NotATypedArrayError, ShapeMismatchError } from '../errors.js';
import { shapeFor } from './matrix.js';
import type { InvalidParams, ParamCase } from './define.js';

/** Where the channels of x are: its logical shape (C order) and the channel axis. */
export interface PreluOptions {
  /** x's shape; default [x.length / alpha.length, alpha.length] (channels last, NHWC). */
  readonly shape?: readonly number[];
  /** The channel axis, negative counting from the end; default -1 (the last). */
  readonly axis?: number;
}

/** The per-channel array of a call on T: T itself for typed arrays, a Float32Array for a backend's own arrays (GPU: float32 only). */
export type ChannelArray<T> = T extends AnyTypedArray ? T : Float32Array;

export const ALPHA_PARAMS = [
  { name: 'alpha', doc: "a typed array of x's dtype: 1 entry (every element) or one per channel, each finite" },
  { name: 'options', doc: '{ shape?, axis? }: x\'s logical shape and its channel axis (default: channels last)' },
] as const;

const OPTION_KEYS = new Set(['shape', 'axis']);

/**
 * Checks alpha and options for x of `length` elements on `dtype`; returns the kernel's parameters
 * [channels, inner]: the channel of flat index i is floor(i / inner) % channels ([1, 1] for one alpha).
 */
export function checkChannels(dtype: DType, length: number, alpha: unknown, options: unknown): number[] {
  const d = dtypeOf(alpha);
  if (d === undefined) throw new NotATypedArrayError('alpha', alpha);
  if (d !== dtype) throw new DTypeMismatchError('alpha', dtype, d);
  const a = alpha as AnyTypedArray;
  if (a.length === 0) throw new ShapeMismatchError('alpha is empty; give it 1 entry (one alpha for every element) or one per channel.');
  const { shape, axis } = checkOptions(options);
  let dims: readonly number[];
  if (shape === undefined) {
    if (length % a.length !== 0) {
      throw new ShapeMismatchError(
        `x has ${length} elements, which alpha's ${a.length} channels do not divide; pass options.shape (and options.axis) to say where the channels are.`,
      );
    }
    dims = [length / a.length, a.length];
  } else dims = checkShape(length, shape);
  const rank = dims.length;
  const ax = axis ?? -1;
  if (typeof ax !== 'number' || !Number.isInteger(ax) || ax < -rank || ax >= rank) {
    throw new InvalidParameterError(`options.axis must be an integer in ${-rank}..${rank - 1} for a shape of rank ${rank}, got ${String(ax)}.`);
  }
  const k = ax < 0 ? ax + rank : ax;
  const channels = dims[k];
  if (a.length !== 1 && a.length !== channels) {
    throw new ShapeMismatchError(`alpha has ${a.length} entries but axis ${ax} of shape [${dims.join(', ')}] has ${channels} channels; give 1 or ${channels}.`);
  }
  const values = valuesOf(a);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new InvalidParameterError(`alpha[${i}] is ${values[i]}; every entry must be finite.`);
  }
  if (a.length === 1) return [1, 1];
  let inner = 1;
  for (let j = k + 1; j < rank; j++) inner *= dims[j];
  return [channels, inner];
}

function checkOptions(options: unknown): PreluOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options) || dtypeOf(options) !== undefined) {
    throw new InvalidParameterError(`options must be an object { shape?, axis? } or left out, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}.`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new InvalidParameterError(`options.${key} is not an option; prelu takes shape and axis.`);
  }
  return options as PreluOptions;
}

function checkShape(length: number, shape: unknown): readonly number[] {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new ShapeMismatchError(`options.shape must be a non-empty array of non-negative integers, got ${Array.isArray(shape) ? '[]' : String(shape)}.`);
  }
  let product = 1;
  for (const n of shape) {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new ShapeMismatchError(`options.shape must hold non-negative integers, got [${shape.join(', ')}].`);
    }
    product *= n;
  }
  if (product !== length) throw new ShapeMismatchError(`options.shape [${shape.join(', ')}] holds ${product} elements but x has ${length}.`);
  return shape;
}

/** The checked alpha, copied (bytes, so a float16 copy is a plain Float16Array of the caller's class). */
export function copyAlpha(values: readonly unknown[]): AnyTypedArray {
  const a = values[0] as AnyTypedArray;
  const copy = allocate(dtypeOf(a)!, a.length, a);
  new Uint8Array(copy.buffer).set(new Uint8Array(a.buffer, a.byteOffset, a.length * a.BYTES_PER_ELEMENT));
  return copy;
}

/** Channel of flat index i. */
export function channelAt(i: number, channels: number, inner: number): number {
  return Math.floor(i / inner) % channels;
}

const ALPHAS = [0.25, -1.5, 0, 1e-30, 3, 0.01, 2, -0.001, 1e30, 0.5, -0, 7];
/** float16's own: 1e-30 and 1e30 would round to 0 and Infinity; 1e-7 is a subnormal, 6e4 near the top. */
const ALPHAS16 = [0.25, -1.5, 0, 1e-7, 3, 0.01, 2, -0.001, 6e4, 0.5, -0, 7];

function alphas(dtype: DType, count: number): AnyTypedArray {
  const pool = dtype === 'float16' ? ALPHAS16 : ALPHAS;
  return fromNumbers(dtype, Array.from({ length: count }, (_, i) => pool[i % pool.length]));
}

/** The conformance cases: one alpha, channels last, NCHW (axis 1) and a negative axis. */
export function channelCases(dtype: DType): ParamCase[] {
  return [
    { label: 'one alpha 0.25', params: () => [alphas(dtype, 1)] },
    {
      label: 'channels last',
      params: (length) => [alphas(dtype, shapeFor(length)[1])],
    },
    {
      label: 'NCHW, axis 1',
      params: (length) => {
        const [rows, c] = shapeFor(length);
        const [n, inner] = shapeFor(rows);
        return [alphas(dtype, c), { shape: [n, c, inner], axis: 1 }];
      },
    },
    {
      label: 'axis -2',
      params: (length) => {
        const [rows, c] = shapeFor(length);
        return [alphas(dtype, Math.max(rows, 1)), { shape: [rows, c], axis: -2 }];
      },
    },
  ];
}

/** Bad alphas and options for x of 17 elements. */
export function channelInvalid(dtype: DType): InvalidParams[] {
  const one = alphas(dtype, 1);
  const withNaN = alphas(dtype, 17);
  new Uint8Array(withNaN.buffer).set(new Uint8Array(fromNumbers(dtype, [Number.NaN]).buffer), 5 * withNaN.BYTES_PER_ELEMENT);
  const withInf = fromNumbers(dtype, [Infinity]);
  return [
    { label: 'alpha null', params: [null], error: NotATypedArrayError },
    { label: 'alpha a plain array', params: [[0.25]], error: NotATypedArrayError },
    { label: 'alpha a number', params: [0.25], error: NotATypedArrayError },
    { label: 'alpha of another dtype', params: [allocate(dtype === 'float32' ? 'float64' : 'float32', 1)], error: DTypeMismatchError },
    { label: 'alpha empty', params: [allocate(dtype, 0)], error: ShapeMismatchError },
    { label: 'alpha of 2 (does not divide 17)', params: [alphas(dtype, 2)], error: ShapeMismatchError },
    { label: 'alpha with a NaN entry', params: [withNaN], error: InvalidParameterError },
    { label: 'alpha Infinity', params: [withInf], error: InvalidParameterError },
    { label: "options 'NCHW'", params: [one, 'NCHW'], error: InvalidParameterError },
    { label: 'options null', params: [one, null], error: InvalidParameterError },
    { label: 'options { axes: 1 }', params: [one, { axes: 1 }], error: InvalidParameterError },
    { label: 'shape of 16 elements', params: [one, { shape: [4, 4] }], error: ShapeMismatchError },
    { label: 'shape [17, -1]', params: [one, { shape: [-17, -1] }], error: ShapeMismatchError },
    { label: 'shape [8.5, 2]', params: [one, { shape: [8.5, 2] }], error: ShapeMismatchError },
    { label: 'shape []', params: [one, { shape: [] }], error: ShapeMismatchError },
    { label: 'axis 2 of rank 2', params: [one, { shape: [1, 17], axis: 2 }], error: InvalidParameterError },
    { label: 'axis -3 of rank 2', params: [one, { shape: [1, 17], axis: -3 }], error: InvalidParameterError },
    { label: 'axis 0.5', params: [one, { shape: [1, 17], axis: 0.5 }], error: InvalidParameterError },
    { label: "axis '1'", params: [one, { shape: [1, 17], axis: '1' }], error: InvalidParameterError },
    { label: 'alpha of 17 on axis 0 of [1, 17]', params: [alphas(dtype, 17), { shape: [1, 17], axis: 0 }], error: ShapeMismatchError },
  ];
}
