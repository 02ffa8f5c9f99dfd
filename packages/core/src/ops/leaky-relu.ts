import { FLOAT_DTYPES, dtypeOf, roundToDType, valuesOf, type AnyTypedArray, type FloatDType } from '../dtypes.js';
import { elementwise } from './elementwise.js';
import { checkAlpha } from '../validate.js';
import { alphaCases, invalidAlphas } from './scalar-cases.js';
import { defineOp, type CallStyle, type Returns } from './define.js';

export interface LeakyReluCall<S extends CallStyle> {
  /** `x < 0 ? alpha * x : x`; alpha defaults to 0.01 and is rounded to the dtype first, the product rounded once. */
  leakyRelu<T extends S['array']>(x: T, alpha?: number, out?: T): Returns<S, T>;
}

export const leakyRelu = defineOp({
  name: 'leakyRelu',
  doc: 'x < 0 ? alpha * x : x, alpha = 0.01 by default, rounded to the dtype; the product rounded once',
  arrays: ['x'],
  params: [{ name: 'alpha', default: 0.01, doc: 'finite after rounding to the dtype; 0 and negative values allowed' }],
  result: 'array',
  dtypes: FLOAT_DTYPES,
  arithmetic: true,
  checkParams: (dtype, _length, values) => [checkAlpha(dtype, values[0])],
  // For float32 the double product of two float32 values is exact, so rounding it once is correct.
  oracle: ([x], [a]) => {
    const dtype = dtypeOf(x) as FloatDType;
    return elementwise(x as AnyTypedArray, (v) => (v < 0 ? roundToDType(dtype, a * v) : 'keep'));
  },
  cases: alphaCases,
  invalid: invalidAlphas,
});
