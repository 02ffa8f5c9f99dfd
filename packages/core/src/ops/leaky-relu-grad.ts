import { FLOAT_DTYPES, dtypeOf, roundToDType, valuesOf, type AnyTypedArray, type FloatDType } from '../dtypes.js';
import { checkAlpha } from '../validate.js';
import { alphaCases, invalidAlphas } from './scalar-cases.js';
import { elementwise } from './elementwise.js';
import { defineOp, type CallStyle, type Returns } from './define.js';

export interface LeakyReluGradCall<S extends CallStyle> {
  /** `x > 0 ? dy : alpha * dy` (x == 0 takes alpha * dy, as PyTorch); a NaN x passes dy. alpha as leakyRelu's. */
  leakyReluGrad<T extends S['array']>(dy: T, x: T, alpha?: number, out?: T): Returns<S, T>;
}

export const leakyReluGrad = defineOp({
  name: 'leakyReluGrad',
  doc: "x > 0 ? dy : alpha * dy (PyTorch's leaky_relu_backward; x == 0 takes alpha * dy); a NaN x passes dy",
  arrays: ['dy', 'x'],
  params: [{ name: 'alpha', default: 0.01, doc: 'finite after rounding to the dtype; 0 and negative values allowed' }],
  result: 'array',
  dtypes: FLOAT_DTYPES,
  arithmetic: true,
  checkParams: (dtype, _length, values) => [checkAlpha(dtype, values[0])],
  oracle: ([dy, x], [a]) => {
    const dtype = dtypeOf(x) as FloatDType;
    const g = valuesOf(dy as AnyTypedArray);
    return elementwise(x as AnyTypedArray, (v, i) => (v > 0 || Number.isNaN(v) ? 'keep' : roundToDType(dtype, a * g[i])), dy as AnyTypedArray);
  },
  cases: alphaCases,
  invalid: invalidAlphas,
});
