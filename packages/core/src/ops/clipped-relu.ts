import { DTYPES, isFloatDType, type AnyTypedArray, type DType } from '../dtypes.js';
import { elementwise } from './elementwise.js';
import { checkCeiling } from '../validate.js';
import { defineOp, fixed, rejectedScalars, type CallStyle, type Returns } from './define.js';

export interface ClippedReluCall<S extends CallStyle> {
  /** `x < 0 ? +0 : min(x, ceiling)`; ceiling defaults to 6 (relu6) and is rounded to the dtype. */
  clippedRelu<T extends S['array']>(x: T, ceiling?: number, out?: T): Returns<S, T>;
}

export const clippedRelu = defineOp({
  name: 'clippedRelu',
  doc: 'x < 0 ? +0 : min(x, ceiling), ceiling = 6 by default (relu6)',
  arrays: ['x'],
  params: [{ name: 'ceiling', default: 6, doc: 'finite and > 0 after rounding to the dtype; an integer in 1..max for int dtypes' }],
  result: 'array',
  dtypes: DTYPES,
  arithmetic: false,
  checkParams: (dtype, _length, values) => [checkCeiling(dtype, values[0])],
  oracle: ([x], [c]) => elementwise(x as AnyTypedArray, (v) => (v < 0 ? 0 : v > c ? c : 'keep')),
  cases: (dtype) => (isFloatDType(dtype) ? [fixed(undefined), fixed(0.5), fixed(1e30)] : [fixed(undefined), fixed(1), fixed(100)]),
  invalid: (dtype: DType) =>
    rejectedScalars(
      'ceiling',
      isFloatDType(dtype)
        ? [null, '6', {}, Number.NaN, Infinity, -Infinity, 0, -0, -1, ...(dtype === 'float32' ? [1e-50, 1e39] : [])]
        : [null, {}, 0, -1, 1.5, Number.NaN, dtype === 'int8' ? 128 : 2 ** 31],
    ),
});
